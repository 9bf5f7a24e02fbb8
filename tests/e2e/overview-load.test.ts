// How the overview loads (bench/README.md: the overview on a cold server): its data sources are named in the
// server-rendered HTML so the browser asks for them with the page, each is asked for once (the preloaded answer is
// the one the page reads), a chart reports itself drawn only once its data and the settings are in, and the built
// server renders pages without loading ECharts; the data sources come first in the Link header (before the scripts
// take the browser's six connections), and a server just started has read the overview's data before anyone asks.
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { readEnv } from '../../src/lib/server/config';
import { lastCompleteMonth } from '../../src/lib/server/metrics/faults';
import { Warehouse } from '../../src/lib/server/warehouse';
import { monthRange } from '../../src/lib/months';
import { closeDashboard, desktopPage, openDashboard, sampleWarehouse, settled, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;
let month: string;
let region: string;
/** a copy of the sample warehouse for servers of their own (the dashboard's server holds the first) */
let copy: string;

beforeAll(async () => {
	const { db } = await sampleWarehouse(10_000);
	const wh = await Warehouse.open(db);
	month = (await lastCompleteMonth(wh))!;
	region = (await wh.one<{ r: string }>(`SELECT min(region) AS r FROM tickets`)).r;
	wh.close();
	copy = db.replace(/\.duckdb$/, '-copy.duckdb');
	copyFileSync(db, copy);
	({ server, browser } = await openDashboard(db));
});

afterAll(() => closeDashboard({ server, browser }));

/** The path and query of each data source the page asked for, in the order asked (preloads included). */
function recordDataRequests(page: import('playwright-core').Page): string[] {
	const asked: string[] = [];
	page.on('request', (r) => {
		const u = new URL(r.url());
		if (u.pathname.startsWith('/api/')) asked.push(u.pathname + u.search);
	});
	return asked;
}

test("the overview's HTML names the data sources it will ask for, exactly as the page asks for them", async () => {
	const { from, to } = monthRange(month);
	const query = `from=${from}&to=${to}&region=${encodeURIComponent(region)}`;
	// the filters in another order than the page writes them: the addresses follow the page's own order
	const html = await (await fetch(`${server.url}/?region=${encodeURIComponent(region)}&to=${to}&from=${from}`)).text();
	const preloads = [...html.matchAll(/<link rel="preload" as="fetch" crossorigin="anonymous" href="([^"]*)"/g)].map((m) =>
		m[1].replaceAll('&amp;', '&')
	);
	expect(preloads.sort()).toEqual([`/api/kpis?${query}`, `/api/load_month?${query}`, '/api/meta']);
	// another page asks for the metadata only (its own sources are not named yet)
	const rework = await (await fetch(`${server.url}/rework`)).text();
	expect([...rework.matchAll(/<link rel="preload" as="fetch"[^>]*href="([^"]*)"/g)].map((m) => m[1])).toEqual(['/api/meta']);
});

test('each data source is asked for once: the page reads the preloaded answer, and a filter chosen in the page is asked for once', async () => {
	const { ctx, page, errors } = await desktopPage(browser);
	const asked = recordDataRequests(page);
	await page.goto(server.url + '/');
	await settled(page, 0);
	expect(asked.sort()).toEqual(['/api/kpis', '/api/load_month', '/api/meta']);
	// the preload links were for the first page only: gone after hydration
	expect(await page.$$('link[rel="preload"][as="fetch"]')).toHaveLength(0);
	asked.length = 0;
	await page.click('[data-testid="filter-region"] .summary');
	await page.check(`[data-testid="filter-region"] input[value="${region}"]`);
	await page.waitForURL((u) => u.searchParams.get('region') === region);
	await settled(page, 0);
	const q = `region=${encodeURIComponent(region)}`;
	expect(asked.sort()).toEqual([`/api/kpis?${q}`, `/api/load_month?${q}`]);
	expect(errors).toEqual([]);
	await ctx.close();
});

test('a chart reports itself drawn only once the settings have come too, not when its data alone is in', async () => {
	const { ctx, page, errors } = await desktopPage(browser);
	let release!: () => void;
	const held = new Promise<void>((r) => (release = r));
	await page.route('**/api/meta', async (route) => {
		await held;
		await route.continue();
	});
	await page.goto(server.url + '/');
	const chart = '[data-chart="overview-monthly-load"]';
	// the monthly load is in (its chart made, its points counted) while the metadata is held back: nothing painted yet
	await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-points')) > 0, chart, { timeout: 60_000 });
	await page.waitForTimeout(300);
	expect(await page.$eval(chart, (c) => [c.getAttribute('data-drawn'), c.querySelectorAll('canvas').length])).toEqual(['no', 0]);
	release();
	await page.waitForSelector(`${chart}[data-drawn="yes"] canvas`, { timeout: 60_000 });
	expect(errors).toEqual([]);
	await ctx.close();
});

test('the built server renders pages without ECharts: no server module imports it, and the overview still renders', async () => {
	const dir = join(readEnv().buildDir, 'server');
	const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.js'));
	expect(files.length).toBeGreaterThan(10);
	const importing = files.filter((f) => /(from|import\()\s*['"](echarts|zrender)(\/[^'"]*)?['"]/.test(readFileSync(join(dir, f), 'utf8')));
	expect(importing).toEqual([]);
	const res = await fetch(server.url + '/');
	expect(res.status).toBe(200);
	expect(await res.text()).toContain('data-state="loading"');
});

test("the page's data sources come first in the Link header, before its stylesheets and scripts", async () => {
	const { from, to } = monthRange(month);
	const query = `from=${from}&to=${to}&region=${encodeURIComponent(region)}`;
	const res = await fetch(`${server.url}/?${query}`);
	const entries = (res.headers.get('link') ?? '').split(/,\s*(?=<)/);
	expect(entries.slice(0, 3)).toEqual([
		'</api/meta>; rel="preload"; as="fetch"; crossorigin="anonymous"',
		`</api/kpis?${query}>; rel="preload"; as="fetch"; crossorigin="anonymous"`,
		`</api/load_month?${query}>; rel="preload"; as="fetch"; crossorigin="anonymous"`
	]);
	// SvelteKit's own entries follow: the stylesheets and the module scripts, none of them a data source
	const rest = entries.slice(3);
	expect(rest.some((e) => /rel="modulepreload"/.test(e))).toBe(true);
	expect(rest.some((e) => /as="style"/.test(e))).toBe(true);
	expect(rest.filter((e) => e.includes('/api/'))).toEqual([]);
	// a page without data sources of its own names the metadata only
	const rework = (await fetch(`${server.url}/rework`)).headers.get('link') ?? '';
	expect(rework.split(/,\s*(?=<)/).filter((e) => e.includes('/api/'))).toEqual([
		'</api/meta>; rel="preload"; as="fetch"; crossorigin="anonymous"'
	]);
});

/** The server's log line saying it has read the overview's data, waited for up to a minute (null if it never came). */
async function warmedLine(s: Server): Promise<string | null> {
	for (let i = 0; i < 600; i++) {
		const line = s
			.log()
			.split('\n')
			.find((l) => l.startsWith("read the overview's data"));
		if (line) return line;
		if (s.proc.exitCode !== null) return null;
		await new Promise((r) => setTimeout(r, 100));
	}
	return null;
}

/** How the server answered a data source: from its result cache, or by running the query (Server-Timing's desc). */
async function answeredFrom(s: Server, path: string): Promise<string> {
	const res = await fetch(s.url + path);
	expect(res.status).toBe(200);
	await res.arrayBuffer();
	return /desc="(\w+)"/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? '';
}

test("a server just started reads the overview's data itself: the first visitor's requests are answered from its cache", async () => {
	// the default (FIELDLOOP_WARM unset)
	const warmed = await startServer(copy, { FIELDLOOP_WARM: '' });
	try {
		expect(await warmedLine(warmed)).toMatch(
			/^read the overview's data in \d+ ms \(\/api\/meta 200, \/api\/kpis 200, \/api\/load_month 200\)$/
		);
		// nothing asked before: each of the three is already in the cache, and a filtered one is not
		for (const path of ['/api/meta', '/api/kpis', '/api/load_month']) expect(await answeredFrom(warmed, path), path).toBe('cache');
		expect(await answeredFrom(warmed, `/api/kpis?region=${encodeURIComponent(region)}`)).toBe('duckdb');
	} finally {
		await warmed.stop();
	}
	// FIELDLOOP_WARM=0: nothing read at the start, so the first request runs its query
	const cold = await startServer(copy, { FIELDLOOP_WARM: '0' });
	try {
		await new Promise((r) => setTimeout(r, 1_000));
		expect(await answeredFrom(cold, '/api/kpis')).toBe('duckdb');
		expect(cold.log()).not.toContain("read the overview's data");
	} finally {
		await cold.stop();
	}
});
