// The benchmark itself works (at 10k rows): every figure is there, with its ratio.
// A smoke test of the tool, not a timed test: no figure is compared with a limit.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'fl-bench-'));
const tsx = (argv: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ...argv], { encoding: 'utf8', timeout: 900_000 });

test('npm run bench -- --rows 10000 prints and records every figure', () => {
	const out = join(dir, 'results.json');
	const run = spawnSync(
		process.execPath,
		[
			'--import',
			'tsx',
			'scripts/bench.ts',
			'--rows',
			'10000',
			'--growth',
			'10000',
			'--runs',
			'1',
			'--out',
			out,
			'--data',
			join(dir, 'data')
		],
		{
			encoding: 'utf8',
			timeout: 900_000
		}
	);
	expect(run.status, run.stderr).toBe(0);
	const r = JSON.parse(readFileSync(out, 'utf8'));
	expect(r.rows).toBe(10_000);
	expect(r.ingest.map((i: { variant: string }) => i.variant)).toEqual(['gbk', 'utf8']);
	for (const i of r.ingest) {
		expect(i.rows_loaded).toBe(9_993); // the sample's 7 bad ticket rows are rejected
		for (const k of ['wall_ms', 'rows_per_s', 'peak_rss_mb', 'raw_duckdb_ms', 'ratio_project_to_raw']) expect(i[k], k).toBeGreaterThan(0);
	}
	// 31 data sources (scripts/bench.ts endpoints), each with the default and a narrow filter
	expect(r.queries).toHaveLength(62);
	for (const q of r.queries)
		for (const k of ['cold_ms', 'warm_p50_ms', 'warm_p95_ms', 'bare_p50_ms', 'ratio_warm_to_bare'])
			expect(q[k], `${q.endpoint} ${k}`).toBeGreaterThan(0);
	// the growth: each small file into the 10,000-ticket warehouse and into an empty one
	expect(r.growth.bases).toEqual([expect.objectContaining({ warehouse_tickets: 10_000 })]);
	expect(r.growth.rows.map((g: { file: string }) => g.file)).toEqual(['growth-new10.csv', 'growth-upd1000.csv']);
	const [new10, upd] = r.growth.rows;
	// 10 copies of stored tickets under new ids; 900 stored tickets with another satisfaction and 100 new ones
	expect([new10.rows_inserted, new10.rows_updated]).toEqual([10, 0]);
	expect([upd.rows_inserted, upd.rows_updated]).toEqual([100, 900]);
	expect(new10.derived).toBe('incremental');
	for (const g of r.growth.rows) {
		for (const k of ['wall_ms', 'empty_wall_ms', 'ratio_to_empty']) expect(g[k], `${g.file} ${k}`).toBeGreaterThan(0);
		expect(Object.keys(g.phases)).toContain('facts');
	}
	expect(run.stdout).toContain('N ÷ empty');
	expect(r.browser.overview_charts_drawn_ms).toBeGreaterThan(0);
	expect(r.browser.js_gzip_kb).toBeGreaterThan(50);
	expect(r.server_rss_mb).toBeGreaterThan(0);
	expect(run.stdout).toContain('project ÷ raw');
	expect(run.stdout).toContain('warm ÷ bare');
	expect(run.stdout).toMatch(/overview charts drawn in \d+ ms; JS [\d.]+ KB gzip/);
}, 900_000);

test('--warehouse, --warm and --skip-bare measure the data sources of a warehouse built before, without the bare calls', () => {
	// the UTF-8 warehouse the first test's ingest part left in its data folder
	const out = join(dir, 'again.json');
	const run = tsx([
		'scripts/bench.ts',
		'--rows',
		'10000',
		'--only',
		'queries',
		'--warehouse',
		join(dir, 'data', '10000', 'warehouse-utf8.duckdb'),
		'--warm',
		'2',
		'--skip-bare',
		'--skip-browser',
		'--data',
		join(dir, 'data'),
		'--out',
		out
	]);
	expect(run.status, run.stderr).toBe(0);
	const r = JSON.parse(readFileSync(out, 'utf8'));
	expect(r.ingest).toEqual([]); // nothing loaded: the given warehouse is read as it is
	expect(r.warm_runs).toBe(2);
	expect(r.queries).toHaveLength(62);
	for (const q of r.queries) {
		expect(q.cold_ms, q.endpoint).toBeGreaterThan(0);
		expect([q.bare_p50_ms, q.ratio_warm_to_bare]).toEqual([null, null]);
	}
	expect(r.browser).toBeNull();
}, 900_000);

test('--only browser opens the overview on a server just started, and says where its time went', () => {
	const out = join(dir, 'browser.json');
	const run = tsx([
		'scripts/bench.ts',
		'--rows',
		'10000',
		'--only',
		'browser',
		'--warehouse',
		join(dir, 'data', '10000', 'warehouse-utf8.duckdb'),
		'--data',
		join(dir, 'data'),
		'--out',
		out
	]);
	expect(run.status, run.stderr).toBe(0);
	const r = JSON.parse(readFileSync(out, 'utf8'));
	expect([r.ingest, r.queries, r.growth]).toEqual([[], [], null]);
	expect(r.browser.overview_charts_drawn_ms).toBe(r.browser.cold.drawn_ms);
	for (const v of [r.browser.cold, r.browser.warm]) {
		// the overview's three data sources, each asked for once, each with the server's own time
		expect(v.data.map((d: { url: string }) => d.url).sort()).toEqual(['/api/kpis', '/api/load_month', '/api/meta']);
		for (const d of v.data) expect(d.server_ms, d.url).toBeGreaterThan(0);
		// in order: the first byte, the data asked for (preloaded from the HTML: before the scripts are all in), answered, drawn
		expect(v.ttfb_ms).toBeGreaterThan(0);
		expect(v.first_data_request_ms).toBeGreaterThanOrEqual(v.ttfb_ms);
		expect(v.first_data_request_ms).toBeLessThan(v.assets_done_ms);
		expect(v.first_data_response_ms).toBeLessThanOrEqual(v.last_data_response_ms);
		expect(v.drawn_in_page_ms).toBeGreaterThan(v.last_data_response_ms);
		// the CPU until drawn: the page's main thread (its script a part of its tasks) and the server's
		expect(v.cpu.page_task_ms).toBeGreaterThan(0);
		expect(v.cpu.page_script_ms).toBeGreaterThan(0);
		expect(v.cpu.page_script_ms).toBeLessThan(v.cpu.page_task_ms);
		expect(v.cpu.server_ms).toBeGreaterThanOrEqual(0);
	}
	expect(r.server_rss_mb).toBeGreaterThan(0);
	expect(run.stdout).toMatch(/first page of the server +\d+/);
	expect(run.stdout).toMatch(/again \(server warm\) +\d+/);
	expect(run.stdout).toMatch(/CPU until drawn \(ms\) +page tasks/);
}, 300_000);

test('scale-sample.ts writes every row K times, copy after copy, copy 0 as read and copy k with k# before each key', () => {
	const from = join(dir, 'tiny');
	mkdirSync(from, { recursive: true });
	writeFileSync(
		join(from, 'tickets.csv'),
		'ticket_id,created_at,customer_id,serial_no,region\nGD1,2024-05-01 10:00,C1,S1,上海\nGD2,2024-05-02 11:00,C1,S2,"江苏, 南京"\n'
	);
	writeFileSync(join(from, 'rework.csv'), 'rework_id,original_ticket_id,rework_ticket_id,reason\nRW1,GD1,,噪音\n');
	writeFileSync(join(from, 'parts.csv'), '工单号,配件编码\nGD2,PCB-1\n');
	writeFileSync(join(from, 'technicians.csv'), 'technician_id,name\nT1,王\n');
	const to = join(dir, 'tiny3');
	const run = tsx(['scripts/bench/scale-sample.ts', '--from', from, '--times', '3', '--to', to]);
	expect(run.status, run.stderr).toBe(0);
	const lines = (f: string) => readFileSync(join(to, f), 'utf8').trim().split('\n');
	// the ticket, customer and unit renamed per copy (DuckDB quotes a value holding '#'); the other columns as read
	// (a quoted comma stays one value)
	expect(lines('tickets.csv')).toEqual([
		'ticket_id,created_at,customer_id,serial_no,region',
		'GD1,2024-05-01 10:00,C1,S1,上海',
		'GD2,2024-05-02 11:00,C1,S2,"江苏, 南京"',
		'"1#GD1",2024-05-01 10:00,"1#C1","1#S1",上海',
		'"1#GD2",2024-05-02 11:00,"1#C1","1#S2","江苏, 南京"',
		'"2#GD1",2024-05-01 10:00,"2#C1","2#S1",上海',
		'"2#GD2",2024-05-02 11:00,"2#C1","2#S2","江苏, 南京"'
	]);
	// a reference follows its ticket's copy; an empty reference stays empty
	expect(lines('rework.csv')).toEqual([
		'rework_id,original_ticket_id,rework_ticket_id,reason',
		'RW1,GD1,,噪音',
		'"1#RW1","1#GD1",,噪音',
		'"2#RW1","2#GD1",,噪音'
	]);
	expect(lines('parts.csv')).toEqual(['工单号,配件编码', 'GD2,PCB-1', '"1#GD2",PCB-1', '"2#GD2",PCB-1']);
	expect(lines('technicians.csv')).toEqual(['technician_id,name', 'T1,王']);
}, 120_000);
