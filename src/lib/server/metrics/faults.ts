// Fault hotspots, fed back to manufacturing (docs/METRICS.md § Fault hotspots).
import { addDays, addMonths, monthRange, monthSeq } from '../../months';
import { settings as configured } from '../config';
import type { Settings } from '../settings';
import type { FaultPareto, MatrixCell, NevadaCell, SupplierRow } from '../../api/rows';
import { route, type Needs } from '../rollup';
import type { Warehouse } from '../warehouse';
import { NEVADA_TABLE, WARRANTY_TABLE, faultFactsReady, nevadaRows, warrantyRows } from '../fault-facts';
import { ticketWhere, valuesOf, type Filters } from './filters';
import { completeMonth, dataSpan } from './maturity';
import { paretoSQL, type ParetoRow } from './rate';
import { detectEmerging, type EmergingVerdict as Verdict, type PairHistory } from '../../stats/emerging';

/** Repair tickets by fault_component or fault_code, most frequent first, with cumulative shares. */
export async function faultPareto(wh: Warehouse, f: Filters, by: 'component' | 'code'): Promise<FaultPareto> {
	const w = ticketWhere(f);
	const col = by === 'component' ? 'fault_component' : 'fault_code';
	const src = await route(wh, f, { columns: [col] });
	// one scan of the filter's repairs: the recorded groups make the Pareto, the NULL group is the unrecorded count
	// (u has one row, so an empty Pareto still carries it)
	const found = await wh.all<{ [K in keyof ParetoRow]: ParetoRow[K] | null } & { unrecorded: number }>(
		`WITH g AS MATERIALIZED (
		   SELECT t.${col} AS key, ${src.count()} AS count FROM ${src.table} t WHERE t.type = 'repair' AND ${w.sql} GROUP BY 1),
		 u AS (SELECT coalesce(sum(count), 0) AS unrecorded FROM g WHERE key IS NULL),
		 p AS (${paretoSQL('SELECT key, count FROM g WHERE key IS NOT NULL')})
		 SELECT p.*, u.unrecorded FROM u LEFT JOIN p ON true ORDER BY p.count DESC, p.key`,
		w.params
	);
	const rows = found
		.filter((r) => r.key !== null)
		.map((r) => ({ key: r.key!, count: r.count!, share: r.share!, cumulative_share: r.cumulative_share! }));
	return { rows, unrecorded: found[0]?.unrecorded ?? 0 };
}

export async function modelComponentMatrix(wh: Warehouse, f: Filters): Promise<MatrixCell[]> {
	const w = ticketWhere(f);
	const base = ticketWhere({ ...f, from: undefined }, 'i', { prefix: 'b_' });
	const src = await route(wh, f, { columns: ['fault_component'] });
	return wh.all<MatrixCell>(
		`WITH rep AS (
		   SELECT t.product_model, t.fault_component, ${src.count()} AS repairs FROM ${src.table} t
		   WHERE t.type = 'repair' AND t.product_model IS NOT NULL AND t.fault_component IS NOT NULL AND ${w.sql}
		   GROUP BY 1, 2),
		 inst AS (
		   SELECT i.product_model, ${src.rolled ? 'CAST(sum(i.n) AS BIGINT)' : 'count(*)'} AS installs FROM ${src.table} i
		   WHERE i.type = 'install' AND i.product_model IN (SELECT product_model FROM rep) AND ${base.sql}
		   GROUP BY 1)
		 SELECT rep.product_model, rep.fault_component, rep.repairs, inst.installs,
		        CASE WHEN inst.installs > 0 THEN 1000.0 * rep.repairs / inst.installs END AS rate_per_1000
		 FROM rep LEFT JOIN inst USING (product_model)
		 ORDER BY rep.product_model, rep.repairs DESC, rep.fault_component`,
		{ ...w.params, ...base.params }
	);
}

/**
 * Repairs by production month (production_date, else the month a batch code
 * like 2024-03B or 202403 starts with) × whole months in service (from the
 * purchase date, else the production date, to created_at): counted on
 * nevada_facts, where each repair's production month and months in service are
 * worked out once (fault-facts.ts nevadaRows), else on the facts.
 */
export async function nevada(wh: Warehouse, f: Filters): Promise<NevadaCell[]> {
	if (!(await faultFactsReady(wh))) return nevadaFromFacts(wh, f);
	return nevadaCells(wh, NEVADA_TABLE, f);
}

/** Nevada from ticket_facts, the rows worked out per request: what nevada_facts holds, for a warehouse without it (and the tests). */
export async function nevadaFromFacts(wh: Warehouse, f: Filters): Promise<NevadaCell[]> {
	return nevadaCells(wh, `(${nevadaRows('ticket_facts', ticketWhere(f).sql)})`, f);
}

async function nevadaCells(wh: Warehouse, rows: string, f: Filters): Promise<NevadaCell[]> {
	const w = ticketWhere(f);
	return wh.all<NevadaCell>(
		`SELECT strftime(t.pm, '%Y-%m') AS production_month, t.mis AS months_in_service, count(*) AS repairs
		 FROM ${rows} t WHERE ${w.sql} GROUP BY t.pm, t.mis ORDER BY 1, 2`,
		w.params
	);
}

/** The last month whose every day is covered: the month before the latest ticket's, unless that ticket falls on a month's last day. */
export async function lastCompleteMonth(wh: Warehouse): Promise<string | null> {
	return completeMonth(await dataSpan(wh));
}

/** What a (model, component) pair's check came to this month (docs/METRICS.md § Emerging issues). */
export type EmergingStatus = Verdict['status'];

/**
 * One pair's check in a month: every pair with a repair in the window, alarmed
 * or not — the verdict's own figures (stats/emerging.ts EmergingVerdict: status,
 * method, expected, threshold, p-value, shares), the pair named as the warehouse
 * names it.
 */
export interface EmergingPair extends Omit<Verdict, 'model' | 'component' | 'observed'> {
	product_model: string;
	fault_component: string;
	month: string;
	count: number;
	/** the pair's repairs per month: the baseline window, the month left out before the tested one, and the month */
	history: { month: string; count: number }[];
}

/** An alarm, as the pages and the report list it: `baseline` is the expected count. */
export interface EmergingIssue extends Omit<EmergingPair, 'expected' | 'threshold' | 'p_value' | 'status'> {
	status: 'alarm';
	baseline: number;
	expected: number;
	threshold: number | null;
	p_value: number;
}

export interface EmergingCheck {
	month: string;
	method: 'component_share';
	/** how alarms are controlled across the pairs tested together: each pair at α = false_alarms_per_month ÷ tested */
	control: 'rate';
	false_alarms_per_month: number;
	alpha: number;
	/** pairs with enough history, tested together */
	tested: number;
	not_enough_history: number;
	/** months of history a pair needs, and the most the baseline uses */
	min_history_months: number;
	history_months: number;
	/** extra-binomial variation of the monthly shares estimated from the data (κ ≈ 1/size of a negative binomial) */
	kappa: number;
	pairs: EmergingPair[];
}

/** The method's knobs: settings.emerging may carry them; the old 6-month Poisson knobs are not used any more. */
interface EmergingKnobs {
	history_months: number;
	min_history_months: number;
	false_alarms_per_month: number;
	min_cases: number;
}

function emergingKnobs(s: Settings): EmergingKnobs {
	const e = s.emerging as Partial<EmergingKnobs> & Settings['emerging'];
	return {
		history_months: e.history_months ?? 24,
		min_history_months: e.min_history_months ?? 12,
		false_alarms_per_month: e.false_alarms_per_month ?? 0.5,
		min_cases: e.min_cases ?? 5
	};
}

/** What a count by month (or coarser) of these columns needs of its source: over whole months a month-grain rollup can answer it. */
export function byMonth(columns: string[]): Needs {
	return { dims: ['month'], columns, grain: 'month' };
}

/** A month before any window asked about: a model's (or the data's) tickets started earlier. */
const BEFORE = '0000-00';

/**
 * When the data and each model start (any ticket of any scope), as the windows from `first` to `last`
 * need it: the month when it lies inside, BEFORE when it lies before `first`. Reads the window's rows
 * (and, for a model first seen inside it, whether it had a ticket earlier), not the whole history.
 */
async function startsIn(wh: Warehouse, first: string, last: string): Promise<{ data: string | null; model: Map<string, string> }> {
	const window = { from: monthRange(first).from, to: monthRange(last).to };
	const src = await route(wh, window, byMonth(['product_model']));
	const w = ticketWhere(window);
	const seen = await wh.all<{ product_model: string | null; m: string }>(
		`SELECT t.product_model, strftime(min(t.created_at), '%Y-%m') AS m FROM ${src.table} t WHERE ${w.sql} GROUP BY 1`,
		w.params
	);
	const before = ticketWhere({ to: addDays(window.from, -1) });
	const earlier = async (model: string | null) =>
		(
			await wh.all(
				`SELECT 1 AS x FROM ${src.table} t WHERE ${before.sql}${model === null ? '' : ' AND t.product_model = $model'} LIMIT 1`,
				model === null ? before.params : { ...before.params, model }
			)
		).length > 0;
	const data = (await earlier(null)) ? BEFORE : (seen.map((r) => r.m).sort()[0] ?? null);
	const model = new Map<string, string>();
	for (const r of seen)
		if (r.product_model !== null)
			model.set(r.product_model, r.m > first && data === BEFORE && (await earlier(r.product_model)) ? BEFORE : r.m);
	return { data, model };
}

/**
 * Check every (model, component) pair in `month`: its share of its component's
 * repairs against its own history (src/lib/stats/emerging.ts). The model filter
 * picks which pairs are listed, not which are compared: the other models of a
 * component are its control, so they stay in.
 */
export async function emergingCheck(wh: Warehouse, f: Filters, month: string, settings: Settings = configured()): Promise<EmergingCheck> {
	return (await emergingChecks(wh, f, [month], settings))[0];
}

/** Repairs per model × component × month (YYYY-MM), as the emerging checks read them. */
export type PairMonthCount = { product_model: string; fault_component: string; m: string; n: number };

/** The repairs per model × component and month over the months the checks of `checked` read (the months first … last). */
export interface EmergingCounts {
	first: string;
	last: string;
	/** filters as read: f without its model (the other models of a component are its control) */
	dims: Filters;
	rows: PairMonthCount[];
}

/**
 * The counts the checks of `checked` months read: every repair with a model and a component per pair and month,
 * from `history_months` + 1 months before the first checked month through the last (f's model left out). The
 * review's recurring faults take a month-aligned period's and the previous period's counts from the same rows
 * (report-sections.ts repeatedFaults).
 */
export async function emergingCounts(
	wh: Warehouse,
	f: Filters,
	checked: string[],
	settings: Settings = configured()
): Promise<EmergingCounts> {
	const k = emergingKnobs(settings);
	const sorted = [...checked].sort();
	const first = addMonths(sorted[0], -(k.history_months + 1));
	const last = sorted.at(-1)!;
	const dims: Filters = { ...f };
	delete dims.model;
	const span = { ...dims, from: monthRange(first).from, to: monthRange(last).to };
	const src = await route(wh, span, byMonth(['product_model', 'fault_component']));
	const w = ticketWhere(span);
	const rows = await wh.all<PairMonthCount>(
		`SELECT product_model, fault_component, strftime(m, '%Y-%m') AS m, n FROM (
		   SELECT t.product_model, t.fault_component, date_trunc('month', t.created_at) AS m, ${src.count()} AS n
		   FROM ${src.table} t WHERE t.type = 'repair' AND t.product_model IS NOT NULL AND t.fault_component IS NOT NULL AND ${w.sql}
		   GROUP BY ALL)
		 ORDER BY product_model, fault_component, m`,
		w.params
	);
	return { first, last, dims, rows };
}

/**
 * The checks of several months (a quarter's review), from one read of the repairs per pair and month over the
 * months their windows span (emergingCounts; `counts`: that read made already for these months and filters).
 */
export async function emergingChecks(
	wh: Warehouse,
	f: Filters,
	checked: string[],
	settings: Settings = configured(),
	counts?: Promise<EmergingCounts>
): Promise<EmergingCheck[]> {
	if (!checked.length) return [];
	const k = emergingKnobs(settings);
	const { first, last, rows } = await (counts ?? emergingCounts(wh, f, checked, settings));
	// history starts where the data does, or where the model first appears in it
	const starts = await startsIn(wh, first, last);
	return checked.map((month) => checkOf(rows, starts, month, f.model, k));
}

function checkOf(
	rows: { product_model: string; fault_component: string; m: string; n: number }[],
	starts: { data: string | null; model: Map<string, string> },
	month: string,
	model: Filters['model'],
	k: EmergingKnobs
): EmergingCheck {
	const first = addMonths(month, -(k.history_months + 1));
	const months = monthSeq(first, month);
	const dataStart = starts.data ?? month;
	const index = new Map(months.map((m, i) => [m, i]));

	const byPair = new Map<string, PairHistory>();
	for (const r of rows) {
		const i = index.get(r.m);
		if (i === undefined) continue;
		const key = `${r.product_model}\u0000${r.fault_component}`;
		if (!byPair.has(key)) {
			const from = [dataStart, starts.model.get(r.product_model) ?? dataStart].sort().at(-1)!;
			byPair.set(key, {
				model: r.product_model,
				component: r.fault_component,
				counts: new Array(months.length).fill(0),
				start: from <= first ? 0 : (index.get(from) ?? months.length)
			});
		}
		byPair.get(key)!.counts[i] = r.n;
	}
	const t = months.length - 1;
	const res = detectEmerging([...byPair.values()], t, {
		baselineMonths: k.history_months,
		minBaselineMonths: k.min_history_months,
		minCases: k.min_cases,
		control: 'rate',
		falseAlarmsPerMonth: k.false_alarms_per_month
	});
	const pairs: EmergingPair[] = res.verdicts
		.filter((v) => !model || valuesOf(model).includes(v.model))
		.map(({ model: product_model, component: fault_component, observed: count, ...figures }) => {
			const p = byPair.get(`${product_model}\u0000${fault_component}`)!;
			return {
				product_model,
				fault_component,
				month,
				count,
				...figures,
				history: months.slice(p.start).map((m, i) => ({ month: m, count: p.counts[(p.start ?? 0) + i] }))
			};
		})
		.sort((a, b) => (a.p_value ?? 2) - (b.p_value ?? 2) || b.count - a.count || a.product_model.localeCompare(b.product_model));
	return {
		month,
		method: 'component_share',
		control: 'rate',
		false_alarms_per_month: k.false_alarms_per_month,
		alpha: res.alpha,
		tested: res.tested,
		not_enough_history: res.verdicts.filter((v) => v.status === 'not_enough_history').length,
		min_history_months: k.min_history_months,
		history_months: k.history_months,
		kappa: res.kappa,
		pairs
	};
}

/** The alarms of `month`'s check, most significant first (what the pages and the report list). */
export async function emergingIssues(
	wh: Warehouse,
	f: Filters,
	month: string,
	settings: Settings = configured()
): Promise<EmergingIssue[]> {
	const check = await emergingCheck(wh, f, month, settings);
	return check.pairs
		.filter((p) => p.status === 'alarm')
		.map((p) => ({ ...p, status: 'alarm' as const, baseline: p.expected!, expected: p.expected!, p_value: p.p_value! }));
}

/**
 * Parts replaced under warranty (三包件) on the filtered tickets, by supplier and part, with the supplier-claim
 * (二次索赔) status: from warranty_parts, the warranty lines with their ticket's day and filter columns
 * (fault-facts.ts), else parts joined to the facts.
 */
export async function supplierView(wh: Warehouse, f: Filters): Promise<SupplierRow[]> {
	if (!(await faultFactsReady(wh))) return supplierViewFromFacts(wh, f);
	return supplierRows(wh, WARRANTY_TABLE, f);
}

/** The supplier view from parts joined to ticket_facts: what warranty_parts holds, for a warehouse without it (and the tests). */
export async function supplierViewFromFacts(wh: Warehouse, f: Filters): Promise<SupplierRow[]> {
	return supplierRows(wh, `(${warrantyRows('ticket_facts')})`, f);
}

async function supplierRows(wh: Warehouse, lines: string, f: Filters): Promise<SupplierRow[]> {
	const w = ticketWhere(f, 'p');
	return wh.all<SupplierRow>(
		`SELECT p.supplier, p.part_no, any_value(p.part_name) AS part_name, sum(p.quantity) AS quantity,
		        coalesce(sum(p.quantity * p.unit_cost), 0) AS cost, count(*) AS lines,
		        count(*) FILTER (WHERE p.supplier_claim IS NULL OR p.supplier_claim = 'none') AS claim_none,
		        count(*) FILTER (WHERE p.supplier_claim = 'submitted') AS claim_submitted,
		        count(*) FILTER (WHERE p.supplier_claim = 'recovered') AS claim_recovered,
		        coalesce(sum(p.recovered_amount), 0) AS recovered_amount
		 FROM ${lines} p
		 WHERE ${w.sql}
		 GROUP BY p.supplier, p.part_no ORDER BY cost DESC, quantity DESC, p.supplier, p.part_no`,
		w.params
	);
}
