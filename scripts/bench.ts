// npm run bench -- [--rows N] [--out bench/results.json] [--data DIR] [--skip-browser]
// Measures fieldloop against DuckDB's own time for the same work, in the same
// run on the same files: ingest (UTF-8 and GBK), every dashboard data source
// (cold, warm, narrow filter, and the bare metric call), the overview in
// Chromium, and the server's memory. Not a test: it prints and records figures.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { effectiveFilters } from '../src/lib/server/api/respond';
import { QUERIES } from '../src/lib/server/api/queries';
import { lastCompleteMonth } from '../src/lib/server/metrics/faults';
import { monthRange } from '../src/lib/months';
import { generateSample } from './sample/index';
import { Warehouse } from '../src/lib/server/warehouse';
import { fail, parseArgs, str } from './args';
import { launchBrowser, startServer } from './lib/server';

const args = parseArgs(process.argv.slice(2), ['rows', 'out', 'data']);
const rows = Number(str(args, 'rows', '1000000'));
if (!Number.isInteger(rows) || rows < 1000) fail('--rows must be a whole number ≥ 1000');
const out = str(args, 'out', 'bench/results.json');
const dataDir = str(args, 'data', join('bench/data', String(rows)));
const WARM_RUNS = 20;

const ms = (t0: number) => performance.now() - t0;
const quantile = (xs: number[], q: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const fmt = (v: number, d = 1) => v.toFixed(d);

/** Peak RSS of a child process: VmHWM from /proc, read until it exits. */
function runMeasured(cmd: string, argv: string[]): Promise<{ wall_ms: number; peak_rss_mb: number; stdout: string; code: number }> {
	return new Promise((resolve) => {
		const t0 = performance.now();
		const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
		let stdout = '';
		let peak = 0;
		child.stdout.on('data', (d) => (stdout += d));
		const poll = setInterval(() => {
			try {
				const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
				if (m) peak = Math.max(peak, Number(m[1]));
			} catch {
				/* exited */
			}
		}, 50);
		child.on('exit', (code) => {
			clearInterval(poll);
			resolve({ wall_ms: ms(t0), peak_rss_mb: peak / 1024, stdout, code: code ?? -1 });
		});
	});
}

function ingestCli(db: string, files: string[]) {
	return runMeasured(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--db', db, '--json', ...files]);
}

async function rawDuckdb(csv: string, dir: string): Promise<number> {
	const path = join(dir, 'raw.duckdb');
	rmSync(path, { force: true });
	const inst = await DuckDBInstance.create(path);
	const conn = await inst.connect();
	const t0 = performance.now();
	await conn.run(`CREATE TABLE raw AS SELECT * FROM read_csv($p)`, { p: csv });
	const t = ms(t0);
	conn.closeSync();
	inst.closeSync();
	rmSync(path, { force: true });
	return t;
}

async function prepareData() {
	for (const [variant, encoding, headers] of [
		['utf8', 'utf8', 'en'],
		['gbk', 'gbk', 'zh']
	] as const) {
		const dir = join(dataDir, variant);
		if (existsSync(join(dir, 'tickets.csv'))) continue;
		console.error(`generating ${rows} tickets (${variant}) in ${dir} …`);
		await generateSample({ outDir: dir, tickets: rows, ticketsEncoding: encoding, ticketsHeaders: headers });
	}
}

async function benchIngest(variant: 'utf8' | 'gbk') {
	const dir = join(dataDir, variant);
	const db = join(dataDir, `warehouse-${variant}.duckdb`);
	rmSync(db, { force: true });
	rmSync(`${db}.wal`, { force: true });
	await ingestCli(db, [join(dir, 'technicians.csv')]);
	const tickets = join(dir, 'tickets.csv');
	const run = await ingestCli(db, [tickets]);
	if (run.code !== 0) throw new Error(`ingest failed: ${run.stdout.slice(0, 500)}`);
	const loaded = (JSON.parse(run.stdout) as { files: { rows_loaded: number }[] }).files[0].rows_loaded;
	const rest = await ingestCli(db, [join(dir, 'rework.csv'), join(dir, 'parts.csv')]);
	const raw = await rawDuckdb(join(dataDir, 'utf8', 'tickets.csv'), dataDir);
	return {
		variant,
		file_mb: statSync(tickets).size / 2 ** 20,
		rows_loaded: loaded,
		wall_ms: run.wall_ms,
		rows_per_s: loaded / (run.wall_ms / 1000),
		peak_rss_mb: run.peak_rss_mb,
		raw_duckdb_ms: raw,
		raw_on: 'the UTF-8 file (DuckDB reads no GBK without an extension that cannot be installed here)',
		ratio_project_to_raw: run.wall_ms / raw,
		rework_and_parts_ms: rest.wall_ms,
		db
	};
}

/** Every data source the pages ask for, with the parameters they send. */
function endpoints(month: string): [string, string][] {
	return [
		['meta', ''],
		['kpis', ''],
		['load_month', ''],
		['load_week', ''],
		['load_day', ''],
		['peak_to_off', ''],
		['staffing', ''],
		['rework_by', 'dim=team_type'],
		['rework_by', 'dim=tenure'],
		['rework_by', 'dim=team'],
		['rework_by', 'dim=technician'],
		['rework_pareto', 'by=reason'],
		['rework_pareto', 'by=responsibility'],
		['rework_jobs', ''],
		['repeat_customer_month', ''],
		['repeat_visit_by', 'by=model'],
		['repeat_visit_by', 'by=team'],
		['repeat_visit_by', 'by=month'],
		['fault_pareto', 'by=component'],
		['fault_pareto', 'by=code'],
		['fault_matrix', ''],
		['nevada', ''],
		['emerging', ''],
		['suppliers', ''],
		['review', `month=${month}`],
		['status', ''],
		['rejects', '']
	];
}

async function timedGet(url: string): Promise<number> {
	const res = await fetch(url);
	await res.arrayBuffer();
	if (!res.ok) throw new Error(`${url}: ${res.status}`);
	const m = /dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
	return m ? Number(m[1]) : NaN;
}

async function benchQueries(db: string) {
	// the bare calls read a copy: the server holds the warehouse itself while it runs
	const copy = `${db}.bench-copy`;
	copyFileSync(db, copy);
	const wh = await Warehouse.open(copy, { readOnly: true });
	const month = (await lastCompleteMonth(wh))!;
	const region = (await wh.one<{ r: string }>(`SELECT min(region) AS r FROM tickets`)).r;
	const narrow = `region=${encodeURIComponent(region)}&from=${monthRange(month).from}&to=${monthRange(month).to}`;
	const server = await startServer(db, { FIELDLOOP_NO_CACHE: '1' });
	const results = [];
	try {
		for (const [name, extra] of endpoints(month)) {
			for (const [label, filter] of [
				['default', ''],
				['narrow', narrow]
			] as const) {
				const query = [extra, filter].filter(Boolean).join('&');
				const url = `${server.url}/api/${name}${query ? `?${query}` : ''}`;
				const cold = await timedGet(url);
				const warm: number[] = [];
				for (let i = 0; i < WARM_RUNS; i++) warm.push(await timedGet(url));
				// the same handler called directly on the same data, no HTTP, no Arrow
				const params = new URLSearchParams(query);
				const bare: number[] = [];
				for (let i = 0; i < 5; i++) {
					const t0 = performance.now();
					await QUERIES[name](wh, await effectiveFilters(wh, 0, name, params), params);
					bare.push(ms(t0));
				}
				const p50 = quantile(warm, 0.5);
				results.push({
					endpoint: `${name}${extra ? `?${extra}` : ''}`,
					filter: label,
					cold_ms: cold,
					warm_p50_ms: p50,
					warm_p95_ms: quantile(warm, 0.95),
					bare_p50_ms: quantile(bare, 0.5),
					ratio_warm_to_bare: p50 / quantile(bare, 0.5)
				});
				process.stderr.write('.');
			}
		}
		process.stderr.write('\n');
		const browser = args.flags['skip-browser'] ? null : await benchBrowser(server.url);
		const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.proc.pid}/status`, 'utf8'));
		return { queries: results, browser, server_rss_mb: rss ? Number(rss[1]) / 1024 : null };
	} finally {
		wh.close();
		rmSync(copy, { force: true });
		await server.stop();
	}
}

async function benchBrowser(url: string) {
	const browser = await launchBrowser();
	try {
		const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
		const assets: { url: string; gzip: number; raw: number }[] = [];
		page.on('response', async (res) => {
			const u = res.url();
			if (!/\.(js|css)(\?|$)/.test(u)) return;
			try {
				const body = await res.body();
				assets.push({ url: u, raw: body.length, gzip: gzipSync(body).length });
			} catch {
				/* navigation ended */
			}
		});
		const t0 = performance.now();
		await page.goto(url + '/');
		await page.waitForFunction(
			() =>
				document.querySelectorAll('[data-state="loading"]').length === 0 &&
				document.querySelectorAll('[data-chart][data-drawn="yes"]').length > 0 &&
				[...document.querySelectorAll('[data-chart]')].every((c) => Number(c.getAttribute('data-points')) > 0 && c.querySelector('canvas')),
			null,
			{ timeout: 60_000 }
		);
		const drawn = ms(t0);
		await page.waitForLoadState('networkidle');
		const overviewAssets = assets.slice();
		// visit every page so the server's memory reflects all of them
		for (const p of ['/rework', '/customers', '/seasonal', '/faults', '/review', '/data']) {
			await page.goto(url + p);
			await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0, null, { timeout: 120_000 });
		}
		const sum = (k: 'gzip' | 'raw', ext: string) => overviewAssets.filter((a) => a.url.includes(ext)).reduce((n, a) => n + a[k], 0);
		return {
			overview_charts_drawn_ms: drawn,
			js_gzip_kb: sum('gzip', '.js') / 1024,
			css_gzip_kb: sum('gzip', '.css') / 1024,
			js_raw_kb: sum('raw', '.js') / 1024,
			assets_counted: overviewAssets.length
		};
	} finally {
		await browser.close();
	}
}

mkdirSync(dataDir, { recursive: true });
const started = performance.now();
await prepareData();
const ingest = [await benchIngest('gbk'), await benchIngest('utf8')];
const q = await benchQueries(ingest[1].db);
const result = {
	date: new Date().toISOString(),
	machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memory_gb: totalmem() / 2 ** 30, node: process.version },
	rows,
	ingest: ingest.map(({ db: _db, ...r }) => r),
	...q,
	total_s: ms(started) / 1000
};
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');

console.log(`\nfieldloop benchmark — ${rows.toLocaleString('en-US')} tickets, ${result.date.slice(0, 16)}, ${result.machine.cpus} cores`);
console.log('\ningest (tickets file)      wall s   rows/s     peak RSS MB  DuckDB raw s  project ÷ raw');
for (const r of result.ingest)
	console.log(
		`  ${r.variant.padEnd(24)} ${fmt(r.wall_ms / 1000, 2).padStart(6)}   ${Math.round(r.rows_per_s).toLocaleString('en-US').padStart(9)}   ${fmt(r.peak_rss_mb, 0).padStart(8)}     ${fmt(r.raw_duckdb_ms / 1000, 2).padStart(6)}       ${fmt(r.ratio_project_to_raw, 2)}×`
	);
console.log('\ndata source (ms)                        filter    cold    warm p50  warm p95   bare p50  warm ÷ bare');
for (const r of result.queries)
	console.log(
		`  ${r.endpoint.padEnd(36)} ${r.filter.padEnd(8)} ${fmt(r.cold_ms).padStart(7)} ${fmt(r.warm_p50_ms).padStart(9)} ${fmt(r.warm_p95_ms).padStart(9)} ${fmt(r.bare_p50_ms).padStart(9)}   ${fmt(r.ratio_warm_to_bare, 2)}×`
	);
if (result.browser)
	console.log(
		`\nbrowser: overview charts drawn in ${fmt(result.browser.overview_charts_drawn_ms, 0)} ms; JS ${fmt(result.browser.js_gzip_kb)} KB gzip, CSS ${fmt(result.browser.css_gzip_kb)} KB gzip`
	);
console.log(`server RSS after every page: ${result.server_rss_mb === null ? '?' : fmt(result.server_rss_mb, 0)} MB`);
console.log(`\nwritten to ${out} (${fmt(result.total_s, 0)} s in all)`);
