// ticket_facts: every ticket with the look-ups its metrics need worked out once,
// at ingest, instead of on every request. The look-ups are the costly part of
// the definitions (a join to rework, a window over each customer's installs and
// over each unit's repairs, a join to the roster); what depends on a setting
// (the repeat-visit window, the tenure bands, promised hours) stays a plain
// comparison at query time, so changing a setting needs no rebuild.
// filter_options holds the distinct values of each filter (and each region's cities, dim region_city).
//
// Both are kept up to date inside the transaction that changes the rows they
// derive from (see refreshDerived), so a reader never sees rows without their
// facts. A change touches a few keys (temp table `touch`: ticket ids, customers,
// serial numbers, technicians, filter values); only the tickets that depend on
// those keys are worked out again. A large change rebuilds everything, sorted
// by created_at so a date filter skips most of the table.
import { collectRollupDelta, rebuildRollup, refreshRollup } from './rollup';
import type { SqlRunner } from './sql-runner';

/** filter_options' region_city values: a region and one of its cities, joined by U+001F (the filter bar's City follows Region). */
export const REGION_CITY = `region || chr(31) || city`;

/** What a changed row of each table makes stale: (kind, key) pairs for temp.touch. */
const TOUCH_KEYS: Record<string, [kind: string, expr: string][]> = {
	tickets: [
		['t', 'ticket_id'],
		['c', 'customer_id'],
		['s', 'serial_no'],
		['f:region', 'region'],
		['f:city', 'city'],
		['f:model', 'product_model'],
		['f:team', 'team'],
		['f:technician', 'technician_id'],
		['f:region_city', REGION_CITY]
	],
	rework: [['t', 'original_ticket_id']],
	technicians: [['h', 'technician_id']],
	parts: []
};

const FILTER_DIMS: [dim: string, column: string][] = [
	['region', 'region'],
	['city', 'city'],
	['model', 'product_model'],
	['team', 'team'],
	['technician', 'technician_id'],
	['region_city', REGION_CITY]
];

/** Share of the warehouse's tickets above which a full rebuild is cheaper than the incremental path. */
const FULL_REBUILD_SHARE = 0.25;

/** The facts of every ticket (scoped = false), or of the tickets in temp.facts_scope only. */
function factsSelect(scoped: boolean): string {
	const scope = scoped ? `(SELECT * FROM tickets WHERE ticket_id IN (SELECT ticket_id FROM facts_scope))` : 'tickets';
	const inScope = (cond: string) => (scoped ? ` AND (${cond})` : '');
	return `WITH scope AS (SELECT * FROM ${scope}),
reworked AS (SELECT DISTINCT original_ticket_id AS ticket_id FROM rework
  WHERE true${inScope('original_ticket_id IN (SELECT ticket_id FROM scope)')}),
first_install AS (
  SELECT customer_id, min(created_at) AS first_install_at FROM tickets
  WHERE type = 'install'${inScope('customer_id IN (SELECT customer_id FROM scope)')} GROUP BY customer_id),
repairs AS (
  SELECT ticket_id, created_at,
         CASE WHEN serial_no IS NOT NULL THEN 's:' || serial_no
              WHEN product_model IS NOT NULL THEN 'c:' || customer_id || '|' || product_model END AS unit
  FROM tickets WHERE type = 'repair'${inScope(
		'serial_no IN (SELECT serial_no FROM scope) OR (serial_no IS NULL AND customer_id IN (SELECT customer_id FROM scope))'
	)}),
next_repair AS (
  -- hours until the next repair of the same unit opened strictly later
  SELECT ticket_id,
         (epoch(min(created_at) OVER (PARTITION BY unit ORDER BY created_at
                RANGE BETWEEN INTERVAL 1 MICROSECOND FOLLOWING AND UNBOUNDED FOLLOWING)) - epoch(created_at)) / 3600 AS next_repair_hours
  FROM repairs WHERE unit IS NOT NULL)
SELECT t.* EXCLUDE (ingest_id),
       r.ticket_id IS NOT NULL AS reworked,
       t.type = 'install' AND t.created_at > fi.first_install_at AS repeat_customer,
       nr.next_repair_hours,
       date_diff('day', h.hire_date, CAST(t.created_at AS DATE)) AS tenure_days
FROM scope t
LEFT JOIN reworked r ON r.ticket_id = t.ticket_id
LEFT JOIN first_install fi ON fi.customer_id = t.customer_id
LEFT JOIN next_repair nr ON nr.ticket_id = t.ticket_id
LEFT JOIN technicians h ON h.technician_id = t.technician_id
ORDER BY t.created_at`;
}

function filterOptionsSelect(scoped: boolean): string {
	const only = (dim: string, col: string) => (scoped ? ` AND ${col} IN (SELECT k FROM filter_gone WHERE dim = '${dim}')` : '');
	return `SELECT DISTINCT * FROM (${FILTER_DIMS.map(
		([dim, col]) => `SELECT '${dim}' AS dim, ${col} AS value FROM tickets WHERE ${col} IS NOT NULL${only(dim, col)}`
	).join(' UNION ALL ')})`;
}

/** Statements that build both tables from scratch (a new warehouse, a large change). */
export const FULL_REBUILD_SQL = [
	`CREATE OR REPLACE TABLE ticket_facts AS ${factsSelect(false)}`,
	`CREATE OR REPLACE TABLE filter_options AS ${filterOptionsSelect(false)}`
];

/** Creates temp.touch, the keys the current change makes stale (filled by recordTouch). */
export async function beginTouch(db: SqlRunner): Promise<void> {
	await db.run(`CREATE OR REPLACE TEMP TABLE touch (kind VARCHAR, k VARCHAR)`);
}

/**
 * Records the keys of the rows of `table` that `relation` selects: the rows as they were before a change
 * (side 'old'), or the rows a change wrote (side 'new': they are in the table when refreshDerived runs, so
 * their filter values need no look-up).
 */
export async function recordTouch(db: SqlRunner, table: string, relation: string, side: 'old' | 'new' = 'old'): Promise<void> {
	const keys = TOUCH_KEYS[table];
	if (!keys?.length) return;
	await db.run(
		`INSERT INTO touch SELECT DISTINCT * FROM (${keys
			.map(
				([kind, expr]) =>
					`SELECT '${side === 'new' ? kind.replace(/^f:/, 'n:') : kind}' AS kind, CAST(${expr} AS VARCHAR) AS k FROM ${relation} WHERE ${expr} IS NOT NULL`
			)
			.join(' UNION ALL ')})`
	);
}

/** Marks the whole warehouse stale (a first load of tickets): refreshDerived rebuilds everything without looking up keys. */
export async function touchAll(db: SqlRunner): Promise<void> {
	await db.run(`INSERT INTO touch VALUES ('*', NULL)`);
}

/**
 * Brings ticket_facts, filter_options and ticket_rollup (rollup.ts) up to date with the keys in temp.touch.
 * Call it inside the transaction that changed the rows.
 */
export async function refreshDerived(db: SqlRunner): Promise<'none' | 'incremental' | 'full'> {
	const { touched, all } = await db.one<{ touched: number; all: boolean }>(
		`SELECT count(*) AS touched, coalesce(bool_or(kind = '*'), false) AS all FROM touch`
	);
	if (touched === 0) return 'none';
	// everything stale (touchAll): no keys to look up, the full rebuild below
	await db.run(`CREATE OR REPLACE TEMP TABLE facts_scope AS
		SELECT ticket_id FROM tickets
		WHERE ${all ? 'false AND ' : ''}ticket_id IN (SELECT k FROM touch WHERE kind = 't')
		   OR customer_id IN (SELECT k FROM touch WHERE kind = 'c')
		   OR serial_no IN (SELECT k FROM touch WHERE kind = 's')
		   OR technician_id IN (SELECT k FROM touch WHERE kind = 'h')`);
	const { scope, total, facts } = await db.one<{ scope: number; total: number; facts: number }>(
		`SELECT (SELECT count(*) FROM facts_scope) AS scope, (SELECT count(*) FROM tickets) AS total, (SELECT count(*) FROM ticket_facts) AS facts`
	);
	try {
		if (all || facts === 0 || scope > FULL_REBUILD_SHARE * total) {
			for (const sql of FULL_REBUILD_SQL) await db.run(sql);
			await rebuildRollup(db);
			return 'full';
		}
		const stale = `ticket_id IN (SELECT ticket_id FROM facts_scope) OR ticket_id IN (SELECT k FROM touch WHERE kind = 't')`;
		// the rollup loses the counts of the facts rows replaced and gains the new rows'
		await collectRollupDelta(db, stale, -1);
		await db.run(`DELETE FROM ticket_facts WHERE ${stale}`);
		await db.run(`INSERT INTO ticket_facts ${factsSelect(true)}`);
		await collectRollupDelta(db, `ticket_id IN (SELECT ticket_id FROM facts_scope)`, 1);
		await refreshRollup(db);
		await refreshFilterOptions(db);
		return 'incremental';
	} finally {
		await db.run(`DROP TABLE IF EXISTS temp.facts_scope`);
	}
}

/**
 * filter_options after a change: a value a written row holds (touch kind n:) is present; a value only
 * rows as they were before held (kind f:) may be gone, and only those few are looked up in tickets.
 */
async function refreshFilterOptions(db: SqlRunner): Promise<void> {
	await db.run(`INSERT INTO filter_options SELECT DISTINCT substr(kind, 3) AS dim, k AS value FROM touch x
		WHERE kind LIKE 'n:%' AND NOT EXISTS (SELECT 1 FROM filter_options f WHERE f.dim = substr(x.kind, 3) AND f.value = x.k)`);
	await db.run(`CREATE OR REPLACE TEMP TABLE filter_gone AS
		SELECT substr(kind, 3) AS dim, k FROM touch WHERE kind LIKE 'f:%'
		EXCEPT SELECT substr(kind, 3), k FROM touch WHERE kind LIKE 'n:%'`);
	try {
		const { gone } = await db.one<{ gone: number }>(`SELECT count(*) AS gone FROM filter_gone`);
		if (gone === 0) return;
		await db.run(`DELETE FROM filter_options f USING filter_gone x WHERE f.dim = x.dim AND f.value = x.k`);
		await db.run(`INSERT INTO filter_options ${filterOptionsSelect(true)}`);
	} finally {
		await db.run(`DROP TABLE IF EXISTS temp.filter_gone`);
	}
}

/** Rebuilds both tables from the warehouse tables (a warehouse from before they existed). */
export async function rebuildDerived(db: SqlRunner): Promise<void> {
	for (const sql of FULL_REBUILD_SQL) await db.run(sql);
	await rebuildRollup(db);
}
