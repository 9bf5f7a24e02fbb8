// followup_delays: the delays the nowcast of a follow-up rate is taken from
// (metrics/maturity.ts nowcast, docs/METRICS.md § Follow-up maturity), one row per
// ticket that has one, so the review reads a few hundred thousand narrow rows at
// 10M tickets instead of joining every reworked ticket to its rework records and
// scanning every repair of the warehouse on each request:
// - rate 'rework_rate': a completed job (measures.ts JOB) with a rework record —
//   gap = days from the job's day to its first rework date;
// - rate 'repeat_visit_rate': a repair with a later repair of its unit — gap =
//   next_repair_hours (hours, as the facts hold it).
// day is the ticket's created_at day. Which rows count (the window, the data's end)
// is the reader's: the table holds every delay, whatever the settings.
//
// Kept inside the transaction that changes the rows, as the rollup tiers are:
// built whole by the full build (facts-build.ts rebuildDerived) and on open when
// missing or made by another definition (warehouse.ts, stamp in meta); on the
// incremental path (facts.ts refreshDerived, after the facts refresh) a ticket whose
// own row or rework records changed (touch kinds r, t) gets its rework delay again
// from its current row and its rework records, and a ticket whose facts row was
// replaced (temp facts_old → facts_put) gets its repeat-visit delay again. A rework
// delay reads nothing but the ticket's own row and its rework records, and a
// repeat-visit delay nothing but the ticket's facts row, so nothing else can go stale.
//
// The review's other table, recurring_repairs (recurring-repairs.ts), is refreshed with
// this one (refreshFollowupDelays calls its refresh); the full build (facts-build.ts) and
// the check on open (maintained-tables.ts) build each on its own.
import { JOB } from './metrics/measures';
import { refreshRecurringRepairs } from './recurring-repairs';
import { dropTemp, type SqlRunner } from './sql-runner';
import { metaValue, perVersion } from './meta-memo';
import type { Warehouse } from './warehouse';

export const DELAYS_TABLE = 'followup_delays';
const STAMP_KEY = 'followup_delays';
/** Changes whenever what the table holds does: a warehouse stamped otherwise builds it again on open. */
const STAMP = JSON.stringify({ v: 1 });
export const DELAYS_STAMP = { key: STAMP_KEY, value: STAMP };

/** The rework delays of the tickets in `tickets` (alias t: ticket_id, created_at, type, completed_at), from the rework records `rework` selects. */
function reworkRows(tickets: string, reworkWhere = 'true'): string {
	return `SELECT 'rework_rate' AS rate, t.ticket_id, CAST(t.created_at AS DATE) AS day,
	               CAST(date_diff('day', CAST(t.created_at AS DATE), fr.rd) AS DOUBLE) AS gap
	        FROM ${tickets} t
	        JOIN (SELECT original_ticket_id AS id, min(rework_date) AS rd FROM rework WHERE ${reworkWhere} GROUP BY 1) fr ON fr.id = t.ticket_id
	        WHERE ${JOB}`;
}

/** The repeat-visit delays of the facts rows in `facts` (alias t). */
function repeatRows(facts: string): string {
	return `SELECT 'repeat_visit_rate' AS rate, t.ticket_id, CAST(t.created_at AS DATE) AS day, t.next_repair_hours AS gap
	        FROM ${facts} t WHERE t.type = 'repair' AND t.next_repair_hours IS NOT NULL`;
}

/** Builds the table whole from ticket_facts and rework, and stamps it. */
export async function rebuildFollowupDelays(db: SqlRunner): Promise<void> {
	await db.run(
		`CREATE OR REPLACE TABLE ${DELAYS_TABLE} AS
		 SELECT * FROM (${reworkRows('ticket_facts')} UNION ALL ${repeatRows('ticket_facts')}) ORDER BY day, rate, ticket_id`
	);
	await db.run(`INSERT INTO meta VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, { k: STAMP_KEY, v: STAMP });
}

/**
 * True when the table is there as this code makes it (the nowcast may read it): its stamp, written with the table
 * (the table is only ever replaced by a rebuild, which writes the stamp again); asking duckdb_tables() as well cost
 * about 5 ms CPU a request at load ~20.
 */
export async function followupDelaysReady(db: SqlRunner): Promise<boolean> {
	return (await metaValue(db, STAMP_KEY)) === STAMP;
}

/**
 * Brings the table up to date inside refreshDerived, after the incremental facts refresh (facts.ts refreshFacts):
 * temp touch, facts_dep (the facts rows of the touched tickets as they were), fresh_tickets (the changed tickets'
 * new rows), facts_old and facts_put (the facts rows replaced and their replacements) are there.
 */
export async function refreshFollowupDelays(db: SqlRunner): Promise<void> {
	await refreshRecurringRepairs(db);
	if (!(await followupDelaysReady(db))) {
		await rebuildFollowupDelays(db);
		return;
	}
	const touched = (...kinds: string[]) => `(SELECT k FROM touch WHERE kind IN (${kinds.map((k) => `'${k}'`).join(', ')}))`;
	try {
		// the rows that may be stale, where they were: each touched ticket's rework delay, each replaced facts row's repeat visit
		await db.run(`CREATE OR REPLACE TEMP TABLE delays_gone AS
			SELECT 'rework_rate' AS rate, ticket_id, CAST(created_at AS DATE) AS day FROM facts_dep WHERE ticket_id IN ${touched('r', 't')}
			UNION ALL
			SELECT 'repeat_visit_rate' AS rate, ticket_id, CAST(created_at AS DATE) AS day FROM facts_old`);
		const { lo, hi } = await db.one<{ lo: string | null; hi: string | null }>(
			`SELECT strftime(min(day), '%Y-%m-%d') AS lo, strftime(max(day), '%Y-%m-%d') AS hi FROM delays_gone`
		);
		if (lo !== null && hi !== null)
			// the day range as constants: the scan skips the row groups outside it (zone maps)
			await db.run(
				`DELETE FROM ${DELAYS_TABLE} d USING delays_gone g
				 WHERE d.day BETWEEN DATE '${isoDay(lo)}' AND DATE '${isoDay(hi)}' AND d.rate = g.rate AND d.ticket_id = g.ticket_id`
			);
		// the touched tickets as they are now: unchanged rows of those whose rework changed, and the changed tickets' new rows
		const now = `(SELECT ticket_id, created_at, type, completed_at FROM facts_dep WHERE ticket_id IN ${touched('t')} AND ticket_id NOT IN ${touched('r')}
			UNION ALL SELECT ticket_id, created_at, type, completed_at FROM fresh_tickets)`;
		await db.run(
			`INSERT INTO ${DELAYS_TABLE} ${reworkRows(now, `original_ticket_id IN ${touched('r', 't')}`)} UNION ALL ${repeatRows('facts_put')}`
		);
	} finally {
		await dropTemp(db, 'delays_gone');
	}
}

/**
 * The delays the nowcast of `rate` as of `end` with a window of `days` is taken from (metrics/maturity.ts
 * nowcastAtEnd): the rows of jobs created on or before end − days with 0 ≤ gap ≤ the window (days; hours for a
 * repeat visit). They depend on the data alone, not on the filter: the server reads them once per data version
 * (meta-memo.ts perVersion; every other reader, now).
 * - repeat visits: every gap, sorted (~220k at 10M, 1.8 MB): ranking a request's open repairs among them in a
 *   merge replaces the sort of the delays and the repairs together (a window over ~310k rows, 60–100 ms CPU);
 * - rework: the gaps (whole days) counted, in order (a few dozen rows).
 */
export function sortedRepeatDelays(wh: Warehouse, end: string, days: number): Promise<Float64Array> {
	return perVersion(wh, `${DELAYS_TABLE}:repeat_visit_rate:${end}:${days}`, () =>
		doubleColumn(
			wh,
			`SELECT gap FROM ${DELAYS_TABLE}
			 WHERE rate = 'repeat_visit_rate' AND day <= CAST($end AS DATE) - $days::INTEGER AND gap >= 0 AND gap <= $days * 24 ORDER BY gap`,
			{ end, days }
		)
	);
}

export function reworkDelayCounts(wh: Warehouse, end: string, days: number): Promise<{ gap: number; c: number }[]> {
	return perVersion(wh, `${DELAYS_TABLE}:rework_rate:${end}:${days}`, () =>
		wh.all<{ gap: number; c: number }>(
			`SELECT gap, count(*) AS c FROM ${DELAYS_TABLE}
			 WHERE rate = 'rework_rate' AND day <= CAST($end AS DATE) - $days::INTEGER AND gap >= 0 AND gap <= $days GROUP BY gap ORDER BY gap`,
			{ end, days }
		)
	);
}

/**
 * The one DOUBLE column of a query's rows (none NULL), read chunk by chunk into one array: no JS value per row
 * (92k open repairs at 10M cost ~50 ms CPU as row values, ~15 ms so).
 */
export async function doubleColumn(wh: Warehouse, sql: string, params: Record<string, unknown>): Promise<Float64Array> {
	const result = await wh.conn.run(sql, params as never);
	const parts: Float64Array[] = [];
	let n = 0;
	for (;;) {
		const chunk = await result.fetchChunk();
		if (!chunk || chunk.rowCount === 0) break;
		const v = chunk.getColumnVector(0) as unknown as { items?: unknown; getItem(i: number): unknown };
		if (!(v.items instanceof Float64Array)) throw new Error(`not a DOUBLE column: ${sql}`);
		for (let i = 0; i < chunk.rowCount; i++) if (v.getItem(i) === null) throw new Error(`a NULL in ${sql}`);
		parts.push(v.items.slice(0, chunk.rowCount));
		n += chunk.rowCount;
	}
	const out = new Float64Array(n);
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** A YYYY-MM-DD day from the database, checked before it is written into SQL as a constant. */
function isoDay(d: string): string {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a day: ${d}`);
	return d;
}
