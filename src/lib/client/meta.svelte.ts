// What the filter bar needs from the server once: option lists, the data's span, the default range.
import { fetchJson } from './api';

export interface Meta {
	min_date: string | null;
	max_date: string | null;
	last_complete_month: string | null;
	options: Record<'region' | 'city' | 'model' | 'team' | 'team_type' | 'technician', string[]>;
	settings: {
		targets: Record<string, { min: number } | { max: number }>;
		staffing: { jobs_per_technician_per_day: number; working_days_per_week: number };
		new_installer_rework_crisis: number;
		repeat_visit_days: number;
		emerging: { baseline_months: number; p_value: number; min_cases: number; min_baseline: number };
	};
}

export const meta = $state<{ current: Meta | null; error: string | null }>({ current: null, error: null });

let started = false;
export function loadMeta(): void {
	if (started) return;
	started = true;
	fetchJson<Meta>('meta', '')
		.then((m) => (meta.current = m))
		.catch((e) => (meta.error = e instanceof Error ? e.message : String(e)));
}
