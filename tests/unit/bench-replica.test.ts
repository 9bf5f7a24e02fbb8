// The 100M warehouse of the benchmark is made by replicate.ts from a loaded one, not
// by loading the 100M files (hours): it must hold exactly what loading scale-sample's
// K-copies files makes. Here on a generated sample of 1,000 tickets, K = 3: the files
// scaled and loaded into one warehouse, the original loaded into another and
// replicated — every data table, the facts, every rollup tier, the filter values, the
// rejects and the ingest counts the same.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { generateSample } from '../../scripts/sample/index';
import { replicateWarehouse } from '../../scripts/bench/replicate';
import { scaleSample } from '../../scripts/bench/scale-files';
import { tableHash, tableHashes } from '../../scripts/bench/table-hash';
import { contentHashes } from '../../src/lib/server/content-hash';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { Warehouse } from '../../src/lib/server/warehouse';
import { tempDirMaker } from './helpers/temp-dir';

const K = 3;
const files = (dir: string) => ['technicians.csv', 'tickets.csv', 'rework.csv', 'parts.csv'].map((f) => join(dir, f));

async function loaded(db: string, dir: string): Promise<Warehouse> {
	const wh = await Warehouse.open(db);
	const r = await ingestFiles(wh, files(dir));
	expect(r.ok).toBe(true);
	return wh;
}

test('a replicated warehouse is the load of the K-copies files', async () => {
	const dir = tempDirMaker('replica')();
	const sample = await generateSample({ outDir: join(dir, 'x1'), tickets: 1000, ticketsEncoding: 'utf8', ticketsHeaders: 'en' });
	await scaleSample(join(dir, 'x1'), join(dir, 'x3'), K, '1GB');
	const byLoad = await loaded(join(dir, 'load3.duckdb'), join(dir, 'x3'));
	(await loaded(join(dir, 'load1.duckdb'), join(dir, 'x1'))).close();
	const made = await replicateWarehouse(join(dir, 'load1.duckdb'), join(dir, 'replica3.duckdb'), K);
	const replica = await Warehouse.open(join(dir, 'replica3.duckdb'));
	try {
		// what the generator wrote, K times (the roster once): rows of the sample less its bad rows
		const rows = (t: string) => sample.files.find((f) => f.table === t)!;
		const bad = (t: string) => sample.badRows.filter((b) => b.table === t).length;
		const counts = Object.fromEntries(made.tables.map((t) => [t.table, t.rows]));
		expect(counts.tickets).toBe(K * (rows('tickets').rows - bad('tickets')));
		expect(counts.ticket_facts).toBe(counts.tickets);
		expect(counts.technicians).toBe(rows('technicians').rows - bad('technicians'));
		expect(counts.rejects).toBe(K * (bad('tickets') + bad('rework') + bad('parts')) + bad('technicians'));

		// the data tables, the facts, ticket_rollup and the filter values (content-hash.ts) …
		expect(await contentHashes(replica)).toEqual(await contentHashes(byLoad));
		// … every other table but the file log (each names its own files), among them every rollup tier and meta's stamps
		const all = async (wh: Warehouse) => {
			const { ingests: _i, rejects: _r, ...rest } = await tableHashes(wh);
			return rest;
		};
		const [a, b] = [await all(replica), await all(byLoad)];
		expect(Object.keys(a)).toEqual(expect.arrayContaining(['ticket_rollup', 'ticket_facts', 'meta']));
		expect(a).toEqual(b);
		// the rejects with their values and line numbers, and the rows each file read, loaded and rejected
		const log = async (wh: Warehouse) => {
			await wh.run(`CREATE OR REPLACE TEMP TABLE rejects_seen AS SELECT * EXCLUDE (file) FROM rejects`);
			await wh.run(
				`CREATE OR REPLACE TEMP TABLE ingests_seen AS SELECT ingest_id, table_name, rows_read, rows_loaded, rows_rejected, data_until FROM ingests`
			);
			return [await tableHash(wh, 'rejects_seen'), await tableHash(wh, 'ingests_seen')];
		};
		expect(await log(replica)).toEqual(await log(byLoad));
		// the facts in created_at order, as the full build writes them (a date filter skips whole row groups)
		const { unsorted } = await replica.one<{ unsorted: number }>(
			`SELECT count(*) AS unsorted FROM (SELECT created_at < lag(created_at) OVER (ORDER BY rowid) AS back FROM ticket_facts) WHERE back`
		);
		expect(unsorted).toBe(0);
	} finally {
		replica.close();
		byLoad.close();
	}
}, 300_000);

test('a source built with another schema is refused, and nothing is written', async () => {
	const dir = tempDirMaker('replica-old')();
	const wh = await Warehouse.open(join(dir, 'old.duckdb'));
	await wh.run(`UPDATE meta SET value = '1:000000000000' WHERE key = 'schema_version'`);
	wh.close();
	await expect(replicateWarehouse(join(dir, 'old.duckdb'), join(dir, 'new.duckdb'), 2)).rejects.toThrow(
		/has schema 1:000000000000, this code makes 2:/
	);
	expect([existsSync(join(dir, 'new.duckdb')), existsSync(join(dir, 'new.duckdb.partial'))]).toEqual([false, false]);
});
