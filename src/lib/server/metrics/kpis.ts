// The six headline rates of the overview and the monthly review, each against
// its target and against the previous period and the same period a year earlier.
import type { Warehouse } from '../warehouse';
import { loadSettings, meetsTarget, type KpiName, type Target } from '../settings';
import { shiftPeriod, type Filters } from './filters';
import { measureRates } from './measures';
import type { Rate } from './rate';

export const KPI_NAMES: KpiName[] = [
	'rework_rate',
	'repeat_customer_share',
	'repeat_visit_rate',
	'on_time_rate',
	'satisfaction_rate',
	'complaint_rate'
];

export interface Kpi extends Rate {
	target?: Target;
	meets_target: boolean | null;
	/** value in the previous period of the same length */
	previous: number | null;
	previous_rate: Rate | null;
	/** value in the same period one year earlier */
	same_period_last_year: number | null;
	same_period_last_year_rate: Rate | null;
}

/** All six for the period, the previous period and the same period last year: one query per period. */
export async function kpis(wh: Warehouse, f: Filters): Promise<Record<KpiName, Kpi>> {
	const periods = [f, shiftPeriod(f, 'previous'), shiftPeriod(f, 'last_year')];
	const present = periods.filter((p): p is Filters => p !== null);
	const rates = await measureRates(wh, present, KPI_NAMES);
	const at = (p: Filters | null) => (p ? rates[present.indexOf(p)] : null);
	const targets = loadSettings().targets;
	return Object.fromEntries(
		KPI_NAMES.map((name, k) => {
			const current = rates[0][k];
			const previous = at(periods[1])?.[k] ?? null;
			const lastYear = at(periods[2])?.[k] ?? null;
			const target = targets[name];
			const kpi: Kpi = {
				...current,
				...(target ? { target } : {}),
				meets_target: meetsTarget(current.value, target),
				previous: previous?.value ?? null,
				previous_rate: previous,
				same_period_last_year: lastYear?.value ?? null,
				same_period_last_year_rate: lastYear
			};
			return [name, kpi];
		})
	) as Record<KpiName, Kpi>;
}
