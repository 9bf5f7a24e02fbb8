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
// facts. A change touches a few keys (temp table `touch`); the tickets sharing
// them are found in one narrow pass over ticket_facts' key columns, their four
// derived columns worked out again from those rows alone, and only the rows
// whose facts changed are rewritten (the changed tickets' own rows come from
// the merge, not from a scan of tickets). An update that leaves a ticket's key
// columns alone (a satisfaction score, a fee, a region) touches no other ticket:
// its row alone is replaced, found by its own created_at. A large change
// rebuilds everything, sorted by created_at so a date filter skips most of the table.
import { TABLES } from '../contract';
import { readEnv } from './config';
import { collectRollupDelta, refreshRollup } from './rollup';
import { appendFactsKeys, ensureFactsKeys, rebuildFactsKeys, touchedRanges } from './facts-keys';
import { dropTemp, type SqlRunner } from './sql-runner';
import { refreshFollowupDelays } from './followup-delays';
import { ALL_PARTS_TOUCH, PARTS_TOUCH, refreshFaultFacts } from './fault-facts';
import { collectStaffingDelta, refreshStaffingJobs } from './staffing/bands-tier';
import { DERIVED, KEY_COLUMNS, LOOKUP_JOINS, REGION_CITY, filterOptionsSelect, lookups, rebuildDerived } from './facts-build';

// the full build (facts-build.ts), re-exported for the callers that know it from here
export { REGION_CITY, rebuildDerived };

/**
 * What a changed row of each table makes stale: (kind, key) pairs for temp.touch. r: a ticket whose own row
 * changed; t: a ticket whose rework changed; c, s: a customer's installs and a unit's repairs; h: a technician's
 * hire date; f: a filter value a row held before the change (n: after it); p: a ticket whose parts lines changed.
 */
const TOUCH_KEYS: Record<string, [kind: string, expr: string][]> = {
	tickets: [
		['r', 'ticket_id'],
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
	// the warranty parts lines follow a ticket's parts (fault-facts.ts)
	parts: [[PARTS_TOUCH, 'ticket_id']]
};

/** Each filter dimension's expression over tickets (TOUCH_KEYS' f: kinds). */
const FILTER_EXPR: Record<string, string> = Object.fromEntries(
	TOUCH_KEYS.tickets.filter(([kind]) => kind.startsWith('f:')).map(([kind, expr]) => [kind.slice(2), expr])
);
/** More filter values that may be gone than this: all looked up in one pass over tickets instead of one look-up each. */
const MAX_PROBES = 200;

/** Share of the warehouse's tickets above which a full rebuild is cheaper than the incremental path. */
const FULL_REBUILD_SHARE = 0.25;

const TICKET_COLUMNS = TABLES.tickets.columns.map((c) => c.name);

/**
 * A warehouse from before the region → city pairs: add them once on open (one scan of two columns), so the
 * filter bar's City follows Region without a full rebuild. Writes nothing when the pairs are there or no
 * ticket has both a region and a city.
 */
export async function addMissingRegionCities(db: SqlRunner): Promise<boolean> {
	const { missing } = await db.one<{ missing: boolean }>(
		`SELECT NOT EXISTS (SELECT 1 FROM filter_options WHERE dim = 'region_city')
		    AND EXISTS (SELECT 1 FROM tickets WHERE ${REGION_CITY} IS NOT NULL) AS missing`
	);
	if (missing)
		await db.run(
			`INSERT INTO filter_options SELECT DISTINCT 'region_city' AS dim, ${REGION_CITY} AS value FROM tickets WHERE ${REGION_CITY} IS NOT NULL`
		);
	return missing;
}

/** Creates temp.touch, the keys the current change makes stale (filled by recordTouch), and temp.fresh_tickets, the tickets' rows it wrote. */
export async function beginTouch(db: SqlRunner): Promise<void> {
	await db.run(`CREATE OR REPLACE TEMP TABLE touch (kind VARCHAR, k VARCHAR)`);
	await db.run(`CREATE OR REPLACE TEMP TABLE fresh_tickets AS SELECT ${TICKET_COLUMNS.join(', ')} FROM tickets LIMIT 0`);
	await db.run(`CREATE OR REPLACE TEMP TABLE stale_tickets AS SELECT ${TICKET_COLUMNS.join(', ')} FROM tickets LIMIT 0`);
}

/**
 * Records the keys of the rows of `table` that `relation` selects: the rows as they were before a change
 * (side 'old'), or the rows a change wrote (side 'new': they are in the table when refreshDerived runs, so
 * their filter values need no look-up). Tickets' rows are kept whole on both sides (stale_tickets,
 * fresh_tickets): their facts need no scan of tickets, their old facts rows are found by their own created_at,
 * and their customers and units (kinds c, s) are touched only by refreshFacts, for the tickets whose key
 * columns changed (touchTicketKeys).
 */
export async function recordTouch(db: SqlRunner, table: string, relation: string, side: 'old' | 'new' = 'old'): Promise<void> {
	const keys = table === 'tickets' ? TOUCH_KEYS.tickets.filter(([kind]) => kind !== 'c' && kind !== 's') : TOUCH_KEYS[table];
	if (!keys?.length) return;
	await db.run(
		`INSERT INTO touch SELECT DISTINCT * FROM (${keys
			.map(
				([kind, expr]) =>
					`SELECT '${side === 'new' ? kind.replace(/^f:/, 'n:') : kind}' AS kind, CAST(${expr} AS VARCHAR) AS k FROM ${relation} WHERE ${expr} IS NOT NULL`
			)
			.join(' UNION ALL ')})`
	);
	if (table === 'tickets')
		await db.run(`INSERT INTO ${side === 'new' ? 'fresh' : 'stale'}_tickets BY NAME SELECT ${TICKET_COLUMNS.join(', ')} FROM ${relation}`);
}

/** Marks the whole warehouse stale (a first load of tickets): refreshDerived rebuilds everything without looking up keys. */
export async function touchAll(db: SqlRunner): Promise<void> {
	await db.run(`INSERT INTO touch VALUES ('*', NULL)`);
}

/** The touched keys of one kind (or kinds), as a subquery. */
const keysOf = (...kinds: string[]) => `(SELECT k FROM touch WHERE kind IN (${kinds.map((k) => `'${k}'`).join(', ')}))`;

/** With FIELDLOOP_TRACE=1, each statement's wall and CPU time on stderr (for profiling the growth). */
function traced(db: SqlRunner): SqlRunner {
	if (!readEnv().trace) return db;
	const timed =
		<A extends unknown[], R>(f: (sql: string, ...a: A) => Promise<R>) =>
		async (sql: string, ...a: A): Promise<R> => {
			const [t0, c0] = [performance.now(), process.cpuUsage()];
			try {
				return await f(sql, ...a);
			} finally {
				const c = process.cpuUsage(c0);
				const what = sql.replace(/\s+/g, ' ').slice(0, 70);
				process.stderr.write(
					`[derived] ${((performance.now() - t0) / 1000).toFixed(3)} s, cpu ${((c.user + c.system) / 1e6).toFixed(3)} s: ${what}\n`
				);
			}
		};
	return { run: timed(db.run.bind(db)), all: timed(db.all.bind(db)), one: timed(db.one.bind(db)) } as SqlRunner;
}

/**
 * Brings ticket_facts, filter_options and ticket_rollup (rollup.ts) up to date with the keys in temp.touch.
 * Call it inside the transaction that changed the rows.
 */
export async function refreshDerived(runner: SqlRunner): Promise<'none' | 'incremental' | 'full'> {
	const db = traced(runner);
	try {
		const kinds = await db.all<{ kind: string }>(`SELECT DISTINCT kind FROM touch`);
		if (kinds.length === 0) return 'none';
		const has = new Set(kinds.map((r) => r.kind));
		// only parts lines changed: the facts stand, the warranty lines follow (fault-facts.ts)
		if ([...has].every((k) => k === PARTS_TOUCH || k === ALL_PARTS_TOUCH)) {
			await refreshFaultFacts(db, false);
			return 'none';
		}
		const { facts } = await db.one<{ facts: number }>(`SELECT count(*) AS facts FROM ticket_facts`);
		// everything stale (touchAll), or nothing built yet: the full build, without looking up any key
		if (has.has('*') || facts === 0 || !(await refreshFacts(db, has, facts))) {
			await rebuildDerived(db);
			await rebuildFactsKeys(db);
			return 'full';
		}
		await refreshRollup(db);
		// the nowcast's delays follow the touched tickets (followup-delays.ts)
		await refreshFollowupDelays(db);
		await refreshStaffingJobs(db);
		await refreshFaultFacts(db, true);
		await refreshFilterOptions(db);
		return 'incremental';
	} finally {
		await dropTemp(
			db,
			'fresh_tickets',
			'stale_tickets',
			'facts_plain',
			'facts_found',
			'facts_dep',
			'facts_pool',
			'facts_new',
			'facts_old',
			'facts_put'
		);
	}
}

/**
 * The tickets' keys of this change (recordTouch keeps their rows, stale_tickets and fresh_tickets): u, an updated
 * ticket whose key columns (KEY_COLUMNS: customer, unit, type, created_at, technician…) did not change, so no
 * other ticket's facts and none of its own derived columns can change through it — only its row is replaced; and
 * for every other ticket written or replaced (either version), what its derived columns read and what reads it
 * (facts-build.ts lookups): c, the customer of an install (the customer's first install; a ticket of no type
 * compares with it too) or of a repair without a serial number (its unit is the customer's model); s, the serial
 * number of a repair (its unit). A maintenance visit, or a repair with a serial number, touches no customer: its
 * derived columns read no other ticket of the customer, and nothing reads it there.
 */
async function touchTicketKeys(db: SqlRunner): Promise<void> {
	const same = KEY_COLUMNS.map((c) => `o.${c} IS NOT DISTINCT FROM n.${c}`).join(' AND ');
	await db.run(`CREATE OR REPLACE TEMP TABLE facts_plain AS
		SELECT o.ticket_id FROM stale_tickets o JOIN fresh_tickets n ON n.ticket_id = o.ticket_id
		WHERE ${same} QUALIFY count(*) OVER (PARTITION BY o.ticket_id) = 1`);
	const changed = `(SELECT customer_id, serial_no, type FROM stale_tickets WHERE ticket_id NOT IN (SELECT ticket_id FROM facts_plain)
		UNION ALL SELECT customer_id, serial_no, type FROM fresh_tickets WHERE ticket_id NOT IN (SELECT ticket_id FROM facts_plain))`;
	await db.run(`INSERT INTO touch SELECT DISTINCT * FROM (
		SELECT 'u' AS kind, ticket_id AS k FROM facts_plain
		UNION ALL SELECT 'c', CAST(customer_id AS VARCHAR) FROM ${changed}
		  WHERE customer_id IS NOT NULL AND (type IS NULL OR type = 'install' OR (type = 'repair' AND serial_no IS NULL))
		UNION ALL SELECT 's', CAST(serial_no AS VARCHAR) FROM ${changed}
		  WHERE serial_no IS NOT NULL AND (type IS NULL OR type = 'repair'))`);
}

/**
 * The incremental path: false (nothing written) when the change reaches more than FULL_REBUILD_SHARE of the
 * tickets. 1. The tickets sharing a touched key (a ticket's rework, a customer, a unit, a technician) are found in
 * a pass over the key columns of ticket_facts, limited to the days facts_keys gives; the old rows of the changed
 * tickets by their own created_at (stale_tickets); all their rows are fetched by row id (facts_dep). 2. Those rows,
 * less the old versions of tickets whose key columns changed, plus those tickets' new rows (fresh_tickets) are the
 * pool the look-ups read: every install of a touched customer and every repair of a touched unit is in it (a
 * ticket whose key columns did not change (u) stays in it as it was stored: its keys are the same). 3. Each
 * derived column is worked out again where its inputs were touched (else kept). 4. The old versions of changed
 * tickets are deleted and their new rows inserted; a ticket that only depends on them gets its derived columns
 * updated in place, and only when they changed. The rollup loses the counts of the rows as they were and gains the
 * new rows'.
 */
async function refreshFacts(db: SqlRunner, touched0: Set<string>, facts: number): Promise<boolean> {
	await touchTicketKeys(db);
	const has = new Set([...touched0, ...(await db.all<{ kind: string }>(`SELECT DISTINCT kind FROM touch`)).map((r) => r.kind)]);
	const conds: string[] = [];
	if (has.has('t')) conds.push(`ticket_id IN ${keysOf('t')}`);
	if (has.has('c')) conds.push(`customer_id IN ${keysOf('c')}`);
	if (has.has('s')) conds.push(`serial_no IN ${keysOf('s')}`);
	const keyCols = KEY_COLUMNS;
	const derivedCols = DERIVED.map(([c]) => c);
	// facts_keys gives the days that can hold tickets sharing a touched rework, customer or unit: only their row
	// groups are read (one scan per run of days); a technician's tickets (a hire date changed) are found by a scan
	// of the whole column
	await ensureFactsKeys(db);
	const ranges = conds.length ? await touchedRanges(db, ['t', 'c', 's']) : [];
	// without days (too many keys): one semi join per key column (an OR of IN-subqueries is a mark join per column over every row)
	const joins: [col: string, kind: string][] = [
		['ticket_id', 't'],
		['customer_id', 'c'],
		['serial_no', 's']
	];
	const found: string[] = [];
	if (ranges === null)
		found.push(
			...joins
				.filter(([, kind]) => has.has(kind))
				.map(([col, kind]) => `SELECT rowid AS rid FROM ticket_facts SEMI JOIN ${keysOf(kind)} x ON ${col} = x.k`)
		);
	else if (ranges.length)
		found.push(
			`SELECT rid FROM (${ranges
				.map((d) => `SELECT rowid AS rid, ticket_id, customer_id, serial_no FROM ticket_facts WHERE ${d}`)
				.join(' UNION ALL ')}) WHERE ${conds.join(' OR ')}`
		);
	// a changed ticket's old row: its id at its created_at as it was (the same in ticket_facts)
	const { stale } = await db.one<{ stale: number }>(`SELECT count(*) AS stale FROM stale_tickets`);
	if (stale > 0)
		found.push(
			`SELECT f.rowid AS rid FROM ticket_facts f SEMI JOIN stale_tickets o ON o.ticket_id = f.ticket_id AND o.created_at = f.created_at`
		);
	if (has.has('h')) found.push(`SELECT rowid AS rid FROM ticket_facts WHERE technician_id IN ${keysOf('h')}`);
	await db.run(`CREATE OR REPLACE TEMP TABLE facts_found AS ${found.join(' UNION ') || 'SELECT NULL::BIGINT AS rid WHERE false'}`);
	// their key and derived columns (and completed_at, which followup-delays.ts reads), fetched by row id alone: the
	// scan reads only the row groups (and vectors) that hold them; whole rows are fetched below for the few whose
	// derived columns change. None found: no fetch, which would read the first rows of every column it names even
	// so (~80 ms CPU cold at 10M)
	const depCols = [...new Set([...keyCols, 'completed_at', ...derivedCols])];
	const { any } = await db.one<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM facts_found) AS any`);
	await db.run(`CREATE OR REPLACE TEMP TABLE facts_dep AS
		SELECT rowid AS rid, ${depCols.join(', ')} FROM ticket_facts WHERE ${any ? 'rowid IN (SELECT rid FROM facts_found)' : 'false'}`);
	const { dep } = await db.one<{ dep: number }>(`SELECT count(*) AS dep FROM facts_dep`);
	if (dep > FULL_REBUILD_SHARE * facts) return false;
	const plain = `ticket_id IN ${keysOf('u')}`;
	await db.run(`CREATE OR REPLACE TEMP TABLE facts_pool AS
		SELECT rid, false AS fresh, ${plain} AS plain, ${[...keyCols, ...derivedCols].join(', ')} FROM facts_dep
		WHERE ticket_id NOT IN ${keysOf('r')} OR ${plain}
		UNION ALL BY NAME
		SELECT NULL::BIGINT AS rid, true AS fresh, false AS plain, ${keyCols.join(', ')} FROM fresh_tickets WHERE NOT ${plain}`);
	const customers = `customer_id IN ${keysOf('c')}`;
	const units = `serial_no IN ${keysOf('s')} OR (serial_no IS NULL AND ${customers})`;
	// which of a row's inputs were touched: only then is the column worked out again
	const touched: Record<string, string> = {
		reworked: `t.ticket_id IN ${keysOf('r', 't')}`,
		repeat_customer: `t.${customers}`,
		next_repair_hours: `t.serial_no IN ${keysOf('s')} OR (t.serial_no IS NULL AND t.${customers})`,
		tenure_days: `t.technician_id IN ${keysOf('h')}`
	};
	const recomputed = DERIVED.map(([c, e]) => `CASE WHEN t.fresh OR ${touched[c]} THEN ${e} ELSE t.${c} END AS ${c}`);
	await db.run(`CREATE OR REPLACE TEMP TABLE facts_new AS
		WITH ${lookups('facts_pool', { reworked: `original_ticket_id IN ${keysOf('r', 't')}`, customers, units })},
		n AS (SELECT t.rid, t.fresh, t.plain, t.ticket_id, (${derivedCols.map((c) => `t.${c}`).join(', ')}) AS was, ${recomputed.join(', ')}
		      FROM facts_pool t
		      ${LOOKUP_JOINS})
		SELECT * EXCLUDE (was) FROM n WHERE fresh OR plain OR (${derivedCols.join(', ')}) IS DISTINCT FROM was`);
	// the rows as they were: tickets whose derived columns changed (fetched whole by row id; none: no scan, whose
	// first vectors alone cost a cold read of every column at 10M), and the old versions of changed tickets (their
	// tickets' rows as they were, with the derived columns they had: a facts row is its ticket's row and the
	// derived columns)
	const dependent = `SELECT rid FROM facts_new WHERE NOT fresh AND NOT plain AND ticket_id NOT IN ${keysOf('r')}`;
	const { updated } = await db.one<{ updated: number }>(`SELECT count(*) AS updated FROM (${dependent})`);
	await db.run(`CREATE OR REPLACE TEMP TABLE facts_old AS
		${updated > 0 ? `SELECT rowid AS rid, * FROM ticket_facts WHERE rowid IN (${dependent})` : `SELECT NULL::BIGINT AS rid, * FROM ticket_facts WHERE false`}
		UNION ALL BY NAME
		SELECT d.rid, o.*, ${derivedCols.map((c) => `d.${c}`).join(', ')}
		FROM stale_tickets o JOIN facts_dep d ON d.ticket_id = o.ticket_id AND d.created_at = o.created_at`);
	const replaced = derivedCols.map((c) => `n.${c} AS ${c}`).join(', ');
	// the rows as they become: tickets updated in place (their derived columns), and changed tickets' new rows (rid NULL)
	await db.run(`CREATE OR REPLACE TEMP TABLE facts_put AS
		SELECT o.* REPLACE (${replaced}) FROM facts_old o JOIN facts_new n ON n.rid = o.rid AND NOT n.plain
		UNION ALL BY NAME
		SELECT NULL::BIGINT AS rid, x.*, ${derivedCols.map((c) => `n.${c}`).join(', ')}
		FROM fresh_tickets x JOIN facts_new n ON (n.fresh OR n.plain) AND n.ticket_id = x.ticket_id`);
	await collectRollupDelta(db, 'true', -1, undefined, 'facts_old', ['facts_put', 1]);
	await collectStaffingDelta(db, 'facts_old', 'facts_put');
	// (each only when it has rows: a statement by row id reads the first vector of the table even for none)
	const ownOld = `SELECT rid FROM facts_dep WHERE ticket_id IN ${keysOf('r')}`;
	if ((await db.one<{ n: number }>(`SELECT count(*) AS n FROM (${ownOld})`)).n > 0)
		await db.run(`DELETE FROM ticket_facts WHERE rowid IN (${ownOld})`);
	if (updated > 0)
		await db.run(`UPDATE ticket_facts SET ${derivedCols.map((c) => `${c} = n.${c}`).join(', ')}
		FROM facts_new n WHERE ticket_facts.rowid = n.rid AND NOT n.fresh AND NOT n.plain`);
	await db.run(`INSERT INTO ticket_facts BY NAME SELECT * EXCLUDE (rid) FROM facts_put WHERE rid IS NULL ORDER BY created_at`);
	// (a ticket whose key columns did not change has its keys there already, on the same day)
	// (an unsorted tail grown too long is built again by the next refresh, before it reads facts_keys)
	await appendFactsKeys(db, `(SELECT * FROM facts_put WHERE rid IS NULL AND ticket_id NOT IN ${keysOf('u')})`);
	return true;
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
		const gone = await db.all<{ dim: string; k: string }>(`SELECT dim, k FROM filter_gone ORDER BY dim, k`);
		if (gone.length > MAX_PROBES) {
			await db.run(`DELETE FROM filter_options f USING filter_gone x WHERE f.dim = x.dim AND f.value = x.k`);
			await db.run(`INSERT INTO filter_options ${filterOptionsSelect(true)}`);
			return;
		}
		// each value is looked for until one ticket holds it: a value still common is found at once (a one-pass
		// DISTINCT over the filter columns of every ticket took 10–15 s at 10M), one really gone reads its column
		for (const { dim, k } of gone) {
			const [region, city] = k.split(String.fromCharCode(31));
			const [held] =
				dim === 'region_city'
					? await db.all(`SELECT 1 AS x FROM tickets WHERE region = $region AND city = $city LIMIT 1`, { region, city: city ?? null })
					: await db.all(`SELECT 1 AS x FROM tickets WHERE ${FILTER_EXPR[dim]} = $k LIMIT 1`, { k });
			if (!held) await db.run(`DELETE FROM filter_options WHERE dim = $dim AND value = $k`, { dim, k });
		}
	} finally {
		await dropTemp(db, 'filter_gone');
	}
}
