// facts_keys: where to look in ticket_facts for the tickets of a customer, a unit
// or a ticket id, so a small ingest finds the tickets sharing its keys without a
// pass over the whole facts table. One row per (key, ticket): a 32-bit hash of the
// key (namespaced: 'r' ticket id, 'c' customer, 's' serial number) and the day the
// ticket was opened, sorted by the hash, so the zone maps of a look-up of a few
// hashes skip all but a few row groups; the days found then select the few row
// groups of ticket_facts (sorted by created_at) that can hold those tickets, and
// the keys themselves are compared there.
//
// It may say too much, never too little: a ticket whose keys or day changed keeps
// its old rows here (they only widen the look-up), and every facts row written by
// the incremental path adds its own. Rows appended since the last sort widen the
// zone maps of the last row groups; past TAIL_ROWS the table is built again.
// Whatever else writes ticket_facts replaces the whole table (the full build), which
// drops the comment on ticket_facts that vouches for facts_keys: the next
// incremental refresh builds facts_keys again before it trusts it.
import type { SqlRunner } from './sql-runner';

/** Unsorted rows appended since the last build beyond which it is built again (and beyond the sorted rows' count). */
const TAIL_ROWS = 1_000_000;
/** More distinct touched keys than this: no look-up (their days would cover most row groups; the caller reads them all). */
const MAX_KEYS = 1000;
/** At most this many day ranges (one scan each; closest ranges merged): many parallel scans of wide rows run out of memory. */
const MAX_RANGES = 24;

/** The key's hash: the upper 32 bits of DuckDB's hash of the namespace (an SQL string) followed by the key (UINTEGER). */
const keyHash = (space: string, expr: string) => `CAST(hash(${space} || ${expr}) >> 32 AS UINTEGER)`;

/** Each touch kind's namespace (touch kinds: facts.ts TOUCH_KEYS). */
const SPACE_OF: Record<string, string> = { r: 'r', t: 'r', c: 'c', s: 's' };
/** Each namespace's column in ticket_facts. */
const COLUMN_OF: Record<string, string> = { r: 'ticket_id', c: 'customer_id', s: 'serial_no' };

/** The facts_keys rows of the facts rows in `from`. */
const keyRows = (from: string) =>
	Object.entries(COLUMN_OF)
		.map(
			([space, col]) => `SELECT ${keyHash(`'${space}'`, col)} AS h, CAST(created_at AS DATE) AS day FROM ${from} WHERE ${col} IS NOT NULL`
		)
		.join(' UNION ALL ');

/** What the comment on ticket_facts says while facts_keys holds its keys: a probe of hash() (a DuckDB whose hash differs rebuilds) and the sorted rows. */
const stamp = (probe: string, sorted: number) => `facts_keys ${probe} ${sorted}`;
const PROBE = `CAST(hash('fieldloop') AS VARCHAR)`;

async function build(db: SqlRunner): Promise<void> {
	await db.run(`CREATE OR REPLACE TABLE facts_keys AS SELECT * FROM (${keyRows('ticket_facts')}) ORDER BY h, day`);
	const { n, probe } = await db.one<{ n: number; probe: string }>(`SELECT count(*) AS n, ${PROBE} AS probe FROM facts_keys`);
	await db.run(`COMMENT ON TABLE ticket_facts IS '${stamp(probe, n)}'`);
}

/** Builds facts_keys after a full build of ticket_facts (in the same transaction). */
export async function rebuildFactsKeys(db: SqlRunner): Promise<void> {
	await build(db);
}

/** Builds facts_keys when it is missing, stale (ticket_facts replaced since, or another hash()), or its unsorted tail is long. */
export async function ensureFactsKeys(db: SqlRunner): Promise<void> {
	const [row] = await db.all<{ comment: string | null; probe: string; rows: number | null }>(
		`SELECT (SELECT comment FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'ticket_facts') AS comment, ${PROBE} AS probe,
		        (SELECT estimated_size FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'facts_keys') AS rows`
	);
	const m = /^facts_keys (\S+) (\d+)$/.exec(row.comment ?? '');
	if (!m || m[1] !== row.probe || row.rows === null) return build(db);
	const sorted = Number(m[2]);
	const { n } = await db.one<{ n: number }>(`SELECT count(*) AS n FROM facts_keys`);
	if (n - sorted > Math.max(TAIL_ROWS, sorted)) await build(db);
}

/** Adds the keys of the facts rows in `from` (rows the incremental path inserted into ticket_facts). */
export async function appendFactsKeys(db: SqlRunner, from: string): Promise<void> {
	await db.run(`INSERT INTO facts_keys ${keyRows(from)}`);
}

/**
 * The days that can hold a ticket sharing a touched ticket id, customer or serial number (temp.touch kinds r, t,
 * c, s, or those of `kinds`), worked out from facts_keys, as conditions on ticket_facts' created_at: one range per
 * run of following days, at most MAX_RANGES (scan each by itself: the zone maps skip row groups for one range, not
 * for an OR of ranges). [] when no stored ticket can share one; null when the keys are too many to be worth it
 * (read every row group).
 */
export async function touchedRanges(db: SqlRunner, kinds = Object.keys(SPACE_OF)): Promise<string[] | null> {
	const spaces = Object.entries(SPACE_OF).filter(([k]) => kinds.includes(k));
	if (spaces.length === 0) return [];
	return rangesOf(
		db,
		`SELECT DISTINCT ${keyHash(`CASE kind ${spaces.map(([k, s]) => `WHEN '${k}' THEN '${s}'`).join(' ')} END`, 'k')} AS h
		FROM touch WHERE kind IN (${spaces.map(([k]) => `'${k}'`).join(', ')})`
	);
}

/** The days of the facts rows whose key hashes `hashed` (a query of column h) selects, as ranges of created_at (touchedRanges). */
async function rangesOf(db: SqlRunner, hashed: string): Promise<string[] | null> {
	const hs = await db.all<{ h: number }>(hashed);
	if (hs.length === 0) return [];
	if (hs.length > MAX_KEYS) return null;
	// a list of constants is pushed into the scan, where the zone maps of the sorted hashes skip row groups
	// (distinct and sorted here: a DISTINCT or ORDER BY of these few rows cost more than the scan, ~20 ms CPU, at 10M)
	const days = await db.all<{ day: string }>(
		`SELECT strftime(day, '%Y-%m-%d') AS day FROM facts_keys WHERE h IN (${hs.map((r) => r.h).join(', ')})`
	);
	return mergeRanges([...new Set(days.map((d) => d.day))].sort(), MAX_RANGES).map(
		([lo, hi]) => `created_at >= TIMESTAMP '${lo}' AND created_at < TIMESTAMP '${hi}'`
	);
}

/** Sorted days (YYYY-MM-DD) as at most `max` half-open ranges [lo, hi): following days joined, then the smallest gaps closed. */
export function mergeRanges(days: string[], max: number): [string, string][] {
	const ranges: [string, string][] = [];
	for (const day of days) {
		const last = ranges[ranges.length - 1];
		if (last && last[1] === day) last[1] = nextDay(day);
		else ranges.push([day, nextDay(day)]);
	}
	if (ranges.length <= max) return ranges;
	// close the (length - max) smallest gaps between neighbours (the earlier gap first among equals)
	const gap = (i: number) => Date.parse(ranges[i + 1][0]) - Date.parse(ranges[i][1]);
	const closed = new Set(
		[...ranges.keys()]
			.slice(0, -1)
			.sort((a, b) => gap(a) - gap(b) || a - b)
			.slice(0, ranges.length - max)
	);
	const out: [string, string][] = [];
	ranges.forEach(([lo, hi], i) => {
		if (i > 0 && closed.has(i - 1)) out[out.length - 1][1] = hi;
		else out.push([lo, hi]);
	});
	return out;
}

/** The day after an ISO date (YYYY-MM-DD). */
function nextDay(day: string): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}
