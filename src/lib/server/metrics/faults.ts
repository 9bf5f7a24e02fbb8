// Fault hotspots, fed back to manufacturing (docs/METRICS.md § Fault hotspots).
import { addMonths, monthRange, monthSeq } from '../../months';
import { settings as configured } from '../config';
import type { Settings } from '../settings';
import type { Warehouse } from '../warehouse';
import { ticketWhere, type Filters } from './filters';
import { paretoSQL, type ParetoRow } from './rate';
import { poissonUpperTail } from '../../stats';

export interface FaultPareto {
	rows: ParetoRow[];
	/** repair tickets in the filter without the field recorded */
	unrecorded: number;
}

/** Repair tickets by fault_component or fault_code, most frequent first, with cumulative shares. */
export async function faultPareto(wh: Warehouse, f: Filters, by: 'component' | 'code'): Promise<FaultPareto> {
	const w = ticketWhere(f);
	const col = by === 'component' ? 'fault_component' : 'fault_code';
	const rows = await wh.all<ParetoRow>(
		paretoSQL(
			`SELECT t.${col} AS key, count(*) AS count FROM ticket_facts t
			 WHERE t.type = 'repair' AND t.${col} IS NOT NULL AND ${w.sql} GROUP BY 1`
		),
		w.params
	);
	const { unrecorded } = await wh.one<{ unrecorded: number }>(
		`SELECT count(*) AS unrecorded FROM ticket_facts t WHERE t.type = 'repair' AND t.${col} IS NULL AND ${w.sql}`,
		w.params
	);
	return { rows, unrecorded };
}

export interface ModelComponentCell {
	product_model: string;
	fault_component: string;
	repairs: number;
	/** install tickets of the model up to the end of the period (any earlier date), where known */
	installs: number | null;
	rate_per_1000: number | null;
}

export async function modelComponentMatrix(wh: Warehouse, f: Filters): Promise<ModelComponentCell[]> {
	const w = ticketWhere(f);
	const base = ticketWhere({ ...f, from: undefined }, 'i', { prefix: 'b_' });
	return wh.all<ModelComponentCell>(
		`WITH rep AS (
		   SELECT t.product_model, t.fault_component, count(*) AS repairs FROM ticket_facts t
		   WHERE t.type = 'repair' AND t.product_model IS NOT NULL AND t.fault_component IS NOT NULL AND ${w.sql}
		   GROUP BY 1, 2),
		 inst AS (
		   SELECT i.product_model, count(*) AS installs FROM ticket_facts i
		   WHERE i.type = 'install' AND i.product_model IN (SELECT product_model FROM rep) AND ${base.sql}
		   GROUP BY 1)
		 SELECT rep.product_model, rep.fault_component, rep.repairs, inst.installs,
		        CASE WHEN inst.installs > 0 THEN 1000.0 * rep.repairs / inst.installs END AS rate_per_1000
		 FROM rep LEFT JOIN inst USING (product_model)
		 ORDER BY rep.product_model, rep.repairs DESC, rep.fault_component`,
		{ ...w.params, ...base.params }
	);
}

export interface NevadaCell {
	production_month: string;
	months_in_service: number;
	repairs: number;
}

/**
 * Repairs by production month (production_date, else the month a batch code
 * like 2024-03B or 202403 starts with) × whole months in service (from the
 * purchase date, else the production date, to created_at).
 */
export async function nevada(wh: Warehouse, f: Filters): Promise<NevadaCell[]> {
	const w = ticketWhere(f);
	return wh.all<NevadaCell>(
		`WITH u AS (
		   SELECT t.created_at,
		          coalesce(t.production_date, try_cast(make_date(
		            try_cast(regexp_extract(t.batch, '^(\\d{4})[-/]?(\\d{2})', 1) AS INTEGER),
		            try_cast(regexp_extract(t.batch, '^(\\d{4})[-/]?(\\d{2})', 2) AS INTEGER), 1) AS DATE)) AS produced,
		          t.purchase_date
		   FROM ticket_facts t WHERE t.type = 'repair' AND ${w.sql}),
		 s AS (
		   SELECT produced, coalesce(purchase_date, produced) AS in_service_from, CAST(created_at AS DATE) AS failed FROM u
		   WHERE produced IS NOT NULL)
		 SELECT strftime(produced, '%Y-%m') AS production_month,
		        date_diff('month', in_service_from, failed) - CASE WHEN day(failed) < day(in_service_from) THEN 1 ELSE 0 END AS months_in_service,
		        count(*) AS repairs
		 FROM s GROUP BY 1, 2 HAVING months_in_service >= 0 ORDER BY 1, 2`,
		w.params
	);
}

export interface EmergingIssue {
	product_model: string;
	fault_component: string;
	month: string;
	count: number;
	/** expected count: mean of the previous months × the month's other repairs ÷ their mean over those months */
	baseline: number;
	p_value: number;
	history: { month: string; count: number }[];
}

/** The last month whose every day is covered: the month before the latest ticket's, unless that ticket falls on a month's last day. */
export async function lastCompleteMonth(wh: Warehouse): Promise<string | null> {
	const r = await wh.one<{ m: string | null }>(
		`SELECT strftime(date_trunc('month', max(created_at) + INTERVAL 1 DAY) - INTERVAL 1 MONTH, '%Y-%m') AS m FROM ticket_facts`
	);
	return r.m;
}

/**
 * A (model, component) whose repairs in `month` are significantly above its own
 * baseline: one-sided Poisson test P(X ≥ count | λ = baseline) < p, with at
 * least `min_cases` cases. The baseline is seasonally adjusted by the month's
 * volume of all other repairs against its mean over the baseline months (the
 * pair itself left out, so a spike cannot hide itself), and never below `min_baseline`.
 */
export async function emergingIssues(
	wh: Warehouse,
	f: Filters,
	month: string,
	settings: Settings = configured()
): Promise<EmergingIssue[]> {
	const s = settings.emerging;
	const first = addMonths(month, -s.baseline_months);
	const span = { ...f, from: monthRange(first).from, to: monthRange(month).to };
	const w = ticketWhere(span);
	const rows = await wh.all<{ product_model: string; fault_component: string; m: string; n: number }>(
		`SELECT t.product_model, t.fault_component, strftime(t.created_at, '%Y-%m') AS m, count(*) AS n
		 FROM ticket_facts t WHERE t.type = 'repair' AND t.product_model IS NOT NULL AND t.fault_component IS NOT NULL AND ${w.sql}
		 GROUP BY ALL`,
		w.params
	);
	const totals = await wh.all<{ m: string; n: number }>(
		`SELECT strftime(t.created_at, '%Y-%m') AS m, count(*) AS n FROM ticket_facts t WHERE t.type = 'repair' AND ${w.sql} GROUP BY 1`,
		w.params
	);
	const baselineMonths = monthSeq(first, addMonths(month, -1));
	const total = new Map(totals.map((r) => [r.m, r.n]));

	const pairs = new Map<string, { model: string; component: string; counts: Map<string, number> }>();
	for (const r of rows) {
		const k = `${r.product_model}\u0000${r.fault_component}`;
		if (!pairs.has(k)) pairs.set(k, { model: r.product_model, component: r.fault_component, counts: new Map() });
		pairs.get(k)!.counts.set(r.m, r.n);
	}
	const out: EmergingIssue[] = [];
	for (const p of pairs.values()) {
		const count = p.counts.get(month) ?? 0;
		if (count < s.min_cases) continue;
		const mean = baselineMonths.reduce((a, m) => a + (p.counts.get(m) ?? 0), 0) / s.baseline_months;
		// the month's volume against the baseline months', both without this pair,
		// so a large spike does not raise its own expectation
		const others = (m: string) => (total.get(m) ?? 0) - (p.counts.get(m) ?? 0);
		const othersMean = baselineMonths.reduce((a, m) => a + others(m), 0) / s.baseline_months;
		const seasonal = othersMean > 0 ? others(month) / othersMean : 1;
		const baseline = Math.max(mean * seasonal, s.min_baseline);
		const p_value = poissonUpperTail(count, baseline);
		if (p_value >= s.p_value) continue;
		out.push({
			product_model: p.model,
			fault_component: p.component,
			month,
			count,
			baseline,
			p_value,
			history: [...baselineMonths, month].map((m) => ({ month: m, count: p.counts.get(m) ?? 0 }))
		});
	}
	return out.sort((a, b) => a.p_value - b.p_value || b.count - a.count);
}

export interface SupplierRow {
	supplier: string | null;
	part_no: string;
	part_name: string | null;
	quantity: number;
	cost: number;
	lines: number;
	claim_none: number;
	claim_submitted: number;
	claim_recovered: number;
	recovered_amount: number;
}

/** Parts replaced under warranty (三包件) on the filtered tickets, by supplier and part, with the supplier-claim (二次索赔) status. */
export async function supplierView(wh: Warehouse, f: Filters): Promise<SupplierRow[]> {
	const w = ticketWhere(f);
	return wh.all<SupplierRow>(
		`SELECT p.supplier, p.part_no, any_value(p.part_name) AS part_name, sum(p.quantity) AS quantity,
		        coalesce(sum(p.quantity * p.unit_cost), 0) AS cost, count(*) AS lines,
		        count(*) FILTER (WHERE p.supplier_claim IS NULL OR p.supplier_claim = 'none') AS claim_none,
		        count(*) FILTER (WHERE p.supplier_claim = 'submitted') AS claim_submitted,
		        count(*) FILTER (WHERE p.supplier_claim = 'recovered') AS claim_recovered,
		        coalesce(sum(p.recovered_amount), 0) AS recovered_amount
		 FROM parts p JOIN ticket_facts t ON t.ticket_id = p.ticket_id
		 WHERE p.warranty_claim = 'yes' AND ${w.sql}
		 GROUP BY p.supplier, p.part_no ORDER BY cost DESC, quantity DESC, p.supplier, p.part_no`,
		w.params
	);
}
