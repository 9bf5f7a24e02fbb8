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
// (facts-build.ts rebuildDerived) and on open when missing (maintained-tables.ts maintainOnOpen); on the incremental path
// (facts.ts refreshFacts) the counts of the facts rows replaced come off their groups and the new rows' go on
// (collectStaffingDelta, then refreshStaffingJobs: two statements and a look-up a small ingest), and a table made
// with another promise is rebuilt whole.
// Its name has "rollup" in it as the tiers' have: it holds no ticket key, so the 100M replica
// (scripts/bench/replicate.ts) copies it with its count n times the copies, as it copies the tiers.
import { settings as configured } from '../config';
import { promisedHoursSQL } from '../metrics/measures';
import type { Settings } from '../settings';
import { dropTemp, type SqlRunner } from '../sql-runner';
import { createTableAs } from '../stored-table';
import { metaValue } from '../meta-memo';

export const STAFFING_TABLE = 'staffing_rollup';
const STAMP_KEY = 'staffing_rollup';
export const STAFFING_STAMP_KEY = STAMP_KEY;
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
	return (await metaValue(db, STAMP_KEY)) ?? null;
}

/** Builds the table whole from ticket_facts, sorted by day, and stamps it. */
export async function rebuildStaffingJobs(db: SqlRunner, s: Settings = configured()): Promise<void> {
	const q = groupsOf('ticket_facts', s.promised_response);
	await createTableAs(db, STAFFING_TABLE, `${q.sql} ORDER BY ALL`, q.params);
	await db.run(`INSERT INTO meta VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, {
		k: STAMP_KEY,
		v: stampOf(s.promised_response)
	});
}

/**
 * Sums the groups of the facts rows an ingest replaced (table `replaced`, with the facts' columns) with a minus
 * sign and of their replacements (`put`) with a plus sign into the temp table refreshStaffingJobs applies; a group
 * whose jobs did not change (only a derived column of its tickets did) nets to nothing and is left out.
 */
export async function collectStaffingDelta(db: SqlRunner, replaced: string, put: string, s: Settings = configured()): Promise<void> {
	const [gone, made] = [groupsOf(replaced, s.promised_response), groupsOf(put, s.promised_response)];
	const keys = KEYS.join(', ');
	await db.run(
		`CREATE OR REPLACE TEMP TABLE ${SUM} AS SELECT ${keys}, CAST(sum(n) AS BIGINT) AS n FROM (
		   SELECT ${keys}, -n AS n FROM (${gone.sql}) UNION ALL SELECT ${keys}, n FROM (${made.sql}))
		 GROUP BY ALL HAVING sum(n) <> 0`,
		{ ...gone.params, ...made.params }
	);
}

/**
 * Applies the delta collectStaffingDelta summed, in one MERGE: a group it touches gets its count changed (and goes
 * when no job is left in it), a new group is added. A table made with another promise than `s`'s, or missing, is
 * rebuilt from the facts instead (which are up to date by then).
 */
export async function refreshStaffingJobs(db: SqlRunner, s: Settings = configured()): Promise<'none' | 'incremental' | 'full'> {
	try {
		const state = await db.one<{ stamp: string | null; has: boolean; delta: boolean }>(
			`SELECT (SELECT value FROM meta WHERE key = $k) AS stamp,
			        EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = $t AND NOT temporary) AS has,
			        EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = $sum AND temporary) AS delta`,
			{ k: STAMP_KEY, t: STAFFING_TABLE, sum: SUM }
		);
		if (state.stamp !== stampOf(s.promised_response) || !state.has) {
			await rebuildStaffingJobs(db, s);
			return 'full';
		}
		if (!state.delta) return 'none';
		const same = KEYS.map((k) => `r.${k} IS NOT DISTINCT FROM d.${k}`).join(' AND ');
		await db.run(`MERGE INTO ${STAFFING_TABLE} r USING ${SUM} d ON (${same})
			WHEN MATCHED AND r.n + d.n <= 0 THEN DELETE
			WHEN MATCHED THEN UPDATE SET n = r.n + d.n
			WHEN NOT MATCHED THEN INSERT (${KEYS.join(', ')}, n) VALUES (${KEYS.map((k) => `d.${k}`).join(', ')}, d.n)`);
		return 'incremental';
	} finally {
		await dropTemp(db, SUM);
	}
}
