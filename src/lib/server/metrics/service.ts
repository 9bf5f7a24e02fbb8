// Service-level KPIs (docs/METRICS.md § Service-level KPIs).
import type { TimeToComplete } from '../../api/rows';
import { completionAnswers, completionHours, completionSums, GAP_US, type GapSums } from '../completion-tier';
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
 * seconds), turned into hours at the end (completionHours, the same for both paths). A filter of whole months on
 * region, city, team and team type reads the maintained gap counts (completion-tier.ts: the same count, sum and
 * median), any other the facts.
 */
export async function timeToComplete(wh: Warehouse, f: Filters): Promise<TimeToComplete> {
	if (await completionAnswers(wh, f)) return completionHours(await completionSums(wh, f));
	const w = ticketWhere(f);
	return completionHours(
		await wh.one<GapSums>(
			`SELECT count(*) AS tickets, sum(gap) AS sum_us, median(gap) AS median_us
			 FROM (SELECT ${GAP_US} AS gap FROM ticket_facts t WHERE t.completed_at IS NOT NULL AND ${w.sql})`,
			w.params
		)
	);
}
