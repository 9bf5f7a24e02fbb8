// The dashboard's data sources: each one's name, the parameters it takes
// beyond the filters, how it travels (Arrow for series, JSON for small
// payloads) and what it returns, declared once. The server's handlers
// (src/lib/server/api/queries.ts) are typed by it; the pages ask through
// source() in src/lib/client/api.ts.
import { month, oneOf, optionalOneOf, positive, share, text, type ParamSpec, type ParamValues } from './params';
import type * as R from './rows';

export const REWORK_DIMENSIONS = ['team_type', 'tenure', 'team', 'technician', 'model', 'region', 'month'] as const;
export type ReworkDimension = (typeof REWORK_DIMENSIONS)[number];
/** The columns the rework jobs list can be ordered by on the server (a header click, since the list comes a page at a time). */
export const REWORK_JOB_SORTS = [
	'ticket_id',
	'created_at',
	'type',
	'technician_id',
	'technician_name',
	'team',
	'team_type',
	'tenure',
	'product_model',
	'rework_id',
	'rework_date',
	'reason',
	'responsibility'
] as const;
export type ReworkJobSort = (typeof REWORK_JOB_SORTS)[number];
/** Rows a page of the rework jobs list holds when the call does not say, and the most one call returns (an export). */
export const REWORK_JOBS_PAGE = 100;
export const REWORK_JOBS_MAX = 100_000;
export const REPEAT_VISIT_DIMENSIONS = ['model', 'team', 'month'] as const;

interface SourceSpec {
	format: 'arrow' | 'json';
	params: Record<string, ParamSpec>;
}

/** The staffing plan's what-if inputs, as the seasonal page keeps them in its URL. */
export const STAFFING_WHAT_IFS = {
	/** demand quantile, 0.01–0.99 */
	quantile: positive(0.99),
	/** jobs per technician per day (every job takes hours per day ÷ this); absent: hours per job by type */
	jpd: positive(100),
	/** a technician's working hours per day */
	hpd: positive(24),
	/** working days per week */
	wd: positive(7),
	/** overtime as a share of the normal week */
	overtime: share(2),
	/** share of the needed technicians from outsourced partners */
	outsourced: share(1),
	/** weeks planned (a whole number up to 104) */
	weeks: positive(104)
} as const;

export const SOURCES = {
	meta: { format: 'json', params: {} },
	kpis: { format: 'json', params: {} },
	load_month: { format: 'arrow', params: {} },
	load_week: { format: 'arrow', params: {} },
	load_day: { format: 'arrow', params: {} },
	peak_to_off: { format: 'arrow', params: {} },
	seasonal_forecast: { format: 'json', params: {} },
	// the staffing plan's what-ifs (docs/METRICS.md § Staffing); region and team come from the filters
	staffing_plan: { format: 'json', params: STAFFING_WHAT_IFS },
	staffing_breakdown: { format: 'json', params: { dim: oneOf(['region', 'team']), ...STAFFING_WHAT_IFS } },
	staffing_backtest: { format: 'json', params: STAFFING_WHAT_IFS },
	rework_by: { format: 'arrow', params: { dim: oneOf(REWORK_DIMENSIONS) } },
	rework_pareto: { format: 'arrow', params: { by: oneOf(['reason', 'responsibility']) } },
	// one page of the jobs list: offset and limit are whole numbers (checked by the handler), every row carries the list's total
	rework_jobs: {
		format: 'arrow',
		params: {
			dim: optionalOneOf(REWORK_DIMENSIONS),
			value: text,
			offset: share(1_000_000_000),
			limit: positive(REWORK_JOBS_MAX),
			sort: optionalOneOf(REWORK_JOB_SORTS),
			order: optionalOneOf(['asc', 'desc'])
		}
	},
	repeat_customer_month: { format: 'arrow', params: {} },
	repeat_visit_by: { format: 'arrow', params: { by: oneOf(REPEAT_VISIT_DIMENSIONS) } },
	// the Pareto's rows and the repairs left out of it because the field was not recorded (a handful of rows: JSON)
	fault_pareto: { format: 'json', params: { by: oneOf(['component', 'code']) } },
	fault_matrix: { format: 'arrow', params: {} },
	nevada: { format: 'arrow', params: {} },
	emerging: { format: 'json', params: { month: month(false) } },
	suppliers: { format: 'arrow', params: {} },
	// period: '2026-W42' | '2026-10' | '2026-Q3' (src/lib/periods.ts), checked by the handler; month: the older name for a month
	review: { format: 'json', params: { period: text, month: month(false) } },
	status: { format: 'json', params: {} },
	rejects: { format: 'arrow', params: { file: text, q: text } }
} as const satisfies Record<string, SourceSpec>;

/** What each data source returns. */
export interface SourceData {
	meta: R.Meta;
	kpis: R.Kpis;
	load_month: R.LoadRow[];
	load_week: (R.LoadRow & { week_start: string })[];
	load_day: R.DayLoadRow[];
	peak_to_off: R.PeakToOffRow[];
	/** null: under 12 complete months of history, no forecast */
	seasonal_forecast: R.MonthlyForecast | null;
	/** null: under 52 whole weeks of history in the scope */
	staffing_plan: R.StaffingPlanData | null;
	staffing_breakdown: R.StaffingBreakdownRow[];
	staffing_backtest: R.StaffingBacktest | null;
	rework_by: R.GroupRateRow[];
	rework_pareto: R.ParetoRow[];
	rework_jobs: R.ListedReworkedJob[];
	repeat_customer_month: R.MonthRateRow[];
	repeat_visit_by: R.GroupRateRow[];
	fault_pareto: R.FaultPareto;
	fault_matrix: R.MatrixCell[];
	nevada: R.NevadaCell[];
	emerging: R.Emerging;
	suppliers: R.SupplierRow[];
	review: R.Review;
	status: R.Status;
	rejects: R.RejectRow[];
}

export type SourceName = keyof typeof SOURCES;
export type SourceParams<N extends SourceName> = ParamValues<(typeof SOURCES)[N]['params']>;

export type * from './rows';
