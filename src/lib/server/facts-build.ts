// The full build of ticket_facts, filter_options and the rollup (a first load, a
// large change, a warehouse from before they existed), and the look-ups the
// incremental refresh (facts.ts) shares with it.
//
// The four derived columns are worked out on narrow rows (the key columns and the
// row id), sorted by created_at; the whole rows are then written once, in slices
// of created_at, each slice joined to its derived columns and sorted on its own.
// Sorting all whole rows at once spilled to disk at 10M tickets (most of the
// first load's time, and more memory than the default limit); a slice's sort fits
// in memory, and a slice of tickets stored in date order reads only its own row
// groups (zone maps). The facts end up sorted by created_at, as one sort would.
import { rebuildRollup } from './rollup';
import { rebuildFollowupDelays } from './followup-delays';
import { rebuildRecurringRepairs } from './recurring-repairs';
import { rebuildStaffingJobs } from './staffing/bands-tier';
import { dropTemp, timestampLiteral, type SqlRunner } from './sql-runner';
import { rebuildFaultFacts } from './fault-facts';
import { createTableAs } from './stored-table';

/** filter_options' region_city values: a region and one of its cities, joined by U+001F (the filter bar's City follows Region). */
export const REGION_CITY = `region || chr(31) || city`;

const FILTER_DIMS: [dim: string, column: string][] = [
	['region', 'region'],
	['city', 'city'],
	['model', 'product_model'],
	['team', 'team'],
	['technician', 'technician_id'],
	['region_city', REGION_CITY]
];

/** filter_options' rows from tickets: every value, or (scoped) only the values listed in temp.filter_gone. */
export function filterOptionsSelect(scoped: boolean): string {
	const only = (dim: string, col: string) => (scoped ? ` AND ${col} IN (SELECT k FROM filter_gone WHERE dim = '${dim}')` : '');
	return `SELECT DISTINCT * FROM (${FILTER_DIMS.map(
		([dim, col]) => `SELECT '${dim}' AS dim, ${col} AS value FROM tickets WHERE ${col} IS NOT NULL${only(dim, col)}`
	).join(' UNION ALL ')})`;
}

/** The tickets' columns the look-ups and the derived columns read. */
export const KEY_COLUMNS = ['ticket_id', 'customer_id', 'serial_no', 'product_model', 'type', 'created_at', 'technician_id'];

/** A repair's unit: its serial number, else the customer's model. */
const UNIT = `CASE WHEN serial_no IS NOT NULL THEN 's:' || serial_no
              WHEN product_model IS NOT NULL THEN 'c:' || customer_id || '|' || product_model END`;

/** The four derived columns of ticket t from the look-ups of lookups() (joined by LOOKUP_JOINS). */
export const DERIVED: [column: string, expr: string][] = [
	['reworked', 'r.ticket_id IS NOT NULL'],
	['repeat_customer', `t.type = 'install' AND t.created_at > fi.first_install_at`],
	['next_repair_hours', 'nr.next_repair_hours'],
	['tenure_days', `date_diff('day', h.hire_date, CAST(t.created_at AS DATE))`]
];

const lookupJoins = (repairKey: string) => `LEFT JOIN reworked r ON r.ticket_id = t.ticket_id
LEFT JOIN first_install fi ON fi.customer_id = t.customer_id
LEFT JOIN next_repair nr ON nr.${repairKey} = t.${repairKey}
LEFT JOIN technicians h ON h.technician_id = t.technician_id`;
export const LOOKUP_JOINS = lookupJoins('ticket_id');
/** LOOKUP_JOINS for lookups(…, byRowId), on rows with the tickets' row id as rid. */
const LOOKUP_JOINS_BY_ROW_ID = lookupJoins('rid');

/**
 * The look-ups (CTEs): reworked tickets, each customer's first install, each repair's hours until the next
 * repair of its unit — read from `pool` (rows with the tickets' columns), limited by `only` to the tickets,
 * customers and units whose look-ups the caller works out. `byRowId` (`pool` a table):
 * next_repair keyed by the pool's row id (rid) instead of ticket_id (see DERIVED_NARROW).
 */
export function lookups(pool: string, only: { reworked?: string; customers?: string; units?: string } = {}, byRowId = false): string {
	const and = (cond?: string) => (cond ? ` AND (${cond})` : '');
	const key = byRowId ? 'rid' : 'ticket_id';
	return `reworked AS (SELECT DISTINCT original_ticket_id AS ticket_id FROM rework WHERE true${and(only.reworked)}),
first_install AS (
  SELECT customer_id, min(created_at) AS first_install_at FROM ${pool}
  WHERE type = 'install'${and(only.customers)} GROUP BY customer_id),
repairs AS (SELECT ${byRowId ? 'rowid AS rid' : 'ticket_id'}, created_at, ${UNIT} AS unit FROM ${pool} WHERE type = 'repair'${and(only.units)}),
next_repair AS (
  -- hours until the next repair of the same unit opened strictly later
  SELECT ${key},
         (epoch(min(created_at) OVER (PARTITION BY unit ORDER BY created_at
                RANGE BETWEEN INTERVAL 1 MICROSECOND FOLLOWING AND UNBOUNDED FOLLOWING)) - epoch(created_at)) / 3600 AS next_repair_hours
  FROM repairs WHERE unit IS NOT NULL)`;
}

const DERIVED_SELECT = DERIVED.map(([c, e]) => `${e} AS ${c}`).join(', ');

/** The facts of every ticket in one statement, sorted by created_at: what buildFacts writes (the tests compare the two). */
export const FACTS_SELECT = `WITH ${lookups('tickets')}
SELECT t.* EXCLUDE (ingest_id), ${DERIVED_SELECT}
FROM tickets t
${LOOKUP_JOINS}
ORDER BY t.created_at`;

/**
 * The derived columns of every ticket on narrow rows (row id, key columns), sorted by created_at when the whole rows
 * are written in slices (each slice's scan of them then skips the row groups outside it). The next repair
 * is joined by the tickets' row id rather than by ticket_id (the same ticket: ticket_id is the tickets' key), an
 * integer join instead of a string join over every ticket: 1M tickets, this statement's CPU median 2.1 -> 1.5 s.
 */
const derivedNarrow = (sorted: boolean) => `WITH ${lookups('tickets', {}, true)}
SELECT t.rid, t.created_at, ${DERIVED_SELECT}
FROM (SELECT rowid AS rid, ${KEY_COLUMNS.join(', ')} FROM tickets) t
${LOOKUP_JOINS_BY_ROW_ID}${sorted ? '\nORDER BY t.created_at' : ''}`;

/** A ticket's whole row with its derived columns (temp.facts_derived d); `where` picks a slice of created_at. */
const wideRows = (where: string) => `SELECT t.* EXCLUDE (ingest_id), ${DERIVED.map(([c]) => `d.${c}`).join(', ')}
FROM tickets t JOIN facts_derived d ON d.rid = t.rowid
WHERE ${where}`;

/** Rows sorted by one statement of the full build: about 0.2–0.3 KB a row in the sort, so a slice stays well inside 600 MB. */
export const SLICE_ROWS = 1_000_000;

/**
 * Builds ticket_facts from tickets (and rework, technicians): the same rows as FACTS_SELECT, sorted by created_at,
 * written in slices of about `sliceRows` tickets.
 */
export async function buildFacts(db: SqlRunner, sliceRows = SLICE_ROWS): Promise<void> {
	try {
		const { n } = await db.one<{ n: number }>(`SELECT count(*) AS n FROM tickets`);
		const slices = Math.max(1, Math.ceil(n / sliceRows));
		// one slice: the whole rows are sorted as they are written, so the narrow rows need not be
		await db.run(`CREATE OR REPLACE TEMP TABLE facts_derived AS ${derivedNarrow(slices > 1)}`);
		if (slices === 1) {
			await createTableAs(db, 'ticket_facts', `${wideRows('true')} ORDER BY t.created_at`);
			return;
		}
		// slice bounds: created_at at every sliceRows-th ticket in date order (equal times fall in one slice)
		const quantiles = Array.from({ length: slices - 1 }, (_, i) => (i + 1) / slices);
		const bounds = (
			await db.all<{ b: string }>(
				`SELECT DISTINCT strftime(unnest(quantile_disc(created_at, [${quantiles.join(', ')}])), '%Y-%m-%d %H:%M:%S.%f') AS b FROM facts_derived ORDER BY b`
			)
		).map((r) => timestampLiteral(r.b));
		await createTableAs(db, 'ticket_facts', wideRows('false'));
		for (let i = 0; i <= bounds.length; i++) {
			const range = (col: string) =>
				[i > 0 ? `${col} >= ${bounds[i - 1]}` : '', i < bounds.length ? `${col} < ${bounds[i]}` : ''].filter(Boolean).join(' AND ');
			// the range on both sides: each scan skips the row groups outside it
			await db.run(`INSERT INTO ticket_facts ${wideRows(`${range('t.created_at')} AND ${range('d.created_at')}`)} ORDER BY t.created_at`);
		}
	} finally {
		await dropTemp(db, 'facts_derived');
	}
}

/** Rebuilds ticket_facts, filter_options and the rollup from the warehouse tables (a first load, a large change, a warehouse from before they existed). */
export async function rebuildDerived(db: SqlRunner): Promise<void> {
	await buildFacts(db);
	await db.run(`CREATE OR REPLACE TABLE filter_options AS ${filterOptionsSelect(false)}`);
	await rebuildRollup(db);
	await rebuildFollowupDelays(db);
	await rebuildRecurringRepairs(db);
	await rebuildStaffingJobs(db);
	await rebuildFaultFacts(db);
}
