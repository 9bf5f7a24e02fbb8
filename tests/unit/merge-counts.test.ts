// mergeCounts (merge-counts.ts): a summed delta applied to a table of counts by group, on a hand-made table whose
// answer is worked out below: a stored group updated in place (its row keeps its row id, only the changed counts
// written), one left with no tickets deleted, a new one inserted, one the delta leaves alone untouched, NULL keys
// matched as equal, a NULL count kept NULL when the delta's is NULL too, and stored rows outside `near` not matched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeCounts } from '../../src/lib/server/merge-counts';
import { Warehouse } from '../../src/lib/server/warehouse';

let wh: Warehouse;
beforeAll(async () => {
	wh = await Warehouse.open(':memory:');
});
afterAll(() => wh?.close());

const merge = (near = 'true') =>
	mergeCounts(wh, {
		table: 'g',
		sum: 'd',
		keys: ['day', 'region'],
		counts: [
			['n', 'BIGINT'],
			['ok', 'BIGINT'],
			['us', 'HUGEINT']
		],
		near,
		order: 'day',
		temp: 'g_merged'
	});

async function table() {
	return wh.all<{ rid: number; day: string; region: string | null; n: number; ok: number | null; us: number | null }>(
		`SELECT CAST(rowid AS INTEGER) AS rid, strftime(day, '%Y-%m-%d') AS day, region, n, ok, CAST(us AS DOUBLE) AS us FROM g ORDER BY day, region NULLS FIRST`
	);
}

describe('mergeCounts', () => {
	it('updates the stored groups in place, deletes the emptied, inserts the new, leaves the untouched alone', async () => {
		await wh.run(`CREATE OR REPLACE TABLE g (day DATE, region VARCHAR, n BIGINT, ok BIGINT, us HUGEINT)`);
		await wh.run(`INSERT INTO g VALUES
			('2026-01-01', 'A', 5, 2, 100),   -- rid 0: +2 tickets, +1 ok, +30 us -> 7, 3, 130
			('2026-01-01', NULL, 3, NULL, 40), -- rid 1: NULL region matched; ok NULL and the delta's NULL -> stays NULL; n 3 -> 4
			('2026-01-02', 'A', 2, 1, 20),    -- rid 2: -2 tickets -> none left: deleted
			('2026-01-02', 'B', 4, 4, 80),    -- rid 3: not in the delta
			('2026-01-03', 'A', 1, 0, 10)     -- rid 4: in the delta with zero counts: left alone`);
		await wh.run(`CREATE OR REPLACE TEMP TABLE d AS SELECT * FROM (VALUES
			(DATE '2026-01-01', 'A', 2, 1, 30),
			(DATE '2026-01-01', NULL, 1, NULL, 5),
			(DATE '2026-01-02', 'A', -2, -1, -20),
			(DATE '2026-01-03', 'A', 0, 0, 0),
			(DATE '2026-01-04', 'C', 3, 2, 60),   -- a new group
			(DATE '2026-01-05', 'C', 0, 0, 0)     -- a new group with no tickets: not inserted
			) v(day, region, n, ok, us)`);
		await wh.run('BEGIN TRANSACTION');
		await merge();
		await wh.run('COMMIT');
		expect(await table()).toEqual([
			{ rid: 1, day: '2026-01-01', region: null, n: 4, ok: null, us: 45 },
			{ rid: 0, day: '2026-01-01', region: 'A', n: 7, ok: 3, us: 130 },
			{ rid: 3, day: '2026-01-02', region: 'B', n: 4, ok: 4, us: 80 },
			{ rid: 4, day: '2026-01-03', region: 'A', n: 1, ok: 0, us: 10 },
			{ rid: 5, day: '2026-01-04', region: 'C', n: 3, ok: 2, us: 60 }
		]);
	});

	it('a NULL count becomes the delta’s, and a stored row outside `near` is not matched (its group is inserted anew)', async () => {
		await wh.run(`CREATE OR REPLACE TABLE g (day DATE, region VARCHAR, n BIGINT, ok BIGINT, us HUGEINT)`);
		await wh.run(`INSERT INTO g VALUES ('2026-02-01', 'A', 2, NULL, 7), ('2026-02-02', 'A', 1, 1, 1)`);
		await wh.run(`CREATE OR REPLACE TEMP TABLE d AS SELECT * FROM (VALUES
			(DATE '2026-02-01', 'A', 0, 1, 0),
			(DATE '2026-02-02', 'A', 1, 0, 2)) v(day, region, n, ok, us)`);
		// only 2026-02-01's stored rows may match: 2026-02-02's delta finds no stored row and is inserted as it is
		await merge(`r.day = DATE '2026-02-01'`);
		expect(await table()).toEqual([
			{ rid: 0, day: '2026-02-01', region: 'A', n: 2, ok: 1, us: 7 },
			{ rid: 1, day: '2026-02-02', region: 'A', n: 1, ok: 1, us: 1 },
			{ rid: 2, day: '2026-02-02', region: 'A', n: 1, ok: 0, us: 2 }
		]);
	});
});
