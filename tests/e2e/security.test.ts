// Security and robustness of the built server against a real warehouse:
//   1. SQL injection and path traversal through every data source and parameter
//   2. security headers (CSP, framing, sniffing) and a CSP that the pages live with
//   3. the listening address chosen by scripts/start.ts (npm start)
//   4. an ingest while the server is under load
//   5. Host names (DNS rebinding), the token cookie's Secure flag, redirects, headers on every response, no server paths, date bounds
//   6. no data loaded: pages and data sources answer, never 500
//   7. labels that look like HTML, shown as text in the charts' tooltips in Chromium
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import Papa from 'papaparse';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { QUERIES } from '../../src/lib/server/api/queries';
import { lastCompleteMonth } from '../../src/lib/server/metrics/faults';
import { Warehouse } from '../../src/lib/server/warehouse';
import { generateSample } from '../../scripts/sample/index';
import { EMPTY_TICKET, TICKET_FIELDS, type TicketRow } from '../../scripts/sample/ticket-row';
import { CHROMIUM, freePort } from '../../scripts/lib/server';
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
const OWN_PARAMS = ['dim', 'by', 'month', 'jpd', 'wd', 'value', 'file', 'q', 'offset', 'limit', 'sort', 'order'] as const;
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
	seasonal_forecast: {},
	staffing_plan: { own: { jpd: 400, wd: 400 } },
	staffing_breakdown: { base: { dim: 'region' }, own: { dim: 400, jpd: 400, wd: 400 } },
	staffing_backtest: { own: { jpd: 400, wd: 400 } },
	rework_by: { base: { dim: 'team' }, own: { dim: 400 } },
	rework_pareto: { base: { by: 'reason' }, own: { by: 400 } },
	rework_jobs: { base: { dim: 'region' }, own: { dim: 400, value: 'bound', offset: 400, limit: 400, sort: 400, order: 400 } },
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
	let before: { fp: Awaited<ReturnType<typeof fingerprint>>; dbSha: string; status: string };
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
		before = { fp: await fingerprint(db), dbSha: sha256(db), status: '' };
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
		// checked: staffing_plan and staffing_backtest jpd and wd, staffing_breakdown dim, jpd and wd, rework_by dim, rework_pareto by,
		// rework_jobs dim, offset, limit, sort and order, repeat_visit_by by, fault_pareto by, emerging month, review month (18);
		// bound: rework_jobs value, rejects file and q (3); every other (source, parameter) pair is not read
		expect(counts).toEqual({
			rejected: 18 * INJECTIONS.length,
			bound: 3 * INJECTIONS.length,
			ignored: cases.length - 21 * INJECTIONS.length
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

	test('a list filter with an injection string as its second value is a 400 naming the parameter, from every data source', async () => {
		const meta = JSON.parse((await get(server.url, '/api/meta')).body.toString('utf8')) as {
			options: Record<'region' | 'model', string[]>;
		};
		const cases = Object.keys(QUERIES).flatMap((name) =>
			(['region', 'model'] as const).flatMap((param) => INJECTIONS.map((inj) => ({ name, param, inj })))
		);
		const wrong: string[] = [];
		await pool(cases, 8, async ({ name, param, inj }) => {
			const qs = new URLSearchParams(baseParams(name));
			qs.append(param, meta.options[param][0]);
			qs.append(param, inj);
			const path = `/api/${name}?${qs}`;
			const r = await get(server.url, path);
			const e = jsonError(r);
			if (
				r.status !== 400 ||
				e.keys.join() !== 'error' ||
				e.error !== `unknown ${param}: ${JSON.stringify(inj)}` ||
				STACK_TRACE.test(e.text)
			)
				wrong.push(`GET ${path} → ${r.status} ${e.text.slice(0, 300)}`);
		});
		expect(cases.length).toBe(Object.keys(QUERIES).length * 2 * INJECTIONS.length);
		expect(wrong).toEqual([]);
	});

	test('list filters: real values answer; over 50 values, a second city, or a list where one value is needed is a 400 that says so', async () => {
		const meta = JSON.parse((await get(server.url, '/api/meta')).body.toString('utf8')) as {
			options: Record<'region' | 'model' | 'city', string[]>;
		};
		const e = (v: string) => encodeURIComponent(v);
		const [r0, r1] = meta.options.region.map(e);
		const [m0, m1] = meta.options.model.map(e);
		const [c0, c1] = meta.options.city.map(e);
		expect((await get(server.url, `/api/kpis?region=${r0}&region=${r1}&model=${m0}&model=${m1}`)).status).toBe(200);
		const many = Array.from({ length: 51 }, (_, i) => `region=${r0}${i}`).join('&');
		const [R0, R1, M0, M1] = [...meta.options.region.slice(0, 2), ...meta.options.model.slice(0, 2)];
		const refused: [string, string][] = [
			[`/api/kpis?${many}`, 'region takes at most 50 values, got 51'],
			[`/api/kpis?city=${c0}&city=${c1}`, 'city takes one value, got 2'],
			[`/api/staffing_plan?region=${r0}&region=${r1}`, `the staffing plan takes one region at a time, got 2 (${R0}, ${R1}): choose one`],
			[`/api/review?month=${month}&model=${m0}&model=${m1}`, `a review takes one model at a time, got 2 (${M0}, ${M1}): choose one`]
		];
		for (const [path, error] of refused) {
			const r = await get(server.url, path);
			expect(r.status, path).toBe(400);
			expect(JSON.parse(r.body.toString('utf8')), path).toEqual({ error });
		}
	});

	test('no request above made a 500 or logged a failure, and the warehouse is unchanged (API, then the files after stopping the server)', async () => {
		expect(server.log()).not.toMatch(/\[500\]|failed:/);
		const after = (await get(server.url, '/api/status')).body.toString('utf8');
		expect(JSON.parse(after)).toEqual(JSON.parse(before.status));
		await server.stop();
		expect(await fingerprint(db)).toEqual(before.fp);
		expect(sha256(db)).toBe(before.dbSha);
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
		const rows = await wh.all<Partial<TicketRow>>(
			`SELECT strftime(created_at, '%Y-%m-%d %H:%M:%S') AS created_at, type, customer_id, region, city, product_model, technician_id, team,
			        team_type, strftime(arrived_at, '%Y-%m-%d %H:%M:%S') AS arrived_at, strftime(completed_at, '%Y-%m-%d %H:%M:%S') AS completed_at
			 FROM tickets ORDER BY ticket_id LIMIT ${NEW_TICKETS}`
		);
		wh.close();
		expect(rows).toHaveLength(NEW_TICKETS);
		// the sample's own record: every contract column, those not read above left empty
		const records = rows.map((r, i): TicketRow => ({ ...EMPTY_TICKET, ...r, ticket_id: `SECTEST${String(i).padStart(6, '0')}` }));
		const csv = join(dir, 'new-tickets.csv');
		writeFileSync(
			csv,
			[TICKET_FIELDS.join(','), ...records.map((r) => TICKET_FIELDS.map((c) => csvField(r[c])).join(','))].join('\n') + '\n'
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
			await sleep(1000); // keep the load on across the new data version
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
			expect(versions.size, 'the server served the new data version').toBeGreaterThanOrEqual(2);
			expect(server.proc.exitCode, 'the server was not restarted').toBeNull();
			expect(server.proc.pid).toBe(pid);
			expect(server.log()).not.toMatch(/\[500\]|failed:/);
		} finally {
			await server.stop();
		}
	});
});

// ─── 5. hosts, cookies, redirects and headers on every response ────────────

/** A data source URL and its expected refusal, for the date bounds. */
const DATE_BOUNDS: { path: string; status: number; error?: string }[] = [
	{ path: '/api/kpis?from=2026-10-01&to=9999-12-31', status: 400, error: 'to must be between 1900-01-01 and 2200-12-31, got "9999-12-31"' },
	{
		path: '/api/kpis?from=0000-01-01&to=2026-01-31',
		status: 400,
		error: 'from must be between 1900-01-01 and 2200-12-31, got "0000-01-01"'
	},
	{ path: '/api/load_month?from=1899-12-31', status: 400, error: 'from must be between 1900-01-01 and 2200-12-31, got "1899-12-31"' },
	{ path: '/api/kpis?from=1900-01-01&to=2200-12-31', status: 200 }
];

describe('hosts, cookies, redirects and headers', () => {
	const TOKEN = 'h3-view-token-0123456789';
	let db: string;
	let dir: string;
	let month: string;
	let server: Server;
	/** a copy of the warehouse per further server (a running server holds its warehouse file for itself) */
	const copies: Record<'hosts' | 'https' | 'proxied' | 'lan' | 'upload', string> = {
		hosts: '',
		https: '',
		proxied: '',
		lan: '',
		upload: ''
	};

	beforeAll(async () => {
		linkNodeModules();
		({ db, dir } = await sampleWarehouse(5_000));
		month = await monthOf(db);
		for (const name of Object.keys(copies) as (keyof typeof copies)[]) {
			copies[name] = join(dir, `${name}.duckdb`);
			copyFileSync(db, copies[name]);
		}
		server = await startServer(db, { VIEW_TOKEN: TOKEN });
	});

	afterAll(async () => {
		await server?.stop();
	});

	const port = () => new URL(server.url).port;
	const bearer = { authorization: `Bearer ${TOKEN}` };

	function expectHeaders(r: Res, what: string) {
		expect(r.headers['x-frame-options'], what).toBe('DENY');
		expect(r.headers['x-content-type-options'], what).toBe('nosniff');
		expect(r.headers['referrer-policy'], what).toBe('same-origin');
		expect(String(r.headers['content-security-policy']), what).toMatch(/frame-ancestors 'none'/);
	}

	test('a Host name not on the list is refused with 421 (DNS rebinding), on pages, data and static assets alike', async () => {
		const page = await get(server.url, '/', bearer);
		const asset = /\/_app\/immutable\/[^"]+\.js/.exec(page.body.toString('utf8'))![0];
		for (const path of ['/', '/api/status', asset]) {
			const r = await get(server.url, path, { ...bearer, host: `rebind.evil.example:${port()}` });
			expect(r.status, path).toBe(421);
			expect(r.body.toString('utf8'), path).toBe(
				'This dashboard does not answer to the host name "rebind.evil.example". ' +
					'If that is the name you serve it under, add it to ALLOWED_HOSTS (comma-separated) or set ORIGIN to the full address.'
			);
			expectHeaders(r, `421 ${path}`);
		}
		expect((await get(server.url, '/api/status', { ...bearer, host: 'bad host!' })).status).toBe(400);
		// the loopback names and any IP address (an address cannot be rebound) are served
		for (const host of [`localhost:${port()}`, `127.0.0.1:${port()}`, `[::1]:${port()}`, `192.168.1.5:${port()}`, 'LOCALHOST.'])
			expect((await get(server.url, '/api/status', { ...bearer, host })).status, host).toBe(200);
	});

	test('ALLOWED_HOSTS and ORIGIN add names; `.example.org` adds its subdomains', async () => {
		const s = await startServer(copies.hosts, { ALLOWED_HOSTS: 'dash.office.lan, .example.org', ORIGIN: 'http://fieldloop.intra:8080' });
		try {
			for (const [host, status] of [
				['dash.office.lan', 200],
				['DASH.office.lan:3000', 200],
				['a.example.org', 200],
				['example.org', 200],
				['fieldloop.intra', 200],
				['other.lan', 421],
				['example.org.evil.example', 421]
			] as const)
				expect((await get(s.url, '/api/status', { host })).status, host).toBe(status);
		} finally {
			await s.stop();
		}
	});

	test('the view token: 303 to the same path without the token, cookie not Secure over plain HTTP (ORIGIN unset)', async () => {
		const r = await get(server.url, `/rework?dim=team&token=${TOKEN}`);
		expect(r.status).toBe(303);
		expect(r.headers.location).toBe('/rework?dim=team');
		expect(r.headers['set-cookie']).toEqual([`fl_view=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`]);
		expectHeaders(r, '303');
	});

	test('the token redirect never leaves the site: //evil.example/… and /\\evil.example/… stay paths here', async () => {
		for (const [path, location] of [
			[`//evil.example/steal?token=${TOKEN}`, '/evil.example/steal'],
			[`///evil.example/?token=${TOKEN}&x=1`, '/evil.example/?x=1'],
			[`/%5Cevil.example/?token=${TOKEN}`, '/%5Cevil.example/']
		]) {
			const r = await get(server.url, path);
			expect(r.status, path).toBe(303);
			expect(r.headers.location, path).toBe(location);
			expect(new URL(r.headers.location!, server.url).origin, path).toBe(server.url);
		}
		// and SvelteKit's own path normalisation (no token): any redirect stays on this origin
		for (const path of ['//evil.example/', '//evil.example/x/']) {
			const r = await get(server.url, path, bearer);
			// (adapter-node writes absolute locations as https://host when ORIGIN is unset: compare the host)
			if (r.headers.location) expect(new URL(r.headers.location, server.url).host, path).toBe(new URL(server.url).host);
		}
	});

	test('ORIGIN=https://… marks the cookie Secure; PROTOCOL_HEADER is trusted only when set', async () => {
		const https = await startServer(copies.https, { VIEW_TOKEN: TOKEN, ORIGIN: 'https://dash.example.com' });
		const proxied = await startServer(copies.proxied, { VIEW_TOKEN: TOKEN, PROTOCOL_HEADER: 'x-forwarded-proto' });
		try {
			const a = await get(https.url, `/?token=${TOKEN}`, { host: 'dash.example.com' });
			expect(a.status).toBe(303);
			expect(a.headers['set-cookie']).toEqual([`fl_view=${TOKEN}; Path=/; HttpOnly; SameSite=Strict; Secure`]);
			const b = await get(proxied.url, `/?token=${TOKEN}`, { 'x-forwarded-proto': 'https' });
			expect(b.headers['set-cookie']).toEqual([`fl_view=${TOKEN}; Path=/; HttpOnly; SameSite=Strict; Secure`]);
			const c = await get(proxied.url, `/?token=${TOKEN}`, { 'x-forwarded-proto': 'http' });
			expect(c.headers['set-cookie']).toEqual([`fl_view=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`]);
			// without PROTOCOL_HEADER an x-forwarded-proto header from the client is not believed
			const d = await get(server.url, `/?token=${TOKEN}`, { 'x-forwarded-proto': 'https' });
			expect(d.headers['set-cookie']).toEqual([`fl_view=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`]);
		} finally {
			await Promise.all([https.stop(), proxied.stop()]);
		}
	});

	test('in Chromium over plain HTTP on a non-loopback host name, the token link logs in and the cookie keeps working', async () => {
		const s = await startServer(copies.lan, { VIEW_TOKEN: TOKEN, ALLOWED_HOSTS: 'dash.office.lan' });
		const browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP dash.office.lan 127.0.0.1', '--disable-features=HttpsUpgrades']
		});
		try {
			const page = await browser.newPage();
			const base = `http://dash.office.lan:${new URL(s.url).port}`;
			const first = await page.goto(`${base}/data?token=${TOKEN}`);
			expect(first?.status()).toBe(200);
			expect(page.url()).toBe(`${base}/data`);
			const second = await page.goto(`${base}/api/status`);
			expect(second?.status(), 'the cookie was kept and sent back').toBe(200);
			const cookies = await page.context().cookies();
			expect(cookies.filter((c) => c.name === 'fl_view').map((c) => [c.value, c.secure, c.httpOnly])).toEqual([[TOKEN, false, true]]);
		} finally {
			await browser.close();
			await s.stop();
		}
	});

	test('security headers on every response: 401, 404, data, pages and static /_app assets', async () => {
		const page = await get(server.url, '/', bearer);
		const html = page.body.toString('utf8');
		const js = /\/_app\/immutable\/[^"]+\.js/.exec(html)![0];
		const css = /\/_app\/immutable\/[^"]+\.css/.exec(html)?.[0];
		const cases: [string, Record<string, string>, number][] = [
			['/', {}, 401],
			['/api/status', {}, 401],
			['/', bearer, 200],
			['/api/status', bearer, 200],
			['/api/nope', bearer, 400],
			['/no-such-page', bearer, 404],
			[js, {}, 200],
			...(css ? [[css, {}, 200] as [string, Record<string, string>, number]] : []),
			['/_app/immutable/no-such-file.js', {}, 404],
			['/favicon.svg', {}, 200]
		];
		for (const [path, headers, status] of cases) {
			const r = await get(server.url, path, headers);
			expect(r.status, path).toBe(status);
			expectHeaders(r, `${status} ${path}`);
		}
		expect((await get(server.url, '/')).body.toString('utf8')).toBe(
			'This dashboard needs its view token: open the link you were given (…?token=…).'
		);
	});

	test('the page CSP has no inline <style> (style-src without unsafe-inline), and Chromium refuses an injected one', async () => {
		const r = await get(server.url, '/', bearer);
		const policy = String(r.headers['content-security-policy']);
		const styleSrc = /(?:^|;)\s*style-src ([^;]*)/.exec(policy)![1];
		expect(styleSrc).not.toContain('unsafe-inline');
		expect(policy).toMatch(/style-src-attr 'unsafe-inline'/);
		const browser = await launchBrowser();
		try {
			const ctx = await browser.newContext({ extraHTTPHeaders: bearer });
			const p = await ctx.newPage();
			await p.goto(server.url + '/data');
			const out = await p.evaluate(async () => {
				const violations: string[] = [];
				document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
				document.body.insertAdjacentHTML('beforeend', '<style>body { visibility: hidden }</style>');
				await new Promise((res) => setTimeout(res, 100));
				return { visibility: getComputedStyle(document.body).visibility, violations };
			});
			expect(out.visibility).toBe('visible');
			expect(out.violations).toEqual(['style-src-elem']);
		} finally {
			await browser.close();
		}
	});

	test('no response shows a server path: no data source’s answer holds the warehouse’s folder', async () => {
		const holding: string[] = [];
		for (const name of Object.keys(QUERIES)) {
			const params = new URLSearchParams(Object.entries(SOURCES[name].base ?? {}).map(([k, v]) => [k, v === 'LAST_MONTH' ? month : v]));
			const r = await get(server.url, `/api/${name}?${params}`, bearer);
			expect(r.status, name).toBe(200);
			if (r.body.includes(dir) || r.body.includes(PROJECT)) holding.push(name);
		}
		expect(holding).toEqual([]);
	});

	test('no response shows a server path: /api/status and /api/rejects give file names only, the Data page too', async () => {
		const status = await get(server.url, '/api/status', bearer);
		const text = status.body.toString('utf8');
		expect(text).not.toContain(dir);
		expect(text).not.toMatch(/"file":"[^"]*[/\\]/);
		const files = (JSON.parse(text) as { ingests: { file: string }[] }).ingests.map((i) => i.file).sort();
		expect(files).toEqual(['parts.csv', 'rework.csv', 'technicians.csv', 'tickets.csv']);
		const rejects = await get(server.url, '/api/rejects', bearer);
		const rows = tableFromIPC(rejects.body)
			.toArray()
			.map((r) => (r.toJSON() as { file: string }).file);
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.filter((f) => /[/\\]/.test(f))).toEqual([]);
		// the names filter the rejects as before
		expect(arrowRows(await get(server.url, `/api/rejects?file=${encodeURIComponent(rows[0])}`, bearer))).toBe(
			rows.filter((f) => f === rows[0]).length
		);
		const browser = await launchBrowser();
		try {
			const ctx = await browser.newContext({ extraHTTPHeaders: bearer });
			const p = await ctx.newPage();
			await p.goto(server.url + '/data');
			await p.waitForFunction(() => document.body.innerText.includes('tickets.csv'), null, { timeout: 30_000 });
			const html = await p.content();
			expect(html).not.toContain(dir);
		} finally {
			await browser.close();
		}
	});

	test('an upload’s answer names the file, never where the server stored it, also when the load fails', async () => {
		const s = await startServer(copies.upload, { ADMIN_TOKEN: 'h3-admin' });
		try {
			const post = async (name: string, body: Buffer) => {
				const res = await fetch(`${s.url}/api/upload`, {
					method: 'POST',
					headers: { authorization: 'Bearer h3-admin', 'x-file-name': encodeURIComponent(name), 'content-type': 'text/csv' },
					body: new Uint8Array(body)
				});
				const text = await res.text();
				expect(text, name).not.toContain(dir);
				expect(text, name).not.toMatch(/\/tmp\/|uploads[/\\]|fieldloop-[\w-]*\.csv/);
				return { status: res.status, body: JSON.parse(text) as { files: { file: string; rows_loaded?: number; error?: string | null }[] } };
			};
			const ok = await post(
				'h3 tickets.csv',
				Buffer.from('ticket_id,created_at,type,customer_id\nH3T1,2026-03-01 10:00,repair,C1\nH3T2,not a date,repair,C2\n')
			);
			expect(ok.status).toBe(200);
			expect(ok.body.files.map((f) => [f.file, f.rows_loaded])).toEqual([['h3 tickets.csv', 1]]);
			// a header and nothing else: the load runs and reports no rows, by the name only
			const headerOnly = await post('header-only.csv', Buffer.from('ticket_id,created_at,type,customer_id\n'));
			expect(headerOnly.status).toBe(200);
			expect(headerOnly.body.files.map((f) => [f.file, f.rows_loaded ?? 0])).toEqual([['header-only.csv', 0]]);
			const binary = await post('binary.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02, 0x0a]));
			expect(binary.body.files.map((f) => [f.file, f.error])).toEqual([
				['binary.csv', 'the file is not a text CSV file (it contains binary NUL bytes)']
			]);
		} finally {
			await s.stop();
		}
	});

	for (const t of DATE_BOUNDS)
		test(`GET ${t.path} → ${t.status}`, async () => {
			const r = await get(server.url, t.path, bearer);
			expect(r.status, r.body.toString('utf8')).toBe(t.status);
			if (t.error) expect(JSON.parse(r.body.toString('utf8'))).toEqual({ error: t.error });
		});
});

// ─── 6. with no data loaded: clear pages and 503s, never a 500 ─────────────

describe('no data loaded', () => {
	let server: Server;
	let empty: string;

	beforeAll(async () => {
		linkNodeModules();
		empty = mkdtempSync(join(tmpdir(), 'fl-e2e-empty-'));
		server = await startServer(join(empty, 'warehouse.duckdb'));
	});

	afterAll(async () => {
		await server?.stop();
	});

	test('every page answers 200 (the review page says there is no data), never 500', async () => {
		for (const path of ['/', '/rework', '/customers', '/seasonal', '/faults', '/data', '/review', '/review/2026-05']) {
			const r = await get(server.url, path);
			expect(r.status, path).toBe(200);
		}
		expect((await get(server.url, '/review')).body.toString('utf8')).toContain('No tickets match these filters.');
	});

	test('every data source answers 503 {error} (or 200 where nothing is needed), never 500', async () => {
		const wrong: string[] = [];
		for (const name of Object.keys(QUERIES)) {
			const params = new URLSearchParams(Object.entries(SOURCES[name].base ?? {}).map(([k, v]) => [k, v === 'LAST_MONTH' ? '2026-05' : v]));
			const r = await get(server.url, `/api/${name}?${params}`);
			const text = r.body.toString('utf8');
			if (r.status === 503) {
				const e = jsonError(r);
				if (e.keys.join() !== 'error' || !/no data/i.test(String(e.error))) wrong.push(`${name}: 503 ${text.slice(0, 200)}`);
			} else if (r.status !== 200) wrong.push(`${name}: ${r.status} ${text.slice(0, 200)}`);
		}
		expect(wrong).toEqual([]);
		expect(server.log()).not.toMatch(/\[500\]|failed:/);
	});
});

// ─── 7. labels that look like HTML, in a real browser ──────────────────────

describe('labels that look like HTML are shown as text in Chromium', () => {
	const IMG = '<img src=/h3-img-was-fetched data-h3>';
	const STYLE = '<style data-h3>body{visibility:hidden}</style>';
	const LINK = '<a href=https://evil.example/ data-h3>evil link</a>';
	let server: Server;
	let browser: Browser;

	/** The most frequent value of a column, replaced by a hostile one in every row. */
	function poison(file: string, column: string, value: string): string {
		const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), {
			header: true,
			skipEmptyLines: true
		});
		const counts = new Map<string, number>();
		for (const r of parsed.data) if (r[column]) counts.set(r[column], (counts.get(r[column]) ?? 0) + 1);
		const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
		for (const r of parsed.data) if (r[column] === top) r[column] = value;
		writeFileSync(file, Papa.unparse(parsed.data, { columns: parsed.meta.fields }) + '\n');
		return top;
	}

	beforeAll(async () => {
		linkNodeModules();
		const dir = mkdtempSync(join(tmpdir(), 'fl-e2e-labels-'));
		const sample = join(dir, 'sample');
		await generateSample({ outDir: sample, tickets: 20_000, ticketsEncoding: 'utf8', ticketsHeaders: 'en' });
		poison(join(sample, 'tickets.csv'), 'team', IMG);
		poison(join(sample, 'tickets.csv'), 'product_model', STYLE);
		poison(join(sample, 'tickets.csv'), 'fault_component', LINK);
		poison(join(sample, 'rework.csv'), 'reason', STYLE);
		poison(join(sample, 'parts.csv'), '供应商', LINK);
		const db = join(dir, 'warehouse.duckdb');
		const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--db', db, sample], { cwd: PROJECT, encoding: 'utf8' });
		expect(r.status, r.stdout + r.stderr).toBe(0);
		server = await startServer(db);
		browser = await launchBrowser();
	});

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	/** Moves the mouse over each chart in a grid of points and gathers the tooltip text and HTML it shows. */
	async function sweep(page: Page, chart: string): Promise<{ text: string[]; html: string[] }> {
		const box = (await page.locator(`[data-chart="${chart}"]`).boundingBox())!;
		const text: string[] = [];
		const html: string[] = [];
		for (const fy of [0.08, 0.15, 0.3, 0.55, 0.8])
			for (let fx = 0.06; fx < 1; fx += 0.04) {
				await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
				await page.waitForTimeout(40);
				const tip = await page.evaluate((name) => {
					const el = document.querySelector(`[data-chart="${name}"]`)!;
					const divs = [...el.querySelectorAll('div')].filter((d) => d.style.position === 'absolute' && d.innerHTML.includes('<br>'));
					return divs.map((d) => ({ text: d.textContent ?? '', html: d.innerHTML }));
				}, chart);
				for (const t of tip) {
					text.push(t.text);
					html.push(t.html);
				}
			}
		return { text, html };
	}

	const CHARTS: { path: string; chart: string; label: string }[] = [
		{ path: '/rework', chart: 'rework-by-team', label: IMG },
		{ path: '/rework', chart: 'rework-reasons', label: STYLE },
		{ path: '/faults', chart: 'faults-pareto-component', label: LINK },
		{ path: '/faults', chart: 'faults-model-component', label: STYLE },
		{ path: '/faults', chart: 'faults-suppliers', label: LINK }
	];

	for (const path of ['/rework', '/faults'])
		test(`${path}: each hostile label appears as text in its chart’s tooltip; no <img>, <style> or <a> is made from data, nothing fetched`, async () => {
			const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
			await ctx.addInitScript(() => {
				const w = window as unknown as { __made: string[]; __csp: string[] };
				w.__made = [];
				// the tooltips (style="…" on their markers) must live with the page's CSP
				w.__csp = [];
				document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
				new MutationObserver((records) => {
					for (const r of records)
						for (const n of r.addedNodes)
							if (n instanceof Element)
								for (const e of [n, ...n.querySelectorAll('[data-h3]')]) if (e.hasAttribute('data-h3')) w.__made.push(e.outerHTML);
				}).observe(document, { childList: true, subtree: true });
			});
			const page = await ctx.newPage();
			const fetched: string[] = [];
			page.on('request', (req) => {
				if (/h3-img-was-fetched|evil\.example/.test(req.url())) fetched.push(req.url());
			});
			await page.goto(server.url + path);
			await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0, null, { timeout: 60_000 });
			const problems: string[] = [];
			for (const c of CHARTS.filter((x) => x.path === path)) {
				await page.locator(`[data-chart="${c.chart}"]`).scrollIntoViewIfNeeded();
				await page.waitForFunction((n) => document.querySelector(`[data-chart="${n}"]`)?.getAttribute('data-drawn') === 'yes', c.chart);
				const tips = await sweep(page, c.chart);
				if (!tips.text.some((t) => t.includes(c.label)))
					problems.push(`${c.chart}: no tooltip showed ${c.label} as text (${tips.text.length} tooltips)`);
				for (const h of tips.html)
					if (/<(img|style|a)[\s>]/i.test(h)) problems.push(`${c.chart}: tooltip HTML holds an element: ${h.slice(0, 200)}`);
			}
			const made = await page.evaluate(() => (window as unknown as { __made: string[] }).__made);
			expect(problems).toEqual([]);
			expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), 'CSP violations').toEqual([]);
			expect(made, 'elements created from data').toEqual([]);
			expect(await page.locator('[data-h3]').count()).toBe(0);
			expect(fetched).toEqual([]);
			expect(await page.evaluate(() => getComputedStyle(document.body).visibility)).toBe('visible');
			await ctx.close();
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
				`[security] scripts/start.ts ${s.output().includes('building the dashboard') ? 'rebuilt (build/ older than src/) before serving it through scripts/serve.js' : 'served build/ through scripts/serve.js without building'}`
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
