// npm run bench -- [--rows N] [--growth N,N…|none] [--only ingest,growth,queries,browser] [--runs R] [--via-server]
//                  [--warm W] [--skip-bare] [--warehouse DB] [--out bench/results.json] [--data DIR] [--skip-browser]
//                  [--sources name,name?param,…] [--timeout-ms MS] [--growth-base DB --growth-files DIR]
// --only browser opens the overview on a server just started (a cold server: nothing read, no page rendered yet) and
// does nothing else; with queries, the browser part runs after them on the same server (--skip-browser leaves it out).
// --only browser --with-cache runs that server as a user's runs, its result cache on (so the warm-up's answers at start
// serve the first visit); without it the server is uncached, like the data-source part.
// --sources measures only those data sources (a name, or name?param as the table prints it); --timeout-ms gives up
// on a request after MS (recorded as a miss, the source's other requests skipped); --growth-base measures the growth
// on a warehouse built before (a 100M replica), with the small files and roster-only warehouse of DIR (bench/data/N).
// Measures fieldloop against DuckDB's own time for the same work, in the same
// run on the same files: ingest (UTF-8 and GBK) with its phases, the growth (a
// small file into warehouses of each --growth size against the same file into
// an empty one), every dashboard data source (cold, warm, narrow filter, and the
// bare metric call), the overview in Chromium, and the server's memory. Data
// and the growth warehouses are kept under --data (bench/data/N/) and reused.
// Not a test: it prints and records figures.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { effectiveFilters } from '../src/lib/server/api/respond';
import { QUERIES } from '../src/lib/server/api/queries';
import { lastCompleteMonth } from '../src/lib/server/metrics/faults';
import { monthRange } from '../src/lib/months';
import { generateSample } from './sample/index';
import { Warehouse } from '../src/lib/server/warehouse';
import { fail, parseArgs, str } from './args';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startServer } from './lib/server';
import { benchGrowth } from './lib/bench-growth';
import { ingestCli, ms, rawDuckdb } from './lib/measured';

const args = parseArgs(process.argv.slice(2), [
	'rows',
	'out',
	'data',
	'growth',
	'only',
	'runs',
	'warm',
	'warehouse',
	'sources',
	'timeout-ms',
	'growth-base',
	'growth-files'
]);
const rows = Number(str(args, 'rows', '1000000'));
if (!Number.isInteger(rows) || rows < 1000) fail('--rows must be a whole number ≥ 1000');
const out = str(args, 'out', 'bench/results.json');
const dataRoot = str(args, 'data', 'bench/data');
const dataDir = join(dataRoot, String(rows));
const growthArg = str(args, 'growth', '1000000,10000000');
const growthSizes = growthArg === 'none' ? [] : growthArg.split(',').map(Number);
if (growthSizes.some((n) => !Number.isInteger(n) || n < 1000))
	fail('--growth takes warehouse sizes (whole numbers ≥ 1000, comma-separated) or none');
const PARTS = ['ingest', 'growth', 'queries', 'browser'] as const;
const only = str(args, 'only', 'ingest,growth,queries').split(',');
if (only.some((p) => !(PARTS as readonly string[]).includes(p))) fail(`--only takes a comma-separated list of ${PARTS.join(', ')}`);
const runs = Number(str(args, 'runs', '3'));
if (!Number.isInteger(runs) || runs < 1) fail('--runs must be a whole number ≥ 1');
// requests per data source after the cold one (fewer at 100M, where one default-filter request takes seconds)
const WARM_RUNS = Number(str(args, 'warm', '20'));
if (!Number.isInteger(WARM_RUNS) || WARM_RUNS < 1) fail('--warm must be a whole number ≥ 1');
const BARE_RUNS = Math.min(5, WARM_RUNS);
const SOURCES = str(args, 'sources')?.split(',');
const TIMEOUT_MS = Number(str(args, 'timeout-ms', '0'));
if (!Number.isFinite(TIMEOUT_MS) || TIMEOUT_MS < 0) fail('--timeout-ms must be a number of milliseconds');
const growthBase = str(args, 'growth-base');
const growthFiles = str(args, 'growth-files');
if (!!growthBase !== !!growthFiles) fail('--growth-base DB and --growth-files DIR go together');

const quantile = (xs: number[], q: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const fmt = (v: number, d = 1) => v.toFixed(d);
/** A time, or '>N s' for a request given up after --timeout-ms. */
const orMiss = (v: number | null) => (v === null ? `>${TIMEOUT_MS}` : fmt(v));

async function prepareData(n: number, variants: ('utf8' | 'gbk')[]) {
	for (const [variant, encoding, headers] of [
		['utf8', 'utf8', 'en'],
		['gbk', 'gbk', 'zh']
	] as const) {
		if (!variants.includes(variant)) continue;
		const dir = join(dataRoot, String(n), variant);
		if (existsSync(join(dir, 'tickets.csv'))) continue;
		console.error(`generating ${n} tickets (${variant}) in ${dir} …`);
		await generateSample({ outDir: dir, tickets: n, ticketsEncoding: encoding, ticketsHeaders: headers });
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
	const file = (JSON.parse(run.stdout) as { files: { rows_loaded: number; derived?: string }[] }).files[0];
	const loaded = file.rows_loaded;
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
		phases: run.phases,
		derived: file.derived ?? '?',
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
		['seasonal_forecast', ''],
		['staffing_plan', ''],
		['staffing_breakdown', 'dim=region'],
		['staffing_breakdown', 'dim=team'],
		['staffing_backtest', ''],
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

/** The server's own time for a request (Server-Timing), or null when it took longer than --timeout-ms. */
async function timedGet(url: string): Promise<number | null> {
	let res: Response;
	try {
		res = await fetch(url, TIMEOUT_MS ? { signal: AbortSignal.timeout(TIMEOUT_MS) } : {});
		await res.arrayBuffer();
	} catch (err) {
		if (err instanceof Error && err.name === 'TimeoutError') return null;
		throw err;
	}
	if (!res.ok) throw new Error(`${url}: ${res.status}`);
	const m = /dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
	return m ? Number(m[1]) : NaN;
}

/** The server stopped, killed after 30 s if SIGTERM has not ended it (bench/README.md: it once stayed up after the browser part). */
async function stopServer(server: Awaited<ReturnType<typeof startServer>>): Promise<void> {
	const deadline = setTimeout(() => server.proc.kill('SIGKILL'), 30_000);
	await server.stop();
	clearTimeout(deadline);
}

async function benchQueries(db: string) {
	// the bare calls read a copy: the server holds the warehouse itself while it runs (--skip-bare: no copy, no bare calls)
	const bareToo = !args.flags['skip-bare'];
	const copy = `${db}.bench-copy`;
	if (bareToo) copyFileSync(db, copy);
	const wh = await Warehouse.open(bareToo ? copy : db, { readOnly: true });
	const month = (await lastCompleteMonth(wh))!;
	const region = (await wh.one<{ r: string }>(`SELECT min(region) AS r FROM tickets`)).r;
	if (!bareToo) wh.close();
	const narrow = `region=${encodeURIComponent(region)}&from=${monthRange(month).from}&to=${monthRange(month).to}`;
	const server = await startServer(db, { FIELDLOOP_NO_CACHE: '1' });
	const results = [];
	try {
		const chosen = endpoints(month).filter(([name, extra]) => !SOURCES || SOURCES.includes(name) || SOURCES.includes(`${name}?${extra}`));
		if (SOURCES && chosen.length === 0)
			fail(
				`--sources names none of the data sources (${endpoints(month)
					.map(([n]) => n)
					.join(', ')})`
			);
		for (const [name, extra] of chosen) {
			for (const [label, filter] of [
				['default', ''],
				['narrow', narrow]
			] as const) {
				const query = [extra, filter].filter(Boolean).join('&');
				const url = `${server.url}/api/${name}${query ? `?${query}` : ''}`;
				const cold = await timedGet(url);
				const warm: number[] = [];
				let timedOut = cold === null;
				for (let i = 0; !timedOut && i < WARM_RUNS; i++) {
					const t = await timedGet(url);
					if (t === null) timedOut = true;
					else warm.push(t);
				}
				if (timedOut) {
					results.push({
						endpoint: `${name}${extra ? `?${extra}` : ''}`,
						filter: label,
						cold_ms: cold,
						warm_p50_ms: warm.length ? quantile(warm, 0.5) : null,
						warm_p95_ms: null,
						bare_p50_ms: null,
						ratio_warm_to_bare: null,
						timed_out_ms: TIMEOUT_MS
					});
					process.stderr.write('x');
					writeFileSync(`${out}.partial`, JSON.stringify(results, null, 2) + '\n');
					continue;
				}
				// the same handler called directly on the same data, no HTTP, no Arrow
				const params = new URLSearchParams(query);
				const bare: number[] = [];
				for (let i = 0; bareToo && i < BARE_RUNS; i++) {
					const t0 = performance.now();
					await QUERIES[name](wh, await effectiveFilters(wh, 0, name, params), params);
					bare.push(ms(t0));
				}
				const p50 = quantile(warm, 0.5);
				const bareP50 = bareToo ? quantile(bare, 0.5) : null;
				results.push({
					endpoint: `${name}${extra ? `?${extra}` : ''}`,
					filter: label,
					cold_ms: cold,
					warm_p50_ms: p50,
					warm_p95_ms: quantile(warm, 0.95),
					bare_p50_ms: bareP50,
					ratio_warm_to_bare: bareP50 === null ? null : p50 / bareP50
				});
				process.stderr.write('.');
				// kept as it grows: a run stopped part-way (a 100M warehouse) keeps what it measured
				writeFileSync(`${out}.partial`, JSON.stringify(results, null, 2) + '\n');
			}
		}
		process.stderr.write('\n');
		const browser = args.flags['skip-browser'] ? null : await benchBrowser(server);
		const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.proc.pid}/status`, 'utf8'));
		return { queries: results, browser, server_rss_mb: rss ? Number(rss[1]) / 1024 : null };
	} finally {
		if (bareToo) wh.close();
		rmSync(copy, { force: true });
		rmSync(`${out}.partial`, { force: true });
		await stopServer(server);
	}
}

/** Where the overview's time went, in the page's own clock (ms from the navigation's start; PerformanceResourceTiming). */
interface OverviewVisit {
	/** from page.goto until every chart has drawn its data, measured by the benchmark */
	drawn_ms: number;
	/** the same moment in the page's clock */
	drawn_in_page_ms: number;
	/** the first byte of the page's HTML (the server's rendering included) */
	ttfb_ms: number;
	/** the last script or stylesheet received */
	assets_done_ms: number;
	/** the first data source asked for, and the first and last answers received */
	first_data_request_ms: number;
	first_data_response_ms: number;
	last_data_response_ms: number;
	/** each data source: asked and answered (page clock), and the server's own time (Server-Timing) */
	data: { url: string; start_ms: number; end_ms: number; server_ms: number | null }[];
	/**
	 * CPU until drawn: the page's main thread (Chromium's Performance metrics: all its tasks, the script in them, style
	 * and layout) and the server process (/proc utime + stime), on a machine where both share the cores
	 */
	cpu: { page_task_ms: number; page_script_ms: number; page_layout_ms: number; server_ms: number | null };
}

/** CPU time of a process so far, ms (utime + stime of /proc/PID/stat); null where there is no /proc. */
function processCpuMs(pid: number | undefined): number | null {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
	} catch {
		return null;
	}
}

/** The overview opened in a browser context of its own, timed until every chart has drawn its data. */
async function visitOverview(
	browser: Awaited<ReturnType<typeof launchBrowser>>,
	url: string,
	serverPid: number | undefined,
	onAsset?: (u: string, body: Buffer) => void
): Promise<{ ctx: BrowserContext; page: Page; visit: OverviewVisit }> {
	const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
	try {
		const page = await ctx.newPage();
		const cdp = await ctx.newCDPSession(page);
		await cdp.send('Performance.enable');
		if (onAsset)
			page.on('response', async (res) => {
				if (!/\.(js|css)(\?|$)/.test(res.url())) return;
				try {
					onAsset(res.url(), await res.body());
				} catch {
					/* navigation ended */
				}
			});
		const serverCpu0 = processCpuMs(serverPid);
		const t0 = performance.now();
		await page.goto(url + '/');
		// drawn: no panel loading, and every chart has drawn its data (Chart.svelte's data-drawn: its option set) on its canvas
		const inPage = await page.waitForFunction(
			() =>
				document.querySelectorAll('[data-state="loading"]').length === 0 &&
				document.querySelectorAll('[data-chart]').length > 0 &&
				[...document.querySelectorAll('[data-chart]')].every(
					(c) => c.getAttribute('data-drawn') === 'yes' && Number(c.getAttribute('data-points')) > 0 && c.querySelector('canvas')
				) &&
				performance.now(),
			null,
			{ timeout: 60_000, polling: 'raf' }
		);
		const drawn = ms(t0);
		const serverCpu1 = processCpuMs(serverPid);
		const metric = Object.fromEntries(
			((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value])
		);
		const timing = await page.evaluate(() => {
			const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
			const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
			return {
				ttfb: nav.responseStart,
				assets: res.filter((r) => /\.(js|css)(\?|$)/.test(r.name)).map((r) => r.responseEnd),
				data: res
					.filter((r) => new URL(r.name).pathname.startsWith('/api/'))
					.map((r) => ({
						url: r.name.slice(location.origin.length),
						start_ms: r.startTime,
						end_ms: r.responseEnd,
						server_ms: r.serverTiming.find((t) => t.name === 'query')?.duration ?? null
					}))
			};
		});
		await page.waitForLoadState('networkidle');
		const visit: OverviewVisit = {
			drawn_ms: drawn,
			drawn_in_page_ms: Number(await inPage.jsonValue()),
			ttfb_ms: timing.ttfb,
			assets_done_ms: Math.max(...timing.assets),
			first_data_request_ms: Math.min(...timing.data.map((d) => d.start_ms)),
			first_data_response_ms: Math.min(...timing.data.map((d) => d.end_ms)),
			last_data_response_ms: Math.max(...timing.data.map((d) => d.end_ms)),
			data: timing.data,
			cpu: {
				page_task_ms: (metric.TaskDuration ?? 0) * 1000,
				page_script_ms: (metric.ScriptDuration ?? 0) * 1000,
				page_layout_ms: ((metric.LayoutDuration ?? 0) + (metric.RecalcStyleDuration ?? 0)) * 1000,
				server_ms: serverCpu0 === null || serverCpu1 === null ? null : serverCpu1 - serverCpu0
			}
		};
		return { ctx, page, visit };
	} catch (err) {
		await ctx.close();
		throw err;
	}
}

/**
 * The overview on this server in a fresh browser: first as the first page the server renders (cold: on a server
 * just started, or after the data sources alone), then once more (warm: the server's code loaded, its result
 * cache still off); then every other page, so that the server's memory reflects all of them.
 */
async function benchBrowser(server: Awaited<ReturnType<typeof startServer>>) {
	const url = server.url;
	const browser = await launchBrowser();
	try {
		const assets: { url: string; gzip: number; raw: number }[] = [];
		// the server reads the overview's data when it starts (src/lib/server/warm.ts): had it finished when the page was opened?
		const warmedMs = () => {
			const m = /read the overview's data in (\d+) ms/.exec(server.log());
			return m ? Number(m[1]) : null;
		};
		const warmedBeforeVisit = warmedMs() !== null;
		const cold = await visitOverview(browser, url, server.proc.pid, (u, body) =>
			assets.push({ url: u, raw: body.length, gzip: gzipSync(body).length })
		);
		const warmup = { ms: warmedMs(), done_before_first_page: warmedBeforeVisit };
		const overviewAssets = assets.slice();
		await cold.ctx.close();
		const warm = await visitOverview(browser, url, server.proc.pid);
		for (const p of ['/rework', '/customers', '/seasonal', '/faults', '/review', '/data']) {
			await warm.page.goto(url + p);
			await warm.page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0, null, { timeout: 120_000 });
		}
		await warm.ctx.close();
		const sum = (k: 'gzip' | 'raw', ext: string) => overviewAssets.filter((a) => a.url.includes(ext)).reduce((n, a) => n + a[k], 0);
		return {
			overview_charts_drawn_ms: cold.visit.drawn_ms,
			/** the server's own reading of the overview's data when it started (null: not logged, e.g. FIELDLOOP_WARM=0) */
			server_warmup: warmup,
			cold: cold.visit,
			warm: warm.visit,
			js_gzip_kb: sum('gzip', '.js') / 1024,
			css_gzip_kb: sum('gzip', '.css') / 1024,
			js_raw_kb: sum('raw', '.js') / 1024,
			assets_counted: overviewAssets.length
		};
	} finally {
		await browser.close();
	}
}

/** --only browser: the overview on a server just started on the warehouse (no request before it but the readiness check). */
async function benchBrowserAlone(db: string) {
	const server = await startServer(db, args.flags['with-cache'] ? {} : { FIELDLOOP_NO_CACHE: '1' });
	try {
		const browser = await benchBrowser(server);
		const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.proc.pid}/status`, 'utf8'));
		return { queries: [], browser, server_rss_mb: rss ? Number(rss[1]) / 1024 : null };
	} finally {
		await stopServer(server);
	}
}

mkdirSync(dataDir, { recursive: true });
const started = performance.now();
const log = (line: string) => console.error(line);
const ingest = only.includes('ingest')
	? (await prepareData(rows, ['utf8', 'gbk']), [await benchIngest('gbk'), await benchIngest('utf8')])
	: [];
const growth =
	only.includes('growth') && growthSizes.length
		? await benchGrowth({
				sizes: growthSizes,
				dataDir: (n) => join(dataRoot, String(n)),
				ensureData: (n) => prepareData(n, ['utf8']),
				runs,
				log,
				serve: args.flags['via-server'] ? (db) => startServer(db) : undefined,
				given: growthBase ? { db: growthBase, filesDir: growthFiles! } : undefined
			})
		: null;
let q: Awaited<ReturnType<typeof benchQueries>> | null = null;
if (only.includes('browser') && !only.includes('queries')) {
	const given = str(args, 'warehouse');
	if (!given && !ingest.length) fail('--only browser needs --warehouse DB (or the ingest part)');
	q = await benchBrowserAlone(given ?? ingest.at(-1)!.db);
} else if (only.includes('queries')) {
	// the data sources read the UTF-8 warehouse of the ingest part, or build it here (or --warehouse: one built before)
	const given = str(args, 'warehouse');
	if (!given && !ingest.length) {
		await prepareData(rows, ['utf8']);
		ingest.push(await benchIngest('utf8'));
	}
	q = await benchQueries(given ?? ingest.at(-1)!.db);
}
const result = {
	date: new Date().toISOString(),
	machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memory_gb: totalmem() / 2 ** 30, node: process.version },
	rows,
	warm_runs: WARM_RUNS,
	ingest: ingest.map(({ db: _db, ...r }) => r),
	growth,
	...(q ?? { queries: [], browser: null, server_rss_mb: null }),
	total_s: ms(started) / 1000
};
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');

const phaseText = (p: Record<string, number>) =>
	Object.entries(p)
		.filter(([k]) => k !== 'start')
		.map(([k, v]) => `${k} ${fmt(v, 2)}`)
		.join(' · ');
console.log(`\nfieldloop benchmark — ${rows.toLocaleString('en-US')} tickets, ${result.date.slice(0, 16)}, ${result.machine.cpus} cores`);
if (result.ingest.length) {
	console.log('\ningest (tickets file)      wall s   rows/s     peak RSS MB  DuckDB raw s  project ÷ raw');
	for (const r of result.ingest)
		console.log(
			`  ${r.variant.padEnd(24)} ${fmt(r.wall_ms / 1000, 2).padStart(6)}   ${Math.round(r.rows_per_s).toLocaleString('en-US').padStart(9)}   ${fmt(r.peak_rss_mb, 0).padStart(8)}     ${fmt(r.raw_duckdb_ms / 1000, 2).padStart(6)}       ${fmt(r.ratio_project_to_raw, 2)}×`
		);
	for (const r of result.ingest) console.log(`  ${r.variant} phases (s): ${phaseText(r.phases)}`);
}
if (growth) {
	console.log('\ngrowth: a small file into a warehouse of N tickets, against the same file into an empty one (median of ' + runs + ')');
	console.log('  warehouse tickets  file                 new   updated  derived      wall s  empty s  N ÷ empty  via server s');
	for (const g of growth.rows)
		console.log(
			`  ${g.warehouse_tickets.toLocaleString('en-US').padStart(17)}  ${g.file.padEnd(20)} ${String(g.rows_inserted).padStart(4)} ${String(g.rows_updated).padStart(9)}  ${g.derived.padEnd(11)} ${fmt(g.wall_ms / 1000, 2).padStart(7)} ${fmt(g.empty_wall_ms / 1000, 2).padStart(8)}  ${fmt(g.ratio_to_empty, 2).padStart(8)}×  ${g.server_wall_ms === undefined ? '' : fmt(g.server_wall_ms / 1000, 2).padStart(11)}`
		);
	for (const g of growth.rows) console.log(`  ${g.warehouse_tickets.toLocaleString('en-US')} ${g.file} phases (s): ${phaseText(g.phases)}`);
}
if (result.queries.length) {
	console.log('\ndata source (ms)                        filter    cold    warm p50  warm p95   bare p50  warm ÷ bare');
	for (const r of result.queries)
		console.log(
			`  ${r.endpoint.padEnd(36)} ${r.filter.padEnd(8)} ${orMiss(r.cold_ms).padStart(7)} ${orMiss(r.warm_p50_ms).padStart(9)} ${orMiss(r.warm_p95_ms).padStart(9)} ${(r.bare_p50_ms === null ? '–' : fmt(r.bare_p50_ms)).padStart(9)}   ${r.ratio_warm_to_bare === null ? '–' : `${fmt(r.ratio_warm_to_bare, 2)}×`}`
		);
}
if (result.browser) {
	const b = result.browser;
	console.log(
		`\nbrowser: overview charts drawn in ${fmt(b.overview_charts_drawn_ms, 0)} ms; JS ${fmt(b.js_gzip_kb)} KB gzip (${fmt(b.js_raw_kb)} KB raw), CSS ${fmt(b.css_gzip_kb)} KB gzip`
	);
	const w = b.server_warmup;
	console.log(
		`  the server read the overview's data when it started: ${w.ms === null ? 'not logged' : `${fmt(w.ms, 0)} ms, ${w.done_before_first_page ? 'before' : 'still running when'} the first page was opened`}`
	);
	console.log('  overview (ms, page clock)  first byte  scripts in  data asked  first data  last data    drawn   data sources (server ms)');
	for (const [label, v] of [
		['first page of the server', b.cold],
		['again (server warm)', b.warm]
	] as const)
		console.log(
			`  ${label.padEnd(25)} ${fmt(v.ttfb_ms, 0).padStart(10)} ${fmt(v.assets_done_ms, 0).padStart(11)} ${fmt(v.first_data_request_ms, 0).padStart(11)} ${fmt(v.first_data_response_ms, 0).padStart(11)} ${fmt(v.last_data_response_ms, 0).padStart(10)} ${fmt(v.drawn_in_page_ms, 0).padStart(8)}   ${v.data.map((d) => `${d.url.replace(/^\/api\//, '')} ${d.server_ms === null ? '?' : fmt(d.server_ms, 0)}`).join(', ')}`
		);
	console.log('  CPU until drawn (ms)       page tasks  of it script  style+layout  server');
	for (const [label, v] of [
		['first page of the server', b.cold],
		['again (server warm)', b.warm]
	] as const)
		console.log(
			`  ${label.padEnd(25)} ${fmt(v.cpu.page_task_ms, 0).padStart(11)} ${fmt(v.cpu.page_script_ms, 0).padStart(13)} ${fmt(v.cpu.page_layout_ms, 0).padStart(13)} ${(v.cpu.server_ms === null ? '?' : fmt(v.cpu.server_ms, 0)).padStart(7)}`
		);
}

if (q) console.log(`server RSS after every page: ${result.server_rss_mb === null ? '?' : fmt(result.server_rss_mb, 0)} MB`);
console.log(`\nwritten to ${out} (${fmt(result.total_s, 0)} s in all)`);
