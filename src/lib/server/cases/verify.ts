// "Did the fix work?" (docs/METRICS.md § Quality cases): the failure rate of
// units built after the cut-in against units built in the 12 months before it,
// both counted only over the same months in service — those the new units
// have reached — so young units are not mistaken for good ones. The exact
// conditional test on the rate ratio (src/lib/stats/rate-ratio.ts) decides.
import { addMonths } from '../../months';
import { exposureNeeded, rateRatioTest } from '../../stats/rate-ratio';
import type { Warehouse } from '../warehouse';
import { producedSQL, repairScope, unitScope } from './scope';
import type { CaseFields, Verification } from '../../cases/types';

/** Days in an average month: exposure is counted in days and reported in unit-months. */
export const DAYS_PER_MONTH = 30.4375;
/** The old units compared: those built in this many months before the cut-in. */
export const BEFORE_MONTHS = 12;
/** The most months in service compared. */
export const MAX_WINDOW_MONTHS = 24;
export const ALPHA = 0.05;

/** What the verdict is judged from (the Verification's own fields). */
export type Counts = Pick<Verification, 'failures_after' | 'unit_months_after' | 'failures_before' | 'unit_months_before'>;

/**
 * The verdict from the counts: effective when the new units fail significantly
 * less (two-sided exact p < 0.05, ratio < 1); not_effective when they fail
 * significantly more, or when the exposure would have shown a halving with
 * power 0.8 and did not; otherwise insufficient_exposure, with the unit-months
 * still needed.
 */
export function judge(
	k: Counts
): Pick<Verification, 'verdict' | 'rate_before' | 'rate_after' | 'ratio' | 'ci_low' | 'ci_high' | 'p_value' | 'unit_months_needed'> {
	const { failures_after: xa, unit_months_after: ta, failures_before: xb, unit_months_before: tb } = k;
	const rateBefore = tb > 0 ? (1000 * xb) / tb : null;
	const rateAfter = ta > 0 ? (1000 * xa) / ta : null;
	if (!(ta > 0) || !(tb > 0))
		return {
			verdict: 'insufficient_exposure',
			rate_before: rateBefore,
			rate_after: rateAfter,
			ratio: null,
			ci_low: null,
			ci_high: null,
			p_value: null,
			unit_months_needed: null
		};
	const t = rateRatioTest(xa, ta, xb, tb);
	const need = exposureNeeded(xb / tb, tb, ta);
	const enough = need !== null && need.after === 0 && need.before === 0;
	const significant = t.p_value < ALPHA;
	const verdict =
		significant && t.ratio < 1 ? 'effective' : (significant && t.ratio > 1) || enough ? 'not_effective' : 'insufficient_exposure';
	return {
		verdict,
		rate_before: rateBefore,
		rate_after: rateAfter,
		ratio: Number.isFinite(t.ratio) ? t.ratio : null,
		ci_low: t.ci_low,
		ci_high: Number.isFinite(t.ci_high) ? t.ci_high : null,
		p_value: t.p_value,
		unit_months_needed: verdict === 'insufficient_exposure' ? need : null
	};
}

type Cut = Pick<CaseFields, 'cut_in_date' | 'cut_in_batch'>;

/** The production date the cut-in stands for: the date, else the first day of the batch's month. */
export function cutInDate(c: Cut): string | null {
	if (c.cut_in_date) return c.cut_in_date;
	const m = c.cut_in_batch ? /^(\d{4})[-/]?(\d{2})/.exec(c.cut_in_batch) : null;
	return m ? `${m[1]}-${m[2]}-01` : null;
}

/** Whether a unit (production date `produced`, batch `batch`) carries the fix, as SQL. */
function afterSQL(c: Cut, produced: string, batch: string): string {
	return c.cut_in_batch
		? `coalesce(${batch} >= $cut_batch, ${produced} >= CAST($cut_date AS DATE))`
		: `${produced} >= CAST($cut_date AS DATE)`;
}

/** Only the parameters `sql` names (DuckDB refuses a named parameter the statement lacks). */
function used(sql: string, params: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql)));
}

export async function verifyCase(wh: Warehouse, c: CaseFields): Promise<Verification> {
	const cut = cutInDate(c);
	const { d: until } = await wh.one<{ d: string | null }>(`SELECT CAST(CAST(max(created_at) AS DATE) AS VARCHAR) AS d FROM ticket_facts`);
	const base: Verification = {
		verdict: 'no_cut_in',
		rate_before: null,
		rate_after: null,
		ratio: null,
		ci_low: null,
		ci_high: null,
		p_value: null,
		unit_months_before: 0,
		unit_months_after: 0,
		failures_before: 0,
		failures_after: 0,
		units_before: 0,
		units_after: 0,
		window_months: 0,
		unit_months_needed: null,
		cut_in: c.cut_in_batch ?? c.cut_in_date,
		before_from: null,
		data_until: until,
		nevada: [],
		checked_at: new Date().toISOString()
	};
	if (!cut || !until) return base;
	const beforeFrom = `${addMonths(cut.slice(0, 7), -BEFORE_MONTHS)}-01`;
	const u = unitScope(c);
	const r = repairScope(c);
	const params: Record<string, string> = {
		...(u.params as Record<string, string>),
		...(r.params as Record<string, string>),
		cut_date: cut,
		before_from: beforeFrom,
		until,
		...(c.cut_in_batch ? { cut_batch: c.cut_in_batch } : {})
	};
	const grouped = (produced: string, batch: string) =>
		`CASE WHEN ${afterSQL(c, produced, batch)} THEN 'after' WHEN ${produced} >= CAST($before_from AS DATE) THEN 'before' END`;
	const units = `units AS (
	    SELECT ${grouped('x.produced', 'x.batch')} AS grp, date_diff('day', x.since, CAST($until AS DATE)) AS age
	    FROM (SELECT ${producedSQL('t')} AS produced, t.batch, coalesce(t.purchase_date, CAST(t.created_at AS DATE)) AS since
	          FROM ticket_facts t WHERE ${u.sql}) x
	    WHERE x.produced IS NOT NULL)`;
	const window = `w AS (SELECT least(coalesce(max(age) FILTER (WHERE grp = 'after' AND age > 0), 0), ${MAX_WINDOW_MONTHS * DAYS_PER_MONTH}) AS days FROM units)`;
	const fails = `fails AS (
	    SELECT ${grouped('x.produced', 'x.batch')} AS grp, x.produced, date_diff('day', x.since, x.failed) AS day_in_service, x.failed, x.since
	    FROM (SELECT ${producedSQL('t')} AS produced, t.batch, coalesce(t.purchase_date, ${producedSQL('t')}) AS since, CAST(t.created_at AS DATE) AS failed
	          FROM ticket_facts t WHERE ${r.sql}) x
	    WHERE x.produced IS NOT NULL)`;
	const summarySQL = `WITH ${units}, ${window}, ${fails},
				 e AS (SELECT grp, count(*) AS units, sum(greatest(0, least(age, (SELECT days FROM w)))) AS unit_days FROM units WHERE grp IS NOT NULL AND age >= 0 GROUP BY 1),
				 f AS (SELECT grp, count(*) AS failures FROM fails WHERE grp IS NOT NULL AND day_in_service >= 0 AND day_in_service < (SELECT days FROM w) GROUP BY 1)
				 SELECT g.grp, coalesce(e.units, 0) AS units, coalesce(e.unit_days, 0) AS unit_days, coalesce(f.failures, 0) AS failures, (SELECT days FROM w) AS window_days
				 FROM (VALUES ('after'), ('before')) g(grp) LEFT JOIN e USING (grp) LEFT JOIN f USING (grp)`;
	const nevadaSQL = `WITH ${fails}
				 SELECT strftime(produced, '%Y-%m') AS production_month,
				        date_diff('month', since, failed) - CASE WHEN day(failed) < day(since) THEN 1 ELSE 0 END AS months_in_service,
				        count(*) AS repairs, grp = 'after' AS after
				 FROM fails WHERE grp IS NOT NULL GROUP BY ALL HAVING months_in_service >= 0 ORDER BY 1, 2`;
	const [summary, nevada] = await Promise.all([
		wh.aside((x) =>
			x.all<{ grp: string; units: number; unit_days: number; failures: number; window_days: number }>(summarySQL, used(summarySQL, params))
		),
		wh.aside((x) =>
			x.all<{ production_month: string; months_in_service: number; repairs: number; after: boolean }>(nevadaSQL, used(nevadaSQL, params))
		)
	]);
	const g = (name: string) => summary.find((s) => s.grp === name)!;
	const counts: Counts = {
		failures_after: g('after').failures,
		unit_months_after: g('after').unit_days / DAYS_PER_MONTH,
		failures_before: g('before').failures,
		unit_months_before: g('before').unit_days / DAYS_PER_MONTH
	};
	return {
		...base,
		...judge(counts),
		...counts,
		units_before: g('before').units,
		units_after: g('after').units,
		window_months: g('after').window_days / DAYS_PER_MONTH,
		before_from: beforeFrom,
		nevada
	};
}
