// The ingest and status command lines, run as child processes, and crash safety:
// a SIGKILL in the middle of an ingest leaves the warehouse exactly as it was.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Warehouse } from '../../src/lib/server/warehouse';
import { parseJsonOut, ROOT, runScript } from './helpers/cli';
import { DATE_RULE, TYPE_RULE } from './helpers/ingest-expect';
import { tempDirMaker } from './helpers/temp-dir';

const TSX = ['--import', 'tsx'];

const ingestCli = (db: string, ...args: string[]) => runScript('scripts/ingest.ts', ['--db', db, ...args]);

function statusJson(db: string) {
	const r = runScript('scripts/status.ts', ['--db', db, '--json']);
	expect(r.status, r.stderr).toBe(0);
	return JSON.parse(r.stdout);
}

function pick<T extends Record<string, unknown>>(o: T, keys: string[]) {
	return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

const tempDir = tempDirMaker('ingest');

function write(dir: string, name: string, text: string): string {
	const p = path.join(dir, name);
	fs.writeFileSync(p, text);
	return p;
}

/** every table of the warehouse, every column, in a stable order (opened read-only: the inspection changes nothing) */
async function dumpWarehouse(db: string): Promise<Record<string, unknown[]>> {
	const wh = await Warehouse.open(db, { readOnly: true });
	try {
		const out: Record<string, unknown[]> = {};
		for (const t of ['tickets', 'rework', 'parts', 'technicians', 'rejects', 'ingests', 'meta'])
			out[t] = await wh.all(`SELECT * FROM ${t} ORDER BY ALL`);
		return out;
	} finally {
		wh.close();
	}
}

// ---------------------------------------------------------------- JSON output, exit status, status

describe('scripts/ingest.ts and scripts/status.ts', () => {
	let dir: string;
	let db: string;
	let tickets: string;
	let rework: string;

	beforeAll(() => {
		dir = tempDir();
		db = path.join(dir, 'wh', 'warehouse.duckdb');
		tickets = write(
			dir,
			'tickets.csv',
			[
				'ticket_id,created_at,type,customer_id,remark',
				'C1,2026-07-01,install,cust1,a',
				'C2,2026-07-02,bogus,cust2,b',
				'C3,2026-02-30,repair,cust3,c',
				'C4,2026/7/4,维修,cust4,d',
				''
			].join('\n')
		);
		rework = write(dir, 'rework.csv', ['rework_id,original_ticket_id,rework_date', 'R1,C1,2026-07-05', 'R2,C2,2026-07-06', ''].join('\n'));
	});

	it('--json prints {ok, files:[{file, table, rows_read, rows_loaded, rows_rejected, rejects:[{line, column, value, rule}]}]}; rejected rows still exit 0', async () => {
		// rework first on the command line: tickets still load first
		const r = ingestCli(db, '--json', rework, tickets);
		expect(r.status, r.stderr).toBe(0);
		const out = parseJsonOut(r);
		expect(Object.keys(out).sort()).toEqual(['files', 'ok']);
		expect(out.ok).toBe(true);
		expect(out.files).toHaveLength(2);
		const keys = ['file', 'table', 'rows_read', 'rows_loaded', 'rows_rejected', 'rejects'];
		for (const f of out.files) {
			expect(Object.keys(f)).toEqual(expect.arrayContaining(keys));
			for (const rej of f.rejects) expect(Object.keys(rej).sort()).toEqual(['column', 'line', 'rule', 'value']);
		}
		expect(out.files.map((f: Record<string, unknown>) => pick(f, keys))).toEqual([
			{
				file: tickets,
				table: 'tickets',
				rows_read: 4,
				rows_loaded: 2,
				rows_rejected: 2,
				rejects: [
					{ line: 3, column: 'type', value: 'bogus', rule: TYPE_RULE },
					{ line: 4, column: 'created_at', value: '2026-02-30', rule: DATE_RULE }
				]
			},
			{
				file: rework,
				table: 'rework',
				rows_read: 2,
				rows_loaded: 1,
				rows_rejected: 1,
				rejects: [{ line: 3, column: 'original_ticket_id', value: 'C2', rule: 'no ticket with this id in the warehouse' }]
			}
		]);
		expect(out.files[0].ignored_columns).toEqual(['remark']);
	});

	it('status --json gives {tables:{tickets, rework, parts, technicians, rejects}, ingests:[{file, at, rows_loaded, rows_rejected}]}', () => {
		const s = statusJson(db);
		expect(Object.keys(s).sort()).toEqual(['ingests', 'tables']);
		expect(s.tables).toEqual({ tickets: 2, rework: 1, parts: 0, technicians: 0, rejects: 3 });
		expect(s.ingests).toHaveLength(2);
		for (const i of s.ingests) {
			expect(Object.keys(i)).toEqual(expect.arrayContaining(['file', 'at', 'rows_loaded', 'rows_rejected']));
			expect(i.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		}
		expect(s.ingests.map((i: Record<string, unknown>) => pick(i, ['file', 'rows_loaded', 'rows_rejected']))).toEqual([
			{ file: path.basename(tickets), rows_loaded: 2, rows_rejected: 2 },
			{ file: path.basename(rework), rows_loaded: 1, rows_rejected: 1 }
		]);
	});

	it('a file without a required column: non-zero exit, an error naming the column, the warehouse unchanged; other files still load', async () => {
		const before = statusJson(db);
		const beforeRows = await dumpWarehouse(db);
		const bad = write(dir, 'parts.csv', ['ticket_id,part_no,part_name', 'C1,P1,电容', ''].join('\n'));
		const r = ingestCli(db, '--json', bad);
		expect(r.status).not.toBe(0);
		const out = parseJsonOut(r);
		expect(out.ok).toBe(false);
		expect(out.files).toHaveLength(1);
		expect(out.files[0]).toMatchObject({ file: bad, rows_loaded: 0, rejects: [] });
		expect(out.files[0].error).toContain('"quantity" (any of: quantity, 数量)');
		expect(statusJson(db)).toEqual(before);
		expect(await dumpWarehouse(db)).toEqual(beforeRows);

		// with a good file alongside: still a failure exit, but the good file loads
		const good = write(dir, 'tickets_more.csv', ['ticket_id,created_at,type,customer_id', 'C9,2026-07-09,complaint,cust9', ''].join('\n'));
		const r2 = ingestCli(db, '--json', bad, good);
		expect(r2.status).not.toBe(0);
		const out2 = parseJsonOut(r2);
		expect(out2.ok).toBe(false);
		expect(out2.files.map((f: Record<string, unknown>) => [f.file, f.rows_loaded, Boolean(f.error)])).toEqual([
			[bad, 0, true],
			[good, 1, false]
		]);
		expect(statusJson(db).tables).toEqual({ ...before.tables, tickets: before.tables.tickets + 1 });
	});

	it('without --json prints each file and each reject with file:line, column, value and rule', () => {
		const db2 = path.join(tempDir(), 'human.duckdb');
		const r = ingestCli(db2, tickets);
		expect(r.status, r.stderr).toBe(0);
		expect(r.stdout).toContain('tickets.csv → tickets');
		expect(r.stdout).toContain(`tickets.csv:3 [type] "bogus" — ${TYPE_RULE}`);
		expect(r.stdout).toContain(`tickets.csv:4 [created_at] "2026-02-30" — ${DATE_RULE}`);
		expect(r.stdout).toContain('columns not used: remark');
	});

	it('no file arguments is a usage error', () => {
		const r = ingestCli(path.join(tempDir(), 'x.duckdb'));
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(/usage/);
	});

	it('--json hands its whole answer to a reader slower than the command (a pipe to jq), not the first 64 KB', async () => {
		const dir2 = tempDir();
		const lines = ['ticket_id,created_at,type,customer_id'];
		for (let i = 0; i < 20_000; i++) lines.push(`B${i},2026-07-01,bogus,c${i}`);
		const csv = write(dir2, 'tickets.csv', lines.join('\n') + '\n');
		const child = spawn(process.execPath, [...TSX, 'scripts/ingest.ts', '--db', path.join(dir2, 'w.duckdb'), '--json', csv], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const chunks: Buffer[] = [];
		child.stdout.pause(); // the reader is busy while the command finishes
		const exited = new Promise<number | null>((done) => child.on('exit', done));
		await new Promise((r) => setTimeout(r, 8_000));
		child.stdout.on('data', (c: Buffer) => chunks.push(c));
		child.stdout.resume();
		const [code] = await Promise.all([exited, new Promise((done) => child.stdout.on('end', done))]);
		expect(code).toBe(0);
		const out = JSON.parse(Buffer.concat(chunks).toString('utf8'));
		expect(out.files[0].rows_rejected).toBe(20_000);
		expect(out.files[0].rows_loaded).toBe(0);
	}, 60_000);

	it('a load that runs out of memory says so and how to give it more, and loads nothing', async () => {
		const target = path.join(tempDir(), 'oom.duckdb');
		// 16 MB: opening a new warehouse (its empty maintained tables) fits, the load does not
		const r = runScript('scripts/ingest.ts', ['--db', target, '--json', tickets], { FIELDLOOP_MEMORY_LIMIT: '16MB' });
		expect(r.status).toBe(1);
		const out = parseJsonOut(r);
		expect(out.ok).toBe(false);
		expect(out.files[0].error).toMatch(/^Out of Memory Error: .* — nothing of this file was loaded: .* raise FIELDLOOP_MEMORY_LIMIT/);
		expect((await dumpWarehouse(target)).tickets).toEqual([]);
	});
});

// ---------------------------------------------------------------- crash safety

const BIG_ROWS = 300_000;

function bigTicketsCsv(rows: number): string {
	const types = ['install', 'repair', 'maintenance', 'complaint'];
	const chunks: string[] = [
		'ticket_id,created_at,type,customer_id,region,city,product_model,serial_no,technician_id,team,team_type,completed_at,distance_km,fault_description,warranty,satisfaction,labor_fee\n'
	];
	for (let i = 0; i < rows; i++) {
		const m = 1 + (i % 9);
		const d = 1 + (i % 28);
		chunks.push(
			`BIG${i},2026-0${m}-${d < 10 ? '0' : ''}${d} 10:${String(i % 60).padStart(2, '0')},${types[i % 4]},CUST${i % 50000},华东,上海,KFR-35GW/BpR3,SN${i},TECH${i % 300},TEAM${i % 20},internal,2026-10-01 12:00,${i % 50}.5,"故障描述 ${i}, 压缩机",in,${1 + (i % 5)},${i % 200}\n`
		);
	}
	return chunks.join('');
}

function rssBytes(pid: number): number {
	try {
		return Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
	} catch {
		return 0;
	}
}

interface KillOutcome {
	code: number | null;
	signal: NodeJS.Signals | null;
	killedAfterMs: number | null;
	reason: string | null;
	stdout: string;
}

/**
 * Starts `node --import tsx <args>` and SIGKILLs it as soon as `when()` says so.
 * Resolves when the child has exited; the caller asserts it died of the signal.
 */
function runAndKill(
	args: string[],
	when: (pid: number, elapsedMs: number, stdout: string) => string | null,
	giveUpMs = 90_000
): Promise<KillOutcome> {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(process.execPath, [...TSX, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		child.stdout.on('data', (b) => (stdout += b));
		child.stderr.on('data', () => undefined);
		let killedAfterMs: number | null = null;
		let reason: string | null = null;
		const timer = setInterval(() => {
			if (killedAfterMs !== null || child.exitCode !== null) return;
			const elapsed = Date.now() - started;
			const why = elapsed > giveUpMs ? 'gave up waiting' : when(child.pid!, elapsed, stdout);
			if (why) {
				reason = why;
				killedAfterMs = elapsed;
				child.kill('SIGKILL');
			}
		}, 10);
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			clearInterval(timer);
			resolve({ code, signal, killedAfterMs, reason, stdout });
		});
	});
}

describe('crash safety: SIGKILL mid-ingest leaves the warehouse as it was', () => {
	let dir: string;
	let db: string;
	let big: string;
	let small: string;
	let baseline: Record<string, unknown[]>;

	beforeAll(async () => {
		dir = tempDir();
		db = path.join(dir, 'warehouse.duckdb');
		big = write(dir, 'big_tickets.csv', bigTicketsCsv(BIG_ROWS));
		small = write(
			dir,
			'small_tickets.csv',
			[
				'ticket_id,created_at,type,customer_id,city',
				'S1,2026-07-01,install,c1,上海',
				'S2,2026-07-02,repair,c2,北京',
				'S3,2026-07-02,bad,c3,x',
				''
			].join('\n')
		);
		const r = ingestCli(db, '--json', small);
		expect(r.status, r.stderr).toBe(0);
		baseline = await dumpWarehouse(db);
		expect(baseline.tickets).toHaveLength(2);
		expect(baseline.rejects).toHaveLength(1);
		expect(baseline.ingests).toHaveLength(1);
	});

	it('killed while the merge transaction is open (uncommitted rows already written to the database file)', async () => {
		const sizeBefore = fs.statSync(db).size;
		const o = await runAndKill(['scripts/ingest.ts', '--db', db, '--json', big], () =>
			fs.statSync(db).size > sizeBefore ? 'database file grew' : null
		);
		// the child must have died of the kill, mid-way: not finished, not killed by the give-up timer
		const seen = `killed: ${o.reason} after ${o.killedAfterMs} ms; exit ${o.code}/${o.signal}; stdout ${o.stdout.slice(0, 200)}`;
		expect(o.stdout, `ingest finished before the kill; make BIG_ROWS larger (${seen})`).toBe('');
		expect(o.signal, seen).toBe('SIGKILL');
		expect(o.reason).toBe('database file grew');
		expect(o.killedAfterMs).toBeGreaterThan(500);

		expect(await dumpWarehouse(db)).toEqual(baseline);
	});

	it('killed early, while DuckDB reads and checks the CSV (before the transaction)', async () => {
		const o = await runAndKill(['scripts/ingest.ts', '--db', db, '--json', big], (pid, elapsed) =>
			rssBytes(pid) > 200e6 ? 'rss grew' : elapsed > 2500 ? 'ran 2.5 s' : null
		);
		const seen = `killed: ${o.reason} after ${o.killedAfterMs} ms; exit ${o.code}/${o.signal}; stdout ${o.stdout.slice(0, 200)}`;
		expect(o.stdout, `ingest finished before the kill; make BIG_ROWS larger (${seen})`).toBe('');
		expect(o.signal, seen).toBe('SIGKILL');
		expect(['rss grew', 'ran 2.5 s']).toContain(o.reason);

		expect(await dumpWarehouse(db)).toEqual(baseline);
	});

	it('a rerun of the same ingest finishes and loads every row', async () => {
		const r = ingestCli(db, '--json', big);
		expect(r.status, r.stderr).toBe(0);
		const out = parseJsonOut(r);
		expect(out.ok).toBe(true);
		expect(out.files).toHaveLength(1);
		expect(out.files[0]).toMatchObject({
			file: big,
			table: 'tickets',
			rows_read: BIG_ROWS,
			rows_loaded: BIG_ROWS,
			rows_rejected: 0,
			rows_inserted: BIG_ROWS,
			rejects: []
		});
		const s = statusJson(db);
		expect(s.tables).toEqual({ tickets: BIG_ROWS + 2, rework: 0, parts: 0, technicians: 0, rejects: 1 });
		expect(s.ingests.map((i: Record<string, unknown>) => pick(i, ['file', 'rows_loaded', 'rows_rejected']))).toEqual([
			{ file: path.basename(small), rows_loaded: 2, rows_rejected: 1 },
			{ file: path.basename(big), rows_loaded: BIG_ROWS, rows_rejected: 0 }
		]);

		const wh = await Warehouse.open(db, { readOnly: true });
		try {
			expect(
				await wh.all(`SELECT ticket_id, created_at, type, customer_id, distance_km, fault_description, satisfaction, labor_fee
                      FROM tickets WHERE ticket_id IN ('BIG0', 'BIG299999') ORDER BY 1`)
			).toEqual([
				{
					ticket_id: 'BIG0',
					created_at: '2026-01-01 10:00:00',
					type: 'install',
					customer_id: 'CUST0',
					distance_km: 0.5,
					fault_description: '故障描述 0, 压缩机',
					satisfaction: 1,
					labor_fee: 0
				},
				{
					ticket_id: 'BIG299999',
					created_at: '2026-03-08 10:59:00',
					type: 'complaint',
					customer_id: 'CUST49999',
					distance_km: 49.5,
					fault_description: '故障描述 299999, 压缩机',
					satisfaction: 5,
					labor_fee: 199
				}
			]);
			// the small load is intact
			expect(await wh.all(`SELECT * FROM tickets WHERE ticket_id LIKE 'S%' ORDER BY ALL`)).toEqual(baseline.tickets);
			expect(await wh.one(`SELECT count(DISTINCT ticket_id) AS n FROM tickets`)).toEqual({ n: BIG_ROWS + 2 });
		} finally {
			wh.close();
		}
	});
});

describe('crash safety at each phase of one file (library pauseAt hook, killed from outside)', () => {
	// A child process ingests with pauseAt: at the chosen phase it says so and waits to be killed.
	const CHILD = `
import { Warehouse } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/lib/server/warehouse.ts')).href)};
import { ingestFiles } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/lib/server/ingest/index.ts')).href)};
const [db, phase, ...files] = process.argv.slice(2);
const wh = await Warehouse.open(db);
await ingestFiles(wh, files, {
  pauseAt: async (p) => {
    if (p !== phase) return;
    process.stdout.write('PAUSED ' + p + '\\n');
    await new Promise(() => setInterval(() => undefined, 1000));
  }
});
process.stdout.write('DONE\\n');
wh.close();
`;

	for (const phase of ['staged', 'checked', 'merged'] as const) {
		it(`killed after "${phase}": an update of existing tickets and new parts leave no trace`, async () => {
			const dir = tempDir();
			const db = path.join(dir, 'warehouse.duckdb');
			const script = write(dir, 'child.mts', CHILD);
			const t1 = write(
				dir,
				't1.csv',
				[
					'ticket_id,created_at,type,customer_id,region',
					'K1,2026-07-01,install,c1,华东',
					'K2,2026-07-01,repair,c2,华南',
					'K3,2026-07-01,nope,c3,x',
					''
				].join('\n')
			);
			const p1 = write(dir, 'p1.csv', ['ticket_id,part_no,quantity', 'K1,P1,1', 'K2,P2,2', ''].join('\n'));
			expect(ingestCli(db, '--json', t1, p1).status).toBe(0);
			const before = await dumpWarehouse(db);
			expect(before.parts).toHaveLength(2);

			// updates K1 (completed_at), adds K4, rejects a row; replaces K1's parts
			const t2 = write(
				dir,
				't2.csv',
				[
					'ticket_id,created_at,type,customer_id,completed_at',
					'K1,2026-07-01,install,c1,2026-07-02 12:00',
					'K4,2026-07-03,repair,c4,',
					'K5,2026-02-30,repair,c5,',
					''
				].join('\n')
			);
			const p2 = write(dir, 'p2.csv', ['ticket_id,part_no,quantity', 'K1,P9,5', ''].join('\n'));
			const o = await runAndKill([script, db, phase, p2, t2], (_pid, _ms, out) => (out.includes('PAUSED') ? 'paused' : null), 60_000);
			expect(o.stdout).toBe(`PAUSED ${phase}\n`); // paused at the phase of the first file (tickets), never finished
			expect(o.signal).toBe('SIGKILL');
			expect(o.reason).toBe('paused');
			expect(await dumpWarehouse(db)).toEqual(before);

			// and the same files load completely afterwards
			const r = ingestCli(db, '--json', p2, t2);
			expect(r.status, r.stderr).toBe(0);
			const after = await dumpWarehouse(db);
			expect(after.tickets.map((t) => [(t as Record<string, unknown>).ticket_id, (t as Record<string, unknown>).completed_at])).toEqual([
				['K1', '2026-07-02 12:00:00'],
				['K2', null],
				['K4', null]
			]);
			expect(after.parts.map((x) => [(x as Record<string, unknown>).ticket_id, (x as Record<string, unknown>).part_no])).toEqual([
				['K1', 'P9'],
				['K2', 'P2']
			]);
		});
	}
});
