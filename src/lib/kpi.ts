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

/**
 * Whether one job counted the other way would reverse the rate's verdict against its target (0 of 1 repeat
 * customers "misses ≥ 10%", 1 more would meet it): too few jobs to judge, so no colour, tick or finding is
 * shown, only the figure. The verdict describes the period's jobs as counted; this rule keeps it from
 * resting on a single job (docs/METRICS.md § Targets).
 */
export function oneJobDecides(k: { numerator: number; denominator: number; target?: Target }): boolean {
	const { numerator: x, denominator: n, target } = k;
	if (!target || n <= 0) return false;
	const meets = meetsTarget(x / n, target);
	const other = [x - 1, x + 1].filter((y) => y >= 0 && y <= n);
	return other.some((y) => meetsTarget(y / n, target) !== meets);
}
