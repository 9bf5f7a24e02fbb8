// staffing_rollup: the jobs (installs, repairs, maintenance) of ticket_facts counted per day, region, team, team
// type, type and promised hours — every input of the staffing plan but the technicians who worked each week
// (queries.ts weekActuals) and the roster. Its size follows days × groups × bands (56,576 rows at 1M tickets over
// three years, ~4× fewer than the technician tier), not tickets.
//
// The promised hours follow each ticket's distance through the settings' bands (promised_response), so the table
// is stamped in meta (key 'staffing_rollup') with the promise it was made with, as the rollup tiers are (rollup.ts):
// the promise bands are read from it only when the stamp is the promise asked, else from the facts; the counts that
// ignore the hours (jobs per week, per weekday, outsourced) read it whatever the stamp.
//
// Kept like the tiers, inside the transaction that changes ticket_facts: built whole by the full build
// (facts-build.ts rebuildDerived) and on open when missing (rollup.ts addMissingTiers); on the incremental path
// (facts.ts refreshFacts) the counts of the facts rows replaced come off their groups and the new rows' go on
// (collectStaffingDelta, then refreshStaffingJobs), and a table made with another promise is rebuilt whole.
// Its name has "rollup" in it as the tiers' have: it holds no ticket key, so the 100M replica
// (scripts/bench/replicate.ts) copies it with its count n times the copies, as it copies the tiers.
import { settings as configured } from '../config';
import { promisedHoursSQL } from '../metrics/measures';
import type { Settings } from '../settings';
import { dropTemp, type SqlRunner } from '../sql-runner';

export const STAFFING_TABLE = 'staffing_rollup';
const STAMP_KEY = 'staffing_rollup';
const DELTA = 'staffing_rollup_delta';
const SUM = 'staffing_rollup_sum';

type Promise_ = Settings['promised_response'];

/** The ticket types counted: the staffing plan's jobs (queries.ts JOB_TYPES). */
const JOBS = `t.type IN ('install', 'repair', 'maintenance')`;

/** The group keys, in table order; n, the tickets of the group, follows. */
const KEYS = ['created_at', 'region', 'team', 'team_type', 'type', 'hours'] as const;

/** What the table's hours were made with. */
export const stampOf = (p: Promise_): string => JSON.stringify({ v: 1, promised_response: p });

/** The groups of the job rows of `from` (a table with the facts' columns, alias t), with promise p. */
function groupsOf(from: string, p: Promise_): { sql: string; params: Record<string, number> } {
	const params: Record<string, number> = {};
	const hours = promisedHoursSQL(p, params);
	return {
		sql: `SELECT CAST(CAST(t.created_at AS DATE) AS TIMESTAMP) AS created_at, t.region, t.team, t.team_type, t.type,
		         CAST(${hours} AS DOUBLE) AS hours, count(*) AS n
		  FROM ${from} t WHERE ${JOBS} GROUP BY ALL`,
		params
	};
}

/** The stamp of the table in this warehouse, null when it has none (not built yet). */
export async function staffingStamp(db: SqlRunner): Promise<string | null> {
	const [r] = await db.all<{ v: string }>(`SELECT value AS v FROM meta WHERE key = $k`, { k: STAMP_KEY });
	return r?.v ?? null;
}

/** Builds the table whole from ticket_facts, sorted by day, and stamps it. */
export async function rebuildStaffingJobs(db: SqlRunner, s: Settings = configured()): Promise<void> {
	const q = groupsOf('ticket_facts', s.promised_response);
	await db.run(`CREATE OR REPLACE TABLE ${STAFFING_TABLE} AS ${q.sql} ORDER BY ALL`, q.params);
	await db.run(`INSERT INTO meta VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, {
		k: STAMP_KEY,
		v: stampOf(s.promised_response)
	});
}

async function tableExists(db: SqlRunner): Promise<boolean> {
	const r = await db.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = $t AND NOT temporary`, { t: STAFFING_TABLE });
	return r.length > 0;
}

/** Builds the table when the warehouse does not have it (one made before it existed), on open; true when it did. */
export async function addMissingStaffingJobs(db: SqlRunner, s: Settings = configured()): Promise<boolean> {
	if ((await staffingStamp(db)) !== null && (await tableExists(db))) return false;
	await rebuildStaffingJobs(db, s);
	return true;
}

/**
 * Adds the groups of the rows of `from` (a table with the facts' columns: the rows an ingest replaced, sign -1,
 * or their replacements, +1) to the temp delta that refreshStaffingJobs applies.
 */
export async function collectStaffingDelta(db: SqlRunner, from: string, sign: 1 | -1, s: Settings = configured()): Promise<void> {
	const q = groupsOf(from, s.promised_response);
	await db.run(`CREATE TEMP TABLE IF NOT EXISTS ${DELTA} AS SELECT * FROM (${q.sql}) LIMIT 0`, q.params);
	await db.run(`INSERT INTO ${DELTA} SELECT ${KEYS.join(', ')}, ${sign} * n FROM (${q.sql})`, q.params);
}

/**
 * Applies the delta collectStaffingDelta gathered: each group it touches gets its count changed, a new group is
 * added, a group left with no jobs goes. A table made with another promise than `s`'s, or missing, is rebuilt
 * from the facts instead (which are up to date by then).
 */
export async function refreshStaffingJobs(db: SqlRunner, s: Settings = configured()): Promise<'none' | 'incremental' | 'full'> {
	try {
		if ((await staffingStamp(db)) !== stampOf(s.promised_response) || !(await tableExists(db))) {
			await rebuildStaffingJobs(db, s);
			return 'full';
		}
		const delta = await db.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = $t AND temporary`, { t: DELTA });
		if (delta.length === 0) return 'none';
		await db.run(`CREATE OR REPLACE TEMP TABLE ${SUM} AS
			SELECT ${KEYS.join(', ')}, CAST(sum(n) AS BIGINT) AS n FROM ${DELTA} GROUP BY ALL HAVING sum(n) <> 0`);
		const same = KEYS.map((k) => `r.${k} IS NOT DISTINCT FROM d.${k}`).join(' AND ');
		await db.run(`UPDATE ${STAFFING_TABLE} r SET n = r.n + d.n FROM ${SUM} d WHERE ${same}`);
		await db.run(`INSERT INTO ${STAFFING_TABLE} SELECT d.* FROM ${SUM} d ANTI JOIN ${STAFFING_TABLE} r ON ${same} ORDER BY d.created_at`);
		await db.run(`DELETE FROM ${STAFFING_TABLE} r USING ${SUM} d WHERE ${same} AND r.n <= 0`);
		return 'incremental';
	} finally {
		await dropTemp(db, DELTA, SUM);
	}
}
