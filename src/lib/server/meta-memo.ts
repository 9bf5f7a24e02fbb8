// The meta table (stamps of the maintained tables, data_version: 22 short rows) read once per data version where
// one process makes every change to the warehouse: the dashboard server (store.ts), which holds DuckDB's write lock,
// changes the data only through its queue and reads the new data_version after each change — the version its
// result cache is keyed on. It tells this module that version (knownVersion) after each change, and null while a
// change runs; until then (tests, the command line, a change in progress), every read goes to the table, as before.
// A review asked about 33 meta reads (route()'s stamps, the ready checks), ~2 ms CPU and a queue slot each, most of
// them on the chain of statements a figure waits on; the staffing roster asked duckdb_columns() each time (~5 ms).
//
// Why a version is enough: every change of the rows and of the maintained tables (ingest, undo, the rebuild of a
// stale or redefined table) runs through store.ts's write() or before the server's first read (the checks on open).
// A read started while the version was v may run after a change commits; it is kept under v, and looked up only
// while the version is still v, that is before the change started (write() sets null first).
import type { SqlRunner } from './sql-runner';

interface Known {
	version: number | null;
	/** what was read at a version, by key */
	reads: Map<string, { version: number; value: Promise<unknown> }>;
}

const known = new WeakMap<object, Known>();

/** The DuckDB instance a connection reads (Warehouse.instance, shared by its forks), when it has one. */
const instanceOf = (db: SqlRunner): object | undefined => (db as { instance?: object }).instance;

/**
 * The data version every connection of `db`'s instance reads, as the process that makes every change knows it
 * (store.ts, after each change); null while a change runs or when unknown. Forgets what was read at another version.
 */
export function knownVersion(db: SqlRunner, version: number | null): void {
	const i = instanceOf(db);
	if (i) known.set(i, { version, reads: new Map() });
}

/**
 * `read()` once per known data version of `db`'s instance (under `key`), else now. Only for what changes with the
 * data version alone: meta, the schema (a column the contract gained is added on open, before the server
 * knows a version), and the nowcasts' delay distributions (followup-delays.ts: the same for every filter).
 */
export function perVersion<T>(db: SqlRunner, key: string, read: () => Promise<T>): Promise<T> {
	const i = instanceOf(db);
	const k = i ? known.get(i) : undefined;
	if (!k || k.version === null) return read();
	const hit = k.reads.get(key);
	if (hit?.version === k.version) return hit.value as Promise<T>;
	const value = read();
	const entry = { version: k.version, value };
	k.reads.set(key, entry);
	// a failed read is not kept
	value.catch(() => {
		if (k.reads.get(key) === entry) k.reads.delete(key);
	});
	return value;
}

/** Every meta row (key → value): read once per known data version, else read now. */
export function metaRows(db: SqlRunner): Promise<Map<string, string>> {
	return perVersion(
		db,
		'meta',
		async () => new Map((await db.all<{ k: string; v: string }>(`SELECT key AS k, value AS v FROM meta`)).map((r) => [r.k, r.v]))
	);
}

/** One meta value (undefined when the key is not there): metaRows'. */
export async function metaValue(db: SqlRunner, key: string): Promise<string | undefined> {
	return (await metaRows(db)).get(key);
}
