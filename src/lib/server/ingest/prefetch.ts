// Reading ahead beside an ingest of tickets. At 10M tickets most of a small ingest's time after the merge goes to
// the first read of each block it needs from the big tables — the rows of the newest days that the refresh of
// ticket_facts and the count tables reads and updates, the last row group of each table it appends to (which the
// closing checkpoint writes again) — each a 256 KiB block read, checksummed and decompressed on first use, one
// statement after another. Another connection of the same database reads those blocks into the shared buffer pool
// while this one reads, checks and merges the file, on the core that ingest leaves idle; the refresh and the
// checkpoint then find them there. It reads only: what it finds is never used, so the ingest's result is the same
// with it or without it. Off unless FIELDLOOP_PREFETCH=1: it adds CPU time and helps only when a core is idle.
import { readEnv } from '../config';
import type { SqlRunner } from '../sql-runner';
import type { Warehouse } from '../warehouse';

/** The rows at the end of a table an ingest appends to: the vectors the append adds to and the closing checkpoint writes again. */
const EDGE_ROWS = 2048;
/**
 * What to read, in the order the ingest needs it: `tail` the last EDGE_ROWS rows (tickets, ticket_facts and facts_keys
 * get the new rows), `first` the first rows (a fetch by row id reads them even when it finds nothing), `day` or
 * `month` the rows of the newest day or month (the refresh reads and updates the groups of the new tickets' days).
 */
export const READS: [table: string, what: 'tail' | 'first' | 'day' | 'month'][] = [
	['tickets', 'tail'],
	['ticket_facts', 'first'],
	['ticket_facts', 'day'],
	['ticket_facts', 'tail'],
	['facts_keys', 'tail'],
	['ticket_rollup_technician', 'day'],
	['ticket_rollup', 'day'],
	['ticket_rollup_month', 'month'],
	['completion_buckets', 'month'],
	['staffing_rollup', 'day']
];

/** Every column of the rows `where` selects, read and thrown away (one hash per column: one row comes back). */
const readAll = (table: string, where: string) => `SELECT max(hash(COLUMNS(*))) FROM ${table} WHERE ${where}`;

/** The read-ahead's statements for the warehouse as it is: READS, less the tables it lacks (and the newest rows when no tickets were loaded). */
export async function readAhead(db: SqlRunner): Promise<string[]> {
	const sizes = new Map(
		(
			await db.all<{ t: string; n: number }>(
				`SELECT table_name AS t, estimated_size AS n FROM duckdb_tables()
				 WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary`
			)
		).map((r) => [r.t, r.n])
	);
	// the newest day with tickets, from the loads' own record (a max over created_at would read the whole column)
	const { d } = await db.one<{ d: string | null }>(
		`SELECT strftime(max(data_until), '%Y-%m-%d') AS d FROM ingests WHERE table_name = 'tickets' AND undone_at IS NULL`
	);
	return READS.flatMap(([t, what]) => {
		const n = sizes.get(t);
		if (!n) return [];
		if (what === 'tail') return [readAll(t, `rowid >= ${Math.max(0, n - EDGE_ROWS)}`)];
		if (what === 'first') return [readAll(t, `rowid < ${EDGE_ROWS}`)];
		return d ? [readAll(t, `created_at >= date_trunc('${what}', DATE '${d}')`)] : [];
	});
}

/** Starts the read-ahead on a connection of its own; the promise settles when it is done and never rejects. */
export function prefetch(wh: Warehouse): Promise<void> {
	if (!readEnv().prefetch) return Promise.resolve();
	return wh
		.aside(async (c) => {
			for (const sql of await readAhead(c)) await c.run(sql).catch(() => undefined);
		})
		.catch(() => undefined);
}
