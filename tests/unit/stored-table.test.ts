// The compression named for the columns whose values are known (stored-table.ts): a first load makes tickets
// again with it, and the full build writes ticket_facts and the maintained tables with it. What is stored must be
// what the plain statements store — the same columns, types, NOT NULLs and rows — and the compression DuckDB
// shows for those columns after a checkpoint must be the one named, whatever it would have tried.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { generateSample } from '../../scripts/sample/index';
import { contentHashes } from '../../src/lib/server/content-hash';
import { undoIngest } from '../../src/lib/server/ingest/undo';
import { COLUMN_COMPRESSION, createTableAs } from '../../src/lib/server/stored-table';
import type { Warehouse } from '../../src/lib/server/warehouse';
import { warehouseFixture } from './helpers/warehouse-fixture';

type Db = Pick<Warehouse, 'one' | 'all' | 'run'>;

/** name, type and nullability of each column, in order */
async function columnsOf(db: Db, table: string): Promise<string[]> {
	return (
		await db.all<{ d: string }>(
			`SELECT column_name || ' ' || data_type || CASE WHEN is_nullable THEN '' ELSE ' NOT NULL' END AS d FROM duckdb_columns()
			 WHERE schema_name = 'main' AND table_name = $t ORDER BY column_index`,
			{ t: table }
		)
	).map((r) => r.d);
}

/** The compressions DuckDB stored for each text column of `table` (validity and constant segments aside). */
async function compressions(db: Db, table: string): Promise<Record<string, string[]>> {
	const rows = await db.all<{ c: string; k: string }>(
		`SELECT DISTINCT column_name AS c, compression AS k FROM pragma_storage_info('${table}')
		 WHERE segment_type = 'VARCHAR' AND compression <> 'Constant' ORDER BY 1, 2`
	);
	const out: Record<string, string[]> = {};
	for (const r of rows) (out[r.c] ??= []).push(r.k);
	return out;
}

const expected = (k: 'fsst' | 'dictionary') => (k === 'fsst' ? 'FSST' : 'Dictionary');

describe('tables written with the compression their columns call for', () => {
	it('a first load makes tickets again with it: the same columns and NOT NULLs, every named column stored so', async () => {
		const fx = await warehouseFixture('stored-table');
		const before = await columnsOf(fx.wh, 'tickets');
		await generateSample({ outDir: path.join(fx.dir, 'sample'), tickets: 3000, seed: 5 });
		const files = ['technicians.csv', 'tickets.csv', 'rework.csv', 'parts.csv'].map((f) => path.join(fx.dir, 'sample', f));
		const result = await fx.ingest(...files);
		expect(result.ok).toBe(true);
		expect(await columnsOf(fx.wh, 'tickets')).toEqual(before);
		await expect(fx.wh.run(`INSERT INTO tickets (ticket_id) VALUES (NULL)`)).rejects.toThrow(/NOT NULL/);
		await fx.wh.run('CHECKPOINT');
		for (const table of ['tickets', 'ticket_facts', 'parts', 'nevada_facts', 'ticket_rollup']) {
			const stored = await compressions(fx.wh, table);
			const named = Object.keys(stored).filter((c) => COLUMN_COMPRESSION[c]);
			expect(named.length, `${table} has named columns`).toBeGreaterThan(0);
			for (const c of named) expect(stored[c], `${table}.${c}`).toEqual([expected(COLUMN_COMPRESSION[c])]);
		}
		// every row the file gave (the sample breaks a few on purpose: rejected)
		const loaded = result.files.find((f) => f.table === 'tickets')!.rows_loaded;
		expect(loaded).toBeGreaterThan(2900);
		expect((await fx.wh.one<{ n: number }>(`SELECT count(*) AS n FROM tickets`)).n).toBe(loaded);
	}, 120_000);

	it('a first load after the table was emptied (its load undone) stores what the first load stored', async () => {
		const fx = await warehouseFixture('stored-table');
		await generateSample({ outDir: path.join(fx.dir, 'sample'), tickets: 2000, seed: 8 });
		const [roster, tickets] = ['technicians.csv', 'tickets.csv'].map((f) => path.join(fx.dir, 'sample', f));
		expect((await fx.ingest(roster)).ok).toBe(true);
		const first = await fx.ingest(tickets);
		expect(first.files[0].rows_loaded).toBeGreaterThan(1900);
		const loaded = await contentHashes(fx.wh);
		await undoIngest(fx.wh, first.files[0].ingest_id!);
		expect((await fx.wh.one<{ n: number }>(`SELECT count(*) AS n FROM tickets`)).n).toBe(0);
		const again = await fx.ingest(tickets);
		expect(again.files[0].rows_inserted).toBe(first.files[0].rows_loaded);
		expect(await contentHashes(fx.wh)).toEqual(loaded);
	}, 120_000);

	it('createTableAs gives the plain CREATE TABLE AS: columns, types and rows in order', async () => {
		const fx = await warehouseFixture('stored-table');
		const select = `SELECT 'T' || lpad(CAST(i AS VARCHAR), 6, '0') AS ticket_id, ['a', 'b'][1 + i % 2] AS region, i % 3 = 0 AS flag,
		        CAST(i / 7 AS DECIMAL(18, 3)) AS amount, [i, i + 1] AS pair, CASE WHEN i % 5 = 0 THEN NULL ELSE 'x' || i END AS note
		 FROM range(20000) r(i) WHERE i % $m <> 1 ORDER BY i DESC`;
		await fx.wh.run(`CREATE TABLE plain AS ${select}`, { m: 4 });
		await createTableAs(fx.wh, 'named', select, { m: 4 });
		expect(await columnsOf(fx.wh, 'named')).toEqual(await columnsOf(fx.wh, 'plain'));
		const rows = (t: string) => fx.wh.all<{ r: string }>(`SELECT CAST(x AS VARCHAR) AS r FROM ${t} x ORDER BY rowid`);
		const [named, plain] = [await rows('named'), await rows('plain')];
		expect(named.length).toBe(15000);
		expect(named).toEqual(plain);
		await fx.wh.run('CHECKPOINT');
		const stored = await compressions(fx.wh, 'named');
		expect(stored.ticket_id).toEqual(['FSST']);
		expect(stored.region).toEqual(['Dictionary']);
		// a second build replaces the table
		await createTableAs(fx.wh, 'named', `SELECT 1 AS one`);
		expect(await columnsOf(fx.wh, 'named')).toEqual(['one INTEGER']);
	}, 60_000);
});
