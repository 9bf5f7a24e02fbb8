// Rework (docs/METRICS.md § Rework): jobs with at least one rework record ÷
// completed jobs, overall and by group, with Wilson intervals and p-chart limits.
import type { Warehouse } from '../warehouse';
import { loadSettings } from '../settings';
import { ticketWhere, type Filters } from './filters';
import { JOB, measureRate } from './measures';
import { rate, withIntervals, type GroupRate, type ParetoRow, type Rate } from './rate';

export const REWORK_DIMENSIONS = ['team_type', 'tenure', 'team', 'technician', 'model', 'region', 'month'] as const;
export type ReworkDimension = (typeof REWORK_DIMENSIONS)[number];

/** The group of a job row (an alias of jobsSQL's output) for each dimension. */
function groupExpr(dim: ReworkDimension, a: string): string {
	switch (dim) {
		case 'technician':
			return `${a}.technician_id`;
		case 'model':
			return `${a}.product_model`;
		case 'month':
			return `strftime(${a}.created_at, '%Y-%m')`;
		default:
			return `${a}.${dim}`;
	}
}

/** Completed jobs in the filter, each with its reworked flag and its technician's tenure band on the job date (from ticket_facts). */
function jobsSQL(f: Filters): { sql: string; params: Record<string, string | number> } {
	const w = ticketWhere(f);
	const s = loadSettings().tenure_days;
	return {
		sql: `SELECT t.*,
		  CASE WHEN t.tenure_days IS NULL THEN 'unknown'
		       WHEN t.tenure_days < $new_below THEN 'new'
		       WHEN t.tenure_days < $developing_below THEN 'developing'
		       ELSE 'experienced' END AS tenure
		FROM ticket_facts t
		WHERE ${JOB} AND ${w.sql}`,
		params: { ...w.params, new_below: s.new_below, developing_below: s.developing_below }
	};
}

export const reworkRate = (wh: Warehouse, f: Filters): Promise<Rate> => measureRate(wh, f, 'rework_rate');

export async function reworkBy(wh: Warehouse, f: Filters, dim: ReworkDimension): Promise<GroupRate[]> {
	const j = jobsSQL(f);
	const rows = await wh.all<{ grp: string | null; n: number; x: number }>(
		`SELECT ${groupExpr(dim, 'j')} AS grp, count(*) AS n, count(*) FILTER (WHERE reworked) AS x
		 FROM (${j.sql}) j GROUP BY ALL ORDER BY ${dim === 'month' ? 'grp' : 'n DESC, grp'}`,
		j.params
	);
	const overall = rate(
		rows.reduce((a, r) => a + r.x, 0),
		rows.reduce((a, r) => a + r.n, 0)
	);
	return withIntervals(
		rows.map((r) => ({ group: r.grp, numerator: r.x, denominator: r.n })),
		overall
	);
}

/** Rework records of the filtered tickets by reason or responsibility, most frequent first. */
export async function reworkPareto(wh: Warehouse, f: Filters, by: 'reason' | 'responsibility'): Promise<ParetoRow[]> {
	const w = ticketWhere(f);
	return wh.all<ParetoRow>(
		`SELECT key, count, count / sum(count) OVER () AS share,
		        sum(count) OVER (ORDER BY count DESC, key ROWS UNBOUNDED PRECEDING) / sum(count) OVER () AS cumulative_share
		 FROM (SELECT coalesce(r.${by === 'reason' ? 'reason' : 'responsibility'}, 'unknown') AS key, count(*) AS count
		       FROM rework r JOIN ticket_facts t ON t.ticket_id = r.original_ticket_id
		       WHERE ${w.sql} GROUP BY 1)
		 ORDER BY count DESC, key`,
		w.params
	);
}

export interface ReworkedJob {
	ticket_id: string;
	created_at: string;
	type: string;
	technician_id: string | null;
	team: string | null;
	team_type: string | null;
	tenure: string;
	product_model: string | null;
	rework_id: string;
	rework_date: string;
	reason: string | null;
	responsibility: string | null;
}

/** The reworked jobs behind a bar: optionally only one group of one dimension. */
export async function reworkedJobs(
	wh: Warehouse,
	f: Filters,
	group?: { dim: ReworkDimension; value: string | null },
	limit = 500
): Promise<ReworkedJob[]> {
	const j = jobsSQL(f);
	const params: Record<string, string | number> = { ...j.params, lim: limit };
	let cond = 'TRUE';
	if (group) {
		const e = groupExpr(group.dim, 'j');
		if (group.value === null) cond = `${e} IS NULL`;
		else {
			cond = `${e} = $grp`;
			params.grp = group.value;
		}
	}
	return wh.all<ReworkedJob>(
		`SELECT j.ticket_id, strftime(j.created_at, '%Y-%m-%d %H:%M') AS created_at, j.type, j.technician_id, j.team,
		        j.team_type, j.tenure, j.product_model, r.rework_id, strftime(r.rework_date, '%Y-%m-%d') AS rework_date,
		        r.reason, r.responsibility
		 FROM (${j.sql}) j JOIN rework r ON r.original_ticket_id = j.ticket_id
		 WHERE j.reworked AND ${cond}
		 ORDER BY j.created_at DESC, r.rework_id LIMIT $lim`,
		params
	);
}
