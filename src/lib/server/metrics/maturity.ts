// Follow-up maturity (docs/METRICS.md § Follow-up maturity). A rate whose
// outcome comes after the job — a rework, a repeat visit — is not final until
// the job's follow-up window has passed; a period whose windows are still open
// when the data ends reads better than it will be. Repeat customers need a year
// of earlier installs to be seen. This module marks such figures; it never
// changes them (numerator, denominator and value stay what the measure says).
//
// Day rule: the data's end E is the date of the last ticket's created_at (the
// data is taken to be complete through that day). A job created on day d with a
// window of W days is still open when d + W > E, i.e. when d ≥ E − W + 1. So the
// open part of a period is a date range, and its counts come from the same
// measure over that range — no second definition of any figure.
import { settings as configured } from '../config';
import { DELAYS_TABLE, doubleColumn, followupDelaysReady, reworkDelayCounts, sortedRepeatDelays } from '../followup-delays';
import { rolledMeasure, route } from '../rollup';
import type { Warehouse } from '../warehouse';
import type { KpiName, Settings } from '../settings';
import { addDays, addMonths, isValidDate, monthOf } from '../../months';
import { gammaP } from '../../stats/distributions';
import { ticketWhere, type Filters } from './filters';
import { JOB, measure, measureRates } from './measures';
import type { Rate } from './rate';

export interface Maturity {
	/** some of the denominator's follow-up windows were still open at the data's end: the figure can still rise */
	provisional: boolean;
	/** share of the denominator whose window was still open (0 for a rate without a follow-up; null with no denominator) */
	open_share: number | null;
	/** the follow-up window in days (rework_followup_days, repeat_visit_days), null for rates without one */
	window_days: number | null;
	/** the day on which the last open window closes (the period's last day + window), when provisional */
	final_on: string | null;
	/** part of the denominator lacks the history the rate needs (repeat customers: 12 months of earlier installs) */
	not_enough_history: boolean;
	/** share of the denominator without that history (repeat-customer share only; else null) */
	short_history_share: number | null;
}

/** An expected final value from the historical delay distribution: an estimate, labelled as one, beside the recorded figure. */
export interface Nowcast {
	/** expected final rate = numerator ÷ Σ F(elapsed) over the period's denominator */
	value: number | null;
	/** the denominator weighted by the share of follow-ups each job has already had time to show */
	effective_denominator: number;
	/** follow-ups (gap ≤ window) of fully matured jobs the delay distribution was taken from */
	delays_from: number;
	/** 95 % interval: Garwood's exact Poisson limits of the numerator ÷ the effective denominator (the delay distribution taken as known) */
	ci_low: number | null;
	ci_high: number | null;
	method: 'delay-distribution';
}

/** First and last ticket dates of the whole warehouse (YYYY-MM-DD), whatever the filters. */
export interface DataSpan {
	first: string;
	last: string;
}

export const FOLLOWUP_KPIS = ['rework_rate', 'repeat_visit_rate'] as const;
export type FollowupKpi = (typeof FOLLOWUP_KPIS)[number];

/** The follow-up window of a rate, in days; null when the outcome is known with the ticket. */
export function followupDays(name: KpiName, s: Pick<Settings, 'repeat_visit_days' | 'rework_followup_days'>): number | null {
	if (name === 'rework_rate') return s.rework_followup_days;
	if (name === 'repeat_visit_rate') return s.repeat_visit_days;
	return null;
}

/**
 * The rollup's days are the facts': the first and last months from the smallest tier that has months, then the
 * first and last days within those two months from the smallest with days (its created_at order lets the scan skip
 * the months between), instead of every ticket's created_at.
 */
export async function dataSpan(wh: Warehouse): Promise<DataSpan | null> {
	const months = await route(wh, {}, { grain: 'month' });
	const m = await wh.one<{ lo: string | null; hi: string | null }>(
		`SELECT strftime(min(created_at), '%Y-%m-01') AS lo, strftime(max(created_at), '%Y-%m-01') AS hi FROM ${months.table}`
	);
	if (!m.lo || !m.hi) return null;
	const days = await route(wh, {});
	const r = await wh.one<{ first: string | null; last: string | null }>(
		`SELECT (SELECT strftime(min(created_at), '%Y-%m-%d') FROM ${days.table}
		         WHERE created_at >= CAST($lo AS TIMESTAMP) AND created_at < CAST($lo AS TIMESTAMP) + INTERVAL 1 MONTH) AS first,
		        (SELECT strftime(max(created_at), '%Y-%m-%d') FROM ${days.table} WHERE created_at >= CAST($hi AS TIMESTAMP)) AS last`,
		{ lo: m.lo, hi: m.hi }
	);
	return r.first && r.last ? { first: r.first, last: r.last } : null;
}

/** The last whole month of the data: the last day's month when that day ends it, else the month before. */
export function completeMonth(span: DataSpan | null): string | null {
	return span ? addMonths(monthOf(addDays(span.last, 1)), -1) : null;
}

/** The days of `f` whose follow-up windows of `days` were still open at the data's end; null when there are none. */
export function openPart(f: Filters, span: DataSpan, days: number): Filters | null {
	const openFrom = addDays(span.last, -days + 1);
	const from = f.from && f.from > openFrom ? f.from : openFrom;
	const to = f.to && f.to < span.last ? f.to : span.last;
	return from <= to ? { ...f, from, to } : null;
}

/** The first day with a full year of data before it (the same day a year after the first ticket's; 29 Feb → 1 Mar). */
export function fullHistoryFrom(span: DataSpan): string {
	const next = `${String(Number(span.first.slice(0, 4)) + 1).padStart(4, '0')}${span.first.slice(4)}`;
	return isValidDate(next) ? next : `${next.slice(0, 4)}-03-01`;
}

/** The days of `f` without a full year of earlier data; null when there are none. */
export function shortHistoryPart(f: Filters, span: DataSpan): Filters | null {
	const last = addDays(fullHistoryFrom(span), -1);
	const to = f.to && f.to < last ? f.to : last;
	const from = f.from && f.from > span.first ? f.from : span.first;
	return from <= to ? { ...f, from, to } : null;
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The maturity of one figure from its denominator and the denominators of its open and short-history parts. */
export function maturityOf(
	total: Pick<Rate, 'denominator'>,
	open: Pick<Rate, 'denominator'> | null,
	days: number | null,
	periodEnd: string | null,
	short: Pick<Rate, 'denominator'> | null = null,
	needsHistory = false
): Maturity {
	const openN = days === null ? 0 : (open?.denominator ?? 0);
	const shortN = needsHistory ? (short?.denominator ?? 0) : 0;
	const provisional = openN > 0;
	return {
		provisional,
		open_share: days === null ? (total.denominator > 0 ? 0 : null) : share(openN, total.denominator),
		window_days: days,
		final_on: provisional && periodEnd && days !== null ? addDays(periodEnd, days) : null,
		not_enough_history: shortN > 0,
		short_history_share: needsHistory ? share(shortN, total.denominator) : null
	};
}

/** Filters equal by value (the parts are made from the period by spreading it, so their keys come in one order). */
const sameFilters = (a: Filters, b: Filters) => JSON.stringify(a) === JSON.stringify(b);

/** What the maturity of `names` over `f` is counted from: each follow-up rate's open part, and the short-history part. */
function maturityParts(f: Filters, names: readonly KpiName[], s: Settings, span: DataSpan | null) {
	const days = names.map((n) => followupDays(n, s));
	const open = names.map((_, k) => (span && days[k] !== null ? openPart(f, span, days[k]!) : null));
	const short = span && names.includes('repeat_customer_share') ? shortHistoryPart(f, span) : null;
	return { days, open, short };
}

/** The periods to count (measureRates) for the maturity of `names` over `f`: the distinct parts that exist. */
export function maturityPeriods(f: Filters, names: readonly KpiName[], s: Settings, span: DataSpan | null): Filters[] {
	const { open, short } = maturityParts(f, names, s, span);
	const wanted = [...open, short].filter((p): p is Filters => p !== null);
	return wanted.filter((p, i) => wanted.findIndex((q) => sameFilters(q, p)) === i);
}

/**
 * Maturity of each named rate over `f` from counts already made: `total` the
 * period's own rates (in the order of `names`), `countOf` the rates of each
 * period maturityPeriods named.
 */
export function maturityFrom(
	f: Filters,
	names: readonly KpiName[],
	s: Settings,
	span: DataSpan | null,
	total: Rate[],
	countOf: (p: Filters) => Rate[]
): Record<string, Maturity> {
	const { days, open, short } = maturityParts(f, names, s, span);
	const periodEnd = span ? (f.to && f.to < span.last ? f.to : span.last) : null;
	const of = (p: Filters | null, k: number) => (p ? countOf(p)[k] : null);
	return Object.fromEntries(
		names.map((name, k) => [
			name,
			span
				? maturityOf(total[k], of(open[k], k), days[k], periodEnd, of(short, k), name === 'repeat_customer_share')
				: maturityOf(total[k], null, days[k], null)
		])
	);
}

/**
 * Maturity of each named rate over `f`: the same measures counted over the
 * open part and the short-history part of the period (in one statement with
 * the period, measureRates). `total` are the period's own rates when the
 * caller has them (in the order of `names`), else they are counted here.
 */
export async function kpiMaturity(
	wh: Warehouse,
	f: Filters,
	names: readonly KpiName[],
	s: Settings,
	opts: { span?: DataSpan | null; total?: Rate[] } = {}
): Promise<Record<string, Maturity>> {
	const span = opts.span === undefined ? await dataSpan(wh) : opts.span;
	const parts = maturityPeriods(f, names, s, span);
	const periods = opts.total ? parts : [f, ...parts];
	const counted = periods.length ? await measureRates(wh, periods, names, s) : [];
	const countOf = (p: Filters) => counted[periods.findIndex((q) => sameFilters(q, p))];
	return maturityFrom(f, names, s, span, opts.total ?? counted[0], countOf);
}

/**
 * Group rows with the maturity of each: `rows` over the period, `openRows` the
 * same breakdown over the period's open part (null when nothing is open).
 */
export type GroupMaturity = Pick<Maturity, 'provisional' | 'open_share' | 'final_on'>;

export function withGroupMaturity<T extends { group: string | null; denominator: number }>(
	rows: T[],
	openRows: { group: string | null; denominator: number }[] | null,
	days: number,
	periodEnd: string | null
): (T & GroupMaturity)[] {
	const open = new Map((openRows ?? []).map((r) => [r.group, r]));
	return rows.map((r) => {
		const m = maturityOf(r, open.get(r.group) ?? null, days, periodEnd);
		return { ...r, provisional: m.provisional, open_share: m.open_share, final_on: m.final_on };
	});
}

/**
 * A breakdown of a follow-up rate with each group's maturity: `by` is the
 * breakdown function (e.g. (c, f) => reworkBy(c, f, 'tenure')), run again over
 * the open part of the period.
 */
export async function groupsWithMaturity<T extends { group: string | null; denominator: number }>(
	wh: Warehouse,
	f: Filters,
	days: number,
	by: (wh: Warehouse, f: Filters) => Promise<T[]>,
	opts: { span?: DataSpan | null; rows?: T[] } = {}
): Promise<(T & GroupMaturity)[]> {
	const span = opts.span === undefined ? await dataSpan(wh) : opts.span;
	const open = span ? openPart(f, span, days) : null;
	// one after the other: `wh` may be a single connection
	const rows = opts.rows ?? (await by(wh, f));
	const openRows = open ? await by(wh, open) : null;
	const periodEnd = span ? (f.to && f.to < span.last ? f.to : span.last) : null;
	return withGroupMaturity(rows, openRows, days, periodEnd);
}

/**
 * Nowcast of a follow-up rate over `f` (Lawless 1994, "Adjustments for
 * reporting delays and the prediction of occurred but not reported events",
 * Can J Stat 22:15 — the completion-factor form): F(e) = share of follow-ups of
 * fully matured jobs (created on or before E − W, gap ≤ W) that came within e
 * of the job; a job that has had e so far is expected to have shown F(e) of its
 * follow-up; expected final rate = numerator ÷ Σ F(e_i). Rework: gap = first
 * rework date − job's created date, e = E − created date, in days. Repeat visit:
 * gap = hours to the next repair, e = hours from created_at to the end of day E.
 * The delay distribution is taken from the whole warehouse (no filters).
 * `asOf` (a backtest) pretends the data ended on that day: only jobs created by
 * then, only follow-ups seen by then, delays from jobs matured by then.
 */
export async function nowcast(
	wh: Warehouse,
	f: Filters,
	name: FollowupKpi,
	s: Pick<Settings, 'repeat_visit_days' | 'rework_followup_days'>,
	span: DataSpan,
	asOf?: string
): Promise<Nowcast> {
	// as of the data's end: the delays from followup_delays, the jobs' counts from the rollup (nowcastAtEnd)
	if (asOf === undefined && (await followupDelaysReady(wh))) return nowcastAtEnd(wh, f, name, s, span);
	const w = ticketWhere(f);
	const params = { ...w.params, end: asOf ?? span.last, days: followupDays(name, s)! };
	// as of the data's end the numerator is the measure's own; as of an earlier day, what had been seen by then
	const seen = asOf !== undefined;
	const sql =
		name === 'rework_rate'
			? `WITH fr AS (SELECT original_ticket_id AS id, min(rework_date) AS rd FROM rework GROUP BY 1),
			   delays AS (
			     SELECT date_diff('day', CAST(t.created_at AS DATE), fr.rd) AS gap
			     FROM ticket_facts t JOIN fr ON fr.id = t.ticket_id
			     -- a ticket with a rework record is one the facts mark reworked: the scan skips the others before the join
			     WHERE ${JOB} AND t.reworked AND CAST(t.created_at AS DATE) <= CAST($end AS DATE) - $days::INTEGER),
			   jobs AS (
			     SELECT date_diff('day', CAST(t.created_at AS DATE), CAST($end AS DATE)) AS e,
			            ${seen ? 'coalesce(fr.rd <= CAST($end AS DATE), false)' : 't.reworked'} AS hit
			     FROM ticket_facts t LEFT JOIN fr ON fr.id = t.ticket_id
			     WHERE ${JOB} AND ${w.sql} AND CAST(t.created_at AS DATE) <= CAST($end AS DATE))`
			: `WITH delays AS (
			     SELECT t.next_repair_hours AS gap FROM ticket_facts t
			     WHERE t.type = 'repair' AND CAST(t.created_at AS DATE) <= CAST($end AS DATE) - $days::INTEGER),
			   jobs AS (
			     SELECT (epoch(CAST($end AS DATE) + INTERVAL 1 DAY) - epoch(t.created_at)) / 3600 AS e,
			            coalesce(t.next_repair_hours <= $days * 24, false) AS hit0, t.next_repair_hours AS nrh
			     FROM ticket_facts t WHERE t.type = 'repair' AND ${w.sql} AND CAST(t.created_at AS DATE) <= CAST($end AS DATE)),
			   jobs2 AS (SELECT e, ${seen ? 'coalesce(hit0 AND nrh <= e, false)' : 'hit0'} AS hit FROM jobs)`;
	const unit = name === 'rework_rate' ? '$days' : '$days * 24';
	const r = await wh.one<{ x: number; eff: number | null; k: number }>(
		`${sql},
		 d AS (SELECT gap FROM delays WHERE gap >= 0 AND gap <= ${unit}),
		 cdf AS (SELECT gap, sum(count(*)) OVER (ORDER BY gap) / sum(count(*)) OVER () AS F FROM d GROUP BY gap)
		 SELECT count(*) FILTER (WHERE j.hit) AS x,
		        sum(CASE WHEN j.e >= ${unit} THEN 1 ELSE coalesce(c.F, 0) END) AS eff,
		        (SELECT count(*) FROM d) AS k
		 FROM ${name === 'rework_rate' ? 'jobs' : 'jobs2'} j ASOF LEFT JOIN cdf c ON j.e >= c.gap`,
		params
	);
	return nowcastOf(r.x, r.eff ?? 0, r.k);
}

function nowcastOf(x: number, eff: number, k: number): Nowcast {
	const ci = poissonInterval(x);
	return {
		value: eff > 0 ? x / eff : null,
		effective_denominator: eff,
		delays_from: k,
		ci_low: eff > 0 ? ci.low / eff : null,
		ci_high: eff > 0 ? ci.high / eff : null,
		method: 'delay-distribution'
	};
}

/**
 * The nowcast as of the data's end E, the same figures as the query above without reading the whole warehouse:
 * the delay distribution from followup_delays (the rows of jobs created on or before E − W: the same for every
 * filter, read once per data version in the server, followup-delays.ts), and the jobs from the rollup (route: the
 * smallest tier with the filter's columns, else the facts). A job created on or before E − W has had the whole
 * window (e ≥ W: weight 1), so only the open part's jobs need F(e): rework counts them by day (e is in days), a
 * repeat visit by the hour of each repair, read from the facts of the open part alone (openPart).
 */
async function nowcastAtEnd(
	wh: Warehouse,
	f: Filters,
	name: FollowupKpi,
	s: Pick<Settings, 'repeat_visit_days' | 'rework_followup_days'>,
	span: DataSpan
): Promise<Nowcast> {
	const days = followupDays(name, s)!;
	// the jobs created by E (the measure's numerator over them is the nowcast's)
	const upToEnd: Filters = { ...f, to: f.to && f.to < span.last ? f.to : span.last };
	if (upToEnd.from && upToEnd.from > upToEnd.to!) return nowcastOf(0, 0, await delayCount(wh, name, span.last, days));
	// the other settings do not touch these two measures (route and the measures read the window of each)
	const settings: Settings = { ...configured(), ...s };
	const src = await route(wh, upToEnd, { measures: [name] }, settings);
	const m = src.rolled ? rolledMeasure(name, settings, src) : measure(name, settings);
	const den = src.rolled ? m.den : `count(*) FILTER (WHERE ${m.den})`;
	const num = src.rolled ? m.num : `count(*) FILTER (WHERE ${m.num})`;
	const w = ticketWhere(upToEnd);
	const params = { ...w.params, ...m.params };
	if (name === 'rework_rate') {
		// e = E − the job's day, in days: the jobs counted by day, each day's open jobs weighed by F(e), the share of
		// the delays at or below e (the last gap at or below e: gaps and e are whole days); summed in the days' order,
		// so that the same filter gives the same figure to the last bit
		const g = await reworkDelayCounts(wh, span.last, days);
		const jobs = await wh.all<{ e: number; n: number; x: number }>(
			`SELECT date_diff('day', CAST(t.created_at AS DATE), CAST($end AS DATE)) AS e, ${den} AS n, ${num} AS x
				 FROM ${src.table} t WHERE ${w.sql} GROUP BY 1 ORDER BY 1`,
			{ ...params, end: span.last }
		);
		const k = g.reduce((a, r) => a + r.c, 0);
		const F: number[] = [];
		let cum = 0;
		for (const r of g) F.push((cum += r.c) / k);
		let x = 0;
		let eff = 0;
		for (const j of jobs) {
			x += j.x;
			if (j.e >= days) eff += j.n;
			else {
				let i = -1;
				while (i + 1 < g.length && g[i + 1].gap <= j.e) i++;
				eff += j.n * (i >= 0 ? F[i] : 0);
			}
		}
		return nowcastOf(x, eff, k);
	}
	// e = hours from the repair to the end of E: the open part's repairs from the facts, every other repair weighs 1.
	// F(e) × K is the number of delays at or below e (a delay at the same value counts): the open repairs sorted and
	// merged with the sorted delays
	const open = openPart(upToEnd, span, days);
	const o = open ? ticketWhere(open, 't', { prefix: 'o_' }) : null;
	// one statement at a time on the connection (the delays: read once per data version in the server)
	const delays = await sortedRepeatDelays(wh, span.last, days);
	const every = await wh.one<{ n: number; x: number }>(`SELECT ${den} AS n, ${num} AS x FROM ${src.table} t WHERE ${w.sql}`, params);
	const e = o
		? await doubleColumn(
				wh,
				`SELECT e FROM (SELECT (epoch(CAST($end AS DATE) + INTERVAL 1 DAY) - epoch(t.created_at)) / 3600 AS e
					                FROM ticket_facts t WHERE t.type = 'repair' AND ${o.sql})
					 WHERE e < $days * 24`,
				{ ...o.params, end: span.last, days }
			)
		: new Float64Array(0);
	e.sort();
	let below = 0;
	let at = 0;
	for (const v of e) {
		while (at < delays.length && delays[at] <= v) at++;
		below += at;
	}
	const k = delays.length;
	return nowcastOf(every.x, every.n - e.length + (k > 0 ? below / k : 0), k);
}

/** The delays the nowcast as of `end` is taken from (followup_delays), for a filter with no job by then. */
async function delayCount(wh: Warehouse, name: FollowupKpi, end: string, days: number): Promise<number> {
	const unit = name === 'rework_rate' ? '$days' : '$days * 24';
	const r = await wh.one<{ k: number }>(
		`SELECT count(*) AS k FROM ${DELAYS_TABLE} WHERE rate = $rate AND day <= CAST($end AS DATE) - $days::INTEGER AND gap >= 0 AND gap <= ${unit}`,
		{ rate: name, end, days }
	);
	return r.k;
}

/** The p quantile of the Gamma(a, 1) distribution, by bisection on P(a, x). */
function gammaQuantile(p: number, a: number): number {
	let lo = 0;
	let hi = a + 20 * Math.sqrt(a) + 20;
	for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
		const mid = (lo + hi) / 2;
		if (gammaP(a, mid) < p) lo = mid;
		else hi = mid;
	}
	return (lo + hi) / 2;
}

/**
 * Exact 95 % limits for a Poisson mean from x events (Garwood 1936, "Fiducial
 * limits for the Poisson distribution", Biometrika 28:437): the 2.5 % quantile
 * of Gamma(x, 1) and the 97.5 % quantile of Gamma(x + 1, 1); 0 below for x = 0.
 */
export function poissonInterval(x: number): { low: number; high: number } {
	return { low: x > 0 ? gammaQuantile(0.025, x) : 0, high: gammaQuantile(0.975, x + 1) };
}
