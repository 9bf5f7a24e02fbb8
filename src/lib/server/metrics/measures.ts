// The semantic layer. The six headline rates declared once, as a numerator and
// a denominator condition over one ticket_facts row (alias t), as Rill's
// metrics views declare measures; the dimensions beside them (dimensions.ts);
// and the three functions every rate figure comes from: one measure over the
// filter (measureRate), several over several periods (measureRates, the KPI
// tiles) and one by a dimension (rateBy, every by-group chart and table).
import type { KpiName } from '../../kpi';
import { settings as configured } from '../config';
import type { Settings } from '../settings';
import { rolledMeasure, route, type Source } from '../rollup';
import type { Warehouse } from '../warehouse';
import { DIMENSIONS, type DimensionName, type Params } from './dimensions';
import { ticketWhere, type Filters } from './filters';
import { groupRates, rate, type GroupRates, type Rate } from './rate';

export interface Measure {
	/** the rows counted in the denominator */
	den: string;
	/** the rows counted in the numerator (a subset of den, but for the complaint rate: complaints ÷ the other tickets) */
	num: string;
	params: Record<string, number>;
}

/** A completed install, repair or maintenance job (METRICS.md § Rework). */
export const JOB = `t.type IN ('install', 'repair', 'maintenance') AND t.completed_at IS NOT NULL`;

/**
 * Promised response hours for a ticket (alias `alias`), from the distance bands of the settings (promised_response),
 * bound, not spliced: the closed bands in their order, the open one (max_km null) last. The on-time measure and the
 * staffing plan's promise bands (staffing/) both use it.
 */
export function promisedHoursSQL(p: Settings['promised_response'], params: Record<string, number>, alias = 't'): string {
	params.unknown_h = p.unknown_distance_hours;
	const arms = p.bands.map((b, i) => {
		params[`band${i}_h`] = b.hours;
		if (b.max_km === null) return `ELSE $band${i}_h`;
		params[`band${i}_km`] = b.max_km;
		return `WHEN ${alias}.distance_km <= $band${i}_km THEN $band${i}_h`;
	});
	const open = arms.find((a) => a.startsWith('ELSE'));
	const closed = arms.filter((a) => !a.startsWith('ELSE'));
	return `CASE WHEN ${alias}.distance_km IS NULL THEN $unknown_h ${closed.join(' ')} ${open ?? 'ELSE NULL'} END`;
}

const MEASURES: Record<KpiName, (s: Settings) => Measure> = {
	// jobs with at least one rework record ÷ completed jobs
	rework_rate: () => ({ den: JOB, num: `${JOB} AND t.reworked`, params: {} }),
	// installs whose customer had an earlier install ÷ installs
	repeat_customer_share: () => ({ den: `t.type = 'install'`, num: `t.type = 'install' AND t.repeat_customer`, params: {} }),
	// repairs followed by a repair of the same unit within the window ÷ repairs
	repeat_visit_rate: (s) => ({
		den: `t.type = 'repair'`,
		num: `t.type = 'repair' AND t.next_repair_hours <= $visit_days * 24`,
		params: { visit_days: s.repeat_visit_days }
	}),
	// arrived within the promised hours ÷ tickets with an arrival
	on_time_rate: (s) => {
		const params: Record<string, number> = {};
		const promised = promisedHoursSQL(s.promised_response, params);
		return {
			den: `t.arrived_at IS NOT NULL`,
			num: `t.arrived_at IS NOT NULL AND epoch(t.arrived_at) - epoch(t.created_at) <= (${promised}) * 3600`,
			params
		};
	},
	// follow-ups scoring at least the satisfied score ÷ follow-ups with a score
	satisfaction_rate: (s) => ({
		den: `t.satisfaction IS NOT NULL`,
		num: `t.satisfaction >= $min_score`,
		params: { min_score: s.satisfied_min_score }
	}),
	// complaint tickets ÷ all other tickets
	complaint_rate: () => ({ den: `t.type <> 'complaint'`, num: `t.type = 'complaint'`, params: {} })
};

export function measure(name: KpiName, s: Settings): Measure {
	return MEASURES[name](s);
}

/** One measure over the filtered tickets. */
export async function measureRate(wh: Warehouse, f: Filters, name: KpiName, s: Settings = configured()): Promise<Rate> {
	const src = await route(wh, f, { measures: [name], grain: 'month' }, s);
	const m = src.rolled ? rolledMeasure(name, s, src) : measure(name, s);
	const w = ticketWhere(f);
	const cols = src.rolled ? `${m.den} AS n, ${m.num} AS x` : `count(*) FILTER (WHERE ${m.den}) AS n, count(*) FILTER (WHERE ${m.num}) AS x`;
	const r = await wh.one<{ n: number; x: number }>(`SELECT ${cols} FROM ${src.table} t WHERE ${w.sql}`, { ...w.params, ...m.params });
	return rate(r.x, r.n);
}

/**
 * Several measures over several periods (same dimension filters, different
 * dates): results[period][measure]. One statement counts every measure of every
 * period: a branch per distinct period under UNION ALL, so each keeps the date
 * pruning of its own range. (One scan with the periods OR-ed together was
 * slower: it defeats the date pruning of the created_at-sorted table.) Each
 * period routes on its own (whole months may read the month tier, other days a
 * day tier): a statement per source.
 */
export async function measureRates(
	wh: Warehouse,
	periods: Filters[],
	names: readonly KpiName[],
	s: Settings = configured()
): Promise<Rate[][]> {
	// a 12-month window's previous period is also its same period last year: count it once
	const keys = periods.map((p) => JSON.stringify(p));
	const distinct = periods.filter((_, i) => keys.indexOf(keys[i]) === i);
	// each period to the smallest source that answers it (whole months to the month tier, a maturity part's days to a day tier)
	const sources: Source[] = [];
	for (const p of distinct) sources.push(await route(wh, p, { measures: names, grain: 'month' }, s));
	const counts: Record<string, number>[] = [];
	for (const src of new Set(sources)) {
		const measures = names.map((n) => (src.rolled ? rolledMeasure(n, s, src) : measure(n, s)));
		const cols = measures.flatMap((m, k) =>
			src.rolled
				? [`${m.den} AS n_${k}`, `${m.num} AS x_${k}`]
				: [`count(*) FILTER (WHERE ${m.den}) AS n_${k}`, `count(*) FILTER (WHERE ${m.num}) AS x_${k}`]
		);
		const params: Params = Object.assign({}, ...measures.map((m) => m.params));
		const branches = distinct.flatMap((p, i) => {
			if (sources[i] !== src) return [];
			const w = ticketWhere(p, 't', { prefix: `p${i}_` });
			Object.assign(params, w.params);
			return [`SELECT ${i} AS period, ${cols.join(', ')} FROM ${src.table} t WHERE ${w.sql}`];
		});
		for (const r of await wh.all<Record<string, number>>(branches.join('\nUNION ALL\n'), params)) counts[r.period] = r;
	}
	const results = counts.map((r) => names.map((_, k) => rate(r[`x_${k}`], r[`n_${k}`])));
	return keys.map((k) => results[distinct.findIndex((p) => JSON.stringify(p) === k)]);
}

/**
 * A measure by a dimension: each group's numerator and denominator, Wilson
 * interval and verdict against the overall rate, and that overall rate.
 * Groups come largest first (then by name, no value last), except for months,
 * which come in time (sortByValue), and dimensions with a fixed order (tenure
 * new → developing → experienced → unknown; team type).
 */
export async function rateBy(
	wh: Warehouse,
	f: Filters,
	name: KpiName,
	dim: DimensionName,
	s: Settings = configured()
): Promise<GroupRates> {
	const src = await route(wh, f, { measures: [name], dims: [dim], grain: 'month' }, s);
	const m = src.rolled ? rolledMeasure(name, s, src) : measure(name, s);
	const w = ticketWhere(f);
	const params: Params = { ...w.params, ...m.params };
	const grp = DIMENSIONS[dim].expr('t', s, params);
	const orderBy = `ORDER BY ${DIMENSIONS[dim].sortByValue ? 'grp' : 'n DESC, grp'}`;
	const rows = await wh.all<{ grp: string | null; n: number; x: number }>(
		src.rolled
			? `SELECT ${grp} AS grp, ${m.den} AS n, ${m.num} AS x FROM ${src.table} t WHERE ${w.sql} GROUP BY 1 HAVING ${m.den} > 0 ${orderBy}`
			: // (den OR num: the complaint rate's numerator is not part of its denominator)
				`SELECT ${grp} AS grp, count(*) FILTER (WHERE ${m.den}) AS n, count(*) FILTER (WHERE ${m.num}) AS x
		 FROM ticket_facts t WHERE (${m.den} OR ${m.num}) AND ${w.sql}
		 GROUP BY 1 HAVING count(*) FILTER (WHERE ${m.den}) > 0 ${orderBy}`,
		params
	);
	const order = DIMENSIONS[dim].order;
	if (order) {
		const rank = (g: string | null) => (g === null ? order.length + 1 : order.includes(g) ? order.indexOf(g) : order.length);
		rows.sort((a, b) => rank(a.grp) - rank(b.grp)); // stable: values not listed keep largest first
	}
	return groupRates(rows.map((r) => ({ group: r.grp, numerator: r.x, denominator: r.n })));
}
