// Every piece of data a page asks for, by name: each is a call into the metric
// layer (no figure is computed here). Names, parameters, formats and row types
// are declared in src/lib/api/contract.ts; HANDLERS below is typed by it, so a
// handler that returns other rows than the contract says does not compile.
// Every parameter is checked against the contract before it reaches SQL, where
// it is bound, never spliced.
import { parseParams, ParamError } from '$lib/api/params';
import { SOURCES, type SourceData, type SourceName, type SourceParams } from '$lib/api/contract';
import type { Warehouse } from '../warehouse';
import { settings } from '../config';
import { repeatCustomerByMonth, repeatVisitBy } from '../metrics/customers';
import { emergingIssues, faultPareto, lastCompleteMonth, modelComponentMatrix, nevada, supplierView } from '../metrics/faults';
import { monthEnd, monthOf } from '../../months';
import { FilterError, oneValue, type Filters } from '../metrics/filters';
import { kpis } from '../metrics/kpis';
import { completeMonth, dataSpan } from '../metrics/maturity';
import { reworkBy, reworkedJobs, reworkPareto } from '../metrics/rework';
import { loadByDay, loadByMonth, loadByWeek, monthlyForecast, peakToOffByYear } from '../metrics/seasonal';
import { planBacktest, staffingBreakdown, staffingPlan, type PlanOptions } from '../staffing';
import { timeToComplete } from '../metrics/service';
import { isValidPeriod } from '../../periods';
import { periodReport } from '../report';
import { warehouseStatus } from '../status';

export type QueryResult = { kind: 'arrow'; rows: Record<string, unknown>[] } | { kind: 'json'; body: unknown };

type Handler<N extends SourceName> = (wh: Warehouse, f: Filters, p: SourceParams<N>) => Promise<SourceData[N]>;

/** The filter options and the date span of the data, for the filter bar and default range. */
async function meta(wh: Warehouse): Promise<SourceData['meta']> {
	// the span from the rollup tiers (maturity.ts dataSpan), not a scan of every ticket
	const span = await dataSpan(wh);
	const options = async (dim: string) =>
		(await wh.all<{ v: string }>(`SELECT value AS v FROM filter_options WHERE dim = $dim ORDER BY 1 LIMIT 2000`, { dim })).map((r) => r.v);
	const city = await options('city');
	return {
		min_date: span?.first ?? null,
		max_date: span?.last ?? null,
		last_complete_month: completeMonth(span),
		options: {
			region: await options('region'),
			city,
			model: await options('model'),
			team: await options('team'),
			team_type: ['internal', 'outsourced'],
			technician: await options('technician')
		},
		region_cities: await regionCities(wh, city),
		settings: settings()
	};
}

/**
 * Each region's cities, from filter_options' region_city pairs (facts.ts REGION_CITY: region U+001F city). None
 * (the bar then offers every city) unless every city is in a pair: a warehouse built before the pairs existed
 * holds only those of the rows written since, until its next full rebuild.
 */
async function regionCities(wh: Warehouse, cities: string[]): Promise<Record<string, string[]>> {
	const rows = await wh.all<{ v: string }>(`SELECT value AS v FROM filter_options WHERE dim = 'region_city' ORDER BY 1 LIMIT 20000`);
	const out = new Map<string, string[]>();
	for (const { v } of rows) {
		const cut = v.indexOf('\u001f');
		const region = v.slice(0, cut);
		if (!out.has(region)) out.set(region, []);
		out.get(region)!.push(v.slice(cut + 1));
	}
	const paired = new Set([...out.values()].flat());
	return cities.every((c) => paired.has(c)) ? Object.fromEntries(out) : {};
}

/** The month an emerging-issue check looks at: the one asked for, else the last complete month up to the filter's end. */
async function issueMonth(wh: Warehouse, f: Filters, asked: string | null | undefined): Promise<string | null> {
	if (asked) return asked;
	const last = await lastCompleteMonth(wh);
	if (f.to && last && monthOf(f.to) < last) return monthEnd(monthOf(f.to)) === f.to ? monthOf(f.to) : null;
	return last;
}

/** The staffing engine's options from the filters' region and team and the what-ifs (STAFFING_WHAT_IFS). */
export function planOptions(f: Filters, p: SourceParams<'staffing_plan'>): PlanOptions {
	if (p.quantile != null && p.quantile < 0.01) throw new FilterError('quantile must be a number from 0.01 to 0.99');
	if (p.weeks != null && !Number.isInteger(p.weeks)) throw new FilterError('weeks must be a whole number from 1 to 104');
	const opt = <T>(v: T | null | undefined) => (v === null ? undefined : v);
	return {
		region: oneValue(f, 'region', 'the staffing plan') ?? null,
		team: f.team ?? null,
		quantile: opt(p.quantile),
		jobsPerTechnicianPerDay: opt(p.jpd),
		hoursPerDay: opt(p.hpd),
		workingDays: opt(p.wd),
		overtime: opt(p.overtime),
		outsourcedShare: opt(p.outsourced),
		weeks: opt(p.weeks)
	};
}

const noDates = (f: Filters): Filters => ({ ...f, from: undefined, to: undefined });

export const HANDLERS: { [N in SourceName]: Handler<N> } = {
	meta: (wh) => meta(wh),
	kpis: async (wh, f) => ({ kpis: await kpis(wh, f), time_to_complete: await timeToComplete(wh, f) }),
	load_month: (wh, f) => loadByMonth(wh, f),
	load_week: (wh, f) => loadByWeek(wh, f),
	load_day: (wh, f) => loadByDay(wh, f),
	peak_to_off: (wh, f) => peakToOffByYear(wh, f),
	seasonal_forecast: (wh, f) => monthlyForecast(wh, f),
	// the staffing engine, as npm run plan calls it: region and team from the filters, the what-ifs from the URL
	staffing_plan: (wh, f, p) => staffingPlan(wh, settings(), planOptions(f, p)),
	// each region's or team's own plan: the filters' region (one or a list) is not read
	staffing_breakdown: (wh, f, p) => staffingBreakdown(wh, settings(), p.dim, planOptions({ ...f, region: undefined }, p)),
	staffing_backtest: (wh, f, p) => planBacktest(wh, settings(), { ...planOptions(f, p), from: null }),
	rework_by: (wh, f, p) => reworkBy(wh, f, p.dim),
	rework_pareto: (wh, f, p) => reworkPareto(wh, f, p.by),
	rework_jobs: (wh, f, p) => reworkedJobs(wh, f, p.dim ? { dim: p.dim, value: p.value ?? null } : undefined, p),
	repeat_customer_month: (wh, f) => repeatCustomerByMonth(wh, f),
	repeat_visit_by: (wh, f, p) => repeatVisitBy(wh, f, p.by),
	fault_pareto: (wh, f, p) => faultPareto(wh, f, p.by),
	fault_matrix: (wh, f) => modelComponentMatrix(wh, f),
	nevada: (wh, f) => nevada(wh, f),
	emerging: async (wh, f, p) => {
		const m = await issueMonth(wh, f, p.month);
		return { month: m, issues: m ? await emergingIssues(wh, noDates(f), m) : [] };
	},
	suppliers: (wh, f) => supplierView(wh, f),
	review: (wh, f, p) => {
		const key = p.period ?? p.month;
		if (!key || !isValidPeriod(key)) throw new FilterError('period must be a week YYYY-Www, a month YYYY-MM or a quarter YYYY-Qn');
		return periodReport(wh, key, { region: oneValue(f, 'region', 'a review'), team: f.team, model: oneValue(f, 'model', 'a review') });
	},
	status: (wh) => warehouseStatus(wh),
	rejects: (wh, _f, p) => {
		const params: Record<string, string> = {};
		const conds: string[] = [];
		if (p.file) {
			conds.push(`parse_filename(file, false, 'both_slash') = $file`);
			params.file = p.file;
		}
		if (p.q) {
			conds.push(`(rule ILIKE '%' || $q || '%' OR column_name ILIKE '%' || $q || '%' OR value ILIKE '%' || $q || '%')`);
			params.q = p.q;
		}
		// the file's name only (as /api/status shows it): a response never shows where the server keeps its files
		return wh.all(
			`SELECT ingest_id, parse_filename(file, false, 'both_slash') AS file, table_name, line, column_name, value, rule FROM rejects
			 ${conds.length ? 'WHERE ' + conds.join(' AND ') : ''} ORDER BY ingest_id DESC, file, line LIMIT 5000`,
			params
		);
	}
};

/** A handler behind the contract's parameter check, its result tagged with the contract's format. */
function run<N extends SourceName>(name: N) {
	return async (wh: Warehouse, f: Filters, raw: URLSearchParams): Promise<QueryResult> => {
		let params: SourceParams<N>;
		try {
			params = parseParams(SOURCES[name].params, raw) as SourceParams<N>;
		} catch (e) {
			throw e instanceof ParamError ? new FilterError(e.message) : e;
		}
		const data = await HANDLERS[name](wh, f, params);
		return SOURCES[name].format === 'arrow'
			? { kind: 'arrow', rows: data as unknown as Record<string, unknown>[] }
			: { kind: 'json', body: data };
	};
}

export const QUERIES: Record<string, (wh: Warehouse, f: Filters, p: URLSearchParams) => Promise<QueryResult>> = Object.fromEntries(
	(Object.keys(SOURCES) as SourceName[]).map((name) => [name, run(name)])
);
