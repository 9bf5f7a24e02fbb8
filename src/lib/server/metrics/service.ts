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

export async function timeToComplete(wh: Warehouse, f: Filters): Promise<TimeToComplete> {
	const w = ticketWhere(f);
	return wh.one<TimeToComplete>(
		`SELECT count(*) AS tickets,
		        avg(epoch(t.completed_at) - epoch(t.created_at)) / 3600 AS mean_hours,
		        median(epoch(t.completed_at) - epoch(t.created_at)) / 3600 AS median_hours
		 FROM ticket_facts t WHERE t.completed_at IS NOT NULL AND ${w.sql}`,
		w.params
	);
}
