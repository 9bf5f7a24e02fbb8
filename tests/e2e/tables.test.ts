// The table component in real Chromium: a header click sorts (numbers as
// numbers, ascending then descending), a table longer than a page pages on,
// headings carry their full label.
import { readFileSync, writeFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REWORK_JOBS_PAGE } from '../../src/lib/api/contract';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { Warehouse } from '../../src/lib/server/warehouse';
import { closeDashboard, openDashboard, sampleWarehouse, type Server } from './harness';

let server: Server;
let browser: Browser;

beforeAll(async () => {
	const { db, dir } = await sampleWarehouse(8_000);
	// 600 roster rows with an impossible hire date: 600 more rejects, more than the Data page's table shows at once
	const roster = join(dir, 'technicians-bad.csv');
	const bad = Array.from({ length: 600 }, (_, i) => `X${String(i).padStart(4, '0')},名${i},2026/13/45,,杭州二组,自有`);
	writeFileSync(roster, ['师傅工号,姓名,入职日期,离职日期,班组,队伍类型', ...bad].join('\n') + '\n');
	const wh = await Warehouse.open(db);
	const loaded = await ingestFiles(wh, [roster]);
	wh.close();
	expect(loaded.ok).toBe(true);
	({ server, browser } = await openDashboard(db));
}, 240_000);

afterAll(() => closeDashboard({ server, browser }));

async function open(path: string): Promise<{ ctx: BrowserContext; page: Page }> {
	const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
	const page = await ctx.newPage();
	await page.goto(server.url + path);
	await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0, null, { timeout: 60_000 });
	return { ctx, page };
}

/** one column's cells, top to bottom, of the named table's current page */
const column = (page: Page, table: string, j: number) =>
	page.$$eval(`[data-table="${table}"] tbody tr`, (trs, j) => trs.map((tr) => tr.children[j]!.textContent!.trim()), j);
const num = (s: string) => Number(s.replace(/[,%]/g, ''));

test('a header click sorts the technician table: numbers as numbers, ascending then descending, and the first row changes', async () => {
	const { ctx, page } = await open('/rework');
	const T = 'rework-by-technician';
	const ids = await column(page, T, 0);
	const jobs = (await column(page, T, 1)).map(num);
	expect(ids.length).toBeGreaterThan(10);
	expect(ids.length).toBeLessThanOrEqual(200); // all on one page: the whole column is the reference
	const heads = await page.$$eval(`[data-table="${T}"] thead th`, (ths) =>
		ths.map((th) => [th.textContent!.trim(), th.getAttribute('title')])
	);
	for (const [text, title] of heads) expect(text!.startsWith(title!)).toBe(true);

	await page.click(`[data-table="${T}"] thead th:nth-child(2) button`);
	await page.waitForSelector(`[data-table="${T}"] thead th:nth-child(2) [data-sort="asc"]`);
	const asc = (await column(page, T, 1)).map(num);
	// the page's own cells sorted as numbers (a text sort would put 100 before 9)
	expect(asc).toEqual([...jobs].sort((a, b) => a - b));
	expect(await page.getAttribute(`[data-table="${T}"] thead th:nth-child(2)`, 'aria-sort')).toBe('ascending');

	await page.click(`[data-table="${T}"] thead th:nth-child(2) button`);
	await page.waitForSelector(`[data-table="${T}"] thead th:nth-child(2) [data-sort="desc"]`);
	const desc = (await column(page, T, 1)).map(num);
	expect(desc).toEqual([...jobs].sort((a, b) => b - a));
	expect(desc[0]).toBe(Math.max(...jobs));
	expect(desc[0]).not.toBe(asc[0]);

	// the rate column: its first row after a descending sort is the highest rate shown
	const rates = (await column(page, T, 3)).map(num);
	await page.click(`[data-table="${T}"] thead th:nth-child(4) button`);
	await page.click(`[data-table="${T}"] thead th:nth-child(4) button`);
	await page.waitForSelector(`[data-table="${T}"] thead th:nth-child(4) [data-sort="desc"]`);
	const first = await page.$$eval(`[data-table="${T}"] tbody tr:first-child td`, (tds) => tds.map((td) => td.textContent!.trim()));
	expect(num(first[3]!)).toBe(Math.max(...rates));
	await ctx.close();
});

test('a table longer than a page pages on: the next page shows the rows after the first page', async () => {
	const { ctx, page } = await open('/data');
	const name = 'rejects';
	const total = num((await page.textContent(`[data-table="${name}"] .count`))!.split(' ')[0]!);
	const pageRows = (await page.$$(`[data-table="${name}"] tbody tr`)).length;
	expect(total).toBeGreaterThanOrEqual(600);
	expect(pageRows).toBe(500); // the Data page shows its rejects 500 a page
	expect(await page.textContent(`[data-table="${name}"] [data-testid="pager"] span`)).toBe(`1–${pageRows} / ${total}`);
	const firstBefore = await page.textContent(`[data-table="${name}"] tbody tr:first-child`);
	await page.click(`[data-table="${name}"] [data-page="next"]`);
	const end = Math.min(2 * pageRows, total);
	await expect.poll(() => page.textContent(`[data-table="${name}"] [data-testid="pager"] span`)).toBe(`${pageRows + 1}–${end} / ${total}`);
	expect((await page.$$(`[data-table="${name}"] tbody tr`)).length).toBe(end - pageRows);
	expect(await page.textContent(`[data-table="${name}"] tbody tr:first-child`)).not.toBe(firstBefore);
	await ctx.close();
});

test('the rework jobs list pages on the server: page N shows job N×size+1, the last page the last job, ids with names', async () => {
	// the whole history (the sample's default twelve months hold under a page), and the whole list in the server's order from the data source the page reads
	const range = 'from=2000-01-01&to=2099-12-31';
	const res = await fetch(`${server.url}/api/rework_jobs?limit=100000&${range}`);
	const all = tableFromIPC(new Uint8Array(await res.arrayBuffer()))
		.toArray()
		.map((r) => r.toJSON() as { rework_id: string; technician_id: string | null; technician_name: string | null; total: number });
	const total = all.length;
	expect(total).toBeGreaterThan(2 * REWORK_JOBS_PAGE); // three pages at least
	expect(all[0]!.total).toBe(total);
	const { ctx, page } = await open(`/rework?${range}`);
	const T = 'reworked-jobs';
	const pager = `[data-table="${T}"] [data-testid="pager"] span`;
	expect(await page.textContent(`[data-table="${T}"] .count`)).toBe(`${total} rows`);
	expect(await page.textContent(pager)).toBe(`1–${REWORK_JOBS_PAGE} / ${total}`);
	// rework ids are column 9; the technician (id and roster name) column 4
	for (const n of [1, 2]) {
		await page.click(`[data-table="${T}"] [data-page="next"]`);
		await expect
			.poll(() => page.textContent(pager))
			.toBe(`${n * REWORK_JOBS_PAGE + 1}–${Math.min((n + 1) * REWORK_JOBS_PAGE, total)} / ${total}`);
		await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0);
		expect((await column(page, T, 8))[0]).toBe(all[n * REWORK_JOBS_PAGE]!.rework_id);
		expect(new URL(page.url()).searchParams.get('jobs_page')).toBe(String(n + 1));
	}
	// the last page, from a link: it ends with the last job of the list
	const last = Math.ceil(total / REWORK_JOBS_PAGE);
	await page.goto(`${server.url}/rework?${range}&jobs_page=${last}`);
	await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0, null, { timeout: 60_000 });
	const ids = await column(page, T, 8);
	expect(ids.length).toBe(total - (last - 1) * REWORK_JOBS_PAGE);
	expect(ids.at(-1)).toBe(all[total - 1]!.rework_id);
	// names beside ids: each technician cell is the id and the roster's name
	const techs = await column(page, T, 3);
	const rows = all.slice((last - 1) * REWORK_JOBS_PAGE);
	expect(rows.some((r) => r.technician_name)).toBe(true);
	expect(techs).toEqual(rows.map((r) => (r.technician_id ? [r.technician_id, r.technician_name].filter(Boolean).join(' ') : '—')));
	// the CSV export holds every job of the list, not the page shown, in the list's order
	const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export-csv="${T}"]`)]);
	const lines = readFileSync((await download.path())!, 'utf8')
		.trim()
		.split(/\r\n/);
	expect(lines.length).toBe(total + 1);
	expect(lines[1]!.split(',')[8]).toBe(all[0]!.rework_id);
	expect(lines[total]!.split(',')[8]).toBe(all[total - 1]!.rework_id);
	await ctx.close();
});

test("a chart's PNG carries its context: three lines (title, period and filters, data as of) above the chart", async () => {
	const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US', acceptDownloads: true });
	const page = await ctx.newPage();
	await page.goto(server.url + '/?region=' + encodeURIComponent('江苏'));
	await page.waitForFunction(() => [...document.querySelectorAll('[data-chart]')].some((c) => c.getAttribute('data-drawn') === 'yes'));
	await page.waitForTimeout(800);
	const chart = await page.$eval('[data-export-png]', (b) => b.getAttribute('data-export-png')!);
	const cssHeight = await page.$eval(`[data-chart="${chart}"]`, (e) => e.getBoundingClientRect().height);
	const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export-png="${chart}"]`)]);
	expect(download.suggestedFilename()).toBe(`${chart}.png`);
	const png = readFileSync((await download.path())!);
	expect(png.subarray(1, 4).toString()).toBe('PNG');
	const height = png.readUInt32BE(20);
	// pixel ratio 2: the chart, and a head of 10 px padding + 3 lines of 18 px
	expect(height).toBe(Math.round(cssHeight) * 2 + (10 + 3 * 18) * 2);
	// each of the three head lines has ink (dark pixels) on the white background
	const blank = await browser.newPage();
	const inked = await blank.evaluate(async (b64) => {
		const img = new Image();
		img.src = `data:image/png;base64,${b64}`;
		await img.decode();
		const c = document.createElement('canvas');
		c.width = img.width;
		c.height = img.height;
		const g = c.getContext('2d')!;
		g.drawImage(img, 0, 0);
		return [0, 1, 2].map((line) => {
			const d = g.getImageData(0, 20 + line * 36, c.width, 30).data;
			let n = 0;
			for (let i = 0; i < d.length; i += 4) if (d[i]! < 160 && d[i + 1]! < 160 && d[i + 2]! < 160) n++;
			return n;
		});
	}, png.toString('base64'));
	for (const n of inked) expect(n).toBeGreaterThan(50);
	await blank.close();
	await ctx.close();
});
