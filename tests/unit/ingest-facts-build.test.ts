// The full build of ticket_facts in slices of created_at (facts-build.ts
// buildFacts) writes what the one-statement build (FACTS_SELECT: every whole row
// joined to its look-ups and sorted at once) writes: the same columns and types,
// the same rows with the same values, sorted by created_at — with one slice,
// with many, and with equal times where a slice would end.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { generateSample } from '../../scripts/sample/index';
import { FACTS_SELECT, buildFacts } from '../../src/lib/server/facts-build';
import type { Warehouse } from '../../src/lib/server/warehouse';
import { warehouseFixture } from './helpers/warehouse-fixture';

/** A warehouse holding a generated sample's roster, tickets and rework, with its ticket count. */
async function sampleWarehouse() {
	const fx = await warehouseFixture('facts-build');
	await generateSample({ outDir: path.join(fx.dir, 'sample'), tickets: 3000, seed: 11 });
	expect((await fx.ingest(...['technicians.csv', 'tickets.csv', 'rework.csv'].map((f) => path.join(fx.dir, 'sample', f)))).ok).toBe(true);
	const { n } = await fx.wh.one<{ n: number }>(`SELECT count(*) AS n FROM tickets`);
	return { wh: fx.wh, tickets: n };
}

type Db = Pick<Warehouse, 'one' | 'all' | 'run'>;

/** Columns with types, a hash of the rows as a multiset, the row count, and rows stored out of created_at order. */
async function fingerprint(db: Db, table: string) {
	const columns = (
		await db.all<{ name: string; type: string }>(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${table})`)
	).map((c) => `${c.name} ${c.type}`);
	const { h, n } = await db.one<{ h: string; n: number }>(
		`SELECT md5(coalesce(string_agg(r, chr(10) ORDER BY r), '')) AS h, count(*) AS n FROM (SELECT CAST(x AS VARCHAR) AS r FROM ${table} x)`
	);
	const { disorder } = await db.one<{ disorder: number }>(
		`SELECT count(*) FILTER (WHERE created_at < before) AS disorder FROM (SELECT created_at, lag(created_at) OVER (ORDER BY rowid) AS before FROM ${table})`
	);
	return { columns, h, n, disorder };
}

/** Builds the facts both ways inside a transaction that is rolled back; returns both fingerprints. */
async function bothWays(db: Db, sliceRows: number, before?: string) {
	await db.run('BEGIN TRANSACTION');
	try {
		if (before) await db.run(before);
		await db.run(`CREATE TEMP TABLE reference_facts AS ${FACTS_SELECT}`);
		await buildFacts(db, sliceRows);
		return { reference: await fingerprint(db, 'temp.reference_facts'), sliced: await fingerprint(db, 'ticket_facts') };
	} finally {
		await db.run('ROLLBACK');
	}
}

describe('the full facts build in slices of created_at', () => {
	it('one slice and many give the one-statement build: same columns, rows and values, sorted by created_at', async () => {
		const { wh, tickets } = await sampleWarehouse();
		for (const slice of [1_000_000, 1000, 97]) {
			const { reference, sliced } = await bothWays(wh, slice);
			expect(reference.n, 'every ticket').toBe(tickets);
			expect(sliced.columns, `columns, slices of ${slice}`).toEqual(reference.columns);
			expect(sliced.n, `rows, slices of ${slice}`).toBe(tickets);
			expect(sliced.h, `content, slices of ${slice}`).toBe(reference.h);
			expect(sliced.disorder, `order, slices of ${slice}`).toBe(0);
		}
	}, 60_000);

	it('many tickets opened at one time stay together in one slice (the times cut to the day: many equal times)', async () => {
		const { wh, tickets } = await sampleWarehouse();
		const { reference, sliced } = await bothWays(wh, 50, `UPDATE tickets SET created_at = date_trunc('day', created_at)`);
		const { days } = await wh.one<{ days: number }>(`SELECT count(DISTINCT CAST(created_at AS DATE)) AS days FROM tickets`);
		expect(days).toBeLessThan(tickets / 2); // on average more than two tickets share each time
		expect(sliced.n).toBe(tickets);
		expect(sliced.h).toBe(reference.h);
		expect(sliced.disorder).toBe(0);
	}, 60_000);

	it('works out the derived columns of a hand-made file in slices of two tickets', async () => {
		const fx = await warehouseFixture('facts-build');
		const roster = fx.write('technicians.csv', 'technician_id,name,hire_date\nT1,Li,2026-01-01\n');
		const file = fx.write(
			'tickets.csv',
			[
				'ticket_id,created_at,type,customer_id,product_model,serial_no,technician_id',
				// C1 installs twice (the second is a repeat), S1 is repaired three times, the middle two at one time
				'K6,2026-03-04 10:00,repair,C1,M1,S1,T1',
				'K1,2026-03-01 08:00,install,C1,M1,,T1',
				'K3,2026-03-02 08:00,repair,C1,M1,S1,T1',
				'K4,2026-03-02 08:00,repair,C2,M1,S2,T1',
				'K2,2026-03-01 09:30,install,C1,M2,,',
				'K5,2026-03-03 08:00,repair,C1,M1,S1,T1'
			].join('\n') + '\n'
		);
		expect((await fx.ingest(roster, file)).ok).toBe(true);
		await buildFacts(fx.wh, 2);
		const rows = await fx.wh.all<Record<string, unknown>>(
			`SELECT ticket_id, reworked, repeat_customer, next_repair_hours, tenure_days FROM ticket_facts ORDER BY rowid`
		);
		expect(rows).toEqual([
			{ ticket_id: 'K1', reworked: false, repeat_customer: false, next_repair_hours: null, tenure_days: 59 },
			{ ticket_id: 'K2', reworked: false, repeat_customer: true, next_repair_hours: null, tenure_days: null },
			// K3 and K4 share a time: either order is sorted
			...(rows[2].ticket_id === 'K3'
				? [
						{ ticket_id: 'K3', reworked: false, repeat_customer: false, next_repair_hours: 24, tenure_days: 60 },
						{ ticket_id: 'K4', reworked: false, repeat_customer: false, next_repair_hours: null, tenure_days: 60 }
					]
				: [
						{ ticket_id: 'K4', reworked: false, repeat_customer: false, next_repair_hours: null, tenure_days: 60 },
						{ ticket_id: 'K3', reworked: false, repeat_customer: false, next_repair_hours: 24, tenure_days: 60 }
					]),
			{ ticket_id: 'K5', reworked: false, repeat_customer: false, next_repair_hours: 26, tenure_days: 61 },
			{ ticket_id: 'K6', reworked: false, repeat_customer: false, next_repair_hours: null, tenure_days: 62 }
		]);
	}, 60_000);
});
