// Two narrow tables that let the Nevada chart and the supplier view read only the
// rows they count (docs/METRICS.md § Fault hotspots), instead of every ticket of
// the filter's window:
// - nevada_facts: one row per repair with a production month (production_date,
//   else the month its batch code starts with) that failed on or after its day in
//   service — the ticket's day and filter columns, the production month and the
//   whole months in service, worked out once here instead of per request;
// - warranty_parts: the parts lines with warranty_claim = 'yes', each with its
//   ticket's day and filter columns, so the view needs no join of parts to the
//   window's tickets (a hash over 3.6M ticket ids at 10M).
// Both sorted by created_at, so a date filter reads only its own row groups.
//
// Kept inside the transaction that changes the rows, as the rollup tiers are:
// built whole by the full build (facts-build.ts rebuildDerived) and on open when
// missing or made by another definition (maintained-tables.ts, stamp in meta); on the
// incremental path (facts.ts refreshDerived) a ticket whose own row changed loses
// its rows and gets them again from its new facts row, and a ticket whose parts
// lines changed (touch kind 'p', recorded by the parts merge and by undo) gets its
// warranty lines again. Nevada reads nothing but the ticket's own row, and a
// warranty line nothing but its own line and its ticket's row, so nothing else
// can go stale.
import { FILTER_COLUMNS } from './metrics/dimensions';
import { dropTemp, timestampLiteral, type SqlRunner } from './sql-runner';
import { createTableAs } from './stored-table';
import { metaValue } from './meta-memo';

export const NEVADA_TABLE = 'nevada_facts';
export const WARRANTY_TABLE = 'warranty_parts';
const STAMP_KEY = 'fault_facts';
/** Changes whenever what the tables hold does: a warehouse stamped otherwise builds them again on open. */
const STAMP = JSON.stringify({ v: 1 });
export const FAULT_FACTS_STAMP = { key: STAMP_KEY, value: STAMP };
/** More tickets whose parts changed than this: the warranty lines are built whole (one join) instead. */
const MAX_PARTS_KEYS = 50_000;

/** The ticket columns both tables keep: the day, and every column a filter reads (ticketWhere works on them). */
const TICKET_COLS = ['ticket_id', 'created_at', ...new Set(Object.values(FILTER_COLUMNS))];

/** The touch kind a ticket whose parts lines changed is recorded under (facts.ts TOUCH_KEYS), and the one for "all of them". */
export const PARTS_TOUCH = 'p';
export const ALL_PARTS_TOUCH = 'p*';

/**
 * Nevada's rows of the tickets in `from` (a table with the facts' columns, alias t) where `where`: the repairs
 * with a production month, each with pm (the production month's first day) and mis (whole months in service from
 * the purchase date, else the production date, to the day it failed), when it failed on or after that day. A
 * batch code's month is worked out once per distinct code (a month outside 01–12 gives none, as a code without a
 * month at its start).
 */
export function nevadaRows(from: string, where = 'true'): string {
	const repairs = `t.type = 'repair' AND (${where})`;
	// the codes read once (a narrow scan), then the repairs once, joined to their code's month
	return `WITH b AS (
		   SELECT batch, CASE WHEN m BETWEEN 1 AND 12 THEN make_date(y, m, 1) END AS produced FROM (
		     SELECT batch, try_cast(regexp_extract(batch, '^(\\d{4})[-/]?(\\d{2})', 1) AS INTEGER) AS y,
		            try_cast(regexp_extract(batch, '^(\\d{4})[-/]?(\\d{2})', 2) AS INTEGER) AS m
		     FROM (SELECT DISTINCT t.batch FROM ${from} t WHERE ${repairs} AND t.production_date IS NULL AND t.batch IS NOT NULL))),
		 s AS (
		   SELECT ${TICKET_COLS.map((c) => `t.${c}`).join(', ')}, coalesce(t.production_date, b.produced) AS produced,
		          coalesce(t.purchase_date, t.production_date, b.produced) AS in_service_from, CAST(t.created_at AS DATE) AS failed
		   FROM ${from} t LEFT JOIN b ON b.batch = t.batch WHERE ${repairs})
		 SELECT ${TICKET_COLS.join(', ')}, CAST(date_trunc('month', produced) AS DATE) AS pm,
		        CAST(date_diff('month', in_service_from, failed) - CASE WHEN day(failed) < day(in_service_from) THEN 1 ELSE 0 END AS INTEGER) AS mis
		 FROM s WHERE produced IS NOT NULL AND failed >= in_service_from`;
}

/** The warranty parts lines of the tickets in `tickets` (alias t) and the parts lines in `parts` (alias p). */
export function warrantyRows(tickets: string, parts = 'parts'): string {
	return `SELECT ${TICKET_COLS.map((c) => `t.${c}`).join(', ')}, p.supplier, p.part_no, p.part_name, p.quantity, p.unit_cost,
		        p.supplier_claim, p.recovered_amount
		 FROM ${parts} p JOIN ${tickets} t ON t.ticket_id = p.ticket_id
		 WHERE p.warranty_claim = 'yes'`;
}

/** `rows` sorted by created_at, or (no facts yet: a new warehouse) none — its plan alone would not fit a small memory limit. */
async function sortedRows(db: SqlRunner, rows: string): Promise<string> {
	const [any] = await db.all(`SELECT 1 AS x FROM ticket_facts LIMIT 1`);
	return any ? `${rows} ORDER BY created_at, ticket_id` : `SELECT * FROM (${rows}) WHERE false`;
}

async function buildWarranty(db: SqlRunner): Promise<void> {
	// no warranty line at all (a first load of tickets, before any parts): made empty, without the join's plan
	const [claim] = await db.all(`SELECT 1 AS x FROM parts WHERE warranty_claim = 'yes' LIMIT 1`);
	const rows = warrantyRows('ticket_facts');
	await createTableAs(db, WARRANTY_TABLE, claim ? await sortedRows(db, rows) : `SELECT * FROM (${rows}) WHERE false`);
}

/** Builds both tables whole from ticket_facts and parts, and stamps them. */
export async function rebuildFaultFacts(db: SqlRunner): Promise<void> {
	await createTableAs(db, NEVADA_TABLE, await sortedRows(db, nevadaRows('ticket_facts')));
	await buildWarranty(db);
	await db.run(`INSERT INTO meta VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, { k: STAMP_KEY, v: STAMP });
}

/**
 * True when both tables are there as this code makes them (a reader may use them): the stamp is written in the
 * transaction that builds them, and only a rebuild replaces them.
 */
export async function faultFactsReady(db: SqlRunner): Promise<boolean> {
	return (await metaValue(db, STAMP_KEY)) === STAMP;
}

/** Marks every parts line changed (a first load of parts): the warranty lines are built whole. */
export async function touchAllParts(db: SqlRunner): Promise<void> {
	await db.run(`INSERT INTO touch VALUES ('${ALL_PARTS_TOUCH}', NULL)`);
}

/** Deletes the rows of the tickets in temp `keys` (ticket_id, created_at: where their rows are) from `table`. */
async function deleteTickets(db: SqlRunner, table: string, keys: string): Promise<void> {
	const { lo, hi } = await db.one<{ lo: string | null; hi: string | null }>(
		`SELECT strftime(min(created_at), '%Y-%m-%d %H:%M:%S.%f') AS lo, strftime(max(created_at), '%Y-%m-%d %H:%M:%S.%f') AS hi FROM ${keys}`
	);
	if (lo === null || hi === null) return;
	// the day range as constants: the scan of the key column skips the row groups outside it (zone maps)
	await db.run(
		`DELETE FROM ${table} WHERE created_at BETWEEN ${timestampLiteral(lo)} AND ${timestampLiteral(hi)}
		   AND ticket_id IN (SELECT ticket_id FROM ${keys})`
	);
}

/**
 * Brings both tables up to date inside refreshDerived. `facts`: the incremental facts refresh ran, so temp
 * facts_old (the facts rows replaced, the old versions of changed tickets among them) and facts_put (their
 * replacements, the changed tickets' new rows with rid NULL) are there. Then the tickets whose parts lines
 * changed (touch kind 'p') get their warranty lines again.
 */
export async function refreshFaultFacts(db: SqlRunner, facts: boolean): Promise<void> {
	if (!(await faultFactsReady(db))) {
		await rebuildFaultFacts(db);
		return;
	}
	try {
		if (facts) {
			// the tickets whose own row changed, where their rows were (a ticket new to the warehouse has none)
			await db.run(`CREATE OR REPLACE TEMP TABLE fault_old AS
				SELECT ticket_id, created_at FROM facts_old WHERE ticket_id IN (SELECT k FROM touch WHERE kind = 'r')`);
			const { changed } = await db.one<{ changed: number }>(`SELECT count(*) AS changed FROM fault_old`);
			if (changed > 0) {
				await deleteTickets(db, NEVADA_TABLE, 'fault_old');
				await deleteTickets(db, WARRANTY_TABLE, 'fault_old');
				// a ticket new to the warehouse has no parts lines yet (a parts line needs its ticket there first)
				await db.run(
					`INSERT INTO ${WARRANTY_TABLE} ${warrantyRows(
						'(SELECT * FROM facts_put WHERE rid IS NULL AND ticket_id IN (SELECT ticket_id FROM fault_old))',
						'(SELECT * FROM parts WHERE ticket_id IN (SELECT ticket_id FROM fault_old))'
					)}`
				);
			}
			await db.run(`INSERT INTO ${NEVADA_TABLE} ${nevadaRows('facts_put', 'rid IS NULL')}`);
		}
		const { all, some } = await db.one<{ all: boolean; some: number }>(
			`SELECT count(*) FILTER (WHERE kind = '${ALL_PARTS_TOUCH}') > 0 AS "all", count(*) FILTER (WHERE kind = '${PARTS_TOUCH}') AS some FROM touch`
		);
		if (all || some > MAX_PARTS_KEYS) await buildWarranty(db);
		else if (some > 0) {
			// their tickets' facts rows (fetched by row id) say where their lines were and are
			await db.run(`CREATE OR REPLACE TEMP TABLE fault_parts AS
				SELECT * FROM ticket_facts WHERE rowid IN (
				  SELECT rowid FROM ticket_facts WHERE ticket_id IN (SELECT k FROM touch WHERE kind = '${PARTS_TOUCH}'))`);
			await deleteTickets(db, WARRANTY_TABLE, 'fault_parts');
			await db.run(
				`INSERT INTO ${WARRANTY_TABLE} ${warrantyRows('fault_parts', '(SELECT * FROM parts WHERE ticket_id IN (SELECT ticket_id FROM fault_parts))')}`
			);
		}
	} finally {
		await dropTemp(db, 'fault_old', 'fault_parts');
	}
}
