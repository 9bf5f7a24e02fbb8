// Service-level KPIs (docs/METRICS.md § Service-level KPIs).
import type { TimeToComplete } from '../../api/rows';
import { settings as configured } from '../config';
import type { Settings } from '../settings';
import type { Warehouse } from '../warehouse';
import { ticketWhere, type Filters } from './filters';
import { measureRate } from './measures';
import type { Rate } from './rate';

export const onTimeRate = (wh: Warehouse, f: Filters, s: Settings = configured()): Promise<Rate> => measureRate(wh, f, 'on_time_rate', s);
export const satisfactionRate = (wh: Warehouse, f: Filters, s: Settings = configured()): Promise<Rate> =>
	measureRate(wh, f, 'satisfaction_rate', s);
/** complaint tickets ÷ all other tickets */
export const complaintRate = (wh: Warehouse, f: Filters, s: Settings = configured()): Promise<Rate> =>
	measureRate(wh, f, 'complaint_rate', s);

/**
 * Created to completed: the tickets with a completion, the mean and the median hours. The gaps are whole
 * microseconds (integers: the sum and the middle values exact, and at 10M half the work of differences of epoch
 * seconds), turned into hours at the end.
 */
export async function timeToComplete(wh: Warehouse, f: Filters): Promise<TimeToComplete> {
	const w = ticketWhere(f);
	return wh.one<TimeToComplete>(
		`SELECT count(*) AS tickets, avg(gap) / 3600e6 AS mean_hours, median(gap) / 3600e6 AS median_hours
		 FROM (SELECT epoch_us(t.completed_at) - epoch_us(t.created_at) AS gap FROM ticket_facts t WHERE t.completed_at IS NOT NULL AND ${w.sql})`,
		w.params
	);
}
