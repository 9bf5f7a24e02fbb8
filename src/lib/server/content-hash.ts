// A fingerprint of what the warehouse holds: the data tables (without the
// bookkeeping ingest_id), the derived tables and the filter values. Two
// warehouses with the same content have the same hash, however they got there
// (an interrupted ingest run again, an ingest undone).
import { TIER_TABLES } from './rollup';
import { COMPLETION_TABLES } from './completion-tier';
import { STAFFING_TABLE } from './staffing/bands-tier';
import { NEVADA_TABLE, WARRANTY_TABLE } from './fault-facts';
import { DELAYS_TABLE } from './followup-delays';
import { RECURRING_TABLE } from './recurring-repairs';
import type { SqlRunner } from './sql-runner';

const HASHED: [table: string, exclude: string[]][] = [
	['tickets', ['ingest_id']],
	['rework', ['ingest_id']],
	['parts', ['ingest_id']],
	['technicians', ['ingest_id']],
	['ticket_facts', []],
	['filter_options', []],
	// every rollup tier (rollup.ts TIERS)
	...TIER_TABLES.map((t): [string, string[]] => [t, []]),
	// the staffing plan's jobs by promised hours (staffing/bands-tier.ts)
	[STAFFING_TABLE, []],
	// the time-to-complete gap counts (completion-tier.ts)
	...COMPLETION_TABLES.map((t): [string, string[]] => [t, []]),
	// Nevada's and the supplier view's rows (fault-facts.ts), the review nowcast's delays (followup-delays.ts)
	[NEVADA_TABLE, []],
	[WARRANTY_TABLE, []],
	[DELAYS_TABLE, []],
	// the review's repairs of units repaired more than once (recurring-repairs.ts)
	[RECURRING_TABLE, []]
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
