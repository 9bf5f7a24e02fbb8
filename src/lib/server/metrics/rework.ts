// Rework (docs/METRICS.md § Rework): jobs with at least one rework record ÷
// completed jobs (the measure rework_rate), overall and by group, the Pareto of
// reasons and the reworked jobs behind a group.
import { settings as configured } from '../config';
import type { Settings } from '../settings';
import { REWORK_DIMENSIONS, type ReworkDimension, type ReworkedJob } from '../../api/contract';
import type { Warehouse } from '../warehouse';
import { DIMENSIONS, type DimensionName, type Params } from './dimensions';
import { ticketWhere, type Filters } from './filters';
import { measure, measureRate, rateBy } from './measures';
import { paretoSQL, type GroupRate, type ParetoRow, type Rate } from './rate';

export { REWORK_DIMENSIONS, type ReworkDimension };
// every rework breakdown the contract offers is a dimension of the semantic layer
REWORK_DIMENSIONS satisfies readonly DimensionName[];

export const reworkRate = (wh: Warehouse, f: Filters, s: Settings = configured()): Promise<Rate> => measureRate(wh, f, 'rework_rate', s);

export async function reworkBy(wh: Warehouse, f: Filters, dim: ReworkDimension, s: Settings = configured()): Promise<GroupRate[]> {
	return (await rateBy(wh, f, 'rework_rate', dim, s)).groups;
}

/** Rework records of the filtered tickets by reason or responsibility, most frequent first. */
export async function reworkPareto(wh: Warehouse, f: Filters, by: 'reason' | 'responsibility'): Promise<ParetoRow[]> {
	const w = ticketWhere(f);
	return wh.all<ParetoRow>(
		paretoSQL(
			`SELECT coalesce(r.${by === 'reason' ? 'reason' : 'responsibility'}, 'unknown') AS key, count(*) AS count
			 FROM rework r JOIN ticket_facts t ON t.ticket_id = r.original_ticket_id WHERE ${w.sql} GROUP BY 1`
		),
		w.params
	);
}

/** The reworked jobs behind a bar: optionally only one group of one dimension. */
export async function reworkedJobs(
	wh: Warehouse,
	f: Filters,
	group?: { dim: ReworkDimension; value: string | null },
	limit = 500,
	s: Settings = configured()
): Promise<ReworkedJob[]> {
	const reworked = measure('rework_rate', s).num;
	const w = ticketWhere(f);
	const params: Params = { ...w.params, lim: limit };
	const tenure = DIMENSIONS.tenure.expr('t', s, params);
	let cond = 'TRUE';
	if (group) {
		const e = DIMENSIONS[group.dim].expr('t', s, params);
		if (group.value === null) cond = `${e} IS NULL`;
		else {
			cond = `${e} = $grp`;
			params.grp = group.value;
		}
	}
	return wh.all<ReworkedJob>(
		`SELECT t.ticket_id, strftime(t.created_at, '%Y-%m-%d %H:%M') AS created_at, t.type, t.technician_id, t.team,
		        t.team_type, ${tenure} AS tenure, t.product_model, r.rework_id, strftime(r.rework_date, '%Y-%m-%d') AS rework_date,
		        r.reason, r.responsibility
		 FROM ticket_facts t JOIN rework r ON r.original_ticket_id = t.ticket_id
		 WHERE ${reworked} AND ${w.sql} AND ${cond}
		 ORDER BY t.created_at DESC, r.rework_id LIMIT $lim`,
		params
	);
}
