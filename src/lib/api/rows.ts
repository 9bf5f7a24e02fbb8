// What each data source returns, row by row: the one description the server's
// handlers are checked against and the pages read. Field names are the
// server's (snake_case), as they travel.
import type { KpiName, Target } from '../kpi';
import type { GroupVerdict } from '../stats/limits';

export interface Rate {
	numerator: number;
	denominator: number;
	value: number | null;
}

/** A rate by group (src/lib/server/metrics/measures.ts rateBy) with its interval and its verdict against the overall rate. */
export interface GroupRateRow extends Rate {
	group: string | null;
	/** by technician: technicians.name beside the id (src/lib/server/metrics/technicians.ts); null when the roster has none */
	name?: string | null;
	/** 95 % Wilson interval of the group's rate */
	ci_low: number | null;
	ci_high: number | null;
	/**
	 * The verdict against the overall rate p̄ for a group of this size: exact
	 * binomial tails at the 3σ level, widened for overdispersion when the groups
	 * vary more than chance allows (stats/limits.ts groupVerdict, docs/METRICS.md).
	 */
	verdict: GroupVerdict;
	/** the exact (funnel) limits around p̄ for this group's size, widened by √φ when overdispersion is used */
	limit_low: number | null;
	limit_high: number | null;
	/** the upper limit the charts draw: limit_high (the normal approximation p̄ + 3σ is no longer used: it flags small groups by chance) */
	ucl: number | null;
	/** verdict === 'above': the flag the charts colour by and the findings name */
	above_control_limit: boolean;
}

export interface ParetoRow {
	key: string;
	count: number;
	share: number;
	cumulative_share: number;
}

/** The repairs of a filter by fault component or code; those without the field recorded are counted apart. */
export interface FaultPareto {
	rows: ParetoRow[];
	/** repair tickets in the filter without the field recorded: not in the rows */
	unrecorded: number;
}

export interface KpiFigure extends Rate {
	target?: Target;
	meets_target: boolean | null;
	previous: number | null;
	same_period_last_year: number | null;
	/** follow-up window still open at the data's end for part of the jobs (metrics/maturity.ts): the figure can still rise */
	provisional?: boolean;
	open_share?: number | null;
	window_days?: number | null;
	final_on?: string | null;
	not_enough_history?: boolean;
	previous_provisional?: boolean;
	same_period_last_year_provisional?: boolean;
	/** each change with Fisher's exact test (stats/compare.ts) */
	previous_change?: ChangeTest | null;
	same_period_last_year_change?: ChangeTest | null;
}

export interface ChangeTest {
	diff: number;
	p_value: number;
	ci_low: number;
	ci_high: number;
	significant: boolean;
}

export interface TimeToComplete {
	tickets: number;
	mean_hours: number | null;
	median_hours: number | null;
}

export interface Kpis {
	kpis: Record<KpiName, KpiFigure>;
	time_to_complete: TimeToComplete;
}

export interface LoadRow {
	period: string;
	type: string;
	tickets: number;
}

export interface DayLoadRow {
	day: string;
	tickets: number;
}

export interface PeakToOffRow {
	year: number;
	ratio: number;
	peak_month: number;
	peak_per_day: number;
	off_month: number;
	off_per_day: number;
}

export interface MonthValue {
	month: string /* 'YYYY-MM' */;
	value: number;
}

/** A forecast month with its 80 % and 95 % prediction intervals (null when no interval can be estimated). */
export interface ForecastMonth extends MonthValue {
	lo80: number | null;
	hi80: number | null;
	lo95: number | null;
	hi95: number | null;
}

/** Forecast error on data the model did not see (src/lib/server/metrics/forecast.ts). */
export interface ForecastEvaluation {
	/** 'holdout-last-season' (≥ 36 months) or 'rolling-origin' (12–35 months) */
	method: 'holdout-last-season' | 'rolling-origin';
	/** forecasts compared with actuals (origin × horizon pairs for rolling origin) */
	forecasts: number;
	/** fitting origins (1 for the held-back season) */
	origins: number;
	/** mean absolute error, in jobs per month; null when no forecast could be checked */
	mae: number | null;
	/** mean absolute percentage error (a fraction) over actuals > 0; null when there are none */
	mape: number | null;
	/** share of actuals inside the 80 % / 95 % intervals, over forecasts that had an interval (null when none had) */
	coverage80: number | null;
	coverage95: number | null;
}

/** The 12-month seasonal forecast as the page draws it (the server's Forecast carries a little more). */
export interface SeasonalForecast {
	/** 'seasonal-naive-with-growth' when g was estimated, 'seasonal-naive' when g = 1 by rule. */
	method: string;
	/** The method and where it is described, in words for the page. */
	method_reference: string;
	/** Year-over-year factor applied to last year's values. */
	growth: number;
	/** The next months after the last input month, with their intervals. */
	points: ForecastMonth[];
	/**
	 * Error on the last held-out season (≥ 24 months of input only): the model is
	 * refitted without the last 12 months and forecasts them. MAPE is a fraction,
	 * averaged over held-out months with y > 0 (NaN if there are none); MAE is
	 * averaged over all 12 months.
	 */
	holdout: { months: MonthValue[]; forecast: MonthValue[]; mape: number; mae: number } | null;
	/** The error on held-back data, always: the held-back season with ≥ 36 months, rolling origin below. */
	evaluation: ForecastEvaluation;
}

/** Jobs per month with the 12-month seasonal forecast, its intervals and its error on held-back data. */
export interface MonthlyForecast {
	forecast: SeasonalForecast;
	history: MonthValue[];
}

// The staffing engine's own types (src/lib/server/staffing): type-only, nothing of the server reaches the browser.
export type {
	StaffingPlan as StaffingPlanData,
	PlanWeek as StaffingPlanWeek,
	BreakdownRow as StaffingBreakdownRow,
	PlanBacktest as StaffingBacktest
} from '../server/staffing';

export interface ReworkedJob {
	ticket_id: string;
	created_at: string;
	type: string;
	technician_id: string | null;
	/** technicians.name (the roster's 姓名), shown beside the id */
	technician_name: string | null;
	team: string | null;
	team_type: string | null;
	tenure: string;
	product_model: string | null;
	rework_id: string;
	rework_date: string;
	reason: string | null;
	responsibility: string | null;
}

/** A job of one page of the jobs list, with the number of jobs in the whole list (the same on every row). */
export interface ListedReworkedJob extends ReworkedJob {
	total: number;
}

export interface MonthRateRow extends Rate {
	month: string;
}

export interface MatrixCell {
	product_model: string;
	fault_component: string;
	repairs: number;
	/** install tickets of the model up to the end of the period (any earlier date), where known */
	installs: number | null;
	rate_per_1000: number | null;
}

export interface NevadaCell {
	production_month: string;
	months_in_service: number;
	repairs: number;
}

export interface EmergingIssue {
	product_model: string;
	fault_component: string;
	month: string;
	count: number;
	baseline: number;
	p_value: number;
	history: { month: string; count: number }[];
}

export interface Emerging {
	month: string | null;
	issues: EmergingIssue[];
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

export interface ReviewKpi extends Rate {
	target?: Target;
	meets_target: boolean | null;
	previous: number | null;
	same_month_last_year: number | null;
}

export interface Review {
	month: string;
	kpis: Record<KpiName, ReviewKpi>;
	rework_by_team_type: GroupRateRow[];
	rework_by_tenure: GroupRateRow[];
	fault_pareto: { fault_component: string; count: number; share: number; cumulative_share: number }[];
	/** repairs of the period without a fault component recorded: in no row of fault_pareto (absent from older reports) */
	fault_unrecorded?: number;
	emerging_issues: EmergingIssue[];
	peak_to_off_detail: PeakToOffRow[];
	time_to_complete: TimeToComplete;
	new_installer_rework_crisis: number;
}

export interface Status {
	tables: { tickets: number; rework: number; parts: number; technicians: number; rejects: number };
	ingests: {
		ingest_id: number;
		file: string;
		table: string | null;
		encoding: string | null;
		at: string;
		rows_read: number;
		rows_loaded: number;
		rows_rejected: number;
		/** when `npm run ingest -- --undo` put back what this ingest changed */
		undone_at: string | null;
	}[];
}

export interface RejectRow {
	ingest_id: number;
	file: string;
	table_name: string;
	line: number | null;
	column_name: string | null;
	value: string | null;
	rule: string;
}

/** The settings the pages read (targets, knobs shown in notes and labels). */
export interface PageSettings {
	targets: Partial<Record<KpiName, Target>>;
	new_installer_rework_crisis: number;
	tenure_days: { new_below: number; developing_below: number };
	repeat_visit_days: number;
	emerging: { baseline_months: number; p_value: number; min_cases: number; min_baseline: number };
	staffing: { jobs_per_technician_per_day: number; working_days_per_week: number };
}

export interface Meta {
	min_date: string | null;
	max_date: string | null;
	last_complete_month: string | null;
	options: Record<'region' | 'city' | 'model' | 'team' | 'team_type' | 'technician', string[]>;
	/** the cities each region's tickets name (the filter bar's City follows Region); empty until the warehouse has the pairs */
	region_cities: Record<string, string[]>;
	settings: PageSettings;
}
