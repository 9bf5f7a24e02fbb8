// ticket_rollup: ticket_facts counted by day and by the filter dimensions
// (region, city, model, team, team type) with the ticket type and fault
// component, holding the numerators and denominators of the six headline rates
// (docs/METRICS.md § Rollups). The KPI tiles, the load series, the group rates
// by a rolled-up dimension and the model × component matrix read it instead of
// the rows when the filters allow (route); the result is the same count.
//
// Its created_at is the day at midnight, so the filters' date conditions
// (created_at >= from, < to + 1 day) and the month/week/day truncations read it
// unchanged. What depends on a setting:
// - repeat-visit window: a bucket, nr_days = the fewest whole days d with
//   next_repair_hours <= d * 24 (up to NR_DAYS_CAP), so "<= visit_days * 24" is
//   "nr_days <= visit_days" for a whole number of days;
// - satisfied score: counts of scores >= 1..5 (scores are whole numbers);
// - promised hours: the on-time count for the promised_response of the build,
//   stamped in meta ('rollup'); other settings read the facts.
// - tenure bands and technicians: not in the rollup (the facts).
// Kept inside the transaction that changes ticket_facts (facts.ts refreshDerived):
// the counts of the facts rows replaced come off their groups, the new rows' go on.
import type { KpiName } from '../kpi';
import { settings as configured } from './config';
import type { Settings } from './settings';
import { dropTemp, type SqlRunner } from './sql-runner';
import { measure } from './metrics/measures';
import type { Filters } from './metrics/filters';

/** Repeat-visit buckets kept: windows up to two years. */
export const NR_DAYS_CAP = 730;

/** Filter bar dimensions the rollup carries (technician does not: as many groups as rows). */
const ROLLED_FILTERS = new Set(['from', 'to', 'region', 'city', 'model', 'team', 'team_type']);
/** Group-by dimensions (metrics/dimensions.ts) the rollup can answer. */
const ROLLED_DIMENSIONS = new Set(['region', 'city', 'model', 'team', 'team_type', 'month']);

/** The rollup's stamp: what the settings-dependent count was made with. */
function stampOf(s: Settings): string {
	return JSON.stringify({ v: 1, promised_response: s.promised_response });
}

/** The nr_days bucket of a next_repair_hours value h: the least whole d with h <= d * 24, corrected for rounding of h / 24. */
const NR_DAYS = `CASE WHEN t.next_repair_hours <= ${NR_DAYS_CAP} * 24 THEN
	CASE WHEN t.next_repair_hours > CAST(ceil(t.next_repair_hours / 24) AS INTEGER) * 24 THEN CAST(ceil(t.next_repair_hours / 24) AS INTEGER) + 1
	     WHEN t.next_repair_hours <= (CAST(ceil(t.next_repair_hours / 24) AS INTEGER) - 1) * 24 THEN CAST(ceil(t.next_repair_hours / 24) AS INTEGER) - 1
	     ELSE CAST(ceil(t.next_repair_hours / 24) AS INTEGER) END END`;

/** The rollup rows of the tickets in `from` (ticket_facts, or a table of facts rows) t that `where` selects. */
function rollupSelect(where: string, s: Settings, from = 'ticket_facts'): { sql: string; params: Record<string, number> } {
	const rework = measure('rework_rate', s);
	const repeat = measure('repeat_customer_share', s);
	const onTime = measure('on_time_rate', s);
	const scores = [1, 2, 3, 4, 5].map((k) => `count(*) FILTER (WHERE t.satisfaction >= ${k}) AS sat_ge_${k}`);
	return {
		sql: `SELECT CAST(CAST(t.created_at AS DATE) AS TIMESTAMP) AS created_at, t.region, t.city, t.product_model, t.team, t.team_type,
		        t.type, t.fault_component, ${NR_DAYS} AS nr_days,
		        count(*) AS n,
		        count(*) FILTER (WHERE ${rework.den}) AS jobs, count(*) FILTER (WHERE ${rework.num}) AS jobs_reworked,
		        count(*) FILTER (WHERE ${repeat.num}) AS repeat_installs,
		        count(*) FILTER (WHERE ${onTime.den}) AS arrived, count(*) FILTER (WHERE ${onTime.num}) AS on_time,
		        count(t.satisfaction) AS sat_n, ${scores.join(', ')}
		 FROM ${from} t WHERE ${where}
		 GROUP BY ALL ORDER BY created_at`,
		params: onTime.params
	};
}

async function writeStamp(db: SqlRunner, s: Settings): Promise<void> {
	await db.run(`INSERT INTO meta VALUES ('rollup', $v) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, { v: stampOf(s) });
}

/** Builds ticket_rollup from all of ticket_facts. */
export async function rebuildRollup(db: SqlRunner, s: Settings = configured()): Promise<void> {
	const q = rollupSelect('TRUE', s);
	await db.run(`CREATE OR REPLACE TABLE ticket_rollup AS ${q.sql}`, q.params);
	await writeStamp(db, s);
}

const KEYS = ['created_at', 'region', 'city', 'product_model', 'team', 'team_type', 'type', 'fault_component', 'nr_days'];
const COUNTS = [
	'n',
	'jobs',
	'jobs_reworked',
	'repeat_installs',
	'arrived',
	'on_time',
	'sat_n',
	...[1, 2, 3, 4, 5].map((k) => `sat_ge_${k}`)
];

/**
 * Adds the rollup counts of the ticket_facts rows `where` selects (or of the rows of `from`, a table with the
 * facts' columns) to temp.rollup_delta, with `sign`: -1 for the rows replaced, +1 for their replacements.
 */
export async function collectRollupDelta(
	db: SqlRunner,
	where: string,
	sign: 1 | -1,
	s: Settings = configured(),
	from = 'ticket_facts'
): Promise<void> {
	const q = rollupSelect(where, s, from);
	await db.run(`CREATE TEMP TABLE IF NOT EXISTS rollup_delta AS SELECT * FROM (${q.sql}) LIMIT 0`, q.params);
	await db.run(
		`INSERT INTO rollup_delta SELECT ${KEYS.join(', ')}, ${COUNTS.map((c) => `${sign} * ${c}`).join(', ')} FROM (${q.sql})`,
		q.params
	);
}

/** A YYYY-MM-DD day from the database, checked before it is written into SQL as a constant. */
function isoDay(d: string): string {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a day: ${d}`);
	return d;
}

/**
 * Applies temp.rollup_delta: each group it touches becomes its old counts plus
 * the delta (a group left with no tickets goes), so the cost follows the changed
 * rows, not the days they fall on. A rollup made with other promised hours than
 * the settings', or none, is rebuilt whole.
 */
export async function refreshRollup(db: SqlRunner, s: Settings = configured()): Promise<'incremental' | 'full'> {
	try {
		const stamp = await db.all<{ v: string }>(`SELECT value AS v FROM meta WHERE key = 'rollup'`);
		const exists = await db.one<{ n: number }>(
			`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'ticket_rollup' AND NOT temporary`
		);
		const delta = await db.one<{ n: number }>(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'rollup_delta' AND temporary`);
		if (!exists.n || stamp[0]?.v !== stampOf(s)) {
			await rebuildRollup(db, s);
			return 'full';
		}
		if (!delta.n) return 'incremental';
		await db.run(`CREATE OR REPLACE TEMP TABLE rollup_sum AS
			SELECT ${KEYS.join(', ')}, ${COUNTS.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM rollup_delta GROUP BY ALL`);
		const span = await db.one<{ lo: string | null; hi: string | null }>(
			`SELECT strftime(min(created_at), '%Y-%m-%d') AS lo, strftime(max(created_at), '%Y-%m-%d') AS hi FROM rollup_sum`
		);
		if (!span.lo || !span.hi) return 'incremental';
		// the stored rows of the touched groups, found in one pass over the rollup's keys; the days outside the
		// delta's are skipped by their zone maps (a constant range the scan can use), the rows fetched by row id
		const same = KEYS.map((k) => `r.${k} IS NOT DISTINCT FROM d.${k}`).join(' AND ');
		const days = `r.created_at BETWEEN DATE '${isoDay(span.lo)}' AND DATE '${isoDay(span.hi)}'`;
		await db.run(`CREATE OR REPLACE TEMP TABLE rollup_hit AS SELECT rowid AS rid, * FROM ticket_rollup
			WHERE rowid IN (SELECT r.rowid FROM ticket_rollup r SEMI JOIN rollup_sum d ON ${same} WHERE ${days})`);
		await db.run(`CREATE OR REPLACE TEMP TABLE rollup_merged AS
			SELECT ${KEYS.join(', ')}, ${COUNTS.map((c) => `CAST(sum(${c}) AS BIGINT) AS ${c}`).join(', ')}
			FROM (SELECT * EXCLUDE (rid) FROM rollup_hit UNION ALL BY NAME SELECT * FROM rollup_sum)
			GROUP BY ALL HAVING sum(n) > 0`);
		await db.run(`DELETE FROM ticket_rollup WHERE rowid IN (SELECT rid FROM rollup_hit)`);
		await db.run(`INSERT INTO ticket_rollup BY NAME SELECT * FROM rollup_merged ORDER BY created_at`);
		return 'incremental';
	} finally {
		await dropTemp(db, 'rollup_delta', 'rollup_sum', 'rollup_hit', 'rollup_merged');
	}
}

/** Where a figure's counts come from: the rollup (each row stands for `n` tickets) or the facts (one row each). Both under alias t. */
export interface Source {
	table: 'ticket_rollup' | 'ticket_facts';
	rolled: boolean;
	/** tickets in the group (the rows' count on the facts, the sum of n on the rollup), 0 when none */
	count(): string;
}

export const FACTS: Source = { table: 'ticket_facts', rolled: false, count: () => 'count(*)' };
const ROLLUP: Source = { table: 'ticket_rollup', rolled: true, count: () => 'CAST(coalesce(sum(t.n), 0) AS BIGINT)' };

export interface Needs {
	/** group-by dimensions (metrics/dimensions.ts names) */
	dims?: readonly string[];
	/** the rates counted */
	measures?: readonly KpiName[];
	/** ticket_facts columns read besides the filters' (the rollup has type, product_model, fault_component) */
	columns?: readonly string[];
}

const ROLLED_COLUMNS = new Set(['type', 'product_model', 'fault_component', 'created_at']);

/** Can the rollup answer this measure with these settings (without reading the warehouse)? */
function measureRolls(name: KpiName, s: Settings): boolean {
	if (name === 'repeat_visit_rate') return Number.isInteger(s.repeat_visit_days) && s.repeat_visit_days <= NR_DAYS_CAP;
	if (name === 'satisfaction_rate') return s.satisfied_min_score >= 1 && s.satisfied_min_score <= 5;
	return true;
}

let enabled = true;

/** Routing on (the default) or off: off, every figure reads the facts (tests and benchmarks compare the two). */
export function useRollup(on: boolean): void {
	enabled = on;
}

/** `fn` computed with the routing off: every figure from the facts (to compare with the routed one). */
export async function fromFacts<T>(fn: () => Promise<T>): Promise<T> {
	const was = enabled;
	enabled = false;
	try {
		return await fn();
	} finally {
		enabled = was;
	}
}

/**
 * The one routing decision: the rollup when every filter, dimension, column and
 * measure the figure needs is in it (and it was made with these promised
 * hours), else the facts.
 */
export async function route(db: SqlRunner, f: Filters, needs: Needs = {}, s: Settings = configured()): Promise<Source> {
	if (!enabled) return FACTS;
	for (const [k, v] of Object.entries(f)) if (v !== undefined && !ROLLED_FILTERS.has(k)) return FACTS;
	if (needs.dims?.some((d) => !ROLLED_DIMENSIONS.has(d))) return FACTS;
	if (needs.columns?.some((c) => !ROLLED_COLUMNS.has(c))) return FACTS;
	if (needs.measures?.some((m) => !measureRolls(m, s))) return FACTS;
	const stamp = await db.all<{ v: string }>(`SELECT value AS v FROM meta WHERE key = 'rollup'`).catch(() => []);
	if (!stamp.length) return FACTS;
	if (needs.measures?.includes('on_time_rate') && stamp[0].v !== stampOf(s)) return FACTS;
	return ROLLUP;
}

/** A measure's denominator and numerator as sums over rollup rows (alias t); the counts measures.ts declares over the facts. */
export function rolledMeasure(name: KpiName, s: Settings): { den: string; num: string; params: Record<string, number> } {
	const sum = (expr: string) => `CAST(coalesce(${expr}, 0) AS BIGINT)`;
	switch (name) {
		case 'rework_rate':
			return { den: sum('sum(t.jobs)'), num: sum('sum(t.jobs_reworked)'), params: {} };
		case 'repeat_customer_share':
			return { den: sum(`sum(t.n) FILTER (WHERE t.type = 'install')`), num: sum('sum(t.repeat_installs)'), params: {} };
		case 'repeat_visit_rate':
			return {
				den: sum(`sum(t.n) FILTER (WHERE t.type = 'repair')`),
				num: sum(`sum(t.n) FILTER (WHERE t.type = 'repair' AND t.nr_days <= $visit_days)`),
				params: { visit_days: s.repeat_visit_days }
			};
		case 'on_time_rate':
			return { den: sum('sum(t.arrived)'), num: sum('sum(t.on_time)'), params: {} };
		case 'satisfaction_rate':
			return { den: sum('sum(t.sat_n)'), num: sum(`sum(t.sat_ge_${Math.ceil(s.satisfied_min_score)})`), params: {} };
		case 'complaint_rate':
			return {
				den: sum(`sum(t.n) FILTER (WHERE t.type <> 'complaint')`),
				num: sum(`sum(t.n) FILTER (WHERE t.type = 'complaint')`),
				params: {}
			};
	}
}
