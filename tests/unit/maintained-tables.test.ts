// The registry of maintained tables (src/lib/server/maintained-tables.ts) against the database, and the covers
// stamps that make a table kept by newer code rebuilt on open after older code changed the rows:
// - every derived table of a freshly built warehouse is in the registry, every registry table is there, with its
//   definition stamp, and the content hash reads the ones the registry says;
// - rows changed the way code that keeps only the facts and the filter values does (old code: rows inserted, its
//   ingest logged, data_version bumped by its own statement, no covers stamp written): on open every other
//   maintained table is built again, and the warehouse is what a full rebuild makes;
// - nothing changed, or changed by this code's ingest: the open builds nothing and writes nothing.
// A table built again by the open is told by its comment: CREATE OR REPLACE makes a table without one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { CASES_DDL } from '../../src/lib/server/cases/schema';
import { contentHashes } from '../../src/lib/server/content-hash';
import { buildFacts, filterOptionsSelect } from '../../src/lib/server/facts-build';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { MAINTAINED, MAINTAINED_TABLES } from '../../src/lib/server/maintained-tables';
import { DATA_TABLES, Warehouse } from '../../src/lib/server/warehouse';
import { sampleWarehouse } from './helpers/sample-warehouse';
import { tempDirMaker } from './helpers/temp-dir';
import { unlikeRebuild } from './helpers/rebuild';

const tempDir = tempDirMaker('maintained');
let dir: string;
let file: string;
let wh: Warehouse;

beforeAll(async () => {
	dir = tempDir();
	wh = await sampleWarehouse(dir, 1500, 31);
	file = path.join(dir, 'w.duckdb');
}, 120_000);

afterAll(() => wh?.close());

/** The tables that are not derived: the data, their history, the file log, the rejects, meta and the quality cases. */
const NOT_DERIVED = [
	...DATA_TABLES,
	...DATA_TABLES.map((t) => `${t}_history`),
	'ingests',
	'rejects',
	'meta',
	...CASES_DDL.flatMap((ddl) => /CREATE TABLE IF NOT EXISTS (\w+)/.exec(ddl)?.[1] ?? [])
];
/** The tables stamped as covering the data: every maintained table but the facts. */
const COVERED = MAINTAINED.filter((m) => m.rebuild !== null).map((m) => m.table);

const tables = async () =>
	(await wh.all<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE NOT temporary ORDER BY 1`)).map((r) => r.t);
const meta = async () =>
	Object.fromEntries(
		(await wh.all<{ key: string; value: string }>(`SELECT key, value FROM meta ORDER BY key`)).map((r) => [r.key, r.value])
	);

/** Marks every maintained table but the facts (COMMENT): a table built again loses its mark. */
async function mark(): Promise<void> {
	for (const t of COVERED) await wh.run(`COMMENT ON TABLE ${t} IS 'kept'`);
}
/** The covered tables that lost their mark: those built again since mark(). */
async function builtAgain(): Promise<string[]> {
	const rows = await wh.all<{ t: string; c: string | null }>(
		`SELECT table_name AS t, comment AS c FROM duckdb_tables() WHERE NOT temporary AND schema_name = 'main'`
	);
	return COVERED.filter((t) => rows.find((r) => r.t === t)?.c !== 'kept');
}
async function reopen(): Promise<void> {
	wh.close();
	wh = await Warehouse.open(file);
}

describe('the registry of maintained tables', () => {
	it('names every derived table of a freshly built warehouse, and nothing it lacks', async () => {
		const all = await tables();
		expect(NOT_DERIVED.filter((t) => !all.includes(t))).toEqual([]);
		expect(all.filter((t) => !NOT_DERIVED.includes(t)).sort()).toEqual([...MAINTAINED_TABLES].sort());
		// each built from tables that are there, after them (build order), and stamped in meta where it has a stamp
		const m = await meta();
		MAINTAINED.forEach((x, i) => {
			for (const from of x.from) {
				expect(all, `${x.table} from ${from}`).toContain(from);
				const at = MAINTAINED_TABLES.indexOf(from);
				if (at >= 0) expect(at, `${x.table} after ${from}`).toBeLessThan(i);
			}
			if (x.stamp) expect(x.stamp.current(m[x.stamp.key] ?? ''), x.table).toBe(true);
		});
		// the content hash: the data tables and every maintained table but facts_keys (which may hold more than a rebuild)
		expect(Object.keys(await contentHashes(wh)).sort()).toEqual(
			[...DATA_TABLES, ...MAINTAINED_TABLES.filter((t) => t !== 'facts_keys')].sort()
		);
		// stamped as covering the data the sample's four files made
		expect(m.data_version).toBe('4');
		expect(Object.fromEntries(Object.entries(m).filter(([k]) => k.startsWith('covers:')))).toEqual(
			Object.fromEntries(COVERED.map((t) => [`covers:${t}`, '4']))
		);
	});
});

describe('a maintained table is built again on open when other code changed the rows', () => {
	it('nothing changed: the open builds nothing and writes nothing', async () => {
		await mark();
		const before = await meta();
		await reopen();
		expect(await builtAgain()).toEqual([]);
		expect(await meta()).toEqual(before);
	});

	it('rows changed by code that keeps only the facts and the filter values: every other table is built again, as a full rebuild makes it', async () => {
		// 24 stored tickets copied under new ids (a warranty parts line, a rework record, a repair with its production
		// month, a completed job among them), with their parts lines and rework records, as one file of old code
		const ids = (
			await wh.all<{ id: string }>(
				`SELECT DISTINCT ticket_id AS id FROM (
				   SELECT ticket_id, row_number() OVER (PARTITION BY g ORDER BY hash(ticket_id)) AS k FROM (
				     SELECT ticket_id, 'parts' AS g FROM parts WHERE warranty_claim = 'yes'
				     UNION ALL SELECT original_ticket_id, 'rework' FROM rework
				     UNION ALL SELECT ticket_id, 'nevada' FROM nevada_facts
				     UNION ALL SELECT ticket_id, 'done' FROM tickets WHERE completed_at IS NOT NULL AND type <> 'complaint'))
				 WHERE k <= 6 ORDER BY ticket_id`
			)
		).map((r) => r.id);
		expect(ids.length).toBeGreaterThanOrEqual(12);
		const list = `(${ids.map((id) => `'${id}'`).join(', ')})`;
		await wh.transaction(async () => {
			const { id } = await wh.one<{ id: number }>(`SELECT CAST(max(ingest_id) + 1 AS INTEGER) AS id FROM ingests`);
			await wh.run(
				`INSERT INTO tickets SELECT * REPLACE ('OLD-' || ticket_id AS ticket_id, $id AS ingest_id) FROM tickets WHERE ticket_id IN ${list}`,
				{
					id
				}
			);
			await wh.run(
				`INSERT INTO parts SELECT * REPLACE ('OLD-' || ticket_id AS ticket_id, $id AS ingest_id) FROM parts WHERE ticket_id IN ${list}`,
				{
					id
				}
			);
			await wh.run(
				`INSERT INTO rework SELECT * REPLACE ('OLD-' || rework_id AS rework_id, 'OLD-' || original_ticket_id AS original_ticket_id, $id AS ingest_id)
				 FROM rework WHERE original_ticket_id IN ${list}`,
				{ id }
			);
			// what such code keeps: the facts and the filter values (its full path), its ingest logged, data_version bumped
			await buildFacts(wh);
			await wh.run(`CREATE OR REPLACE TABLE filter_options AS ${filterOptionsSelect(false)}`);
			await wh.run(
				`INSERT INTO ingests (ingest_id, file, sha256, table_name, loaded_at, rows_read, rows_loaded, rows_rejected)
				 VALUES ($id, 'old-code.csv', 'x', 'tickets', current_localtimestamp(), $n, $n, 0)`,
				{ id, n: ids.length }
			);
			await wh.run(
				`INSERT INTO meta VALUES ('data_version', '1') ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS VARCHAR)`
			);
		});
		// the tables left behind hold the old rows: each differs from a rebuild (facts_keys holds keys for the old facts)
		expect((await unlikeRebuild(wh)).sort()).toEqual(COVERED.filter((t) => t !== 'filter_options' && t !== 'facts_keys').sort());
		await mark();
		await reopen();
		expect(await builtAgain()).toEqual(COVERED);
		expect(await unlikeRebuild(wh)).toEqual([]);
		const m = await meta();
		expect(m.data_version).toBe('5');
		for (const t of COVERED) expect(m[`covers:${t}`], t).toBe('5');
		// and open again: nothing left to do
		await mark();
		await reopen();
		expect(await builtAgain()).toEqual([]);
	}, 120_000);

	it('rows changed by this code’s ingest: the tables follow in its transaction, stamped; the open builds nothing', async () => {
		const csv = path.join(dir, 'new.csv');
		await wh.run(
			`COPY (SELECT * EXCLUDE (ingest_id) REPLACE ('NEW-' || ticket_id AS ticket_id) FROM tickets WHERE ticket_id LIKE 'OLD-%' ORDER BY ticket_id LIMIT 5)
			 TO '${csv}' (HEADER, DELIMITER ',')`
		);
		const r = await ingestFiles(wh, [csv]);
		expect(r.files[0].error).toBeUndefined();
		expect(r.files[0].derived).toBe('incremental');
		fs.rmSync(csv);
		const m = await meta();
		expect(m.data_version).toBe('6');
		for (const t of COVERED) expect(m[`covers:${t}`], t).toBe('6');
		await mark();
		await reopen();
		expect(await builtAgain()).toEqual([]);
		expect(await meta()).toEqual(m);
	}, 120_000);

	it('a warehouse from before the covers stamps is taken as it is: nothing built, the stamps written once', async () => {
		await wh.run(`DELETE FROM meta WHERE key LIKE 'covers:%'`);
		await mark();
		await reopen();
		expect(await builtAgain()).toEqual([]);
		const m = await meta();
		for (const t of COVERED) expect(m[`covers:${t}`], t).toBe('6');
	}, 120_000);

	it('one table whose covers stamp is behind (code that kept the others): that table alone is built again', async () => {
		await wh.run(`UPDATE meta SET value = '5' WHERE key = 'covers:staffing_rollup'`);
		await mark();
		await reopen();
		expect(await builtAgain()).toEqual(['staffing_rollup']);
	}, 120_000);
});
