// Every piece of data a page asks for, by name: each is a call into the metric
// layer (no figure is computed here). Chart series go out as Arrow, small
// payloads as JSON. Every parameter is checked against a closed list or a
// pattern before it reaches SQL, where it is bound, never spliced.
import type { Warehouse } from '../warehouse';
import { loadSettings } from '../config';
import { repeatCustomerByMonth, repeatVisitBy } from '../metrics/customers';
import { emergingIssues, faultPareto, lastCompleteMonth, modelComponentMatrix, nevada, supplierView } from '../metrics/faults';
import { FilterError, isValidMonth, monthRange, type Filters } from '../metrics/filters';
import { kpis } from '../metrics/kpis';
import { REWORK_DIMENSIONS, reworkBy, reworkedJobs, reworkPareto, type ReworkDimension } from '../metrics/rework';
import { loadByDay, loadByMonth, loadByWeek, peakToOffByYear, staffingPlan } from '../metrics/seasonal';
import { timeToComplete } from '../metrics/service';
import { monthlyReport } from '../report';
import { warehouseStatus } from '../status';

export type QueryResult = { kind: 'arrow'; rows: Record<string, unknown>[] } | { kind: 'json'; body: unknown };

type Handler = (wh: Warehouse, f: Filters, p: URLSearchParams) => Promise<QueryResult>;

const arrow = (rows: object[]): QueryResult => ({ kind: 'arrow', rows: rows as Record<string, unknown>[] });
const json = (body: unknown): QueryResult => ({ kind: 'json', body });

function oneOf<T extends string>(p: URLSearchParams, name: string, allowed: readonly T[], fallback?: T): T {
	const v = p.get(name) ?? fallback;
	if (v === undefined || !(allowed as readonly string[]).includes(v)) throw new FilterError(`${name} must be one of ${allowed.join(', ')}`);
	return v as T;
}

function positive(p: URLSearchParams, name: string, fallback: number, max: number): number {
	const raw = p.get(name);
	if (raw === null || raw === '') return fallback;
	const v = Number(raw);
	if (!Number.isFinite(v) || v <= 0 || v > max) throw new FilterError(`${name} must be a number from 0 to ${max}`);
	return v;
}

function month(p: URLSearchParams, name: string): string | null {
	const v = p.get(name);
	if (v === null || v === '') return null;
	if (!isValidMonth(v)) throw new FilterError(`${name} must be a month YYYY-MM`);
	return v;
}

function text(p: URLSearchParams, name: string): string | null {
	const v = p.get(name);
	if (v === null) return null;
	if (v.length > 200 || /[\u0000-\u001f]/.test(v)) throw new FilterError(`${name} is not a valid value`);
	return v;
}

/** The filter options and the date span of the data, for the filter bar and default range. */
async function meta(wh: Warehouse) {
	const span = await wh.one<{ min_date: string | null; max_date: string | null }>(
		`SELECT strftime(min(created_at), '%Y-%m-%d') AS min_date, strftime(max(created_at), '%Y-%m-%d') AS max_date FROM ticket_facts`
	);
	const options = async (dim: string) =>
		(await wh.all<{ v: string }>(`SELECT value AS v FROM filter_options WHERE dim = $dim ORDER BY 1 LIMIT 2000`, { dim })).map((r) => r.v);
	const last = await lastCompleteMonth(wh);
	return {
		...span,
		last_complete_month: last,
		options: {
			region: await options('region'),
			city: await options('city'),
			model: await options('model'),
			team: await options('team'),
			team_type: ['internal', 'outsourced'],
			technician: await options('technician')
		},
		settings: loadSettings()
	};
}

/** The month an emerging-issue check looks at: the one asked for, else the last complete month up to the filter's end. */
async function issueMonth(wh: Warehouse, f: Filters, p: URLSearchParams): Promise<string | null> {
	const asked = month(p, 'month');
	if (asked) return asked;
	const last = await lastCompleteMonth(wh);
	if (f.to && last && f.to.slice(0, 7) < last) {
		const toMonth = f.to.slice(0, 7);
		return monthRange(toMonth).to === f.to ? toMonth : null;
	}
	return last;
}

export const QUERIES: Record<string, Handler> = {
	meta: async (wh) => json(await meta(wh)),
	kpis: async (wh, f) => json({ kpis: await kpis(wh, f), time_to_complete: await timeToComplete(wh, f) }),
	load_month: async (wh, f) => arrow(await loadByMonth(wh, f)),
	load_week: async (wh, f) => arrow(await loadByWeek(wh, f)),
	load_day: async (wh, f) => arrow(await loadByDay(wh, f)),
	peak_to_off: async (wh, f) => arrow(await peakToOffByYear(wh, f)),
	staffing: async (wh, f, p) =>
		json(
			await staffingPlan(wh, f, {
				jobsPerTechnicianPerDay: positive(p, 'jpd', loadSettings().staffing.jobs_per_technician_per_day, 100),
				workingDaysPerWeek: positive(p, 'wd', loadSettings().staffing.working_days_per_week, 7)
			})
		),
	rework_by: async (wh, f, p) => arrow(await reworkBy(wh, f, oneOf(p, 'dim', REWORK_DIMENSIONS))),
	rework_pareto: async (wh, f, p) => arrow(await reworkPareto(wh, f, oneOf(p, 'by', ['reason', 'responsibility'] as const))),
	rework_jobs: async (wh, f, p) => {
		const dim = p.has('dim') ? oneOf(p, 'dim', REWORK_DIMENSIONS) : null;
		const value = text(p, 'value');
		return arrow(await reworkedJobs(wh, f, dim ? { dim: dim as ReworkDimension, value } : undefined));
	},
	repeat_customer_month: async (wh, f) => arrow(await repeatCustomerByMonth(wh, f)),
	repeat_visit_by: async (wh, f, p) => arrow(await repeatVisitBy(wh, f, oneOf(p, 'by', ['model', 'team', 'month'] as const))),
	fault_pareto: async (wh, f, p) => {
		const r = await faultPareto(wh, f, oneOf(p, 'by', ['component', 'code'] as const));
		return arrow(r.rows);
	},
	fault_matrix: async (wh, f) => arrow(await modelComponentMatrix(wh, f)),
	nevada: async (wh, f) => arrow(await nevada(wh, f)),
	emerging: async (wh, f, p) => {
		const m = await issueMonth(wh, f, p);
		return json({ month: m, issues: m ? await emergingIssues(wh, { ...f, from: undefined, to: undefined }, m) : [] });
	},
	suppliers: async (wh, f) => arrow(await supplierView(wh, f)),
	review: async (wh, f, p) => {
		const m = month(p, 'month');
		if (!m) throw new FilterError('month YYYY-MM is required');
		return json(await monthlyReport(wh, m, { ...f, from: undefined, to: undefined }));
	},
	status: async (wh) => json(await warehouseStatus(wh)),
	rejects: async (wh, _f, p) => {
		const file = text(p, 'file');
		const q = text(p, 'q');
		const params: Record<string, string> = {};
		const conds: string[] = [];
		if (file) {
			conds.push('file = $file');
			params.file = file;
		}
		if (q) {
			conds.push(`(rule ILIKE '%' || $q || '%' OR column_name ILIKE '%' || $q || '%' OR value ILIKE '%' || $q || '%')`);
			params.q = q;
		}
		return arrow(
			await wh.all(
				`SELECT ingest_id, file, table_name, line, column_name, value, rule FROM rejects
				 ${conds.length ? 'WHERE ' + conds.join(' AND ') : ''} ORDER BY ingest_id DESC, file, line LIMIT 5000`,
				params
			)
		);
	}
};
