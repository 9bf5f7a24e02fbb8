// Targets and the definitions' knobs (docs/METRICS.md), read from one file:
// fieldloop.settings.json at the project root, or the file FIELDLOOP_SETTINGS names.
import { existsSync, readFileSync } from 'node:fs';

export type KpiName =
	'rework_rate' | 'repeat_customer_share' | 'repeat_visit_rate' | 'on_time_rate' | 'satisfaction_rate' | 'complaint_rate';

export type Target = { min: number } | { max: number };

export interface Settings {
	targets: Record<KpiName, Target>;
	new_installer_rework_crisis: number;
	promised_response: { unknown_distance_hours: number; bands: { max_km: number | null; hours: number }[] };
	satisfied_min_score: number;
	tenure_days: { new_below: number; developing_below: number };
	repeat_visit_days: number;
	/** days after a job's created date within which a rework is expected (follow-up maturity, docs/METRICS.md) */
	rework_followup_days: number;
	emerging: { baseline_months: number; p_value: number; min_cases: number; min_baseline: number };
	staffing: { jobs_per_technician_per_day: number; working_days_per_week: number };
	/** largest file the browser upload accepts */
	upload_max_mb: number;
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
	emerging: { baseline_months: 6, p_value: 0.01, min_cases: 5, min_baseline: 0.5 },
	staffing: { jobs_per_technician_per_day: 4, working_days_per_week: 6 },
	upload_max_mb: 200
};

let cached: Settings | null = null;

export function loadSettings(path = process.env.FIELDLOOP_SETTINGS ?? 'fieldloop.settings.json'): Settings {
	if (cached && !process.env.FIELDLOOP_SETTINGS) return cached;
	const fromFile = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Partial<Settings>) : {};
	const s: Settings = {
		...DEFAULT_SETTINGS,
		...fromFile,
		targets: { ...DEFAULT_SETTINGS.targets, ...(fromFile.targets ?? {}) },
		emerging: { ...DEFAULT_SETTINGS.emerging, ...(fromFile.emerging ?? {}) },
		staffing: { ...DEFAULT_SETTINGS.staffing, ...(fromFile.staffing ?? {}) },
		tenure_days: { ...DEFAULT_SETTINGS.tenure_days, ...(fromFile.tenure_days ?? {}) }
	};
	cached = s;
	return s;
}

export function meetsTarget(value: number | null, target: Target | undefined): boolean | null {
	if (value === null || target === undefined) return null;
	// min: at least; max: under (the memos' "complaint rate < 3%")
	return 'min' in target ? value >= target.min : value < target.max;
}
