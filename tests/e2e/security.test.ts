// Security and robustness of the built server against a real warehouse:
//   1. SQL injection and path traversal through every data source and parameter
//   2. security headers (CSP, framing, sniffing) and a CSP that the pages live with
//   3. the listening address chosen by scripts/start.ts (npm start)
//   4. an ingest while the server is under load
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { QUERIES } from '../../src/lib/server/api/queries';
import { lastCompleteMonth } from '../../src/lib/server/metrics/faults';
import { readPointer } from '../../src/lib/server/snapshot';
import { Warehouse } from '../../src/lib/server/warehouse';
import { freePort } from '../../scripts/lib/server';
import { launchBrowser, sampleWarehouse, startServer, type Server } from './harness';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const BUILD_DIR = resolve(PROJECT, process.env.FIELDLOOP_BUILD_DIR ?? 'build');

/**
 * A build outside the project (FIELDLOOP_BUILD_DIR=/tmp/…) cannot resolve the
 * server's external packages (apache-arrow, @duckdb/node-api): Node looks for
 * node_modules next to the built files. Link the project's node_modules there.
 */
function linkNodeModules(): void {
	const rel = relative(PROJECT, BUILD_DIR);
	const outside = rel.startsWith('..') || isAbsolute(rel);
	const link = join(BUILD_DIR, 'node_modules');
	if (outside && existsSync(BUILD_DIR) && !existsSync(link)) symlinkSync(join(PROJECT, 'node_modules'), link, 'dir');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Res {
	status: number;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

/** GET with the path sent byte for byte (no client-side URL normalisation of %2e%2e, %2f, %00). */
function get(base: string, rawPath: string, headers: Record<string, string> = {}): Promise<Res> {
	const u = new URL(base);
	return new Promise((resolvePromise, reject) => {
		const req = httpRequest({ host: u.hostname, port: Number(u.port), path: rawPath, method: 'GET', headers, timeout: 60_000 }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolvePromise({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error(`timed out: GET ${rawPath}`)));
		req.on('error', reject);
		req.end();
	});
}

/** Runs fn over items, n at a time. */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: n }, async () => {
			while (next < items.length) await fn(items[next++]);
		})
	);
}

/** Anything that looks like a stack frame, a source location or a server path. */
const STACK_TRACE = /\n\s+at |\bat \S+ \(|\(\S+:\d+:\d+\)|\.(?:[cm]?js|ts|svelte):\d+|node_modules|\/work\/|file:\/\//;

function jsonError(r: Res): { error?: unknown; keys: string[]; text: string } {
	const text = r.body.toString('utf8');
	try {
		const parsed = JSON.parse(text) as Record<string, unknown>;
		return { error: parsed.error, keys: Object.keys(parsed), text };
	} catch {
		return { keys: [], text };
	}
}

/** A response in a comparable form: JSON as is, Arrow rows sorted (row order is not part of every query's contract). */
function canonical(r: Res): string {
	const type = String(r.headers['content-type'] ?? '');
	const replacer = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);
	if (type.startsWith('application/json')) return JSON.stringify(JSON.parse(r.body.toString('utf8')), replacer);
	const rows = tableFromIPC(r.body)
		.toArray()
		.map((row) => JSON.stringify(row.toJSON(), replacer))
		.sort();
	return rows.join('\n');
}

function arrowRows(r: Res): number {
	expect(r.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
	return tableFromIPC(r.body).numRows;
}

/** Row counts and an order-independent content hash of every table, read from the file itself. */
async function fingerprint(db: string): Promise<Record<string, { n: string; h: string }>> {
	const wh = await Warehouse.open(db, { readOnly: true });
	try {
		const out: Record<string, { n: string; h: string }> = {};
		for (const t of ['tickets', 'rework', 'parts', 'technicians', 'ingests', 'rejects', 'meta'])
			out[t] = await wh.one<{ n: string; h: string }>(
				`SELECT count(*)::VARCHAR AS n, coalesce(sum(hash(x))::VARCHAR, '0') AS h FROM ${t} x`
			);
		return out;
	} finally {
		wh.close();
	}
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function monthOf(db: string): Promise<string> {
	const wh = await Warehouse.open(db, { readOnly: true });
	try {
		return (await lastCompleteMonth(wh))!;
	} finally {
		wh.close();
	}
}

// ─── 1. injection and traversal ─────────────────────────────────────────────

const INJECTIONS = ["'; DROP TABLE tickets; --", "' OR 1=1 --", '1); DELETE FROM rework; --', "region' UNION SELECT * FROM rejects --"];
const FILTER_PARAMS = ['from', 'to', 'region', 'city', 'model', 'team', 'team_type', 'technician'] as const;
const OWN_PARAMS = ['dim', 'by', 'month', 'jpd', 'wd', 'value', 'file', 'q'] as const;
type OwnParam = (typeof OWN_PARAMS)[number];

/**
 * What an injection string in each data source's own parameters must get:
 * 400 where the parameter is checked against a closed list or a pattern,
 * 'bound' where it is free text bound as a literal (200, matches nothing),
 * anything not listed is not read by that source (200, same answer as without it).
 * `base` holds the valid parameters a source needs to answer 200 at all.
 */
const SOURCES: Record<string, { base?: Record<string, string>; own?: Partial<Record<OwnParam, 400 | 'bound'>> }> = {
	meta: {},
	kpis: {},
	load_month: {},
	load_week: {},
	load_day: {},
	peak_to_off: {},
	staffing: { own: { jpd: 400, wd: 400 } },
	rework_by: { base: { dim: 'team' }, own: { dim: 400 } },
	rework_pareto: { base: { by: 'reason' }, own: { by: 400 } },
	rework_jobs: { base: { dim: 'region' }, own: { dim: 400, value: 'bound' } },
	repeat_customer_month: {},
	repeat_visit_by: { base: { by: 'model' }, own: { by: 400 } },
	fault_pareto: { base: { by: 'component' }, own: { by: 400 } },
	fault_matrix: {},
	nevada: {},
	emerging: { own: { month: 400 } },
	suppliers: {},
	review: { base: { month: 'LAST_MONTH' }, own: { month: 400 } },
	status: {},
	rejects: { own: { file: 'bound', q: 'bound' } }
};

describe('injection and traversal', () => {
	let server: Server;
	let db: string;
	let month: string;
	let before: { fp: Awaited<ReturnType<typeof fingerprint>>; dbSha: string; snapSha: string; status: string };
	const baseline = new Map<string, Res>();

	const pathFor = (name: string, params: Record<string, string>) => {
		const qs = new URLSearchParams(params).toString();
		return `/api/${encodeURIComponent(name)}${qs ? `?${qs}` : ''}`;
	};
	const baseParams = (name: string): Record<string, string> =>
		Object.fromEntries(Object.entries(SOURCES[name].base ?? {}).map(([k, v]) => [k, v === 'LAST_MONTH' ? month : v]));

	beforeAll(async () => {
		linkNodeModules();
		({ db } = await sampleWarehouse(20_000));
		month = await monthOf(db);
		const snap = readPointer(db)!.file;
		before = { fp: await fingerprint(db), dbSha: sha256(db), snapSha: sha256(snap), status: '' };
		server = await startServer(db);
		before.status = (await get(server.url, '/api/status')).body.toString('utf8');
	});

	afterAll(async () => {
		await server?.stop();
	});

	test('the table of parameters covers exactly the data sources in QUERIES', () => {
		expect(Object.keys(SOURCES).sort()).toEqual(Object.keys(QUERIES).sort());
	});

	test('every data source answers 200 with its valid base parameters (so the 400s below are the injection’s doing)', async () => {
		const bad: string[] = [];
		await pool(Object.keys(QUERIES), 6, async (name) => {
			const r = await get(server.url, pathFor(name, baseParams(name)));
			if (r.status !== 200) bad.push(`${name}: ${r.status} ${r.body.toString('utf8').slice(0, 200)}`);
			else baseline.set(name, r);
		});
		expect(bad).toEqual([]);
	});

	test('an injection string in any filter parameter of any data source is a 400 with a JSON {error} naming the parameter', async () => {
		const cases = Object.keys(QUERIES).flatMap((name) => FILTER_PARAMS.flatMap((param) => INJECTIONS.map((inj) => ({ name, param, inj }))));
		const wrong: string[] = [];
		await pool(cases, 8, async ({ name, param, inj }) => {
			const path = pathFor(name, { ...baseParams(name), [param]: inj });
			const r = await get(server.url, path);
			const e = jsonError(r);
			const ok =
				r.status === 400 &&
				String(r.headers['content-type']).startsWith('application/json') &&
				e.keys.join() === 'error' &&
				typeof e.error === 'string' &&
				e.error.includes(param) &&
				!STACK_TRACE.test(e.text);
			if (!ok) wrong.push(`GET ${path} → ${r.status} ${e.text.slice(0, 300)}`);
		});
		expect(cases.length).toBe(Object.keys(QUERIES).length * FILTER_PARAMS.length * INJECTIONS.length);
		expect(wrong, 'expected 400 {"error": "… <parameter> …"} for each').toEqual([]);
	});

	test('an injection string in a data source’s own parameters: 400 where checked, 200 matching nothing where bound, 200 unchanged where not read', async () => {
		const wrong: string[] = [];
		const counts = { rejected: 0, bound: 0, ignored: 0 };
		const cases = Object.keys(QUERIES).flatMap((name) => OWN_PARAMS.flatMap((param) => INJECTIONS.map((inj) => ({ name, param, inj }))));
		await pool(cases, 8, async ({ name, param, inj }) => {
			const expected = SOURCES[name].own?.[param] ?? 'ignored';
			const path = pathFor(name, { ...baseParams(name), [param]: inj });
			const r = await get(server.url, path);
			const text = r.body.toString('utf8');
			const fail = (why: string) => wrong.push(`GET ${path} (expected ${expected}) → ${r.status}: ${why}: ${text.slice(0, 200)}`);
			if (expected === 400) {
				const e = jsonError(r);
				if (
					r.status !== 400 ||
					e.keys.join() !== 'error' ||
					typeof e.error !== 'string' ||
					!e.error.includes(param) ||
					STACK_TRACE.test(text)
				)
					return void fail('not a 400 {error} naming the parameter');
				counts.rejected++;
			} else if (expected === 'bound') {
				if (r.status !== 200) return void fail('not 200');
				const n = arrowRows(r);
				if (n !== 0) return void fail(`${n} rows: the string matched something`);
				counts.bound++;
			} else {
				if (r.status !== 200) return void fail('not 200');
				if (canonical(r) !== canonical(baseline.get(name)!)) return void fail('the answer differs from the one without the parameter');
				counts.ignored++;
			}
		});
		expect(wrong).toEqual([]);
		// checked: staffing jpd and wd, rework_by dim, rework_pareto by, rework_jobs dim, repeat_visit_by by, fault_pareto by, emerging month, review month (9);
		// bound: rework_jobs value, rejects file and q (3); every other (source, parameter) pair is not read
		expect(counts).toEqual({
			rejected: 9 * INJECTIONS.length,
			bound: 3 * INJECTIONS.length,
			ignored: cases.length - 12 * INJECTIONS.length
		});
	});

	test('the bound free-text parameters do work as literals (so “0 rows” above is not an always-empty answer)', async () => {
		const all = await get(server.url, '/api/rejects');
		const total = arrowRows(all);
		expect(total).toBeGreaterThan(0);
		const rows = tableFromIPC(all.body)
			.toArray()
			.map((r) => r.toJSON() as { file: string; rule: string });
		const file = rows[0].file;
		const byFile = rows.filter((r) => r.file === file).length;
		expect(arrowRows(await get(server.url, pathFor('rejects', { file })))).toBe(byFile);
		const word = rows[0].rule.split(/\s+/).find((w) => w.length >= 4)!;
		expect(arrowRows(await get(server.url, pathFor('rejects', { q: word })))).toBeGreaterThan(0);
		// rework_jobs: a real region narrows, an injection string matches nothing (checked above)
		const meta = JSON.parse((await get(server.url, '/api/meta')).body.toString('utf8')) as { options: { region: string[] } };
		const inRegion = arrowRows(await get(server.url, pathFor('rework_jobs', { dim: 'region', value: meta.options.region[0] })));
		expect(inRegion).toBeGreaterThan(0);
	});

	const TRAVERSAL: { path: string; status: number; error?: string; page?: string }[] = [
		{ path: '/api/..%2F..%2Fetc%2Fpasswd', status: 400, error: 'unknown data source "../../etc/passwd"' },
		{ path: '/api/%2e%2e%2fpackage.json', status: 400, error: 'unknown data source "../package.json"' },
		{ path: '/api/meta%00', status: 400, error: 'unknown data source "meta\\u0000"' },
		{
			path: '/api/status%27%3B%20DROP%20TABLE%20tickets%3B%20--',
			status: 400,
			error: `unknown data source "status'; DROP TABLE tickets; --"`
		},
		// a page route: SvelteKit's error page (HTML), with the load function's message
		{ path: '/review/..%2F..%2Fetc', status: 400, page: 'the month must look like 2025-07' }
	];

	for (const t of TRAVERSAL)
		test(`GET ${t.path} → ${t.status}${t.error ? ` {"error": ${JSON.stringify(t.error)}}` : ' error page'}, no stack trace`, async () => {
			const r = await get(server.url, t.path);
			const text = r.body.toString('utf8');
			expect(r.status, text.slice(0, 300)).toBe(t.status);
			expect(text).not.toMatch(STACK_TRACE);
			expect(text).not.toMatch(/root:x:0:0|"name":\s*"fieldloop"/);
			if (t.error) {
				expect(r.headers['content-type']).toBe('application/json');
				expect(JSON.parse(text)).toEqual({ error: t.error });
			} else {
				expect(r.headers['content-type']).toBe('text/html');
				expect(text).toContain(t.page);
			}
		});

	test('static-file traversal does not reach files outside the client build', async () => {
		for (const path of ['/_app/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/..%2f..%2f..%2fetc%2fpasswd']) {
			const r = await get(server.url, path);
			const text = r.body.toString('utf8');
			expect(r.status, `GET ${path}`).toBe(404);
			expect(text, `GET ${path}`).not.toMatch(/root:x:0:0|"name":\s*"fieldloop"/);
		}
	});

	test('no request above made a 500 or logged a failure, and the warehouse is unchanged (API, then the files after stopping the server)', async () => {
		expect(server.log()).not.toMatch(/\[500\]|failed:/);
		const after = (await get(server.url, '/api/status')).body.toString('utf8');
		expect(JSON.parse(after)).toEqual(JSON.parse(before.status));
		await server.stop();
		expect(await fingerprint(db)).toEqual(before.fp);
		expect(sha256(db)).toBe(before.dbSha);
		expect(sha256(readPointer(db)!.file)).toBe(before.snapSha);
	});
});

// ─── 2. security headers and the CSP in a browser ───────────────────────────

describe('security headers', () => {
	let server: Server;
	let browser: Browser;
	let month: string;
	const pages = () => ['/', '/rework', '/customers', '/seasonal', '/faults', `/review/${month}`, '/data'];

	beforeAll(async () => {
		linkNodeModules();
		const { db } = await sampleWarehouse(20_000);
		month = await monthOf(db);
		server = await startServer(db);
		browser = await launchBrowser();
	});

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	function csp(r: Res): Map<string, string> {
		const header = r.headers['content-security-policy'];
		const directives = new Map<string, string>();
		for (const d of String(header ?? '').split(';')) {
			const [name, ...values] = d.trim().split(/\s+/);
			if (name) directives.set(name.toLowerCase(), values.join(' '));
		}
		return directives;
	}

	function expectFramingAndSniffing(r: Res, what: string) {
		expect(r.headers['x-frame-options'], what).toBe('DENY');
		expect(r.headers['x-content-type-options'], what).toBe('nosniff');
	}

	function expectCsp(r: Res, what: string) {
		expect(r.headers['content-security-policy'], `${what}: no Content-Security-Policy header`).toBeTypeOf('string');
		expect(r.headers['content-security-policy'], what).not.toContain('unsafe-eval');
		expect(csp(r).get('frame-ancestors'), what).toBe("'none'");
	}

	test('every page route: a CSP without unsafe-eval and with frame-ancestors none, X-Frame-Options DENY, nosniff', async () => {
		for (const path of pages()) {
			const r = await get(server.url, path);
			expect(r.status, path).toBe(200);
			expect(r.headers['content-type'], path).toBe('text/html');
			expectCsp(r, path);
			expectFramingAndSniffing(r, path);
		}
	});

	test('API responses (JSON and Arrow, success and error): X-Frame-Options DENY, nosniff', async () => {
		for (const path of ['/api/status', '/api/load_month', '/api/nope']) expectFramingAndSniffing(await get(server.url, path), path);
	});

	test('API responses (JSON and Arrow, success and error): a CSP without unsafe-eval and with frame-ancestors none', async () => {
		for (const path of ['/api/status', '/api/load_month', '/api/nope']) expectCsp(await get(server.url, path), path);
	});

	test('every page renders in Chromium with no CSP violation', async () => {
		const problems: string[] = [];
		for (const path of pages()) {
			const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
			await ctx.addInitScript(() => {
				const w = window as unknown as { __csp: string[] };
				w.__csp = [];
				document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
			});
			const page = await ctx.newPage();
			const cspMessages: string[] = [];
			page.on('console', (m) => {
				if (/Content[ -]Security[ -]Policy/i.test(m.text())) cspMessages.push(`${m.type()}: ${m.text()}`);
			});
			const res = await page.goto(server.url + path);
			expect(res?.status(), path).toBe(200);
			await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0, null, { timeout: 60_000 });
			await page.waitForFunction(
				() =>
					[...document.querySelectorAll('[data-chart]')].every((c) => c.getAttribute('data-drawn') === 'yes' && c.querySelector('canvas')),
				null,
				{ timeout: 30_000 }
			);
			await page.waitForTimeout(300);
			const charts = await page.$$('[data-chart]');
			if (path !== '/data' && charts.length === 0) problems.push(`${path}: no chart rendered`);
			if ((await page.$$('[data-state="error"]')).length) problems.push(`${path}: a panel shows an error`);
			const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
			for (const v of [...cspMessages, ...violations]) problems.push(`${path}: ${v}`);
			await ctx.close();
		}
		expect(problems).toEqual([]);
	});

	test('the CSP is enforced in Chromium: an injected inline script is refused and reported', async () => {
		// (eval cannot be checked this way: code evaluated over the DevTools protocol may eval regardless of the page's CSP;
		// the header test above checks that the policy does not allow 'unsafe-eval')
		const ctx = await browser.newContext();
		const page = await ctx.newPage();
		const messages: string[] = [];
		page.on('console', (m) => messages.push(m.text()));
		await page.goto(server.url + '/data');
		const ran = await page.evaluate(async () => {
			const violations: string[] = [];
			document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
			const s = document.createElement('script');
			s.textContent = '(window).__inlineRan = true';
			document.head.append(s);
			await new Promise((r) => setTimeout(r, 100));
			return { inline: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, violations };
		});
		expect(ran.inline).toBe(false);
		expect(ran.violations[0]).toMatch(/^script-src/);
		expect(messages.some((m) => /Content Security Policy/.test(m))).toBe(true);
		await ctx.close();
	});
});

// ─── 4. an ingest while serving ─────────────────────────────────────────────

describe('loading while serving', () => {
	const NEW_TICKETS = 3000;
	const LOOPS = 4;
	const ENDPOINTS = [
		'/api/status',
		'/api/kpis',
		'/api/load_month',
		'/api/rework_by?dim=team',
		'/api/fault_pareto?by=component',
		'/api/meta',
		'/api/rejects',
		'/'
	];

	function csvField(v: unknown): string {
		const s = v === null || v === undefined ? '' : String(v);
		return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
	}

	function run(cmd: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
		return new Promise((resolvePromise) => {
			const p = spawn(process.execPath, cmd, { cwd: PROJECT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
			let output = '';
			p.stdout!.on('data', (d) => (output += d));
			p.stderr!.on('data', (d) => (output += d));
			p.on('exit', (code) => resolvePromise({ code, output }));
		});
	}

	test(`an ingest of ${NEW_TICKETS} new tickets under ${LOOPS} request loops: no failed request, the new data visible within 5 s, no restart`, async () => {
		linkNodeModules();
		const { dir, db } = await sampleWarehouse(20_000);
		const wh = await Warehouse.open(db, { readOnly: true });
		const rows = await wh.all<Record<string, unknown>>(
			`SELECT strftime(created_at, '%Y-%m-%d %H:%M:%S') AS created_at, type, customer_id, region, city, product_model, technician_id, team,
			        team_type, strftime(arrived_at, '%Y-%m-%d %H:%M:%S') AS arrived_at, strftime(completed_at, '%Y-%m-%d %H:%M:%S') AS completed_at
			 FROM tickets ORDER BY ticket_id LIMIT ${NEW_TICKETS}`
		);
		wh.close();
		expect(rows).toHaveLength(NEW_TICKETS);
		const cols = [
			'created_at',
			'type',
			'customer_id',
			'region',
			'city',
			'product_model',
			'technician_id',
			'team',
			'team_type',
			'arrived_at',
			'completed_at'
		];
		const csv = join(dir, 'new-tickets.csv');
		writeFileSync(
			csv,
			[
				['ticket_id', ...cols].join(','),
				...rows.map((r, i) => [`SECTEST${String(i).padStart(6, '0')}`, ...cols.map((c) => r[c])].map(csvField).join(','))
			].join('\n') + '\n'
		);

		const server = await startServer(db);
		try {
			const status = async () =>
				(await (await fetch(`${server.url}/api/status`, { signal: AbortSignal.timeout(10_000) })).json()) as {
					tables: { tickets: number };
				};
			const ticketsBefore = (await status()).tables.tickets;
			const pid = server.proc.pid;

			let stop = false;
			let served = 0;
			let servedDuringIngest = 0;
			let ingesting = false;
			const failures: string[] = [];
			const versions = new Set<string>();
			let seq = 0;
			const loops = Array.from({ length: LOOPS }, async (_, k) => {
				for (let i = 0; !stop; i++) {
					const endpoint = ENDPOINTS[(k * 3 + i) % ENDPOINTS.length];
					// a distinct parameter per request keeps the result cache out of it: every API request runs its query
					const url = `${server.url}${endpoint}${endpoint.startsWith('/api/') ? `${endpoint.includes('?') ? '&' : '?'}_n=${seq++}` : ''}`;
					try {
						const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
						await res.arrayBuffer();
						if (res.status !== 200) failures.push(`GET ${url} → ${res.status}`);
						else {
							served++;
							if (ingesting) servedDuringIngest++;
							const v = res.headers.get('x-warehouse-version');
							if (v) versions.add(v);
						}
					} catch (err) {
						failures.push(`GET ${url} → ${String(err)}`);
					}
				}
			});

			await sleep(500);
			ingesting = true;
			const t0 = Date.now();
			const ingest = await run(['--import', 'tsx', 'scripts/ingest.ts', '--db', db, csv]);
			const ingestMs = Date.now() - t0;
			ingesting = false;
			const ended = Date.now();
			let visibleAfterMs = -1;
			while (Date.now() - ended < 15_000) {
				if ((await status()).tables.tickets === ticketsBefore + NEW_TICKETS) {
					visibleAfterMs = Date.now() - ended;
					break;
				}
				await sleep(50);
			}
			await sleep(1000); // keep the load on across the switch to the new snapshot
			stop = true;
			await Promise.all(loops);

			console.log(
				`[security] ingest of ${NEW_TICKETS} tickets took ${ingestMs} ms; ${servedDuringIngest} requests served during it, ${served} in all, ` +
					`${failures.length} failed; new data visible ${visibleAfterMs} ms after the ingest ended; versions seen: ${versions.size}`
			);
			expect(ingest.code, ingest.output).toBe(0);
			expect(ingest.output).toContain(`${NEW_TICKETS} new`);
			expect(failures, `${failures.length} of ${served + failures.length} requests failed`).toEqual([]);
			expect(servedDuringIngest).toBeGreaterThan(0);
			expect(
				visibleAfterMs,
				'ms from the ingest’s exit until /api/status showed the new tickets (-1: not within 15 s)'
			).toBeGreaterThanOrEqual(0);
			expect(visibleAfterMs).toBeLessThanOrEqual(5000);
			expect(versions.size, 'the server switched snapshots').toBeGreaterThanOrEqual(2);
			expect(server.proc.exitCode, 'the server was not restarted').toBeNull();
			expect(server.proc.pid).toBe(pid);
			expect(server.log()).not.toMatch(/\[500\]|failed:/);
		} finally {
			await server.stop();
		}
	});
});

// ─── 3. the listening address of npm start ──────────────────────────────────
// Last: scripts/start.ts rebuilds when build/ is older than src/ (it always
// looks at build/, not FIELDLOOP_BUILD_DIR; the vite build it starts writes to
// FIELDLOOP_BUILD_DIR when that is set).

describe('scripts/start.ts listening address', () => {
	let db: string;

	beforeAll(async () => {
		({ db } = await sampleWarehouse(5_000));
	});

	interface Started {
		proc: ChildProcess;
		port: number;
		output: () => string;
		stop: () => Promise<void>;
	}

	async function start(host: string | undefined, reachableAt: string): Promise<Started> {
		const port = await freePort();
		const env: Record<string, string | undefined> = { ...process.env, DB: db, PORT: String(port) };
		if (host === undefined) delete env.HOST;
		else env.HOST = host;
		// its own process group, so stopping it also stops the server (and a build) it started
		const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
			cwd: PROJECT,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true
		});
		let output = '';
		proc.stdout!.on('data', (d) => (output += d));
		proc.stderr!.on('data', (d) => (output += d));
		const stop = () =>
			new Promise<void>((resolvePromise) => {
				if (proc.exitCode !== null || proc.signalCode !== null) return resolvePromise();
				const kill = setTimeout(() => process.kill(-proc.pid!, 'SIGKILL'), 10_000);
				proc.once('exit', () => {
					clearTimeout(kill);
					resolvePromise();
				});
				process.kill(-proc.pid!, 'SIGTERM');
			});
		const deadline = Date.now() + 120_000;
		for (;;) {
			try {
				const res = await fetch(`http://${reachableAt}:${port}/api/status`, { signal: AbortSignal.timeout(5_000) });
				if (res.ok) break;
			} catch {
				/* not yet */
			}
			if (proc.exitCode !== null) throw new Error(`scripts/start.ts exited ${proc.exitCode}: ${output}`);
			if (Date.now() > deadline) {
				await stop();
				throw new Error(`scripts/start.ts did not answer on ${reachableAt}:${port} within 120 s: ${output}`);
			}
			await sleep(250);
		}
		return { proc, port, output: () => output, stop };
	}

	/** 'connected', or the error code of a TCP connect (ECONNREFUSED when nothing listens there), or 'timeout'. */
	function probe(host: string, port: number): Promise<string> {
		return new Promise((resolvePromise) => {
			const s = connect({ host, port, timeout: 3_000 });
			s.once('connect', () => {
				s.destroy();
				resolvePromise('connected');
			});
			s.once('timeout', () => {
				s.destroy();
				resolvePromise('timeout');
			});
			s.once('error', (e: NodeJS.ErrnoException) => resolvePromise(e.code ?? String(e)));
		});
	}

	const otherAddresses = () =>
		Object.values(networkInterfaces())
			.flat()
			.filter((a) => a && !a.internal && (a.family === 'IPv4' || (a.family === 'IPv6' && !a.address.startsWith('fe80'))))
			.map((a) => a!.address);

	test('without HOST it listens on 127.0.0.1 only, not on the machine’s other addresses', async () => {
		const s = await start(undefined, '127.0.0.1');
		try {
			expect(await probe('127.0.0.1', s.port)).toBe('connected');
			const others = otherAddresses();
			const ipv4 = others.filter((a) => !a.includes(':'));
			expect(
				ipv4.length,
				'this machine has no non-loopback IPv4 address, so “not reachable from elsewhere” cannot be checked here'
			).toBeGreaterThan(0);
			for (const addr of others) expect(await probe(addr, s.port), `${addr}:${s.port} must refuse connections`).toBe('ECONNREFUSED');
			expect(s.output()).toContain(`http://127.0.0.1:${s.port}`);
			console.log(
				`[security] scripts/start.ts ${s.output().includes('building the dashboard') ? 'rebuilt (build/ older than src/) before serving build/index.js' : 'served build/index.js without building'}`
			);
		} finally {
			await s.stop();
		}
	});

	test('HOST=127.0.0.2 moves it there (and off 127.0.0.1)', async () => {
		const s = await start('127.0.0.2', '127.0.0.2');
		try {
			expect(await probe('127.0.0.2', s.port)).toBe('connected');
			expect(await probe('127.0.0.1', s.port)).toBe('ECONNREFUSED');
			for (const addr of otherAddresses()) expect(await probe(addr, s.port), `${addr}:${s.port}`).toBe('ECONNREFUSED');
		} finally {
			await s.stop();
		}
	});
});
