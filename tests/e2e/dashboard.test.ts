// The dashboard in real headless Chromium against the built server and a real warehouse.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { lastCompleteMonth } from '../../src/lib/server/metrics/faults';
import { monthlyReport } from '../../src/lib/server/report';
import { Warehouse } from '../../src/lib/server/warehouse';
import { closeDashboard, desktopPage, openDashboard, PAGES, sampleWarehouse, settled, type Server } from './harness';

const SHOTS = 'tests/artifacts';
let server: Server;
let browser: Browser;
let db: string;
let month: string;
/** the month's report worked out on the warehouse directly, before the server takes the file */
let report: Awaited<ReturnType<typeof monthlyReport>>;

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	({ db } = await sampleWarehouse());
	const wh = await Warehouse.open(db);
	month = (await lastCompleteMonth(wh))!;
	report = await monthlyReport(wh, month);
	wh.close();
	({ server, browser } = await openDashboard(db));
});

afterAll(() => closeDashboard({ server, browser }));

const newPage = (lang: 'en' | 'zh' = 'en') => desktopPage(browser, lang);

describe('every page', () => {
	for (const [name, path] of PAGES.filter(([page]) => page !== 'cases'))
		for (const lang of ['en', 'zh'] as const)
			test(`${name} (${lang}) loads without console errors, with drawn, non-empty charts`, async () => {
				const { ctx, page, errors } = await newPage(lang);
				await page.goto(server.url + path(month));
				await settled(page);
				const charts = await page.$$eval('[data-chart]', (els) =>
					els.map((e) => ({ name: e.getAttribute('data-chart'), points: Number(e.getAttribute('data-points')) }))
				);
				if (name !== 'data') expect(charts.length).toBeGreaterThan(0);
				for (const c of charts) expect(c.points, `chart ${c.name}`).toBeGreaterThan(0);
				expect(await page.$$('[data-state="error"]')).toHaveLength(0);
				expect(await page.$$('[data-state="empty"]')).toHaveLength(0);
				await page.screenshot({ path: `${SHOTS}/${name}-${lang}.png`, fullPage: true });
				expect(errors).toEqual([]);
				await ctx.close();
			});
});

test('a filter changes the URL and the figures, and reloading that URL shows the same figures', async () => {
	const { ctx, page, errors } = await newPage();
	await page.goto(server.url + '/');
	await settled(page);
	const before = await page.getAttribute('[data-kpi="on_time_rate"]', 'title');
	await page.click('[data-testid="filter-region"] .summary');
	const region = await page.$eval('[data-testid="filter-region"] input[type="checkbox"]', (i) => (i as HTMLInputElement).value);
	await page.check(`[data-testid="filter-region"] input[value="${region}"]`);
	await page.waitForURL((u) => u.searchParams.get('region') === region);
	await settled(page);
	const after = await page.getAttribute('[data-kpi="on_time_rate"]', 'title');
	expect(after).not.toEqual(before);
	const url = page.url();
	await page.reload();
	await settled(page);
	expect(page.url()).toBe(url);
	expect(await page.getAttribute('[data-kpi="on_time_rate"]', 'title')).toEqual(after);
	await page.goBack();
	await settled(page);
	expect(new URL(page.url()).searchParams.get('region')).toBeNull();
	expect(await page.getAttribute('[data-kpi="on_time_rate"]', 'title')).toEqual(before);
	expect(errors).toEqual([]);
	await ctx.close();
});

test('the language switch changes the labels', async () => {
	const { ctx, page } = await newPage('en');
	await page.goto(server.url + '/');
	await settled(page);
	expect(await page.textContent('nav a[href^="/rework"]')).toBe('Rework');
	await page.click('[data-testid="lang-switch"]');
	await expect.poll(() => page.textContent('nav a[href^="/rework"]')).toBe('返工');
	expect(await page.textContent('[data-kpi="rework_rate"] .name')).toBe('返工率');
	await page.reload();
	expect(await page.textContent('nav a[href^="/rework"]')).toBe('返工');
	await ctx.close();
});

test('a table exports CSV', async () => {
	const { ctx, page } = await newPage();
	await page.goto(server.url + '/data');
	await settled(page);
	const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export-csv="rejects"]')]);
	expect(download.suggestedFilename()).toBe('rejects.csv');
	const text = readFileSync((await download.path())!, 'utf8');
	const lines = text
		.replace(/^\uFEFF/, '')
		.trim()
		.split('\r\n');
	expect(lines[0]).toBe('File,Line,Column,Value,Rule');
	const status = (await (await fetch(`${server.url}/api/status`)).json()) as { tables: { rejects: number } };
	expect(status.tables.rejects).toBeGreaterThan(0);
	expect(lines.length - 1).toBe(status.tables.rejects);
	await ctx.close();
});

test("the review page shows the report's figures for the same month", async () => {
	const { ctx, page } = await newPage();
	await page.goto(`${server.url}/review/${month}`);
	await settled(page);
	const shown = await page.$$eval('[data-testid="review-kpis"] tr[data-kpi]', (rows) =>
		rows.map((r) => ({
			name: r.getAttribute('data-kpi'),
			numerator: Number(r.getAttribute('data-numerator')),
			denominator: Number(r.getAttribute('data-denominator')),
			value: r.getAttribute('data-value')
		}))
	);
	expect(shown.map((s) => s.name)).toEqual(Object.keys(report.kpis));
	for (const s of shown) {
		const k = report.kpis[s.name as keyof typeof report.kpis];
		expect(s.numerator, s.name!).toBe(k.numerator);
		expect(s.denominator, s.name!).toBe(k.denominator);
		expect(s.value === '' ? null : Number(s.value), s.name!).toBe(k.value);
	}
	await ctx.close();
});
