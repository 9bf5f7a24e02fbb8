// The six headline rates of the overview and the monthly review, each against
// its target and against the previous period and the same period a year earlier.
import type { Warehouse } from '../warehouse';
import { loadSettings, meetsTarget, type KpiName, type Target } from '../settings';
import { repeatCustomerShare, repeatVisitRate } from './customers';
import { shiftPeriod, type Filters } from './filters';
import type { Rate } from './rate';
import { reworkRate } from './rework';
import { complaintRate, onTimeRate, satisfactionRate } from './service';

export const KPI_NAMES: KpiName[] = [
	'rework_rate',
	'repeat_customer_share',
	'repeat_visit_rate',
	'on_time_rate',
	'satisfaction_rate',
	'complaint_rate'
];

const KPI: Record<KpiName, (wh: Warehouse, f: Filters) => Promise<Rate>> = {
	rework_rate: reworkRate,
	repeat_customer_share: repeatCustomerShare,
	repeat_visit_rate: repeatVisitRate,
	on_time_rate: onTimeRate,
	satisfaction_rate: satisfactionRate,
	complaint_rate: complaintRate
};

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

export async function kpi(wh: Warehouse, name: KpiName, f: Filters): Promise<Kpi> {
	const target = loadSettings().targets[name];
	const current = await KPI[name](wh, f);
	const prevF = shiftPeriod(f, 'previous');
	const lastF = shiftPeriod(f, 'last_year');
	const previous = prevF ? await KPI[name](wh, prevF) : null;
	const lastYear = lastF ? await KPI[name](wh, lastF) : null;
	return {
		...current,
		...(target ? { target } : {}),
		meets_target: meetsTarget(current.value, target),
		previous: previous?.value ?? null,
		previous_rate: previous,
		same_period_last_year: lastYear?.value ?? null,
		same_period_last_year_rate: lastYear
	};
}

/** All six, side by side on connections of their own (one connection runs one query at a time). */
export async function kpis(wh: Warehouse, f: Filters): Promise<Record<KpiName, Kpi>> {
	const values = await Promise.all(
		KPI_NAMES.map(async (name) => {
			const conn = await wh.fork();
			try {
				return await kpi(conn, name, f);
			} finally {
				conn.close();
			}
		})
	);
	return Object.fromEntries(KPI_NAMES.map((n, i) => [n, values[i]])) as Record<KpiName, Kpi>;
}
