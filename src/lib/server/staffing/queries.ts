// The SQL the staffing plan reads: daily jobs, promised-hour bands, the roster, and what each past week did.
// The jobs inputs read staffing_rollup (bands-tier.ts: jobs per day, region, team, team type, type and promised hours)
// when the routing is on and the warehouse has it — the promise bands only when it was made with the promise asked —
// else the rollup tier route() picks, else ticket_facts (the tickets' rows sorted by created_at, so a bounded window
// skips most of it); every value is bound, never spliced.
// The inputs of the breakdown come grouped by region or team (`by`): one query for every scope, not one per scope.
import { TICKET_TYPES } from '../../contract';
import { columnConds } from '../metrics/filters';
import { measure, promisedHoursSQL } from '../metrics/measures';
import { FACTS, rolledMeasure, route, type Source } from '../rollup';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import type { SqlRunner } from '../sql-runner';
import { perVersion } from '../meta-memo';
import { STAFFING_TABLE, staffingStamp, stampOf } from './bands-tier';
import type { RosterMember } from './roster';

export interface Db {
	all<T>(sql: string, params?: Record<string, string | number>): Promise<T[]>;
}

export interface Scope {
	region?: string | null;
	team?: string | null;
}

/** What the breakdown plans each value of on its own. */
export type GroupDim = 'region' | 'team';

/** A row of a grouped input: `v` is the region or team it belongs to (null when the input is not grouped). */
export type Grouped<T> = T & { v: string | null };

export const JOB_TYPES = ['install', 'repair', 'maintenance'] as const;
export type JobType = (typeof JOB_TYPES)[number];

/**
 * The ticket types that are not jobs. A ticket's type is required and one of the contract's (TICKET_TYPES), so
 * "not one of these" selects the jobs: one string comparison a row instead of three (half the time on the facts).
 */
const NOT_JOBS = Object.keys(TICKET_TYPES).filter((t) => !(JOB_TYPES as readonly string[]).includes(t));

/** Jobs (installs, repairs, maintenance) in the scope, and with a value of `by` when grouped: the WHERE clause and its parameters. */
function jobsWhere(scope: Scope, by: GroupDim | null = null, alias = 't'): { sql: string; params: Record<string, string | number> } {
	const w = scopeConds(scope, `${alias}.region`, `${alias}.team`);
	const jobs = NOT_JOBS.length ? `${alias}.type NOT IN (${NOT_JOBS.map((t) => `'${t}'`).join(', ')})` : `${alias}.type IS NOT NULL`;
	const conds = [jobs, ...w.conds];
	if (by) conds.push(`${alias}.${by} IS NOT NULL`);
	return { sql: conds.join(' AND '), params: w.params };
}

/** The group column of a grouped input (`v`), NULL when it is not grouped. */
const groupCol = (by: GroupDim | null, alias = 't') => (by ? `${alias}.${by}` : 'NULL');

/** The scope's region and team (when set) as conditions on these columns ($region, $team). */
function scopeConds(scope: Scope, region: string, team: string) {
	return columnConds({ region: { column: region, value: scope.region || null }, team: { column: team, value: scope.team || null } }, '');
}

/** staffing_rollup as a source: each row stands for `n` jobs, its created_at is the day, `hours` the promised hours. */
const STAFFING_SOURCE: Source = { table: STAFFING_TABLE, rolled: true, tier: null, count: () => 'CAST(coalesce(sum(t.n), 0) AS BIGINT)' };

/**
 * Where the jobs of a scope are counted, grouped by `dims` (region, team, team_type) and reading `columns` (type,
 * created_at): staffing_rollup when the routing is on (route() answers from a tier) and the warehouse has it — with the
 * stamp of promise `p` when the promised hours are read — else what route() picks (a tier, or the facts).
 */
async function jobsSource(db: Db, scope: Scope, dims: string[], columns: string[] = ['type'], p?: PromiseSettings): Promise<Source> {
	const src = await route(db as SqlRunner, { region: scope.region || undefined, team: scope.team || undefined }, { dims, columns });
	const stamp = src.rolled ? await staffingStamp(db as SqlRunner) : null;
	if (stamp !== null && (p === undefined || stamp === stampOf(p))) return STAFFING_SOURCE;
	return p === undefined ? src : FACTS;
}

/** The last ticket's date (any type, any scope): where the data ends. */
export async function dataEnd(db: Db): Promise<string | null> {
	const src = await route(db as SqlRunner, {}, { columns: ['created_at'] });
	const [r] = await db.all<{ d: string | null }>(`SELECT strftime(max(t.created_at), '%Y-%m-%d') AS d FROM ${src.table} t`);
	return r?.d ?? null;
}

export interface DayJobs {
	day: string;
	type: JobType;
	jobs: number;
}

export interface WeekJobs {
	/** the Monday */
	week: string;
	type: JobType;
	jobs: number;
	/** the first day of the week with such jobs */
	first_day: string;
}

/** Jobs per day or per week (Monday) and type, in the scope (per value of `by`), over the whole history, ordered by group, time and type. */
async function jobsOver<T>(db: Db, scope: Scope, by: GroupDim | null, grain: 'day' | 'week'): Promise<Grouped<T>[]> {
	const w = jobsWhere(scope, by);
	const src = await jobsSource(db, scope, by ? [by] : []);
	const time = grain === 'day' ? 'CAST(t.created_at AS DATE)' : `CAST(date_trunc('week', t.created_at) AS DATE)`;
	const first = grain === 'week' ? `, strftime(min(t.created_at), '%Y-%m-%d') AS first_day` : '';
	return db.all<Grouped<T>>(
		`SELECT v, strftime(d, '%Y-%m-%d') AS ${grain}, type, jobs${first ? ', first_day' : ''} FROM (
		   SELECT ${groupCol(by)} AS v, ${time} AS d, t.type, ${src.count()} AS jobs${first}
		   FROM ${src.table} t WHERE ${w.sql} GROUP BY 1, 2, 3)
		 ORDER BY 1, 2, 3`,
		w.params
	);
}

/** Jobs per calendar day and type, in the scope (per value of `by` when grouped), over the whole history. */
export function dailyJobs(db: Db, scope: Scope, by: GroupDim | null = null): Promise<Grouped<DayJobs>[]> {
	return jobsOver<DayJobs>(db, scope, by, 'day');
}

/**
 * Jobs per week and type over the whole history (the forecast's seasons), per value of `by` when grouped: what the
 * plan reads, a seventh of the rows of the days (at 10M tickets, by team: 4,239 rows instead of 29,592).
 */
export function weeklyJobs(db: Db, scope: Scope, by: GroupDim | null = null): Promise<Grouped<WeekJobs>[]> {
	return jobsOver<WeekJobs>(db, scope, by, 'week');
}

export interface PromiseSettings {
	unknown_distance_hours: number;
	bands: { max_km: number | null; hours: number }[];
}

/** What a windowed input reads: the scope's jobs (per value of `by` when grouped) created from `from` up to (not including) `to`. */
export interface JobsWindow {
	scope: Scope;
	/** days 'YYYY-MM-DD' */
	from: string;
	to: string;
	by?: GroupDim | null;
}

/** The window's condition and parameters ($from, $to and the scope's). */
function windowWhere(q: JobsWindow): { sql: string; params: Record<string, string | number> } {
	const w = jobsWhere(q.scope, q.by ?? null);
	return {
		sql: `${w.sql} AND t.created_at >= CAST($from AS TIMESTAMP) AND t.created_at < CAST($to AS TIMESTAMP)`,
		params: { ...w.params, from: q.from, to: q.to }
	};
}

/**
 * Jobs per promised-hours band in the window. The band follows each ticket's distance, which the rollup tiers do
 * not keep: from staffing_rollup when it was made with promise `p`, else from the facts, whose created_at order lets
 * the window skip the rest.
 */
export async function promiseBands(db: Db, q: JobsWindow, p: PromiseSettings): Promise<Grouped<{ hours: number; jobs: number }>[]> {
	const by = q.by ?? null;
	const { sql, params } = windowWhere(q);
	const src = await jobsSource(db, q.scope, by ? [by] : [], ['type', 'created_at'], p);
	const promised = src === STAFFING_SOURCE ? 't.hours' : promisedHoursSQL(p, params as Record<string, number>);
	return db.all(
		`SELECT v, hours, jobs FROM (
		   SELECT ${groupCol(by)} AS v, ${promised} AS hours, ${src.count()} AS jobs FROM ${src.table} t WHERE ${sql} GROUP BY 1, 2)
		 WHERE hours IS NOT NULL ORDER BY 1, 2`,
		params
	);
}

/** The window's jobs with a team type, and how many of them outsourced teams did. */
export async function outsourcedJobs(db: Db, q: JobsWindow): Promise<Grouped<{ outsourced: number; typed: number }>[]> {
	const by = q.by ?? null;
	const { sql, params } = windowWhere(q);
	const src = await jobsSource(db, q.scope, by ? [by, 'team_type'] : ['team_type'], ['type', 'created_at']);
	return db.all(
		`SELECT v, CAST(coalesce(sum(n) FILTER (WHERE team_type = 'outsourced'), 0) AS BIGINT) AS outsourced, CAST(sum(n) AS BIGINT) AS typed
		 FROM (SELECT ${groupCol(by)} AS v, t.team_type, ${src.count()} AS n FROM ${src.table} t
		       WHERE ${sql} AND t.team_type IS NOT NULL GROUP BY 1, 2)
		 GROUP BY 1 ORDER BY 1`,
		params
	);
}

/** The window's jobs per weekday (0 = Monday … 6 = Sunday). */
export async function weekdayJobs(db: Db, q: JobsWindow): Promise<Grouped<{ dow: number; jobs: number }>[]> {
	const by = q.by ?? null;
	const { sql, params } = windowWhere(q);
	const src = await jobsSource(db, q.scope, by ? [by] : [], ['type', 'created_at']);
	return db.all(
		`SELECT ${groupCol(by)} AS v, CAST(isodow(t.created_at) - 1 AS INTEGER) AS dow, ${src.count()} AS jobs
		 FROM ${src.table} t WHERE ${sql} GROUP BY 1, 2 ORDER BY 1, 2`,
		params
	);
}

/**
 * The roster with each technician's team region (the region most of the team's tickets carry) and type
 * (the roster's, else the team's on its tickets; a tie goes to the first in order). leave_date is read when the
 * warehouse has the column. The team mappings count every ticket, in or out of the scope, from the rollup.
 */
export async function roster(db: Db, scope: Scope): Promise<RosterMember[]> {
	// every member with the team mappings (which count every ticket, whatever the scope): read once per data version
	// in the server (meta-memo.ts), ~15 ms CPU at 10M; the scope picks its members from them (tr.region = region,
	// h.team = team, as scopeConds would: a member without one is in no scoped roster)
	const all = await perVersion(db as SqlRunner, 'staffing.roster', () => rosterOf(db));
	return all.filter((m) => (!scope.region || m.region === scope.region) && (!scope.team || m.team === scope.team)).map((m) => ({ ...m }));
}

async function rosterOf(db: Db): Promise<RosterMember[]> {
	// the schema changes on open alone: asked once per data version in the server (meta-memo.ts)
	const cols = await perVersion(db as SqlRunner, 'technicians.leave_date', () =>
		db.all<{ n: number }>(`SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = 'technicians' AND column_name = 'leave_date'`)
	);
	const leave = cols[0]?.n > 0 ? `strftime(h.leave_date, '%Y-%m-%d')` : 'NULL';
	// no time is read: the coarsest tier (by month) answers
	const src = await route(db as SqlRunner, {}, { dims: ['team', 'region', 'team_type'], grain: 'month' });
	const most = (col: string) =>
		`SELECT team, first(${col} ORDER BY n DESC, ${col}) AS ${col} FROM (
		   SELECT team, ${col}, sum(n) AS n FROM team_counts WHERE ${col} IS NOT NULL GROUP BY 1, 2)
		 GROUP BY team`;
	return db.all<RosterMember>(
		`WITH team_counts AS MATERIALIZED (
		   SELECT t.team, t.region, t.team_type, ${src.count()} AS n FROM ${src.table} t WHERE t.team IS NOT NULL GROUP BY 1, 2, 3),
		 team_region AS (${most('region')}), team_kind AS (${most('team_type')})
		 SELECT h.technician_id, strftime(h.hire_date, '%Y-%m-%d') AS hire_date, ${leave} AS leave_date, h.team,
		        coalesce(h.team_type, tk.team_type) AS team_type, tr.region
		 FROM technicians h
		 LEFT JOIN team_region tr ON tr.team = h.team
		 LEFT JOIN team_kind tk ON tk.team = h.team
		 ORDER BY h.technician_id`
	);
}

export interface WeekActual {
	week_start: string;
	jobs: number;
	technicians: number;
	arrived: number;
	on_time: number;
}

/**
 * What each week of the window (from and to Mondays, one scope) did: jobs, distinct technicians on them, on-time
 * arrivals (with promise `p`). From a rollup tier keyed by technician when there is one made with that
 * promise (each of its rows holds at least one ticket, so its distinct technicians are the tickets'), else from the
 * facts in the window.
 */
export async function weekActuals(db: Db, q: JobsWindow, p: PromiseSettings): Promise<WeekActual[]> {
	const { sql, params } = windowWhere({ ...q, by: null });
	// the on-time measure reads the promise alone of the settings
	const s: Settings = { ...DEFAULT_SETTINGS, promised_response: p };
	const src = await route(
		db as SqlRunner,
		{ region: q.scope.region || undefined, team: q.scope.team || undefined },
		{ columns: ['type', 'created_at', 'technician_id'], measures: ['on_time_rate'] },
		s
	);
	let counts: string;
	if (src.rolled) {
		const m = rolledMeasure('on_time_rate', s);
		counts = `${src.count()} AS jobs, count(DISTINCT t.technician_id) AS technicians, ${m.den} AS arrived, ${m.num} AS on_time`;
	} else {
		const m = measure('on_time_rate', s);
		Object.assign(params, m.params);
		counts = `count(*) AS jobs, count(DISTINCT t.technician_id) AS technicians,
		          count(*) FILTER (WHERE ${m.den}) AS arrived, count(*) FILTER (WHERE ${m.num}) AS on_time`;
	}
	return db.all<WeekActual>(
		`SELECT strftime(wk, '%Y-%m-%d') AS week_start, jobs, technicians, arrived, on_time FROM (
		   SELECT date_trunc('week', t.created_at) AS wk, ${counts} FROM ${src.table} t WHERE ${sql} GROUP BY 1)
		 ORDER BY 1`,
		params
	);
}
