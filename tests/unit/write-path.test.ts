// The write path: derived tables follow each change exactly (the incremental
// path equals a full rebuild), undo restores the earlier content, an older
// export is reported, and two writers take turns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { contentHash, contentHashes } from '../../src/lib/server/content-hash';
import { rebuildDerived } from '../../src/lib/server/facts';
import { describeError, ingestFiles } from '../../src/lib/server/ingest/index';
import { UndoRefused, undoIngest } from '../../src/lib/server/ingest/undo';
import { Warehouse } from '../../src/lib/server/warehouse';
import { writeWritePathData, type WritePathFiles } from './fixtures/write-path-data';
import { tempDirMaker } from './helpers/temp-dir';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tempDir = tempDirMaker('write');

/** ticket_facts, filter_options and ticket_rollup as a full rebuild would make them, worked out and rolled back. */
async function rebuiltHashes(wh: Warehouse): Promise<{ ticket_facts: string; filter_options: string; ticket_rollup: string }> {
	await wh.run('BEGIN TRANSACTION');
	try {
		await rebuildDerived(wh);
		const h = await contentHashes(wh);
		return { ticket_facts: h.ticket_facts, filter_options: h.filter_options, ticket_rollup: h.ticket_rollup };
	} finally {
		await wh.run('ROLLBACK');
	}
}

async function derivedHashes(wh: Warehouse) {
	const h = await contentHashes(wh);
	return { ticket_facts: h.ticket_facts, filter_options: h.filter_options, ticket_rollup: h.ticket_rollup };
}

describe('derived tables follow each change', () => {
	let files: WritePathFiles;
	let wh: Warehouse;

	beforeAll(async () => {
		const dir = tempDir();
		files = writeWritePathData(dir, { tickets: 3000 });
		wh = await Warehouse.open(path.join(dir, 'w.duckdb'));
	});
	afterAll(() => wh.close());

	it('after the base load and after each file of the second round, the facts equal a full rebuild', async () => {
		const base = await ingestFiles(wh, files.base);
		expect(base.ok).toBe(true);
		expect(await derivedHashes(wh)).toEqual(await rebuiltHashes(wh));
		const paths: string[] = [];
		for (const f of files.second) {
			const r = await ingestFiles(wh, [f]);
			expect(r.ok, JSON.stringify(r.files[0].error)).toBe(true);
			paths.push(`${path.basename(f)}:${r.files[0].derived}`);
			expect(await derivedHashes(wh), `after ${path.basename(f)}`).toEqual(await rebuiltHashes(wh));
		}
		// the second round is small next to the warehouse: every file took the incremental path
		expect(paths).toEqual(['technicians.csv:incremental', 'tickets.csv:incremental', 'rework.csv:incremental', 'parts.csv:none']);
		// and it really changed facts that depend on other rows: some customers, units and tenures moved
		const { updated } = await wh.one<{ updated: number }>(
			`SELECT count(*) AS updated FROM tickets WHERE ingest_id = (SELECT max(ingest_id) FROM ingests WHERE table_name = 'tickets')`
		);
		expect(updated).toBeGreaterThan(150);
	});

	it('a rebuilt warehouse and the incrementally kept one hold the same content', async () => {
		const dir = tempDir();
		const fresh = await Warehouse.open(path.join(dir, 'fresh.duckdb'));
		try {
			// everything at once: the base files, then the second round, in one ingest each
			expect((await ingestFiles(fresh, files.base)).ok).toBe(true);
			expect((await ingestFiles(fresh, files.second)).ok).toBe(true);
			expect(await contentHash(fresh)).toBe(await contentHash(wh));
		} finally {
			fresh.close();
		}
	});
});

describe('undo', () => {
	let files: WritePathFiles;
	let wh: Warehouse;
	let dir: string;

	beforeAll(async () => {
		dir = tempDir();
		files = writeWritePathData(dir, { tickets: 1500 });
		wh = await Warehouse.open(path.join(dir, 'w.duckdb'));
		expect((await ingestFiles(wh, files.base)).ok).toBe(true);
	});
	afterAll(() => wh.close());

	it('undoing each file of the second round, newest first, restores the content hash before it, step by step', async () => {
		const hashes = [await contentHash(wh)];
		const ids: number[] = [];
		for (const f of files.second) {
			const r = await ingestFiles(wh, [f]);
			ids.push(r.files[0].ingest_id!);
			hashes.push(await contentHash(wh));
		}
		expect(new Set(hashes).size).toBe(5); // every file of the round changes something
		for (let i = ids.length - 1; i >= 0; i--) {
			await undoIngest(wh, ids[i]);
			expect(await contentHash(wh), `after undoing ${path.basename(files.second[i])}`).toBe(hashes[i]);
			expect(await derivedHashes(wh)).toEqual(await rebuiltHashes(wh));
		}
		await expect(undoIngest(wh, ids[0])).rejects.toThrow(`ingest #${ids[0]} was undone already`);
		// loading the round again after undoing it reaches the same content as the first time
		expect((await ingestFiles(wh, files.second)).ok).toBe(true);
		expect(await contentHash(wh)).toBe(hashes[4]);
	});

	it('is refused, naming the later ingest, when a later ingest changed the same rows; and for tickets other rows refer to', async () => {
		const a = path.join(dir, 'a.csv');
		const b = path.join(dir, 'b.csv');
		fs.writeFileSync(a, 'ticket_id,created_at,type,customer_id,city\nU1,2026-01-05,install,CU1,宁波\nU2,2026-01-06,repair,CU2,宁波\n');
		fs.writeFileSync(b, 'ticket_id,created_at,type,customer_id,city\nU2,2026-01-06,repair,CU2,杭州\n');
		const ra = await ingestFiles(wh, [a]);
		const rb = await ingestFiles(wh, [b]);
		const [ia, ib] = [ra.files[0].ingest_id!, rb.files[0].ingest_id!];
		expect(rb.files[0]).toMatchObject({ rows_updated: 1, rows_inserted: 0 });
		const refusal = await undoIngest(wh, ia).catch((e) => e);
		expect(refusal).toBeInstanceOf(UndoRefused);
		expect(refusal.message).toBe(`ingest #${ib} changed rows that #${ia} wrote (ticket_id U2…): undo #${ib} first`);
		expect(await undoIngest(wh, ib)).toMatchObject({ rows_removed: 0, rows_restored: 1 });
		expect(await wh.all(`SELECT city FROM tickets WHERE ticket_id = 'U2'`)).toEqual([{ city: '宁波' }]);

		const rw = path.join(dir, 'rw.csv');
		fs.writeFileSync(rw, 'rework_id,original_ticket_id,rework_date\nURW1,U1,2026-01-20\n');
		expect((await ingestFiles(wh, [rw])).ok).toBe(true);
		await expect(undoIngest(wh, ia)).rejects.toThrow(`rework or parts rows refer to tickets that ingest #${ia} added (U1…)`);
		await expect(undoIngest(wh, 99_999)).rejects.toThrow('there is no ingest #99999');
	});
});

describe('an older export is reported when it overwrites newer values', () => {
	it('names the rows, the newer export and both data horizons', async () => {
		const dir = tempDir();
		const wh = await Warehouse.open(path.join(dir, 'w.duckdb'));
		try {
			const sep = path.join(dir, 'export-2026-09.csv');
			const oct = path.join(dir, 'export-2026-10.csv');
			fs.writeFileSync(sep, 'ticket_id,created_at,type,customer_id,city\nO1,2026-09-01,install,C1,杭州\nO2,2026-09-30,repair,C2,杭州\n');
			fs.writeFileSync(
				oct,
				'ticket_id,created_at,type,customer_id,city\nO1,2026-09-01,install,C1,宁波\nO2,2026-09-30,repair,C2,宁波\nO3,2026-10-31 18:00,repair,C3,宁波\n'
			);
			await ingestFiles(wh, [sep]);
			const forward = await ingestFiles(wh, [oct]);
			expect(forward.files[0].rows_updated).toBe(2);
			expect(forward.files[0].older_export).toBeUndefined();
			const back = await ingestFiles(wh, [sep]);
			expect(back.files[0].rows_updated).toBe(2);
			expect(back.files[0].older_export).toEqual({
				rows: 2,
				file_data_until: '2026-09-30 00:00:00',
				newer_file: 'export-2026-10.csv',
				newer_data_until: '2026-10-31 18:00:00'
			});
		} finally {
			wh.close();
		}
	});
});

describe('two writers', () => {
	function ingestCli(db: string, file: string, env: Record<string, string> = {}) {
		return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
			const p = spawn(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--db', db, '--json', file], {
				cwd: ROOT,
				env: { ...process.env, ...env }
			});
			let stdout = '';
			let stderr = '';
			p.stdout.on('data', (d) => (stdout += d));
			p.stderr.on('data', (d) => (stderr += d));
			p.on('exit', (code) => resolve({ code, stdout, stderr }));
		});
	}

	it('two command-line ingests at once: the second waits its turn and both load', async () => {
		const dir = tempDir();
		const files = writeWritePathData(dir, { tickets: 3000 });
		const db = path.join(dir, 'w.duckdb');
		const [a, b] = await Promise.all([ingestCli(db, files.base[1]), ingestCli(db, files.base[0])]);
		expect(a.code, a.stderr).toBe(0);
		expect(b.code, b.stderr).toBe(0);
		const wh = await Warehouse.open(db, { readOnly: true });
		try {
			expect(await wh.one(`SELECT (SELECT count(*) FROM tickets) AS t, (SELECT count(*) FROM technicians) AS h`)).toEqual({
				t: 3000,
				h: 40
			});
		} finally {
			wh.close();
		}
	});

	it('with no time to wait, a second writer is refused in one line with exit code 3, and --json still prints JSON', async () => {
		const dir = tempDir();
		const files = writeWritePathData(dir, { tickets: 300 });
		const db = path.join(dir, 'w.duckdb');
		// another process holds the warehouse for writing until told to stop
		const holderScript = path.join(dir, 'holder.mts');
		fs.writeFileSync(
			holderScript,
			`import { Warehouse } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/lib/server/warehouse.ts')).href)};
const wh = await Warehouse.open(process.argv[2]);
process.stdout.write('HOLDING\\n');
process.stdin.on('data', () => { wh.close(); process.exit(0); });`
		);
		const holder = spawn(process.execPath, ['--import', 'tsx', holderScript, db], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
		await new Promise<void>((resolve) => holder.stdout.on('data', (d) => String(d).includes('HOLDING') && resolve()));
		try {
			const refused = await ingestCli(db, files.base[1], { FIELDLOOP_LOCK_WAIT: '0' });
			expect(refused.code).toBe(3);
			const out = JSON.parse(refused.stdout);
			expect(out).toEqual({
				ok: false,
				error: `${db} is being written by another process (pid ${holder.pid}); try again when it has finished`
			});
			expect(refused.stderr).toBe('');
		} finally {
			holder.stdin.write('x');
			await new Promise((r) => holder.on('exit', r));
		}
		const after = await ingestCli(db, files.base[1], { FIELDLOOP_LOCK_WAIT: '0' });
		expect(after.code, after.stderr).toBe(0);
	});
});

describe('error messages', () => {
	it('name files without the folders they sit in, and leave dates alone', () => {
		expect(describeError(new Error('IO Error: Could not read "/srv/data/.w.duckdb.tmp/fieldloop-ab.csv": bad\nstack'))).toBe(
			'Could not read "fieldloop-ab.csv": bad'
		);
		expect(describeError(new Error('Conversion Error: value 2026/13/01 at line 5'))).toBe('value 2026/13/01 at line 5');
	});
});
