// An updated ticket whose key columns (customer, unit, type, created_at, technician…) did not change cannot change
// another ticket's facts: refreshFacts replaces its own row only (touch kind u), without looking up its customer
// and unit. The same file may change other tickets' keys: those are looked up, and a ticket updated in place
// whose derived columns they change gets them worked out again. Checked on the sample against a full rebuild,
// with the outcomes worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { TABLES } from '../../src/lib/contract';
import { TIER_TABLES } from '../../src/lib/server/rollup';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { undoIngest } from '../../src/lib/server/ingest/undo';
import type { Warehouse } from '../../src/lib/server/warehouse';
import { sampleWarehouse } from './helpers/sample-warehouse';
import { unlikeRebuild as tablesUnlikeRebuild } from './helpers/rebuild';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('facts-plain');
let dir: string;
let wh: Warehouse;

beforeAll(async () => {
	dir = tempDir();
	wh = await sampleWarehouse(dir, 2000, 23);
}, 120_000);

afterAll(() => wh?.close());

const DERIVED_TABLES = ['ticket_facts', 'filter_options', ...TIER_TABLES];
const COLUMNS = TABLES.tickets.columns.map((c) => c.name);
const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;

const unlikeRebuild = () => tablesUnlikeRebuild(wh, DERIVED_TABLES);

const factsOf = (id: string) =>
	wh.one<{ satisfaction: number | null; repeat_customer: boolean | null; next_repair_hours: number | null; n: number }>(
		`SELECT any_value(satisfaction) AS satisfaction, any_value(repeat_customer) AS repeat_customer,
		        any_value(next_repair_hours) AS next_repair_hours, count(*) AS n FROM ticket_facts WHERE ticket_id = $id`,
		{ id }
	);
const keyRows = async () => (await wh.one<{ n: number }>(`SELECT count(*) AS n FROM facts_keys`)).n;

describe('an update that leaves the key columns alone', () => {
	it('replaces only the ticket’s own row, and a derived column another change in the file touches is worked out again', async () => {
		// P: the first install of a customer with one install and no later ticket of that customer on P's day
		const p = await wh.one<{ id: string; customer: string; at: string }>(
			`SELECT ticket_id AS id, customer_id AS customer, strftime(created_at, '%Y-%m-%d %H:%M:%S') AS at FROM tickets t
			 WHERE type = 'install' AND (SELECT count(*) FROM tickets x WHERE x.customer_id = t.customer_id) = 1
			 ORDER BY ticket_id LIMIT 1`
		);
		// Q: a repair with a next repair of the same unit (its next_repair_hours set)
		const q = await wh.one<{ id: string; hours: number }>(
			`SELECT ticket_id AS id, next_repair_hours AS hours FROM ticket_facts
			 WHERE type = 'repair' AND next_repair_hours IS NOT NULL AND serial_no IS NOT NULL ORDER BY ticket_id LIMIT 1`
		);
		// 30 more plain updates: satisfaction only
		const others = (
			await wh.all<{ id: string }>(
				`SELECT ticket_id AS id FROM tickets WHERE ticket_id NOT IN (${lit(p.id)}, ${lit(q.id)}) ORDER BY hash(ticket_id) LIMIT 30`
			)
		).map((r) => r.id);
		expect((await factsOf(p.id)).repeat_customer).toBe(false);
		const before = await keyRows();
		const sat = `CASE WHEN satisfaction = 5 THEN 1 ELSE 5 END`;
		const file = path.join(dir, 'plain.csv');
		// every row: P, Q and the others with another satisfaction (plain); plus NEW-1, an install of P's customer one
		// day before P (so P becomes a repeat install), with no serial number
		await wh.run(
			`COPY (SELECT ${COLUMNS.map((c) => (c === 'satisfaction' ? `${sat} AS satisfaction` : c)).join(', ')} FROM tickets
			       WHERE ticket_id IN (${[p.id, q.id, ...others].map(lit).join(', ')})
			       UNION ALL
			       SELECT ${COLUMNS.map((c) =>
								c === 'ticket_id'
									? `'NEW-1' AS ticket_id`
									: ['created_at', 'arrived_at', 'completed_at', 'purchase_date', 'production_date'].includes(c)
										? `${c} - INTERVAL 1 DAY AS ${c}`
										: c === 'serial_no'
											? 'NULL AS serial_no'
											: c
							).join(', ')} FROM tickets WHERE ticket_id = ${lit(p.id)})
			 TO ${lit(file)} (HEADER, DELIMITER ',')`
		);
		const res = await ingestFiles(wh, [file]);
		const f = res.files[0];
		expect(f.error).toBeUndefined();
		expect(f).toMatchObject({ rows_inserted: 1, rows_updated: 32, rows_rejected: 0, derived: 'incremental' });
		expect(await unlikeRebuild()).toEqual([]);
		// P: its new satisfaction, one row, and now a repeat install (NEW-1 came first); Q: its hours kept
		const pf = await factsOf(p.id);
		expect(pf.n).toBe(1);
		expect(pf.repeat_customer).toBe(true);
		const qf = await factsOf(q.id);
		expect(qf.n).toBe(1);
		expect(qf.next_repair_hours).toBeCloseTo(q.hours, 9);
		expect((await factsOf('NEW-1')).repeat_customer).toBe(false);
		// facts_keys gained NEW-1's ticket id and customer (no serial number), none for the 32 plain updates
		expect((await keyRows()) - before).toBe(2);
		const undone = await undoIngest(wh, f.ingest_id!);
		expect(undone).toMatchObject({ rows_removed: 1, rows_restored: 32 });
		expect(await unlikeRebuild()).toEqual([]);
		expect((await factsOf(p.id)).repeat_customer).toBe(false);
		expect((await factsOf('NEW-1')).n).toBe(0);
	}, 120_000);

	it('a key column changed alongside (the customer) is looked up: the ticket’s old and new customers both follow', async () => {
		// R: an install moved to the customer of S, an earlier install, so R becomes a repeat install
		const s = await wh.one<{ id: string; customer: string; at: string }>(
			`SELECT ticket_id AS id, customer_id AS customer, strftime(created_at, '%Y-%m-%d %H:%M:%S') AS at FROM tickets
			 WHERE type = 'install' ORDER BY created_at, ticket_id LIMIT 1`
		);
		const r = await wh.one<{ id: string }>(
			`SELECT ticket_id AS id FROM ticket_facts WHERE type = 'install' AND NOT repeat_customer AND customer_id <> $c
			   AND created_at > CAST($at AS TIMESTAMP) ORDER BY ticket_id LIMIT 1`,
			{ c: s.customer, at: s.at }
		);
		const file = path.join(dir, 'moved.csv');
		await wh.run(
			`COPY (SELECT ${COLUMNS.map((c) =>
				c === 'customer_id' ? `CASE WHEN ticket_id = ${lit(r.id)} THEN ${lit(s.customer)} ELSE customer_id END AS customer_id` : c
			).join(', ')} FROM tickets WHERE ticket_id IN (${lit(r.id)}, ${lit(s.id)}))
			 TO ${lit(file)} (HEADER, DELIMITER ',')`
		);
		const res = await ingestFiles(wh, [file]);
		expect(res.files[0]).toMatchObject({ rows_updated: 1, rows_unchanged: 1, derived: 'incremental' });
		expect(await unlikeRebuild()).toEqual([]);
		expect((await factsOf(r.id)).repeat_customer).toBe(true);
		await undoIngest(wh, res.files[0].ingest_id!);
		expect(await unlikeRebuild()).toEqual([]);
		expect((await factsOf(r.id)).repeat_customer).toBe(false);
	}, 120_000);
});
