// Every derived table of the warehouse, declared once: what it is built from, its definition stamp in meta, how
// the content hash reads it, and how the 100M replica makes copies of its rows. The content hash
// (content-hash.ts), the replica scripts (scripts/bench/copy-keys.ts, replicate.ts) and the check on open
// (maintainOnOpen, called by warehouse.ts) each loop over this list, so a table added here is hashed, replicated
// and built on open without another list to remember; tests/unit/maintained-tables.test.ts fails when a freshly
// built warehouse holds a derived table this list lacks, or lacks one it names.
//
// Where each is built and kept (not here): the full build (facts-build.ts rebuildDerived, facts-keys.ts) and the
// incremental refresh inside the transaction that changes the rows (facts.ts refreshDerived).
//
// What data a table covers. Every change of the rows (an ingest, an undo) bumps meta's data_version in its own
// transaction — code of every version with this schema does, since the derived state has been kept in the same
// commit (5af31c8). This code also writes, in that statement, covers:<table> = the new data_version for each table
// below but ticket_facts (bumpDataVersion), after it refreshed them all. Code that keeps fewer tables (older code,
// from before a table was declared) bumps data_version and leaves the covers:<table> of the tables it does not
// know behind, so on open a table whose covers is not the data_version is stale whoever wrote the rows, and is
// built again. A warehouse with no covers stamp at all (made before them) is taken as it is, once.
import { settings as configured } from './config';
import { COMPLETION_BUCKETS, COMPLETION_GAPS, COMPLETION_STAMP, rebuildCompletion } from './completion-tier';
import { filterOptionsSelect } from './facts-build';
import { rebuildFactsKeys } from './facts-keys';
import { FAULT_FACTS_STAMP, NEVADA_TABLE, WARRANTY_TABLE, rebuildFaultFacts } from './fault-facts';
import { DELAYS_STAMP, DELAYS_TABLE, rebuildFollowupDelays } from './followup-delays';
import { RECURRING_STAMP, RECURRING_TABLE, rebuildRecurringRepairs } from './recurring-repairs';
import { BUILD_ORDER, rebuildTier, tierStampKey } from './rollup';
import type { Settings } from './settings';
import type { SqlRunner } from './sql-runner';
import { STAFFING_STAMP_KEY, STAFFING_TABLE, rebuildStaffingJobs } from './staffing/bands-tier';

/** How copy k of the 100M replica (scripts/bench/replicate.ts) holds a table's rows. */
export type ReplicaRule =
	/** copy 0's rows with these key columns renamed for copy k (copy-keys.ts): each row follows its own ticket alone */
	| { kind: 'keys'; keys: readonly string[] }
	/** groups holding no ticket key: the source's rows, their counts (BIGINT/HUGEINT columns that are not keys) times K */
	| { kind: 'counts' }
	/** the same for every copy: the source's rows as they are */
	| { kind: 'shared' }
	/** built from the replicated facts once they are in, as the full build does */
	| { kind: 'build' };

export interface MaintainedTable {
	table: string;
	/** the tables its rows are made from */
	from: readonly string[];
	/** its definition stamp in meta: the key, and whether a stored value is this code's (none: the table alone tells) */
	stamp: { key: string; current: (value: string) => boolean } | null;
	/**
	 * Builds it whole from up-to-date inputs (tables built by one call share the function: it runs once). null for
	 * ticket_facts: rebuilt with everything when the schema changes (warehouse.ts), and kept by every version of the code.
	 */
	rebuild: ((db: SqlRunner, s: Settings) => Promise<void>) | null;
	/** in the content hash (content-hash.ts), and the columns left out of it; false: not hashed (facts_keys may hold more than a rebuild) */
	hash: { exclude: readonly string[] } | false;
	replica: ReplicaRule;
}

const TICKET_KEYS = ['ticket_id', 'customer_id', 'serial_no'];
/** A table whose rows follow their own ticket alone (a row per ticket, repair or parts line): copy k renames the ticket. */
const PER_TICKET: ReplicaRule = { kind: 'keys', keys: ['ticket_id'] };
const present = () => true;
const equals = (stamp: { key: string; value: string }) => ({ key: stamp.key, current: (v: string) => v === stamp.value });

/** Build order: a table after those it is built from. */
export const MAINTAINED: readonly MaintainedTable[] = [
	{
		table: 'ticket_facts',
		from: ['tickets', 'rework', 'technicians'],
		stamp: null,
		rebuild: null,
		hash: { exclude: [] },
		replica: { kind: 'keys', keys: TICKET_KEYS }
	},
	{
		table: 'filter_options',
		from: ['tickets'],
		stamp: null,
		rebuild: async (db) => db.run(`CREATE OR REPLACE TABLE filter_options AS ${filterOptionsSelect(false)}`),
		hash: { exclude: [] },
		replica: { kind: 'shared' }
	},
	// the rollup tiers (rollup.ts TIERS), a tier after the one it is summed from; stamped with the settings they were
	// made with (a tier made with others is rebuilt by the refresh, or not routed to)
	...BUILD_ORDER.map((t): MaintainedTable => ({
		table: t.table,
		from: [t.parent ?? 'ticket_facts'],
		stamp: { key: tierStampKey(t.table), current: present },
		rebuild: (db, s) => rebuildTier(db, t.table, s),
		hash: { exclude: [] },
		replica: { kind: 'counts' }
	})),
	// the time-to-complete gap counts (completion-tier.ts), stamped with their bucket width
	...[COMPLETION_GAPS, COMPLETION_BUCKETS].map((table): MaintainedTable => ({
		table,
		from: [table === COMPLETION_GAPS ? 'ticket_facts' : COMPLETION_GAPS],
		stamp: equals(COMPLETION_STAMP),
		rebuild: rebuildCompletion,
		hash: { exclude: [] },
		replica: { kind: 'counts' }
	})),
	// the staffing plan's jobs by promised hours (staffing/bands-tier.ts), stamped with the promise
	{
		table: STAFFING_TABLE,
		from: ['ticket_facts'],
		stamp: { key: STAFFING_STAMP_KEY, current: present },
		rebuild: rebuildStaffingJobs,
		hash: { exclude: [] },
		replica: { kind: 'counts' }
	},
	// Nevada's repairs and the supplier view's warranty lines (fault-facts.ts)
	...[NEVADA_TABLE, WARRANTY_TABLE].map((table): MaintainedTable => ({
		table,
		from: table === NEVADA_TABLE ? ['ticket_facts'] : ['ticket_facts', 'parts'],
		stamp: equals(FAULT_FACTS_STAMP),
		rebuild: rebuildFaultFacts,
		hash: { exclude: [] },
		replica: PER_TICKET
	})),
	// the review nowcast's delays (followup-delays.ts)
	{
		table: DELAYS_TABLE,
		from: ['ticket_facts', 'rework'],
		stamp: equals(DELAYS_STAMP),
		rebuild: rebuildFollowupDelays,
		hash: { exclude: [] },
		replica: PER_TICKET
	},
	// the review's repairs of units repaired more than once (recurring-repairs.ts): copies share no unit, so copy k's
	// rows are copy 0's with the ticket, customer and unit renamed
	{
		table: RECURRING_TABLE,
		from: ['ticket_facts'],
		stamp: equals(RECURRING_STAMP),
		rebuild: rebuildRecurringRepairs,
		hash: { exclude: [] },
		replica: { kind: 'keys', keys: TICKET_KEYS }
	},
	// where to look for a key's tickets (facts-keys.ts): vouched for by the comment on ticket_facts, not by meta
	{
		table: 'facts_keys',
		from: ['ticket_facts'],
		stamp: null,
		rebuild: rebuildFactsKeys,
		hash: false,
		replica: { kind: 'build' }
	}
];

export const MAINTAINED_TABLES = MAINTAINED.map((m) => m.table);

/** The table's entry (undefined: not a maintained table). */
export const maintained = (table: string): MaintainedTable | undefined => MAINTAINED.find((m) => m.table === table);

/** The tables whose data is stamped (covers:<table>): all but ticket_facts. */
const COVERED = MAINTAINED.filter((m) => m.rebuild !== null).map((m) => m.table);
const coversKey = (table: string) => `covers:${table}`;
const COVERS_KEYS = COVERED.map(coversKey);

/** meta keys (names this code declares, checked) as an SQL list of constants: a list does not bind as a parameter here. */
function keyList(keys: readonly string[]): string {
	for (const k of keys) if (!/^[a-z_:]+$/.test(k)) throw new Error(`not a meta key: ${k}`);
	return `[${keys.map((k) => `'${k}'`).join(', ')}]`;
}
const STAMP_KEYS = [...new Set(MAINTAINED.flatMap((m) => (m.stamp ? [m.stamp.key] : [])))];

/**
 * meta after a change of the rows (call inside its transaction, after refreshDerived): data_version one more, and
 * every maintained table stamped as covering it — one statement.
 */
export async function bumpDataVersion(db: SqlRunner): Promise<void> {
	await db.run(
		`INSERT INTO meta SELECT k, CAST(v AS VARCHAR) FROM
		   (SELECT coalesce((SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'data_version'), 0) + 1 AS v),
		   (SELECT unnest(${keyList(['data_version', ...COVERS_KEYS])}) AS k)
		 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`
	);
}

/** Every maintained table stamped as covering the data as it is (after a full build). */
export async function stampCovers(db: SqlRunner): Promise<void> {
	await db.run(
		`INSERT INTO meta SELECT unnest(${keyList(COVERS_KEYS)}), coalesce((SELECT value FROM meta WHERE key = 'data_version'), '0')
		 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`
	);
}

/**
 * On open (warehouse.ts, inside a transaction): builds each maintained table that is missing, stamped by another
 * definition, or stale (its covers:<table> is not the data_version: rows changed by code that did not keep it),
 * then stamps every table as covering the data. One look-up of meta and of the catalogue when nothing is to do,
 * and nothing written. Returns the tables built.
 */
export async function maintainOnOpen(db: SqlRunner, s: Settings = configured()): Promise<string[]> {
	// two look-ups (as one statement with both as subqueries it took ~35 ms at 10M, apart ~2 ms each)
	const tables = await db.all<{ t: string }>(
		`SELECT table_name AS t FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary`
	);
	const has = new Set(tables.map((r) => r.t));
	// no facts (a warehouse being made): the full build makes them all
	if (!has.has('ticket_facts')) return [];
	const meta = await db.all<{ k: string; v: string }>(
		`SELECT key AS k, value AS v FROM meta WHERE key = 'data_version' OR key LIKE 'covers:%' OR list_contains(${keyList(STAMP_KEYS)}, key)`
	);
	const stored = new Map(meta.map((r) => [r.k, r.v]));
	const version = stored.get('data_version') ?? '0';
	// covers stamps: a warehouse that has none was made before them, and is taken as it is
	const stamped = COVERS_KEYS.some((k) => stored.has(k));
	const built: string[] = [];
	const ran = new Set<MaintainedTable['rebuild']>();
	for (const m of MAINTAINED) {
		if (!m.rebuild) continue;
		const defined = !m.stamp || (stored.has(m.stamp.key) && m.stamp.current(stored.get(m.stamp.key)!));
		const current = !stamped || stored.get(coversKey(m.table)) === version;
		if (has.has(m.table) && defined && current) continue;
		if (!ran.has(m.rebuild)) await m.rebuild(db, s);
		ran.add(m.rebuild);
		built.push(m.table);
	}
	if (COVERS_KEYS.some((k) => stored.get(k) !== version)) await stampCovers(db);
	return built;
}
