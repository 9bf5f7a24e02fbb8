// The read-ahead beside an ingest of tickets (src/lib/server/ingest/prefetch.ts): its errors are swallowed, so a
// renamed table or a statement that no longer binds would make it read nothing without a sound. Here, on a loaded
// sample: every table it names is there, it reads each of them, the newest rows it reads are those of the newest
// day with tickets, and every statement runs; on a new warehouse it reads nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { READS, readAhead } from '../../src/lib/server/ingest/prefetch';
import { Warehouse } from '../../src/lib/server/warehouse';
import { sampleWarehouse } from './helpers/sample-warehouse';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('prefetch');
let wh: Warehouse;

beforeAll(async () => {
	wh = await sampleWarehouse(tempDir(), 600, 7);
}, 120_000);

afterAll(() => wh?.close());

describe('read-ahead of a tickets ingest', () => {
	it('names only tables a loaded warehouse has, one statement for each read, every one of which runs', async () => {
		const tables = new Set(
			(await wh.all<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE NOT temporary`)).map((r) => r.t)
		);
		expect(READS.map(([t]) => t).filter((t) => !tables.has(t))).toEqual([]);
		const sqls = await readAhead(wh);
		expect(sqls.length).toBe(READS.length);
		READS.forEach(([t], i) => expect(sqls[i]).toContain(`FROM ${t} WHERE`));
		for (const sql of sqls) await expect(wh.all(sql)).resolves.toHaveLength(1);
	});

	it('reads the newest day (month) with tickets: the day of the latest created_at', async () => {
		const { d } = await wh.one<{ d: string }>(`SELECT strftime(max(created_at), '%Y-%m-%d') AS d FROM tickets`);
		const sqls = await readAhead(wh);
		const dated = READS.flatMap(([, what], i) => (what === 'day' || what === 'month' ? [[what, sqls[i]] as const] : []));
		expect(dated.length).toBe(6);
		for (const [what, sql] of dated) expect(sql).toContain(`created_at >= date_trunc('${what}', DATE '${d}')`);
		// and those rows are there: the newest day of ticket_facts holds the latest ticket
		const where = /WHERE (.*)$/.exec(dated[0][1])![1];
		const { n } = await wh.one<{ n: number }>(
			`SELECT count(*) AS n FROM ticket_facts WHERE ${where} AND strftime(created_at, '%Y-%m-%d') = $d`,
			{ d }
		);
		expect(n).toBeGreaterThan(0);
	});

	it('reads nothing in a new warehouse', async () => {
		const empty = await Warehouse.open(path.join(tempDir(), 'new.duckdb'));
		try {
			expect(await readAhead(empty)).toEqual([]);
		} finally {
			empty.close();
		}
	});
});
