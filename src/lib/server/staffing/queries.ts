// The SQL the staffing plan reads: daily jobs, promised-hour bands, the roster, and what each past week did.
// Reads the loaded tables (tickets, technicians) and the daily rollup; every value is bound, never spliced.
import { columnConds } from '../metrics/filters';
import { route } from '../rollup';
import type { SqlRunner } from '../sql-runner';
import type { RosterMember } from './roster';

export interface Db {
	all<T>(sql: string, params?: Record<string, string | number>): Promise<T[]>;
}

export interface Scope {
	region?: string | null;
	team?: string | null;
}

export const JOB_TYPES = ['install', 'repair', 'maintenance'] as const;
export type JobType = (typeof JOB_TYPES)[number];

/** Jobs (installs, repairs, maintenance) in the scope: the WHERE clause and its parameters. */
function jobsWhere(scope: Scope, alias = 't'): { sql: string; params: Record<string, string | number> } {
	const w = scopeConds(scope, `${alias}.region`, `${alias}.team`);
	return { sql: [`${alias}.type IN ('install', 'repair', 'maintenance')`, ...w.conds].join(' AND '), params: w.params };
}

/** The scope's region and team (when set) as conditions on these columns ($region, $team). */
function scopeConds(scope: Scope, region: string, team: string) {
	return columnConds({ region: { column: region, value: scope.region || null }, team: { column: team, value: scope.team || null } }, '');
}

/** The last ticket's date (any type, any scope): where the data ends. */
export async function dataEnd(db: Db): Promise<string | null> {
	const [r] = await db.all<{ d: string | null }>(`SELECT strftime(max(created_at), '%Y-%m-%d') AS d FROM tickets`);
	return r?.d ?? null;
}

export interface DayJobs {
	day: string;
	type: JobType;
	jobs: number;
}

/**
 * Jobs per calendar day and type, in the scope, over the whole history (the forecast's seasons): read from the
 * daily rollup when it is there (its size follows days × groups, not tickets), else from the facts.
 */
export async function dailyJobs(db: Db, scope: Scope): Promise<DayJobs[]> {
	const w = jobsWhere(scope);
	const src = await route(db as SqlRunner, { region: scope.region || undefined, team: scope.team || undefined }, { columns: ['type'] });
	return db.all<DayJobs>(
		`SELECT strftime(d, '%Y-%m-%d') AS day, type, jobs FROM (
		   SELECT CAST(t.created_at AS DATE) AS d, t.type, ${src.count()} AS jobs FROM ${src.table} t WHERE ${w.sql} GROUP BY 1, 2)
		 ORDER BY 1, 2`,
		w.params
	);
}

export interface PromiseSettings {
	unknown_distance_hours: number;
	bands: { max_km: number | null; hours: number }[];
}

/** The promised hours of a ticket from the distance bands (settings.promised_response), as bound SQL. */
function promisedHoursSql(p: PromiseSettings, params: Record<string, string | number>, alias = 't'): string {
	params.unknown_h = p.unknown_distance_hours;
	const arms = p.bands.map((b, i) => {
		params[`band${i}_h`] = b.hours;
		if (b.max_km === null) return `ELSE $band${i}_h`;
		params[`band${i}_km`] = b.max_km;
		return `WHEN ${alias}.distance_km <= $band${i}_km THEN $band${i}_h`;
	});
	const open = arms.find((a) => a.startsWith('ELSE'));
	const closed = arms.filter((a) => !a.startsWith('ELSE'));
	return `CASE WHEN ${alias}.distance_km IS NULL THEN $unknown_h ${closed.join(' ')} ${open ?? 'ELSE NULL'} END`;
}

/** Jobs per promised-hours band, created from `from` up to (not including) `to`. */
export async function promiseBands(
	db: Db,
	scope: Scope,
	p: PromiseSettings,
	from: string,
	to: string
): Promise<{ hours: number; jobs: number }[]> {
	const w = jobsWhere(scope);
	const params = { ...w.params, from, to };
	const promised = promisedHoursSql(p, params);
	return db.all(
		`SELECT hours, count(*) AS jobs FROM (
		   SELECT ${promised} AS hours FROM tickets t
		   WHERE ${w.sql} AND t.created_at >= CAST($from AS TIMESTAMP) AND t.created_at < CAST($to AS TIMESTAMP))
		 WHERE hours IS NOT NULL GROUP BY 1 ORDER BY 1`,
		params
	);
}

/** Share of the scope's jobs done by outsourced teams, created from `from` up to `to` (null without team types). */
export async function outsourcedJobShare(db: Db, scope: Scope, from: string, to: string): Promise<number | null> {
	const w = jobsWhere(scope);
	const [r] = await db.all<{ share: number | null }>(
		`SELECT avg(CASE WHEN t.team_type = 'outsourced' THEN 1.0 ELSE 0.0 END) AS share FROM tickets t
		 WHERE ${w.sql} AND t.team_type IS NOT NULL AND t.created_at >= CAST($from AS TIMESTAMP) AND t.created_at < CAST($to AS TIMESTAMP)`,
		{ ...w.params, from, to }
	);
	return r?.share ?? null;
}

/**
 * The roster with each technician's team region (the region most of the team's tickets carry) and type
 * (the roster's, else the team's on its tickets). leave_date is read when the warehouse has the column.
 */
export async function roster(db: Db, scope: Scope): Promise<RosterMember[]> {
	const cols = await db.all<{ n: number }>(
		`SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = 'technicians' AND column_name = 'leave_date'`
	);
	const leave = cols[0]?.n > 0 ? `strftime(h.leave_date, '%Y-%m-%d')` : 'NULL';
	const { conds: where, params } = scopeConds(scope, 'tr.region', 'h.team');
	return db.all<RosterMember>(
		`WITH team_region AS (
		   SELECT team, arg_max(region, n) AS region FROM (
		     SELECT team, region, count(*) AS n FROM tickets WHERE team IS NOT NULL AND region IS NOT NULL GROUP BY 1, 2)
		   GROUP BY team),
		 team_kind AS (
		   SELECT team, arg_max(team_type, n) AS team_type FROM (
		     SELECT team, team_type, count(*) AS n FROM tickets WHERE team IS NOT NULL AND team_type IS NOT NULL GROUP BY 1, 2)
		   GROUP BY team)
		 SELECT h.technician_id, strftime(h.hire_date, '%Y-%m-%d') AS hire_date, ${leave} AS leave_date, h.team,
		        coalesce(h.team_type, tk.team_type) AS team_type, tr.region
		 FROM technicians h
		 LEFT JOIN team_region tr ON tr.team = h.team
		 LEFT JOIN team_kind tk ON tk.team = h.team
		 ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
		 ORDER BY h.technician_id`,
		params
	);
}

export interface WeekActual {
	week_start: string;
	jobs: number;
	technicians: number;
	arrived: number;
	on_time: number;
}

/** What each week from `from` to `to` (Mondays, `to` excluded) did: jobs, distinct technicians on them, on-time arrivals. */
export async function weekActuals(db: Db, scope: Scope, p: PromiseSettings, from: string, to: string): Promise<WeekActual[]> {
	const w = jobsWhere(scope);
	const params = { ...w.params, from, to };
	const promised = promisedHoursSql(p, params);
	return db.all<WeekActual>(
		`SELECT strftime(wk, '%Y-%m-%d') AS week_start, jobs, technicians, arrived, on_time FROM (
		   SELECT date_trunc('week', t.created_at) AS wk, count(*) AS jobs, count(DISTINCT t.technician_id) AS technicians,
		          count(t.arrived_at) AS arrived,
		          count(*) FILTER (WHERE t.arrived_at IS NOT NULL
		                           AND epoch(t.arrived_at) - epoch(t.created_at) <= (${promised}) * 3600) AS on_time
		   FROM tickets t
		   WHERE ${w.sql} AND t.created_at >= CAST($from AS TIMESTAMP) AND t.created_at < CAST($to AS TIMESTAMP)
		   GROUP BY 1)
		 ORDER BY 1`,
		params
	);
}
