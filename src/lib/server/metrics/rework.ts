// Rework (docs/METRICS.md § Rework): jobs with at least one rework record ÷
// completed jobs (the measure rework_rate), overall and by group, the Pareto of
// reasons and the reworked jobs behind a group.
import { settings as configured } from '../config';
import type { Settings } from '../settings';
import {
	REWORK_DIMENSIONS,
	REWORK_JOBS_PAGE,
	REWORK_JOBS_MAX,
	type ReworkDimension,
	type ReworkJobSort,
	type ListedReworkedJob
} from '../../api/contract';
import type { Warehouse } from '../warehouse';
import { DIMENSIONS, type DimensionName, type Params } from './dimensions';
import { FilterError, ticketWhere, type Filters } from './filters';
import { measure, measureRate, rateBy } from './measures';
import { paretoSQL, type GroupRate, type ParetoRow, type Rate } from './rate';
import { technicianNameSQL, withTechnicianNames } from './technicians';

export { REWORK_DIMENSIONS, type ReworkDimension };
// every rework breakdown the contract offers is a dimension of the semantic layer
REWORK_DIMENSIONS satisfies readonly DimensionName[];

export const reworkRate = (wh: Warehouse, f: Filters, s: Settings = configured()): Promise<Rate> => measureRate(wh, f, 'rework_rate', s);

/** The rework rate by group; by technician, each with the roster's name beside the id. */
export async function reworkBy(wh: Warehouse, f: Filters, dim: ReworkDimension, s: Settings = configured()): Promise<GroupRate[]> {
	const groups = (await rateBy(wh, f, 'rework_rate', dim, s)).groups;
	return dim === 'technician' ? withTechnicianNames(wh, groups) : groups;
}

/**
 * The CTE reworked_tickets: the facts rows (alias t) that `where` picks among those with a rework record
 * (ticket_facts.reworked, a few in a hundred), with `columns`. Materialized: joined to rework as it is, the join's
 * filter on the records' ticket ids would be pushed into the scan of the facts and read every ticket id of the period
 * (at 10M, twice the work of the whole Pareto).
 */
const reworkedTickets = (where: string, columns = 't.ticket_id') =>
	`reworked_tickets AS MATERIALIZED (SELECT ${columns} FROM ticket_facts t WHERE t.reworked AND ${where})`;

/** Rework records of the filtered tickets by reason or responsibility, most frequent first. */
export async function reworkPareto(wh: Warehouse, f: Filters, by: 'reason' | 'responsibility'): Promise<ParetoRow[]> {
	const w = ticketWhere(f);
	return wh.all<ParetoRow>(
		paretoSQL(
			`WITH ${reworkedTickets(w.sql)}
			 SELECT coalesce(r.${by === 'reason' ? 'reason' : 'responsibility'}, 'unknown') AS key, count(*) AS count
			 FROM rework r SEMI JOIN reworked_tickets t ON t.ticket_id = r.original_ticket_id GROUP BY 1`
		),
		w.params
	);
}

/** One page of a jobs list: where it starts, how many rows, and the order (default: the newest job first). */
export interface JobsPage {
	offset?: number | null;
	limit?: number | null;
	sort?: ReworkJobSort | null;
	order?: 'asc' | 'desc' | null;
}

/** What each sortable column of the jobs list orders by (tenure by days in the job, not by its band's name): a column of the ticket (t) or of its rework record (r). */
const SORT_SQL: Record<ReworkJobSort, string> = {
	ticket_id: 't.ticket_id',
	created_at: 't.created_at',
	type: 't.type',
	technician_id: 't.technician_id',
	technician_name: technicianNameSQL('t'),
	team: 't.team',
	team_type: 't.team_type',
	tenure: 't.tenure_days',
	product_model: 't.product_model',
	rework_id: 'r.rework_id',
	rework_date: 'r.rework_date',
	reason: 'r.reason',
	responsibility: 'r.responsibility'
};

const whole = (name: string, v: number, min: number, max: number) => {
	if (!Number.isInteger(v) || v < min || v > max) throw new FilterError(`${name} must be a whole number from ${min} to ${max}`);
	return v;
};

/**
 * The reworked jobs behind a bar (optionally only one group of one dimension),
 * one page of them: each row also carries `total`, the number of jobs in the
 * whole list, so that the pages can say where they are and reach every job.
 */
export async function reworkedJobs(
	wh: Warehouse,
	f: Filters,
	group?: { dim: ReworkDimension; value: string | null },
	page: JobsPage = {},
	s: Settings = configured()
): Promise<ListedReworkedJob[]> {
	const reworked = measure('rework_rate', s).num;
	const w = ticketWhere(f);
	const params: Params = {
		...w.params,
		lim: whole('limit', page.limit ?? REWORK_JOBS_PAGE, 1, REWORK_JOBS_MAX),
		off: whole('offset', page.offset ?? 0, 0, Number.MAX_SAFE_INTEGER)
	};
	let cond = 'TRUE';
	if (group) {
		const e = DIMENSIONS[group.dim].expr('t', s, params);
		if (group.value === null) cond = `${e} IS NULL`;
		else {
			cond = `${e} = $grp`;
			params.grp = group.value;
		}
	}
	const jobs = `${reworked} AND ${w.sql} AND ${cond}`;
	// a listed row from a job t and a record r, formatted and named (done for the page's rows alone)
	const listed = (r: string, total: string) =>
		`t.ticket_id, strftime(t.created_at, '%Y-%m-%d %H:%M') AS created_at, t.type, t.technician_id, ${technicianNameSQL('t')} AS technician_name,
		 t.team, t.team_type, ${DIMENSIONS.tenure.expr('t', s, params)} AS tenure, t.product_model, ${r}.rework_id,
		 strftime(${r}.rework_date, '%Y-%m-%d') AS rework_date, ${r}.reason, ${r}.responsibility, ${total} AS total`;
	const newestFirst = !page.sort || (page.sort === 'created_at' && page.order === 'desc');
	return wh.all<ListedReworkedJob>(newestFirst ? newestJobsSQL(jobs, listed) : sortedJobsSQL(jobs, page, listed), params);
}

/**
 * The page in the default order (the newest job first, then rework id). Every job has a record, so the page's records
 * all belong to jobs no older than the newest offset + limit jobs' oldest: only those are joined to their records;
 * the total is a count of the records of all of them; the page's own rows are fetched by row id.
 */
function newestJobsSQL(jobs: string, listed: (r: string, total: string) => string): string {
	return `WITH ${reworkedTickets(jobs, 't.rowid AS rid, t.ticket_id, t.created_at')},
		 since AS (SELECT min(created_at) AS oldest FROM (SELECT created_at FROM reworked_tickets ORDER BY created_at DESC LIMIT $off + $lim)),
		 page AS MATERIALIZED (
		   SELECT t.rid, r.rowid AS rrid, t.created_at, r.rework_id FROM reworked_tickets t JOIN rework r ON r.original_ticket_id = t.ticket_id
		   WHERE t.created_at >= (SELECT oldest FROM since) ORDER BY t.created_at DESC, r.rework_id LIMIT $lim OFFSET $off)
		 SELECT ${listed('r', '(SELECT count(*) FROM rework r SEMI JOIN reworked_tickets t ON t.ticket_id = r.original_ticket_id)')}
		 FROM page p
		 JOIN (SELECT rowid AS rid, * FROM ticket_facts WHERE rowid IN (SELECT rid FROM page)) t ON t.rid = p.rid
		 JOIN (SELECT rowid AS rrid, * FROM rework WHERE rowid IN (SELECT rrid FROM page)) r ON r.rrid = p.rrid
		 ORDER BY p.created_at DESC, p.rework_id`;
}

/**
 * The page in another order: the jobs' raw columns joined to their records, counted whole and cut to the page
 * (the asked column first, empty cells last either way; then the default order, which is total: rework ids are unique).
 */
function sortedJobsSQL(jobs: string, page: JobsPage, listed: (r: string, total: string) => string): string {
	const key = SORT_SQL[page.sort!];
	const onRework = key.startsWith('r.');
	const order = (a: string) => `${a}sort_key ${page.order === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, ${a}created_at DESC, ${a}rework_id`;
	const columns = `t.ticket_id, t.created_at, t.type, t.technician_id, t.team, t.team_type, t.tenure_days, t.product_model`;
	return `WITH ${reworkedTickets(jobs, `${columns}, ${onRework ? 'NULL' : key} AS sort_key`)},
		 page AS (
		   SELECT ${columns}, r.rework_id, r.rework_date, r.reason, r.responsibility, ${onRework ? key : 't.sort_key'} AS sort_key,
		          count(*) OVER () AS total
		   FROM reworked_tickets t JOIN rework r ON r.original_ticket_id = t.ticket_id
		   ORDER BY ${order('')} LIMIT $lim OFFSET $off)
		 SELECT ${listed('t', 't.total')} FROM page t ORDER BY ${order('t.')}`;
}
