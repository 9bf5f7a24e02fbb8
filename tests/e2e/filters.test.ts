// The filter bar in real Chromium against the built server and a sample warehouse:
// two regions picked in the multi-select land in the URL (?region=A&region=B) and
// change the KPIs; the API counts both (the sum of each alone); the city list
// follows the chosen regions and a city outside them is dropped; the multi-select
// works from the keyboard; on a phone it opens in place without sideways scroll.
// Screenshots: tests/artifacts/filters-{desktop,phone}-{en,zh}.png.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Warehouse } from '../../src/lib/server/warehouse';
import { closeDashboard, desktopPage, openDashboard, sampleWarehouse, settled, type Server } from './harness';

const SHOTS = 'tests/artifacts';
const REGION = '[data-testid="filter-region"]';
let server: Server;
let browser: Browser;
/** each region's cities, read from the tickets table itself (not from filter_options) */
let cities: Map<string, string[]>;

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	const { db } = await sampleWarehouse(8_000);
	const wh = await Warehouse.open(db);
	const rows = await wh.all<{ region: string; city: string }>(
		`SELECT DISTINCT region, city FROM tickets WHERE region IS NOT NULL AND city IS NOT NULL ORDER BY 1, 2`
	);
	wh.close();
	cities = new Map();
	for (const r of rows) cities.set(r.region, [...(cities.get(r.region) ?? []), r.city]);
	({ server, browser } = await openDashboard(db));
}, 240_000);

afterAll(() => closeDashboard({ server, browser }));

const regionsOf = (page: Page) => new URL(page.url()).searchParams.getAll('region');
const cityOptions = (page: Page) =>
	page.$$eval('select[name="city"] option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
const kpiTitle = (page: Page) => page.getAttribute('[data-kpi="on_time_rate"]', 'title');

async function tick(page: Page, region: string, on = true): Promise<void> {
	if ((await page.getAttribute(`${REGION} .summary`, 'aria-expanded')) !== 'true') await page.click(`${REGION} .summary`);
	const box = `${REGION} input[type="checkbox"][value="${region}"]`;
	if (on) await page.check(box);
	else await page.uncheck(box);
}

test('the sample has the regions this test picks: 上海 (上海), 江苏 (南京, 苏州), 浙江 (宁波, 杭州, 温州)', () => {
	expect(Object.fromEntries(cities)).toEqual({ 上海: ['上海'], 江苏: ['南京', '苏州'], 浙江: ['宁波', '杭州', '温州'] });
});

test('two regions picked in the filter bar: both in the URL, the KPIs change, a reload shows the same', async () => {
	const { ctx, page, errors } = await desktopPage(browser);
	await page.goto(server.url + '/');
	await settled(page);
	const all = await kpiTitle(page);
	await tick(page, '上海');
	await page.waitForURL((u) => u.searchParams.getAll('region').join() === '上海');
	await settled(page);
	const one = await kpiTitle(page);
	await tick(page, '江苏');
	await page.waitForURL((u) => u.searchParams.getAll('region').join() === '上海,江苏');
	await settled(page);
	const two = await kpiTitle(page);
	expect(new Set([all, one, two]).size, `${all} / ${one} / ${two}`).toBe(3);
	expect(await page.textContent(`${REGION} .summary`)).toContain('上海, 江苏');
	// the link is shareable: reloading it shows both regions ticked and the same figures
	const url = page.url();
	await page.reload();
	await settled(page);
	expect(page.url()).toBe(url);
	expect(await kpiTitle(page)).toBe(two);
	await page.click(`${REGION} .summary`);
	expect(await page.isChecked(`${REGION} input[value="上海"]`)).toBe(true);
	expect(await page.isChecked(`${REGION} input[value="江苏"]`)).toBe(true);
	expect(await page.isChecked(`${REGION} input[value="浙江"]`)).toBe(false);
	// the nav links carry both regions to the other pages
	expect(new URL(server.url + (await page.getAttribute('nav a[href^="/rework"]', 'href'))).searchParams.getAll('region')).toEqual([
		'上海',
		'江苏'
	]);
	expect(errors).toEqual([]);
	await ctx.close();
}, 120_000);

test('the API counts a region list as the sum of each region alone', async () => {
	const jobs = async (qs: string) => {
		const res = await fetch(`${server.url}/api/kpis?${qs}`);
		expect(res.status, qs).toBe(200);
		const k = ((await res.json()) as { kpis: Record<string, { numerator: number; denominator: number }> }).kpis;
		return [k.rework_rate.numerator, k.rework_rate.denominator, k.on_time_rate.denominator];
	};
	const sh = await jobs(`region=${encodeURIComponent('上海')}`);
	const js = await jobs(`region=${encodeURIComponent('江苏')}`);
	const both = await jobs(`region=${encodeURIComponent('上海')}&region=${encodeURIComponent('江苏')}`);
	expect(sh[1]).toBeGreaterThan(0);
	expect(js[1]).toBeGreaterThan(0);
	expect(both).toEqual(sh.map((n, i) => n + js[i]));
	// one value where the staffing plan needs one: a 400 that says so
	const plan = await fetch(`${server.url}/api/staffing_plan?region=${encodeURIComponent('上海')}&region=${encodeURIComponent('江苏')}`);
	expect(plan.status).toBe(400);
	expect(((await plan.json()) as { error: string }).error).toBe(
		'the staffing plan takes one region at a time, got 2 (上海, 江苏): choose one'
	);
});

test('City follows Region: picking a region narrows the cities; a city outside the chosen regions is dropped', async () => {
	const { ctx, page, errors } = await desktopPage(browser);
	await page.goto(server.url + '/rework');
	await settled(page);
	expect((await cityOptions(page)).sort()).toEqual([...cities.values()].flat().sort());
	await tick(page, '江苏');
	await page.waitForURL((u) => u.searchParams.getAll('region').join() === '江苏');
	await expect.poll(() => cityOptions(page)).toEqual(cities.get('江苏'));
	await page.keyboard.press('Escape');
	await page.selectOption('select[name="city"]', '苏州');
	await page.waitForURL((u) => u.searchParams.get('city') === '苏州');
	await settled(page);
	// adding 上海 keeps 苏州 (it is in 江苏); the cities are those of both
	await tick(page, '上海');
	await page.waitForURL((u) => u.searchParams.getAll('region').join() === '江苏,上海');
	expect(new URL(page.url()).searchParams.get('city')).toBe('苏州');
	await expect.poll(() => cityOptions(page)).toEqual(['上海', '南京', '苏州']);
	// taking 江苏 off leaves 上海 alone: 苏州 goes with it in the same step, so 上海 + 苏州 cannot show an empty page
	await tick(page, '江苏', false);
	await page.waitForURL((u) => u.searchParams.getAll('region').join() === '上海' && !u.searchParams.has('city'));
	await settled(page);
	expect(await cityOptions(page)).toEqual(['上海']);
	expect(await page.$$('[data-state="empty"]')).toHaveLength(0);
	expect(errors).toEqual([]);
	await ctx.close();
}, 120_000);

test('the multi-select from the keyboard: Enter opens, Tab and Space tick, Escape closes back on the button', async () => {
	const { ctx, page, errors } = await desktopPage(browser, 'zh');
	await page.goto(server.url + '/');
	await settled(page);
	expect(await page.textContent(`${REGION} .label`)).toBe('区域');
	expect((await page.textContent(`${REGION} .summary`))?.trim()).toMatch(/^全部/);
	await page.focus(`${REGION} .summary`);
	await page.keyboard.press('Enter');
	expect(await page.getAttribute(`${REGION} .summary`, 'aria-expanded')).toBe('true');
	await page.keyboard.press('Tab');
	const first = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
	expect([...cities.keys()]).toContain(first);
	await page.keyboard.press('Space');
	await page.waitForURL((u) => u.searchParams.getAll('region').join() === first);
	await page.keyboard.press('Tab');
	await page.keyboard.press('Space');
	await page.waitForURL((u) => u.searchParams.getAll('region').length === 2);
	await page.keyboard.press('Escape');
	expect(await page.getAttribute(`${REGION} .summary`, 'aria-expanded')).toBe('false');
	expect(await page.evaluate(() => document.activeElement?.classList.contains('summary'))).toBe(true);
	expect(regionsOf(page)).toHaveLength(2);
	await settled(page);
	expect(errors).toEqual([]);
	await ctx.close();
}, 120_000);

describe('screenshots of the open filter bar', () => {
	for (const lang of ['en', 'zh'] as const) {
		test(`desktop (${lang})`, async () => {
			const { ctx, page, errors } = await desktopPage(browser, lang);
			await page.goto(
				server.url +
					'/?region=' +
					encodeURIComponent('江苏') +
					'&model=' +
					encodeURIComponent('KFR-26GW/BpR3') +
					'&model=' +
					encodeURIComponent('KFR-50LW/BpR3')
			);
			await settled(page);
			await page.click(`${REGION} .summary`);
			const box = (await page.locator(`${REGION} .panel`).boundingBox())!;
			expect(box.width).toBeGreaterThanOrEqual(200);
			await page.screenshot({ path: `${SHOTS}/filters-desktop-${lang}.png`, clip: { x: 0, y: 0, width: 1400, height: 420 } });
			expect(errors).toEqual([]);
			await ctx.close();
		}, 90_000);

		test(`phone 390 px (${lang}): folded, opens, the list opens in place, no sideways scroll`, async () => {
			const ctx = await browser.newContext({
				viewport: { width: 390, height: 844 },
				isMobile: true,
				hasTouch: true,
				locale: lang === 'zh' ? 'zh-CN' : 'en-US'
			});
			const page = await ctx.newPage();
			await page.goto(server.url + '/?region=' + encodeURIComponent('浙江'));
			await settled(page);
			expect(await page.isVisible(`${REGION} .summary`)).toBe(false);
			await page.tap('[data-testid="filters-toggle"]');
			await page.tap(`${REGION} .summary`);
			expect(await page.isVisible(`${REGION} input[value="上海"]`)).toBe(true);
			const panel = (await page.locator(`${REGION} .panel`).boundingBox())!;
			expect(panel.x).toBeGreaterThanOrEqual(0);
			expect(panel.x + panel.width).toBeLessThanOrEqual(390);
			await page.tap(`${REGION} label:has(input[value="上海"])`);
			await page.waitForURL((u) => u.searchParams.getAll('region').join() === '浙江,上海');
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
			await page.screenshot({ path: `${SHOTS}/filters-phone-${lang}.png`, fullPage: false });
			await ctx.close();
		}, 90_000);
	}
});
