// A fingerprint of what the warehouse holds: the data tables (without the
// bookkeeping ingest_id), the derived tables and the filter values. Two
// warehouses with the same content have the same hash, however they got there
// (an interrupted ingest run again, an ingest undone).
import { MAINTAINED } from './maintained-tables';
import type { SqlRunner } from './sql-runner';

const HASHED: [table: string, exclude: readonly string[]][] = [
	['tickets', ['ingest_id']],
	['rework', ['ingest_id']],
	['parts', ['ingest_id']],
	['technicians', ['ingest_id']],
	// every maintained table the registry hashes (maintained-tables.ts): the facts, the filter values, the rollup tiers…
	...MAINTAINED.flatMap((m): [string, readonly string[]][] => (m.hash ? [[m.table, m.hash.exclude]] : []))
];

export async function contentHashes(db: SqlRunner): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const [table, exclude] of HASHED) {
		const cols = exclude.length ? `* EXCLUDE (${exclude.join(', ')})` : '*';
		const { h } = await db.one<{ h: string }>(
			`SELECT md5(coalesce(string_agg(r, chr(10) ORDER BY r), '')) AS h FROM (SELECT CAST(x AS VARCHAR) AS r FROM (SELECT ${cols} FROM ${table}) x)`
		);
		out[table] = h;
	}
	return out;
}

export async function contentHash(db: SqlRunner): Promise<string> {
	const parts = await contentHashes(db);
	return Object.entries(parts)
		.map(([t, h]) => `${t}:${h}`)
		.join(' ');
}
