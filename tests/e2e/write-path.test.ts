// The server owns the warehouse while it runs: the command line hands it its
// work (status, report, ingest, undo) and gets the same answers; the data
// folder can move; a server killed mid-load comes back consistent.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { contentHash } from '../../src/lib/server/content-hash';
import { rebuildDerived } from '../../src/lib/server/facts';
import { Warehouse } from '../../src/lib/server/warehouse';
import { sampleWarehouse, startServer } from './harness';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function cli(script: string, args: string[], env: Record<string, string> = {}) {
	return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
		const p = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
		let stdout = '';
		let stderr = '';
		p.stdout.on('data', (d) => (stdout += d));
		p.stderr.on('data', (d) => (stderr += d));
		p.on('exit', (code) => resolve({ code, stdout, stderr }));
	});
}

const json = async (url: string) => (await fetch(url)).json();

describe('the command line while the server runs', () => {
	test('status, ingest, undo and report go through the server and agree with what it serves', async () => {
		const { dir, db } = await sampleWarehouse(3_000);
		const server = await startServer(db);
		try {
			const served = (await json(`${server.url}/api/status`)) as { tables: { tickets: number } };
			const status = await cli('scripts/status.ts', ['--db', db, '--json']);
			expect(status.code, status.stderr).toBe(0);
			expect(JSON.parse(status.stdout).tables).toEqual(served.tables);

			const file = join(dir, 'late.csv');
			writeFileSync(
				file,
				'ticket_id,created_at,type,customer_id,city\nLATE1,2026-07-01 09:00,install,LC1,上海\nLATE2,2026-07-01 10:00,repair,LC2,上海\n'
			);
			const load = await cli('scripts/ingest.ts', ['--db', db, '--json', file]);
			expect(load.code, load.stderr).toBe(0);
			const loaded = JSON.parse(load.stdout);
			expect(loaded.files[0]).toMatchObject({ rows_inserted: 2, table: 'tickets' });
			// visible at once: the server committed it itself
			expect(((await json(`${server.url}/api/status`)) as typeof served).tables.tickets).toBe(served.tables.tickets + 2);

			const undo = await cli('scripts/ingest.ts', ['--db', db, '--json', '--undo', String(loaded.files[0].ingest_id)]);
			expect(undo.code, undo.stderr).toBe(0);
			expect(JSON.parse(undo.stdout)).toMatchObject({ rows_removed: 2, rows_restored: 0, table: 'tickets' });
			expect(((await json(`${server.url}/api/status`)) as typeof served).tables.tickets).toBe(served.tables.tickets);

			const again = await cli('scripts/ingest.ts', ['--db', db, '--json', '--undo', String(loaded.files[0].ingest_id)]);
			expect(again.code).toBe(2);
			expect(JSON.parse(again.stdout)).toEqual({ ok: false, error: `ingest #${loaded.files[0].ingest_id} was undone already` });

			const { last_complete_month: month } = (await json(`${server.url}/api/meta`)) as { last_complete_month: string };
			expect(month).toMatch(/^\d{4}-\d{2}$/);
			const report = await cli('scripts/report.ts', ['--db', db, '--month', month, '--format', 'json']);
			expect(report.code, report.stderr).toBe(0);
			expect(JSON.parse(report.stdout).month).toBe(month);
			expect(server.log()).not.toMatch(/failed:/);
		} finally {
			await server.stop();
		}
		// the server closed cleanly: the file opens for writing again and holds the first content
		const wh = await Warehouse.open(db);
		expect((await wh.one<{ n: number }>(`SELECT count(*) AS n FROM tickets WHERE ticket_id LIKE 'LATE%'`)).n).toBe(0);
		wh.close();
	});
});

describe('the data folder', () => {
	test('moved elsewhere, it serves from its new place (nothing refers to the old path)', async () => {
		const { dir, db } = await sampleWarehouse(2_000);
		const moved = join(dirname(dir), `${dir.split('/').pop()}-moved`);
		renameSync(dir, moved);
		const server = await startServer(join(moved, 'warehouse.duckdb'));
		try {
			const res = await fetch(`${server.url}/api/kpis`);
			expect(res.status).toBe(200);
			expect(existsSync(db)).toBe(false);
			const status = (await json(`${server.url}/api/status`)) as { tables: { tickets: number } };
			expect(status.tables.tickets).toBeGreaterThan(1_900);
		} finally {
			await server.stop();
		}
	});
});

describe('a server killed while loading', () => {
	test('comes back with the old state or the new, its derived tables consistent; scratch files are cleaned', async () => {
		const { dir, db } = await sampleWarehouse(2_000);
		const server = await startServer(db, { ADMIN_TOKEN: 'kill-admin' });
		const before = ((await json(`${server.url}/api/status`)) as { tables: { tickets: number } }).tables.tickets;
		const rows = ['ticket_id,created_at,type,customer_id,city'];
		for (let i = 0; i < 150_000; i++) rows.push(`KILL${i},2026-07-01 10:00,install,KC${i % 9000},上海`);
		const upload = fetch(`${server.url}/api/upload`, {
			method: 'POST',
			headers: { authorization: 'Bearer kill-admin', 'x-file-name': 'big.csv', 'content-type': 'text/csv' },
			body: rows.join('\n') + '\n'
		}).catch((err) => err);
		await new Promise((r) => setTimeout(r, 1500));
		const exited = new Promise((r) => server.proc.once('exit', r)); // listening before the kill: the exit may come before the upload settles
		server.proc.kill('SIGKILL');
		await upload;
		await exited;
		// a scratch file such as a killed ingest leaves behind
		const scratch = join(dir, '.warehouse.duckdb.tmp');
		mkdirSync(scratch, { recursive: true });
		writeFileSync(join(scratch, 'fieldloop-leftover.csv'), 'x');

		const restarted = await startServer(db);
		try {
			const tickets = ((await json(`${restarted.url}/api/status`)) as { tables: { tickets: number } }).tables.tickets;
			// one file, one transaction: all of it or none
			expect([before, before + 150_000]).toContain(tickets);
		} finally {
			await restarted.stop();
		}
		expect(existsSync(join(scratch, 'fieldloop-leftover.csv'))).toBe(false);
		const wh = await Warehouse.open(db);
		try {
			const kept = await contentHash(wh);
			await wh.run('BEGIN TRANSACTION');
			await rebuildDerived(wh);
			const rebuilt = await contentHash(wh);
			await wh.run('ROLLBACK');
			expect(rebuilt).toBe(kept);
		} finally {
			wh.close();
		}
	});
});
