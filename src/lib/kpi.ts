// The six headline rates by name, and what meeting a target means. Shared by
// the server (measures, settings, the report) and the pages (tiles, labels):
// the list is written here only. Each name's definition is in
// src/lib/server/metrics/measures.ts; its target in the settings.

export const KPI_NAMES = [
	'rework_rate',
	'repeat_customer_share',
	'repeat_visit_rate',
	'on_time_rate',
	'satisfaction_rate',
	'complaint_rate'
] as const;

export type KpiName = (typeof KPI_NAMES)[number];

/** At least `min`, or under `max`. */
export type Target = { min: number } | { max: number };

export function meetsTarget(value: number | null, target: Target | undefined): boolean | null {
	if (value === null || target === undefined) return null;
	// min: at least; max: under (the memos' "complaint rate < 3%")
	return 'min' in target ? value >= target.min : value < target.max;
}
