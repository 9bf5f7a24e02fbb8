// Targets and the definitions' knobs (docs/METRICS.md): their types and
// defaults. A settings file (fieldloop.settings.json, or the file
// FIELDLOOP_SETTINGS names) overrides any of them; ./config.ts reads, validates
// and merges it once. A new setting needs only a line in Settings and its
// default in DEFAULT_SETTINGS (the file is checked against their shape).
import type { KpiName, Target } from '../kpi';
import type { Webhook } from './cases/webhook';

export { meetsTarget, type KpiName, type Target } from '../kpi';

export interface Settings {
	targets: Record<KpiName, Target>;
	new_installer_rework_crisis: number;
	promised_response: { unknown_distance_hours: number; bands: { max_km: number | null; hours: number }[] };
	satisfied_min_score: number;
	tenure_days: { new_below: number; developing_below: number };
	repeat_visit_days: number;
	/** days after a job's created date within which a rework is expected (follow-up maturity, docs/METRICS.md) */
	rework_followup_days: number;
	emerging: {
		/** months of a pair's own history its expected share is estimated from, at most (docs/METRICS.md § Emerging issues) */
		history_months: number;
		/** fewer baseline months than this: not enough history, never an alarm */
		min_history_months: number;
		/** alarms a month expected by chance across all pairs tested together */
		false_alarms_per_month: number;
		/** the fewest repairs in the month that can raise an alarm */
		min_cases: number;
		/** knobs of the earlier Poisson check, kept so older settings files still load; not used */
		baseline_months: number;
		p_value: number;
		min_baseline: number;
	};
	staffing: {
		jobs_per_technician_per_day: number;
		working_days_per_week: number;
		/** staffing plan (docs/METRICS.md § Staffing): a technician's working hours per day */
		hours_per_day: number;
		/** work hours per job, travel included, by type */
		hours_per_job: { install: number; repair: number; maintenance: number };
		/** highest mean utilisation a plan may have */
		max_utilisation: number;
		/** demand quantile the plan staffs for */
		demand_quantile: number;
	};
	/** largest file the browser upload accepts */
	upload_max_mb: number;
	/** group robots / endpoints told of new alarms and reopened cases after an ingest (README § Quality cases) */
	webhooks: Webhook[];
}

export const DEFAULT_SETTINGS: Settings = {
	targets: {
		rework_rate: { max: 0.05 },
		repeat_customer_share: { min: 0.1 },
		repeat_visit_rate: { max: 0.05 },
		on_time_rate: { min: 0.9 },
		satisfaction_rate: { min: 0.85 },
		complaint_rate: { max: 0.03 }
	},
	new_installer_rework_crisis: 0.8,
	promised_response: {
		unknown_distance_hours: 24,
		bands: [
			{ max_km: 100, hours: 24 },
			{ max_km: null, hours: 48 }
		]
	},
	satisfied_min_score: 4,
	tenure_days: { new_below: 90, developing_below: 365 },
	repeat_visit_days: 30,
	rework_followup_days: 30,
	emerging: {
		history_months: 24,
		min_history_months: 12,
		false_alarms_per_month: 0.5,
		min_cases: 5,
		baseline_months: 6,
		p_value: 0.01,
		min_baseline: 0.5
	},
	staffing: {
		jobs_per_technician_per_day: 4,
		working_days_per_week: 6,
		hours_per_day: 8,
		hours_per_job: { install: 2.5, repair: 1.75, maintenance: 1.25 },
		max_utilisation: 0.85,
		demand_quantile: 0.8
	},
	upload_max_mb: 200,
	webhooks: []
};
