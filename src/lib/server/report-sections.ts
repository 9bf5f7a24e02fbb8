// The review's sections beyond the KPIs and the group charts: the worst
// installers (by the exact verdict, with their names), supplier claims
// (二次索赔) recovered, faults that recur (on the same unit, and per model ×
// component across the period, with their trend), and the staffing outlook.
// Each reads the metric layer or one parameterised query over ticket_facts.
import { addDays, daysBetween, monthEnd } from '../months';
import { monthsOf, type Period } from '../periods';
import { rateRatioTest } from '../stats/rate-ratio';
import type { Settings } from './settings';
import { staffingOutlook, staffingPlan, type StaffingPlan } from './staffing';
import type { Warehouse } from './warehouse';
import { byMonth, supplierView, type EmergingCounts } from './metrics/faults';
import { RECURRING_TABLE, recurringRepairsReady } from './recurring-repairs';
import { route } from './rollup';
import { ticketWhere, type Filters } from './metrics/filters';
import type { GroupRate } from './metrics/rate';
import { reworkBy } from './metrics/rework';

/** A technician's rework in the period with the exact verdict against everyone's rate (metrics/rate.ts groupRates). */
export interface InstallerRow extends GroupRate {
	/** technicians.name, when the roster has the technician */
	name: string | null;
}

export interface Installers {
	/** technicians whose rework lies above their exact limit (verdict 'above'), worst rate first */
	above: InstallerRow[];
	/** technicians with enough jobs to judge (verdict other than 'too_few') */
	judged: number;
	/** technicians with too few jobs to judge */
	too_few: number;
}

export async function worstInstallers(wh: Warehouse, f: Filters, s: Settings): Promise<Installers> {
	// by technician, reworkBy sets each one's name from the roster (metrics/technicians.ts, the one lookup)
	const rows = (await reworkBy(wh, f, 'technician', s)).filter((g) => g.group !== null);
	const above = rows
		.filter((g) => g.verdict === 'above')
		.sort((a, b) => (b.value ?? 0) - (a.value ?? 0) || b.numerator - a.numerator || String(a.group).localeCompare(String(b.group)))
		.map((g) => ({ ...g, name: g.name ?? null }));
	return { above, judged: rows.filter((g) => g.verdict !== 'too_few').length, too_few: rows.filter((g) => g.verdict === 'too_few').length };
}

/** Warranty parts (三包件) of the period and what their supplier claims (二次索赔) came to. */
export interface SupplierClaims {
	/** warranty part lines, and their cost (quantity × unit cost) */
	lines: number;
	cost: number;
	claim_none: number;
	claim_submitted: number;
	claim_recovered: number;
	recovered_amount: number;
	/** the suppliers with the most warranty cost, at most five */
	suppliers: { supplier: string | null; lines: number; cost: number; claim_recovered: number; recovered_amount: number }[];
}

export async function supplierClaims(wh: Warehouse, f: Filters): Promise<SupplierClaims> {
	const rows = await supplierView(wh, f);
	const by = new Map<string | null, SupplierClaims['suppliers'][number]>();
	const out: SupplierClaims = {
		lines: 0,
		cost: 0,
		claim_none: 0,
		claim_submitted: 0,
		claim_recovered: 0,
		recovered_amount: 0,
		suppliers: []
	};
	for (const r of rows) {
		out.lines += r.lines;
		out.cost += r.cost;
		out.claim_none += r.claim_none;
		out.claim_submitted += r.claim_submitted;
		out.claim_recovered += r.claim_recovered;
		out.recovered_amount += r.recovered_amount;
		const s = by.get(r.supplier) ?? { supplier: r.supplier, lines: 0, cost: 0, claim_recovered: 0, recovered_amount: 0 };
		s.lines += r.lines;
		s.cost += r.cost;
		s.claim_recovered += r.claim_recovered;
		s.recovered_amount += r.recovered_amount;
		by.set(r.supplier, s);
	}
	out.suppliers = [...by.values()].sort((a, b) => b.cost - a.cost || b.lines - a.lines).slice(0, 5);
	return out;
}

/** A model × component's repairs in the period: on the same unit again, month by month, and against the previous period. */
export interface RepeatedFault {
	product_model: string;
	fault_component: string;
	repairs: number;
	/** units (serial number, else customer × model) repaired for this component more than once in the period */
	repeat_units: number;
	/** repairs beyond each unit's first */
	repeat_repairs: number;
	/** repairs in each month the period touches */
	by_month: { month: string; count: number }[];
	/** months of the period with a repair of the pair */
	months_with_repairs: number;
	previous_repairs: number;
	/** repairs per day this period ÷ the previous period: exact conditional test (stats/rate-ratio.ts) */
	rate_ratio: number | null;
	p_value: number;
	/** 'up' / 'down' only when the test says so at 5 %; 'no_change' within noise; 'new' with no previous repair */
	trend: 'up' | 'down' | 'no_change' | 'new';
}

const REPAIR = `t.type = 'repair' AND t.product_model IS NOT NULL AND t.fault_component IS NOT NULL`;
/**
 * A repair's unit within its model (REPAIR has one): the serial number, else the customer — two columns, (serial_no,
 * NULL) or (NULL, customer_id), instead of one string made for every repair ('s:' || serial, 'c:' || customer || model).
 * Neither: no unit.
 */
const UNIT = `t.serial_no AS unit_serial, CASE WHEN t.serial_no IS NULL THEN t.customer_id END AS unit_customer`;
const HAS_UNIT = `(unit_serial IS NOT NULL OR unit_customer IS NOT NULL)`;

type Units = { product_model: string; fault_component: string; repairs: number; repeat_units: number; repeat_repairs: number };

/**
 * Each model × component's repairs over `f` and its units repaired more than once. With recurring_repairs
 * (recurring-repairs.ts: every repair of a unit repaired twice or more, with the filter columns) the units are
 * counted from its rows and the repairs are the months' counts (`months`, from the rollup); without it, all
 * from the facts.
 */
async function repairUnits(
	wh: Warehouse,
	f: Filters,
	months: { product_model: string; fault_component: string; n: number }[]
): Promise<Units[]> {
	const w = ticketWhere(f);
	if (!(await recurringRepairsReady(wh)))
		return wh.all<Units>(
			`WITH u AS (SELECT t.product_model, t.fault_component, ${UNIT}, count(*) AS n
			            FROM ticket_facts t WHERE ${REPAIR} AND ${w.sql} GROUP BY ALL)
			 SELECT product_model, fault_component, CAST(sum(n) AS INTEGER) AS repairs,
			        CAST(count(*) FILTER (WHERE ${HAS_UNIT} AND n > 1) AS INTEGER) AS repeat_units,
			        CAST(coalesce(sum(n - 1) FILTER (WHERE ${HAS_UNIT} AND n > 1), 0) AS INTEGER) AS repeat_repairs
			 FROM u GROUP BY product_model, fault_component`,
			w.params
		);
	// the table's rows are repairs with a unit (type and unit need no test)
	const repeats = await wh.all<{ product_model: string; fault_component: string; repeat_units: number; repeat_repairs: number }>(
		`SELECT product_model, fault_component, CAST(count(*) AS INTEGER) AS repeat_units, CAST(sum(n - 1) AS INTEGER) AS repeat_repairs
		 FROM (SELECT t.product_model, t.fault_component, ${UNIT}, count(*) AS n
		       FROM ${RECURRING_TABLE} t WHERE t.product_model IS NOT NULL AND t.fault_component IS NOT NULL AND ${w.sql}
		       GROUP BY ALL HAVING count(*) > 1)
		 GROUP BY product_model, fault_component`,
		w.params
	);
	const key = (r: { product_model: string; fault_component: string }) => `${r.product_model}\u0000${r.fault_component}`;
	const out = new Map<string, Units>();
	for (const m of months) {
		const k = key(m);
		const u = out.get(k);
		if (u) u.repairs += m.n;
		else
			out.set(k, { product_model: m.product_model, fault_component: m.fault_component, repairs: m.n, repeat_units: 0, repeat_repairs: 0 });
	}
	for (const r of repeats) {
		const u = out.get(key(r));
		if (!u) throw new Error(`recurring_repairs has repairs of ${r.product_model} × ${r.fault_component} the rollup does not count`);
		u.repeat_units = r.repeat_units;
		u.repeat_repairs = r.repeat_repairs;
	}
	return [...out.values()];
}

type PairMonth = { product_model: string; fault_component: string; m: string; n: number };
type PairCount = { product_model: string; fault_component: string; n: number };

/** A model × component's repairs per month over `f` (the rollup). */
async function pairMonths(wh: Warehouse, f: Filters): Promise<PairMonth[]> {
	const w = ticketWhere(f);
	const src = await route(wh, f, byMonth(['product_model', 'fault_component']));
	return wh.all<PairMonth>(
		`SELECT product_model, fault_component, strftime(m, '%Y-%m') AS m, n FROM (
		   SELECT t.product_model, t.fault_component, date_trunc('month', t.created_at) AS m, CAST(${src.count()} AS INTEGER) AS n
		   FROM ${src.table} t WHERE ${REPAIR} AND ${w.sql} GROUP BY ALL)`,
		w.params
	);
}

/** A model × component's repairs over `f` (the rollup). */
async function previousRepairs(wh: Warehouse, f: Filters): Promise<PairCount[]> {
	const w = ticketWhere(f);
	const src = await route(wh, f, byMonth(['product_model', 'fault_component']));
	return wh.all<PairCount>(
		`SELECT t.product_model, t.fault_component, CAST(${src.count()} AS INTEGER) AS n FROM ${src.table} t WHERE ${REPAIR} AND ${w.sql} GROUP BY ALL`,
		w.params
	);
}

/** Whole months: from the first of a month to the last day of a month. */
const wholeMonths = (x: { from: string; to: string }) => x.from.endsWith('-01') && monthEnd(x.to.slice(0, 7)) === x.to;

/**
 * The period's repairs per pair and month and the previous period's per pair, from the emerging checks' counts
 * (the same repairs per pair and month over the same filters), when those cover both periods in whole months;
 * else null. A month left out of the counts had no repair of the pair.
 */
function fromCounts(c: EmergingCounts, dims: Filters, p: Period, previous: Period): { months: PairMonth[]; before: PairCount[] } | null {
	if (dims.model !== undefined || !wholeMonths(p) || !wholeMonths(previous)) return null;
	const same = (['region', 'city', 'team', 'team_type', 'technician'] as const).every(
		(k) => JSON.stringify(c.dims[k] ?? null) === JSON.stringify(dims[k] ?? null)
	);
	const known = Object.keys(dims).every((k) => ['region', 'city', 'team', 'team_type', 'technician'].includes(k));
	const [lo, hi] = [previous.from < p.from ? previous.from : p.from, p.to > previous.to ? p.to : previous.to];
	if (!same || !known || lo.slice(0, 7) < c.first || hi.slice(0, 7) > c.last) return null;
	const inside = (m: string, x: { from: string; to: string }) => m >= x.from.slice(0, 7) && m <= x.to.slice(0, 7);
	const months = c.rows.filter((r) => inside(r.m, p));
	const before = new Map<string, PairCount>();
	for (const r of c.rows)
		if (inside(r.m, previous)) {
			const k = `${r.product_model}\u0000${r.fault_component}`;
			const b = before.get(k);
			if (b) b.n += r.n;
			else before.set(k, { product_model: r.product_model, fault_component: r.fault_component, n: r.n });
		}
	return { months, before: [...before.values()] };
}

/**
 * The faults that recur: every model × component with a repair on the same unit
 * again, or with repairs in more than one month of the period; most repeats
 * first. The quarter's analysis for the factory; a week's or month's lists the same.
 */
export async function repeatedFaults(
	wh: Warehouse,
	dims: Filters,
	p: Period,
	previous: Period,
	limit = 15,
	counts?: Promise<EmergingCounts>
): Promise<RepeatedFault[]> {
	const cur = { ...dims, from: p.from, to: p.to };
	// the repairs per month and in the previous period: counts the rollup holds (the units below need the rows), or
	// the emerging checks' counts when they cover both periods in whole months with these filters
	const shared = counts ? fromCounts(await counts, dims, p, previous) : null;
	const months = shared ? shared.months : await pairMonths(wh, cur);
	const units = await repairUnits(wh, cur, months);
	const before = shared ? shared.before : await previousRepairs(wh, { ...dims, from: previous.from, to: previous.to });
	const key = (r: { product_model: string; fault_component: string }) => `${r.product_model}\u0000${r.fault_component}`;
	const prevBy = new Map(before.map((r) => [key(r), r.n]));
	const monthBy = new Map(months.map((r) => [`${key(r)}\u0000${r.m}`, r.n]));
	const days = daysBetween(p.from, p.to) + 1;
	const prevDays = daysBetween(previous.from, previous.to) + 1;
	const periodMonths = monthsOf(p);
	return units
		.map((u): RepeatedFault => {
			const perMonth = periodMonths.map((m) => ({
				month: m,
				count: monthBy.get(`${key(u)}\u0000${m}`) ?? 0
			}));
			const previousRepairs = prevBy.get(key(u)) ?? 0;
			const test = rateRatioTest(u.repairs, days, previousRepairs, prevDays);
			const trend =
				previousRepairs === 0 ? 'new' : test.p_value < 0.05 ? (test.ratio > 1 ? 'up' : 'down') : ('no_change' as RepeatedFault['trend']);
			return {
				...u,
				by_month: perMonth,
				months_with_repairs: perMonth.filter((m) => m.count > 0).length,
				previous_repairs: previousRepairs,
				rate_ratio: previousRepairs === 0 ? null : test.ratio,
				p_value: test.p_value,
				trend
			};
		})
		.filter((r) => r.repeat_units > 0 || r.months_with_repairs > 1)
		.sort(
			(a, b) =>
				b.repeat_repairs - a.repeat_repairs ||
				b.months_with_repairs - a.months_with_repairs ||
				b.repairs - a.repairs ||
				a.product_model.localeCompare(b.product_model) ||
				a.fault_component.localeCompare(b.fault_component)
		)
		.slice(0, limit);
}

/** The staffing outlook after the period: the next 13 weeks of the plan (src/lib/server/staffing), in short. */
export interface StaffingSummary {
	method: string;
	from_week: string;
	weeks: number;
	/** weeks whose on-time share with today's roster falls short of the target */
	at_risk_weeks: number;
	/** the most technicians any week needs, and the largest shortfall against the roster */
	peak_needed: number;
	peak_week: string;
	max_gap: number;
	roster_active: number;
	rows: { week_start: string; jobs_planned: number; technicians_needed: number; roster_active: number; gap: number; at_risk: boolean }[];
}

function summarise(plan: StaffingPlan): StaffingSummary | null {
	if (!plan.weeks.length) return null;
	const peak = plan.weeks.reduce((a, b) => (b.technicians_needed > a.technicians_needed ? b : a));
	return {
		method: plan.forecast.method,
		from_week: plan.weeks[0].week_start,
		weeks: plan.weeks.length,
		at_risk_weeks: plan.weeks.filter((w) => w.at_risk).length,
		peak_needed: peak.technicians_needed,
		peak_week: peak.week_start,
		max_gap: Math.max(...plan.weeks.map((w) => w.gap)),
		roster_active: plan.weeks[0].roster_active,
		rows: plan.weeks.map((w) => ({
			week_start: w.week_start,
			jobs_planned: w.jobs_planned,
			technicians_needed: w.technicians_needed,
			roster_active: w.roster_active,
			gap: w.gap,
			at_risk: w.at_risk
		}))
	};
}

/** The plan for the 13 weeks after the period (region and team scope it; a model does not), or null under a year of history. */
export async function staffingAfter(
	wh: Warehouse,
	s: Settings,
	p: Period,
	scope: { region?: string; team?: string }
): Promise<StaffingSummary | null> {
	const opts = { region: scope.region ?? null, team: scope.team ?? null };
	const plan =
		p.kind === 'week'
			? await staffingPlan(wh, s, { ...opts, from: addDays(p.to, 1), weeks: 13 })
			: await staffingOutlook(wh, s, p.to.slice(0, 7), opts);
	return plan ? summarise(plan) : null;
}
