// How the overview loads (bench/README.md: the overview on a cold server): its data sources are named in the
// server-rendered HTML so the browser asks for them with the page, each is asked for once (the preloaded answer is
// the one the page reads), a chart reports itself drawn only once its data and the settings are in, and the built
// server renders pages without loading ECharts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { readEnv } from '../../src/lib/server/config';
import { lastCompleteMonth } from '../../src/lib/server/metrics/faults';
import { Warehouse } from '../../src/lib/server/warehouse';
import { monthRange } from '../../src/lib/months';
import { closeDashboard, desktopPage, openDashboard, sampleWarehouse, settled, type Server } from './harness';

let server: Server;
let browser: Browser;
let month: string;
let region: string;

beforeAll(async () => {
	const { db } = await sampleWarehouse(10_000);
	const wh = await Warehouse.open(db);
	month = (await lastCompleteMonth(wh))!;
	region = (await wh.one<{ r: string }>(`SELECT min(region) AS r FROM tickets`)).r;
	wh.close();
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
