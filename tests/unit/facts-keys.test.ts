// facts_keys (src/lib/server/facts-keys.ts): the days it gives for a set of touched
// keys hold every ticket sharing one of them — the same tickets a scan of the whole
// ticket_facts finds — and a ticket_facts replaced by a full build is not trusted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mulberry32 } from '../../scripts/sample/random';
import { rebuildDerived } from '../../src/lib/server/facts';
import { mergeRanges, touchedRanges } from '../../src/lib/server/facts-keys';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import type { Warehouse } from '../../src/lib/server/warehouse';
import { sampleWarehouse } from './helpers/sample-warehouse';
import { hashesKeptAndRebuilt } from './helpers/rebuild';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('facts-keys');
let dir: string;
let wh: Warehouse;

beforeAll(async () => {
	dir = tempDir();
	wh = await sampleWarehouse(dir, 3000, 11);
}, 120_000);

afterAll(() => wh?.close());

const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
const list = (xs: string[]) => `(${xs.length ? xs.map(lit).join(', ') : 'NULL'})`;

/** Facts rows with a key (ticket id, customer, serial number) that facts_keys has no (hash, day) row for. */
async function keysMissing(): Promise<number> {
	const { n } = await wh.one<{ n: number }>(
		`SELECT count(*) AS n FROM (
		   SELECT 'r' AS s, ticket_id AS k, created_at FROM ticket_facts
		   UNION ALL SELECT 'c', customer_id, created_at FROM ticket_facts
		   UNION ALL SELECT 's', serial_no, created_at FROM ticket_facts WHERE serial_no IS NOT NULL) f
		 WHERE NOT EXISTS (SELECT 1 FROM facts_keys x WHERE x.h = CAST(hash(f.s || f.k) >> 32 AS UINTEGER) AND x.day = CAST(f.created_at AS DATE))`
	);
	return n;
}

const comment = async () =>
	(await wh.one<{ c: string | null }>(`SELECT comment AS c FROM duckdb_tables() WHERE table_name = 'ticket_facts' AND NOT temporary`)).c;

describe('facts_keys', () => {
	it('after the first load holds one row per key of every ticket, sorted by hash, and ticket_facts vouches for it', async () => {
		const { tickets, serials } = await wh.one<{ tickets: number; serials: number }>(
			`SELECT count(*) AS tickets, count(serial_no) AS serials FROM ticket_facts`
		);
		// every loaded ticket (the sample's broken rows are rejected)
		expect(tickets).toBe((await wh.one<{ n: number }>(`SELECT count(*) AS n FROM tickets`)).n);
		expect(tickets).toBeGreaterThan(2900);
		const { n, unsorted } = await wh.one<{ n: number; unsorted: number }>(
			`SELECT count(*) AS n, count(*) FILTER (WHERE h < prev) AS unsorted FROM (SELECT h, lag(h) OVER (ORDER BY rowid) AS prev FROM facts_keys)`
		);
		// a ticket id and a customer for each ticket, a serial number where it has one
		expect(n).toBe(2 * tickets + serials);
		expect(unsorted).toBe(0);
		expect(await keysMissing()).toBe(0);
		expect(await comment()).toBe(`facts_keys ${(await wh.one<{ p: string }>(`SELECT CAST(hash('fieldloop') AS VARCHAR) AS p`)).p} ${n}`);
	});

	it('the days it gives for 25 seeded sets of touched keys (up to 24 ranges) hold exactly the tickets a scan of all ticket_facts finds', async () => {
		const r = mulberry32(7031);
		const pick = async (col: string, k: number) =>
			(
				await wh.all<{ v: string }>(
					`SELECT DISTINCT ${col} AS v FROM ticket_facts WHERE ${col} IS NOT NULL ORDER BY hash(${col} || $salt) LIMIT ${k}`,
					{ salt: String(r()) }
				)
			).map((x) => x.v);
		const { total } = await wh.one<{ total: number }>(`SELECT count(*) AS total FROM ticket_facts`);
		let pruned = 0;
		for (let trial = 0; trial < 25; trial++) {
			// every fifth set: 60 tickets, whose days exceed the ranges kept (the closest are merged)
			const ids = [...(await pick('ticket_id', trial % 5 === 4 ? 60 : 1 + (trial % 4))), `NO-SUCH-${trial}`];
			const customers = await pick('customer_id', trial % 3);
			const serials = await pick('serial_no', (trial + 1) % 3);
			await wh.run(`CREATE OR REPLACE TEMP TABLE touch (kind VARCHAR, k VARCHAR)`);
			const rows = [...ids.map((v, i) => [i % 2 ? 't' : 'r', v]), ...customers.map((v) => ['c', v]), ...serials.map((v) => ['s', v])];
			await wh.run(`INSERT INTO touch VALUES ${rows.map(([kind, v]) => `(${lit(kind)}, ${lit(v)})`).join(', ')}`);
			const cond = `(ticket_id IN ${list(ids)} OR customer_id IN ${list(customers)} OR serial_no IN ${list(serials)})`;
			const scanned = (await wh.all<{ id: string }>(`SELECT ticket_id AS id FROM ticket_facts WHERE ${cond} ORDER BY 1`)).map((x) => x.id);
			const ranges = await touchedRanges(wh);
			expect(ranges).not.toBeNull();
			const inDays = ranges!.length
				? ranges!.map((d) => `SELECT ticket_id, customer_id, serial_no FROM ticket_facts WHERE ${d}`).join(' UNION ALL ')
				: null;
			const found = inDays
				? (await wh.all<{ id: string }>(`SELECT ticket_id AS id FROM (${inDays}) WHERE ${cond} ORDER BY 1`)).map((x) => x.id)
				: [];
			expect(found, `trial ${trial}`).toEqual(scanned);
			expect(scanned.length).toBeGreaterThanOrEqual(ids.length - 1);
			const { within } = inDays ? await wh.one<{ within: number }>(`SELECT count(*) AS within FROM (${inDays})`) : { within: 0 };
			if (ids.length > 60) expect(ranges!.length).toBe(24);
			else if (within < total / 4) pruned++;
		}
		await wh.run(`DROP TABLE temp.touch`);
		// a few keys' days are a small part of three years
		expect(pruned).toBe(20);
	});

	it('looks up only the kinds it is given: a customer’s days without a touched ticket id’s', async () => {
		const { customer } = await wh.one<{ customer: string }>(
			`SELECT customer_id AS customer FROM ticket_facts GROUP BY 1 HAVING count(DISTINCT CAST(created_at AS DATE)) >= 2 ORDER BY 1 LIMIT 1`
		);
		const days = (
			await wh.all<{ d: string }>(
				`SELECT DISTINCT strftime(created_at, '%Y-%m-%d') AS d FROM ticket_facts WHERE customer_id = $c ORDER BY 1`,
				{ c: customer }
			)
		).map((x) => x.d);
		// a ticket of another customer on a day none of the customer's tickets has
		const { other } = await wh.one<{ other: string }>(
			`SELECT ticket_id AS other FROM ticket_facts WHERE customer_id <> $c AND strftime(created_at, '%Y-%m-%d') NOT IN ${list(days)}
			 ORDER BY ticket_id LIMIT 1`,
			{ c: customer }
		);
		await wh.run(`CREATE OR REPLACE TEMP TABLE touch AS SELECT * FROM (VALUES ('c', ${lit(customer)}), ('r', ${lit(other)})) t(kind, k)`);
		const asRanges = (ds: string[]) =>
			mergeRanges(ds, 24).map(([lo, hi]) => `created_at >= TIMESTAMP '${lo}' AND created_at < TIMESTAMP '${hi}'`);
		expect(await touchedRanges(wh, ['t', 'c', 's'])).toEqual(asRanges(days));
		const { od } = await wh.one<{ od: string }>(`SELECT strftime(created_at, '%Y-%m-%d') AS od FROM ticket_facts WHERE ticket_id = $t`, {
			t: other
		});
		expect(await touchedRanges(wh)).toEqual(asRanges([...days, od].sort()));
		expect(await touchedRanges(wh, ['s'])).toEqual([]);
		await wh.run(`DROP TABLE temp.touch`);
	});

	it('keys nothing stored shares give no days', async () => {
		await wh.run(
			`CREATE OR REPLACE TEMP TABLE touch AS SELECT * FROM (VALUES ('r', 'NO-SUCH-1'), ('c', 'NO-SUCH-2'), ('h', 'T0001')) t(kind, k)`
		);
		expect(await touchedRanges(wh)).toEqual([]);
		await wh.run(`DROP TABLE temp.touch`);
	});

	it('a ticket_facts replaced by a full build elsewhere is not trusted: the next small ingest builds facts_keys again', async () => {
		await rebuildDerived(wh);
		expect(await comment()).toBeNull();
		// facts_keys as a stale copy would be: one ticket's keys missing
		const { id, customer } = await wh.one<{ id: string; customer: string }>(
			`SELECT ticket_id AS id, customer_id AS customer FROM ticket_facts WHERE type = 'install' ORDER BY created_at LIMIT 1`
		);
		await wh.run(`DELETE FROM facts_keys WHERE h = CAST(hash('c' || $c) >> 32 AS UINTEGER)`, { c: customer });
		expect(await keysMissing()).toBeGreaterThan(0);
		// a later install of the same customer: a repeat install only if the earlier one is found
		const file = path.join(dir, 'later-install.csv');
		await wh.run(
			`COPY (SELECT * EXCLUDE (ingest_id) REPLACE ('LATER-' || ticket_id AS ticket_id, created_at + INTERVAL 30 DAY AS created_at,
			        arrived_at + INTERVAL 30 DAY AS arrived_at, completed_at + INTERVAL 30 DAY AS completed_at, NULL AS serial_no)
			       FROM tickets WHERE ticket_id = ${lit(id)}) TO ${lit(file)} (HEADER, DELIMITER ',')`
		);
		const res = await ingestFiles(wh, [file]);
		expect(res.ok).toBe(true);
		expect(res.files[0]).toMatchObject({ rows_inserted: 1, derived: 'incremental' });
		expect(await keysMissing()).toBe(0);
		expect(await comment()).toMatch(/^facts_keys \d+ \d+$/);
		const { repeat } = await wh.one<{ repeat: boolean }>(`SELECT repeat_customer AS repeat FROM ticket_facts WHERE ticket_id = $t`, {
			t: `LATER-${id}`
		});
		expect(repeat).toBe(true);
		const { kept, rebuilt } = await hashesKeptAndRebuilt(wh);
		expect(kept.ticket_facts).toBe(rebuilt.ticket_facts);
	}, 60_000);
});

describe('mergeRanges', () => {
	const days = ['2025-01-30', '2025-01-31', '2025-02-01', '2025-02-03', '2025-02-10', '2025-02-11', '2025-03-01', '2024-12-31'].sort();
	it('joins following days (across a month and a year end) into half-open ranges', () => {
		expect(mergeRanges(days, 10)).toEqual([
			['2024-12-31', '2025-01-01'],
			['2025-01-30', '2025-02-02'],
			['2025-02-03', '2025-02-04'],
			['2025-02-10', '2025-02-12'],
			['2025-03-01', '2025-03-02']
		]);
	});
	it('past the limit closes the smallest gaps first (1 day, then 6, then 17)', () => {
		// gaps: 12-31..01-30 is 29 days, 02-02..02-03 is 1, 02-04..02-10 is 6, 02-12..03-01 is 17
		expect(mergeRanges(days, 4)).toEqual([
			['2024-12-31', '2025-01-01'],
			['2025-01-30', '2025-02-04'],
			['2025-02-10', '2025-02-12'],
			['2025-03-01', '2025-03-02']
		]);
		expect(mergeRanges(days, 2)).toEqual([
			['2024-12-31', '2025-01-01'],
			['2025-01-30', '2025-03-02']
		]);
		expect(mergeRanges(days, 1)).toEqual([['2024-12-31', '2025-03-02']]);
		expect(mergeRanges([], 3)).toEqual([]);
	});
});
