// The staffing engine (docs/METRICS.md § Staffing): one plan for the CLI, the seasonal page and the review.
export {
	staffingOutlook,
	staffingPlan,
	STAFFING_DEFAULTS,
	type PlanOptions,
	type PlanWeek,
	type StaffingPlan,
	type StaffingSettingsInput
} from './plan';
export { planBacktest, type PlanBacktest } from './backtest';
export { erlangB, erlangC, onTimeShare } from './erlang';
export { staffingBreakdown, type BreakdownRow } from './breakdown';
