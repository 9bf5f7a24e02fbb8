// The dashboard's data sources: each one's name, the parameters it takes
// beyond the filters, how it travels (Arrow for series, JSON for small
// payloads) and what it returns, declared once. The server's handlers
// (src/lib/server/api/queries.ts) are typed by it; the pages ask through
// source() in src/lib/client/api.ts.
import { month, oneOf, optionalOneOf, positive, text, type ParamSpec, type ParamValues } from './params';
import type * as R from './rows';

export const REWORK_DIMENSIONS = ['team_type', 'tenure', 'team', 'technician', 'model', 'region', 'month'] as const;
export type ReworkDimension = (typeof REWORK_DIMENSIONS)[number];
export const REPEAT_VISIT_DIMENSIONS = ['model', 'team', 'month'] as const;

interface SourceSpec {
	format: 'arrow' | 'json';
	params: Record<string, ParamSpec>;
}

export const SOURCES = {
	meta: { format: 'json', params: {} },
	kpis: { format: 'json', params: {} },
	load_month: { format: 'arrow', params: {} },
	load_week: { format: 'arrow', params: {} },
	load_day: { format: 'arrow', params: {} },
	peak_to_off: { format: 'arrow', params: {} },
	staffing: { format: 'json', params: { jpd: positive(100), wd: positive(7) } },
	rework_by: { format: 'arrow', params: { dim: oneOf(REWORK_DIMENSIONS) } },
	rework_pareto: { format: 'arrow', params: { by: oneOf(['reason', 'responsibility']) } },
	rework_jobs: { format: 'arrow', params: { dim: optionalOneOf(REWORK_DIMENSIONS), value: text } },
	repeat_customer_month: { format: 'arrow', params: {} },
	repeat_visit_by: { format: 'arrow', params: { by: oneOf(REPEAT_VISIT_DIMENSIONS) } },
	fault_pareto: { format: 'arrow', params: { by: oneOf(['component', 'code']) } },
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
	/** null: under 12 months of history, no forecast */
	staffing: R.StaffingPlan | null;
	rework_by: R.GroupRateRow[];
	rework_pareto: R.ParetoRow[];
	rework_jobs: R.ReworkedJob[];
	repeat_customer_month: R.MonthRateRow[];
	repeat_visit_by: R.GroupRateRow[];
	fault_pareto: R.ParetoRow[];
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

/** Rows the rework_jobs source returns at most. */
export const REWORK_JOBS_LIMIT = 500;

export type * from './rows';
