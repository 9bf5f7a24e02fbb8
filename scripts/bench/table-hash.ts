// An order-insensitive fingerprint of every table of a warehouse: its row count and
// the sum of each row's 128-bit md5 (two 64-bit halves summed), so two tables
// holding the same rows in any order, with any row ids, hash the same. Cheap enough
// for 100M rows (no ordered string aggregate, unlike content-hash.ts).
import type { SqlRunner } from '../../src/lib/server/sql-runner';

export async function tableHash(db: SqlRunner, table: string): Promise<string> {
	const r = await db.one<{ n: number; hi: string; lo: string }>(
		`SELECT count(*) AS n, CAST(coalesce(sum(md5_number_upper(s)), 0) AS VARCHAR) AS hi, CAST(coalesce(sum(md5_number_lower(s)), 0) AS VARCHAR) AS lo
		 FROM (SELECT CAST(x AS VARCHAR) AS s FROM "${table.replace(/"/g, '""')}" x)`
	);
	return `${r.n}:${r.hi}:${r.lo}`;
}

/** Every table of the current database (not temporary), by name. */
export async function tableHashes(db: SqlRunner): Promise<Record<string, string>> {
	const tables = await db.all<{ t: string }>(
		`SELECT table_name AS t FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary ORDER BY 1`
	);
	const out: Record<string, string> = {};
	for (const { t } of tables) out[t] = await tableHash(db, t);
	return out;
}
