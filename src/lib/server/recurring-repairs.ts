// recurring_repairs: the repairs the review's recurring faults count units from
// (report-sections.ts repeatedFaults), so a month's review groups the few thousand
// repairs of units repaired more than once instead of every repair of the month
// (about 95,000 at 10M tickets, grouped on their serial numbers and customers).
//
// One row per repair (type 'repair') of a unit with two or more repairs in the whole
// warehouse, whatever their fault or model: a unit is its serial number, else the
// customer's model (serial_no NULL, customer_id, product_model) — the unit of the
// facts' next repair (facts-build.ts), as a tuple of columns. A unit repaired
// twice for one model × component within a period is a unit with two repairs: its
// repairs of the period are all here, so counting units on these rows alone gives
// the figures of the query over ticket_facts (the test compares them). The filter
// columns of the facts come along, so any filter reads the table.
//
// Kept like followup_delays: built whole by the full build (facts-build.ts
// rebuildDerived) and on open when missing, made by another definition or stale
// (maintained-tables.ts, stamp in meta), and on the incremental path (facts.ts
// refreshDerived, after the facts refresh, through refreshFollowupDelays) a unit
// whose repairs may have changed —
// a touched serial number (touch kind s) or a touched customer's serial-less repairs
// (kind c) — is counted again from temp.facts_pool, which holds every current repair
// of such units (facts.ts refreshFacts); an updated ticket whose key columns did not
// change (kind u: the same unit, the same type) keeps its unit's membership, so its
// row is replaced by its new one when it had one.
import { dropTemp, type SqlRunner } from './sql-runner';
import { metaValue } from './meta-memo';

export const RECURRING_TABLE = 'recurring_repairs';
const STAMP_KEY = 'recurring_repairs';
/** Changes whenever what the table holds does: a warehouse stamped otherwise builds it again on open. */
const STAMP = JSON.stringify({ v: 1 });
/** The stamp's key and this code's value (maintained-tables.ts). */
export const RECURRING_STAMP = { key: STAMP_KEY, value: STAMP };

/** The columns kept: the ticket, its day, what a unit is counted on, and the filter columns (metrics/dimensions.ts FILTER_COLUMNS). */
export const RECURRING_COLUMNS = [
	'ticket_id',
	'created_at',
	'product_model',
	'fault_component',
	'serial_no',
	'customer_id',
	'region',
	'city',
	'team',
	'team_type',
	'technician_id'
];
const COLS = RECURRING_COLUMNS.join(', ');

/** A repair's unit as a tuple of columns (of alias a): the serial number, else the customer and the model. */
const UNIT_COLUMNS: [name: string, expr: (a: string) => string][] = [
	['u_serial', (a) => `${a}.serial_no`],
	['u_customer', (a) => `CASE WHEN ${a}.serial_no IS NULL THEN ${a}.customer_id END`],
	['u_model', (a) => `CASE WHEN ${a}.serial_no IS NULL THEN ${a}.product_model END`]
];
const UNIT_PARTITION = UNIT_COLUMNS.map(([, expr]) => expr('p')).join(', ');
/** The repair has a unit: a serial number, or a customer and a model (unqualified: the one relation read has these columns). */
const HAS_UNIT = `(serial_no IS NOT NULL OR (customer_id IS NOT NULL AND product_model IS NOT NULL))`;

/** Builds the table whole from ticket_facts, sorted by created_at (a period's scan skips the other row groups), and stamps it. */
export async function rebuildRecurringRepairs(db: SqlRunner): Promise<void> {
	// the units repaired twice or more (one hash aggregate), then their repairs (a semi join on the unit's columns):
	// 1M tickets, 351 ms CPU against 505 for a count over a window partitioned by the unit (its sort)
	const unit = UNIT_COLUMNS.map(([col, expr]) => `${expr('t')} IS NOT DISTINCT FROM m.${col}`).join(' AND ');
	await db.run(
		`CREATE OR REPLACE TABLE ${RECURRING_TABLE} AS
		 WITH m AS (SELECT ${UNIT_COLUMNS.map(([col, expr]) => `${expr('t')} AS ${col}`).join(', ')}
		            FROM ticket_facts t WHERE t.type = 'repair' AND ${HAS_UNIT} GROUP BY ALL HAVING count(*) >= 2)
		 SELECT ${RECURRING_COLUMNS.map((c) => `t.${c}`).join(', ')} FROM ticket_facts t SEMI JOIN m ON ${unit}
		 WHERE t.type = 'repair' AND ${HAS_UNIT}
		 ORDER BY t.created_at, t.ticket_id`
	);
	await db.run(`INSERT INTO meta VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, { k: STAMP_KEY, v: STAMP });
}

/** True when the table is there as this code makes it: its stamp, written with the table (only a rebuild replaces it). */
export async function recurringRepairsReady(db: SqlRunner): Promise<boolean> {
	return (await metaValue(db, STAMP_KEY)) === STAMP;
}

/**
 * Brings the table up to date inside refreshDerived, after the incremental facts refresh (facts.ts refreshFacts):
 * temp touch, fresh_tickets (the changed tickets' new rows) and facts_pool (every current repair of a touched unit,
 * and the updated tickets whose key columns did not change, with their key columns) are there.
 */
export async function refreshRecurringRepairs(db: SqlRunner): Promise<void> {
	if (!(await recurringRepairsReady(db))) {
		await rebuildRecurringRepairs(db);
		return;
	}
	const keys = (kind: string) => `(SELECT k FROM touch WHERE kind = '${kind}')`;
	// never NULL (a NOT of it keeps the rows of untouched units): touch holds no NULL key, customer_id is never NULL
	const touchedUnit = (a: string) =>
		`((${a}.serial_no IS NOT NULL AND ${a}.serial_no IN ${keys('s')}) OR (${a}.serial_no IS NULL AND ${a}.customer_id IN ${keys('c')}))`;
	const member = `count(*) OVER (PARTITION BY ${UNIT_PARTITION}) >= 2`;
	const repairsOfTouched = (a: string) => `${a}.type = 'repair' AND ${HAS_UNIT} AND ${touchedUnit(a)}`;
	// an updated ticket whose key columns are unchanged, in a unit no other ticket of the file touched: its unit's
	// membership is as it was (its row is replaced by its new one when it had one)
	const plainAlone = (a: string) => `${a}.type = 'repair' AND ${a}.ticket_id IN ${keys('u')} AND NOT ${touchedUnit(a)}`;
	try {
		// the repairs of the touched units as they were (facts_dep holds every stored one) and as they are (facts_pool),
		// each with whether its unit was, and is, repaired twice or more
		await db.run(`CREATE OR REPLACE TEMP TABLE recurring_was AS
			SELECT ticket_id, created_at, ${member} AS member FROM facts_dep p WHERE ${repairsOfTouched('p')}`);
		await db.run(`CREATE OR REPLACE TEMP TABLE recurring_now AS
			SELECT n.rid, n.fresh, n.plain, n.ticket_id, n.member, coalesce(w.member, false) AS was FROM (
			  SELECT rid, fresh, plain, ticket_id, ${member} AS member FROM facts_pool p WHERE ${repairsOfTouched('p')}) n
			LEFT JOIN recurring_was w ON NOT n.fresh AND NOT n.plain AND w.ticket_id = n.ticket_id`);
		// rows to take out: the old row of every changed ticket (its own row changed, or it is gone; none when it had
		// none), and the unchanged rows of units no longer repaired twice
		await db.run(`CREATE OR REPLACE TEMP TABLE recurring_gone AS
			SELECT ticket_id, created_at FROM facts_dep d WHERE d.type = 'repair' AND d.ticket_id IN ${keys('r')}
			UNION ALL
			SELECT w.ticket_id, w.created_at FROM recurring_now n JOIN recurring_was w ON w.ticket_id = n.ticket_id
			WHERE NOT n.fresh AND NOT n.plain AND n.was AND NOT n.member`);
		const todo = await db.one<{ gone: number; plain: number; joined: number }>(
			`SELECT (SELECT count(*) FROM recurring_gone) AS gone, (SELECT count(*) FROM facts_dep d WHERE ${plainAlone('d')}) AS plain,
			        (SELECT count(*) FROM recurring_now WHERE NOT fresh AND NOT plain AND member AND NOT was) AS joined`
		);
		// which of those updated tickets had a row (a look-up in the table, only when there are any)
		await db.run(`CREATE OR REPLACE TEMP TABLE recurring_plain AS
			SELECT d.ticket_id FROM facts_dep d WHERE ${todo.plain > 0 ? plainAlone('d') : 'false'}
			  AND EXISTS (SELECT 1 FROM ${RECURRING_TABLE} t WHERE t.ticket_id = d.ticket_id AND t.created_at = d.created_at)`);
		// the zone maps cannot narrow these (a unit's repairs span years): one join on the ticket and its day
		if (todo.gone > 0)
			await db.run(
				`DELETE FROM ${RECURRING_TABLE} t USING recurring_gone g WHERE t.ticket_id = g.ticket_id AND t.created_at = g.created_at`
			);
		// rows to put in: the written rows of units repaired twice or more (and of updated tickets that had one), from their
		// tickets' new rows; the unchanged rows of units now repaired twice, from the facts (by row id)
		await db.run(`INSERT INTO ${RECURRING_TABLE}
			SELECT ${COLS} FROM fresh_tickets
			WHERE ticket_id IN (SELECT ticket_id FROM recurring_now WHERE (fresh OR plain) AND member)
			   OR ticket_id IN (SELECT ticket_id FROM recurring_plain)
			ORDER BY created_at, ticket_id`);
		if (todo.joined > 0)
			await db.run(`INSERT INTO ${RECURRING_TABLE}
				SELECT ${COLS} FROM ticket_facts WHERE rowid IN (SELECT rid FROM recurring_now WHERE NOT fresh AND NOT plain AND member AND NOT was)
				ORDER BY created_at, ticket_id`);
	} finally {
		await dropTemp(db, 'recurring_was', 'recurring_now', 'recurring_gone', 'recurring_plain');
	}
}
