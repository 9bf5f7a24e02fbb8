// Every page on a phone (390 px wide) in real Chromium, en and zh: no sideways
// page scroll, wide tables scroll inside their panel, the filter bar folds
// behind one button. Screenshots land in tests/artifacts/phone-*.png.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { lastCompleteMonth } from '../../src/lib/server/metrics/faults';
import { Warehouse } from '../../src/lib/server/warehouse';
import { closeDashboard, openDashboard, PAGES, sampleWarehouse, settled, type Server } from './harness';

const SHOTS = 'tests/artifacts';
const WIDTH = 390;
let server: Server;
let browser: Browser;
let month: string;

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	const { db } = await sampleWarehouse(8_000);
	const wh = await Warehouse.open(db);
	month = (await lastCompleteMonth(wh))!;
	wh.close();
	({ server, browser } = await openDashboard(db));
}, 240_000);

afterAll(() => closeDashboard({ server, browser }));

/** a phone page at `path` in a context of its own, its panels loaded and its charts drawn, and the errors its scripts throw */
async function phoneAt(lang: 'en' | 'zh', path: string): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
	const ctx = await browser.newContext({
		viewport: { width: WIDTH, height: 844 },
		deviceScaleFactor: 1,
		isMobile: true,
		hasTouch: true,
		locale: lang === 'zh' ? 'zh-CN' : 'en-US'
	});
	const page = await ctx.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	await page.goto(server.url + path);
	await settled(page, 500);
	return { ctx, page, errors };
}

/** the page's width as the browser lays it out, and the widest elements not inside a scroller of their own (for the failure message) */
function overflow(page: Page) {
	return page.evaluate((w) => {
		const clipped = (e: Element) => {
			for (let p = e.parentElement; p && p !== document.body; p = p.parentElement)
				if (getComputedStyle(p).overflowX !== 'visible') return true;
			return false;
		};
		// page coordinates: a page that does scroll sideways may already be scrolled
		const right = (e: Element) => e.getBoundingClientRect().right + window.scrollX;
		const wide = [...document.querySelectorAll('body *')]
			.filter((e) => right(e) > w + 0.5 && !clipped(e))
			.sort((a, b) => right(b) - right(a))
			.slice(0, 5)
			.map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(right(e))}`);
		return { scrollWidth: document.documentElement.scrollWidth, scrollX: window.scrollX, wide };
	}, WIDTH);
}

describe('at 390 px', () => {
	for (const [name, path] of PAGES)
		for (const lang of ['en', 'zh'] as const)
			test(`${name} (${lang}) has no sideways page scroll`, async () => {
				const { ctx, page, errors } = await phoneAt(lang, path(month));
				const o = await overflow(page);
				await page.screenshot({ path: `${SHOTS}/phone-${name}-${lang}.png`, fullPage: true });
				expect(o.scrollWidth, `scrolled ${o.scrollX}: ${o.wide.join('; ')}`).toBeLessThanOrEqual(WIDTH);
				// every chart fits the screen (but a sparkline in a table row, which scrolls with its table)
				const charts = await page.$$eval('[data-chart]', (els) =>
					els
						.filter((e) => !e.closest('.scroll, .scroll-x, table'))
						.map((e) => [e.getAttribute('data-chart'), Math.round(e.getBoundingClientRect().right)] as const)
				);
				expect(charts.length).toBeGreaterThan(name === 'data' || name === 'cases' ? -1 : 0);
				for (const [chart, right] of charts) expect(right, chart!).toBeLessThanOrEqual(WIDTH);
				expect(errors).toEqual([]);
				await ctx.close();
			}, 90_000);
});

test('in Chinese the review KPI table keeps each KPI name on one or two lines, not one character a line', async () => {
	const { ctx, page } = await phoneAt('zh', `/review/${month}`);
	const lines = await page.$$eval('[data-testid="review-kpis"] tbody th', (ths) =>
		ths.map((th) => {
			const r = document.createRange();
			r.selectNodeContents(th);
			return [th.textContent!.trim(), new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size] as const;
		})
	);
	expect(lines.length).toBeGreaterThanOrEqual(5);
	for (const [name, n] of lines) expect(n, name).toBeLessThanOrEqual(2);
	await ctx.close();
}, 90_000);

test('on a phone the review KPI table is one card per rate: nothing scrolls sideways, each figure carries its column name', async () => {
	const { ctx, page } = await phoneAt('en', `/review/${month}`);
	const box = await page.$eval('[data-testid="review-kpis"]', (t) => {
		const wrap = t.parentElement!;
		return { scroll: wrap.scrollWidth, client: wrap.clientWidth, head: t.querySelector('thead')!.getBoundingClientRect().height };
	});
	expect(box.scroll).toBeLessThanOrEqual(box.client);
	expect(box.head).toBeLessThanOrEqual(1);
	const card = await page.$eval('[data-testid="review-kpis"] tr[data-kpi="complaint_rate"]', (tr) =>
		[...tr.querySelectorAll('td')].map((td) => getComputedStyle(td, '::before').content)
	);
	expect(card).toEqual(['"This month"', '"numerator / denominator"', '"Target"', '"Last month"', '"Same month last year"']);
	await page.screenshot({ path: `${SHOTS}/phone-review-kpis-en.png`, fullPage: true });
	await ctx.close();
}, 90_000);

test('the filter bar folds behind one button on a phone, and opens', async () => {
	const { ctx, page } = await phoneAt('en', '/rework');
	expect(await page.isVisible('[data-testid="filter-region"] .summary')).toBe(false);
	expect(await page.textContent('[data-testid="filters-toggle"]')).toContain('Filters');
	await page.click('[data-testid="filters-toggle"]');
	expect(await page.isVisible('[data-testid="filter-region"] .summary')).toBe(true);
	expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(WIDTH);
	await page.screenshot({ path: `${SHOTS}/phone-filters-open-en.png` });
	await ctx.close();
}, 90_000);

test('a wide table scrolls inside its panel, not the page', async () => {
	const { ctx, page } = await phoneAt('en', '/data');
	const scrollers = await page.$$eval('.scroll-x', (els) =>
		els.map((e) => ({ overflowX: getComputedStyle(e).overflowX, client: e.clientWidth, scroll: e.scrollWidth }))
	);
	expect(scrollers.length).toBeGreaterThan(0);
	// at least one table is wider than its panel on a phone, and it is the panel that scrolls
	const wide = scrollers.filter((s) => s.scroll > s.client);
	expect(wide.length).toBeGreaterThan(0);
	for (const s of wide) expect(s.overflowX).toBe('auto');
	expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(WIDTH);
	await ctx.close();
}, 90_000);
