// The review as the meeting's handout: the sample's last month printed to PDF by
// headless Chromium (the CLI and the page's PDF button share one print layout),
// in English and Chinese. Checked: the chart boxes of the print layout (taken
// from the page before printing) fit the A4 landscape width and do not overlap;
// the page count (findings and key figures, then the three charts, then the
// tables); "data as of" and "page n of N" on every page (pdftotext); the pages
// rendered to PNG (pdftoppm) in tests/artifacts for a person to look at. Also:
// week and quarter pages, previous/next links that stop at the data, and the
// CLI's invalid week and quarter.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { PRINT_WIDTH_PX, reviewPdf } from '../../src/lib/server/report-pdf';
import { Warehouse } from '../../src/lib/server/warehouse';
import { launchBrowser, sampleWarehouse, startServer, type Server } from './harness';

const SHOTS = 'tests/artifacts';
let sample: { dir: string; db: string };
let server: Server;
let browser: Browser;
/** the last ticket day and the last month it completes, straight from the warehouse */
let lastDay: string;
let lastMonth: string;

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	sample = await sampleWarehouse();
	const wh = await Warehouse.open(sample.db, { readOnly: true });
	lastDay = (await wh.one<{ d: string }>(`SELECT strftime(max(created_at), '%Y-%m-%d') AS d FROM tickets`)).d;
	wh.close();
	// the sample ends on a month's last day, so that month is the last complete one
	expect(lastDay.endsWith('-31') || lastDay.endsWith('-30')).toBe(true);
	lastMonth = lastDay.slice(0, 7);
	server = await startServer(sample.db);
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	if (sample) rmSync(sample.dir, { recursive: true, force: true });
});

function pdfText(file: string, page?: number): string {
	const args = page ? ['-f', String(page), '-l', String(page), file, '-'] : [file, '-'];
	const r = spawnSync('pdftotext', ['-layout', ...args], { encoding: 'utf8' });
	expect(r.status, r.stderr).toBe(0);
	return r.stdout;
}

function pdfPages(file: string): number {
	const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
	expect(r.status, r.stderr).toBe(0);
	return Number(/Pages:\s+(\d+)/.exec(r.stdout)![1]);
}

const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
	a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Put in a page before it loads: records the texts drawn into each canvas since the canvas was last cleared whole, i.e. a
 * chart's last frame. ECharts draws each axis label with fillText (a wrapped one line by line) and skips a label it hides.
 */
function recordCanvasText() {
	const drawn = new WeakMap<HTMLCanvasElement, string[]>();
	(window as unknown as { drawnText: (c: HTMLCanvasElement) => string[] }).drawnText = (c) => drawn.get(c) ?? [];
	const proto = CanvasRenderingContext2D.prototype;
	const { fillText, clearRect } = proto;
	proto.fillText = function (text: string, x: number, y: number, max?: number) {
		drawn.set(this.canvas, [...(drawn.get(this.canvas) ?? []), String(text)]);
		return max === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, max);
	};
	proto.clearRect = function (x: number, y: number, w: number, h: number) {
		if (x <= 0 && y <= 0 && w >= this.canvas.width && h >= this.canvas.height) drawn.set(this.canvas, []);
		return clearRect.call(this, x, y, w, h);
	};
}

describe('the review PDF', () => {
	for (const lang of ['en', 'zh'] as const)
		test(`the last month in ${lang}: charts that fit and do not overlap, the stamp and page numbers on every page`, async () => {
			const res = await reviewPdf({ origin: server.url, period: lastMonth, lang, now: new Date('2026-12-01T08:30:00Z') });
			// the three charts of the print layout, each inside the printable width and clear of the others
			expect(res.boxes.map((b) => b.name).sort()).toEqual(['review-fault-pareto', 'review-rework-team-type', 'review-rework-tenure']);
			for (const b of res.boxes) {
				expect(b.x, b.name).toBeGreaterThanOrEqual(0);
				expect(b.x + b.width, b.name).toBeLessThanOrEqual(PRINT_WIDTH_PX);
				expect(b.width, b.name).toBeGreaterThan(300);
				expect(b.height, b.name).toBe(230);
			}
			for (let i = 0; i < res.boxes.length; i++)
				for (let j = i + 1; j < res.boxes.length; j++)
					expect(overlap(res.boxes[i], res.boxes[j]), `${res.boxes[i].name} × ${res.boxes[j].name}`).toBe(false);

			const file = join(sample.dir, `review-${lang}.pdf`);
			writeFileSync(file, res.pdf);
			expect(res.pdf.subarray(0, 5).toString()).toBe('%PDF-');
			// page 1 findings and key figures; a page break before the charts, which stay together on one page; then the tables
			// and the staffing outlook. (pdftotext drops the spaces between Chinese and digits: compared without white space)
			const pages = pdfPages(file);
			expect(pages).toBeGreaterThanOrEqual(3);
			expect(pages).toBeLessThanOrEqual(5);
			const flat = (s: string) => s.replace(/\s+/g, '');
			const stamp = flat(lang === 'en' ? `data as of ${lastDay}` : `数据截至 ${lastDay}`);
			const generated = flat(lang === 'en' ? 'generated 2026-12-01 08:30 UTC' : '生成于 2026-12-01 08:30 UTC');
			const texts = Array.from({ length: pages }, (_, i) => flat(pdfText(file, i + 1)));
			texts.forEach((text, i) => {
				expect(text, `page ${i + 1}`).toContain(stamp);
				expect(text, `page ${i + 1}`).toContain(generated);
				expect(text, `page ${i + 1}`).toContain(flat(lang === 'en' ? `page ${i + 1} of ${pages}` : `第 ${i + 1} 页 / 共 ${pages} 页`));
			});
			expect(texts[0]).toContain(flat(lang === 'en' ? 'Top findings' : '主要发现'));
			const titles = (
				lang === 'en'
					? ['Rework by team type', 'Rework by technician tenure', 'Repair faults by component (Pareto)']
					: ['按队伍类型的返工率', '按师傅工龄的返工率', '维修故障部件排列图']
			).map(flat);
			const chartPage = texts.findIndex((text) => text.includes(titles[0]));
			expect(chartPage).toBeGreaterThanOrEqual(1);
			for (const title of titles) expect(texts[chartPage], title).toContain(title);
			// rendered for a person to look at
			const png = spawnSync('pdftoppm', ['-r', '70', '-png', file, join(SHOTS, `review-pdf-${lang}`)], { encoding: 'utf8' });
			expect(png.status, png.stderr).toBe(0);
			expect(statSync(join(SHOTS, `review-pdf-${lang}-1.png`)).size).toBeGreaterThan(10_000);
		});

	test('every rate bar has its label drawn, at the printed chart size and on a phone, in en and zh', async () => {
		const views = [
			{ name: 'print', width: PRINT_WIDTH_PX, height: 700, query: '?print=1' },
			{ name: 'phone', width: 390, height: 844, query: '' }
		];
		for (const lang of ['en', 'zh'] as const)
			for (const view of views) {
				const ctx = await browser.newContext({ viewport: { width: view.width, height: view.height } });
				await ctx.addInitScript(recordCanvasText);
				await ctx.addCookies([{ name: 'lang', value: lang, url: server.url }]);
				const page = await ctx.newPage();
				if (view.name === 'print') await page.emulateMedia({ media: 'print' });
				await page.goto(`${server.url}/review/${lastMonth}${view.query}`);
				await page.waitForFunction(
					() =>
						document.querySelectorAll('[data-state="loading"]').length === 0 &&
						[...document.querySelectorAll('[data-chart^="review-rework"]')].every((c) => c.querySelector('canvas')),
					null,
					{ timeout: 60_000 }
				);
				await page.waitForTimeout(1500); // the entry animation's last frame
				const charts = await page.$$eval('[data-chart^="review-rework"]', (els) =>
					els.map((el) => ({
						name: el.getAttribute('data-chart')!,
						width: el.clientWidth,
						bars: el.getAttribute('data-categories')!.split('|'),
						drawn: (window as unknown as { drawnText: (c: HTMLCanvasElement) => string[] }).drawnText(el.querySelector('canvas')!)
					}))
				);
				expect(charts.map((c) => c.name).sort()).toEqual(['review-rework-team-type', 'review-rework-tenure']);
				for (const c of charts) {
					const where = `${lang}, ${view.name} (chart ${c.width} px), ${c.name}`;
					// the print layout draws two charts a row (narrower than the compact width); a phone one a row
					expect(c.width, where).toBeLessThan(520);
					expect(c.bars.length, where).toBeGreaterThanOrEqual(2);
					const text = c.drawn.join('').replace(/\s+/g, '');
					expect(
						c.bars.filter((bar) => !text.includes(bar.replace(/\s+/g, ''))),
						`${where}: bars whose label is not drawn`
					).toEqual([]);
				}
				await ctx.close();
			}
	});

	test('the PDF button: GET /review/<month>/pdf answers a PDF of the same layout', async () => {
		const res = await fetch(`${server.url}/review/${lastMonth}/pdf?lang=en`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="review-${lastMonth}.pdf"`);
		const file = join(sample.dir, 'button.pdf');
		writeFileSync(file, Buffer.from(await res.arrayBuffer()));
		expect(pdfText(file, 1)).toContain(`data as of ${lastDay}`);
		expect((await fetch(`${server.url}/review/2026-13/pdf`)).status).toBe(400);
	});

	test('the CLI prints the same PDF through the running server; an invalid week or quarter is named', () => {
		const run = (args: string[]) =>
			spawnSync(process.execPath, ['--import', 'tsx', 'scripts/report.ts', '--db', sample.db, ...args], {
				encoding: 'utf8',
				timeout: 170_000,
				env: { ...process.env, FORCE_COLOR: '0' }
			});
		const out = join(sample.dir, 'cli.pdf');
		const ok = run(['--month', lastMonth, '--format', 'pdf', '--out', out, '--lang', 'en']);
		expect(ok.status, ok.stderr).toBe(0);
		expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
		expect(pdfText(out, 1)).toContain(`data as of ${lastDay}`);
		const week = run(['--week', '2025-W53', '--lang', 'en']);
		expect([week.status, week.stderr.trim()]).toEqual([
			2,
			'error: --week 2025-W53 is not an ISO week: give YYYY-Www with a week the year has (e.g. --week 2026-W42)'
		]);
		const quarter = run(['--quarter', '2026-Q5', '--lang', 'en']);
		expect([quarter.status, quarter.stderr.trim()]).toEqual([
			2,
			'error: --quarter 2026-Q5 is not a quarter: give YYYY-Qn with n from 1 to 4 (e.g. --quarter 2026-Q3)'
		]);
		const noPdfOut = run(['--month', lastMonth, '--format', 'pdf', '--lang', 'en']);
		expect([noPdfOut.status, noPdfOut.stderr.trim()]).toEqual([2, 'error: --format pdf needs --out FILE']);
	});
});

describe('review pages by period', () => {
	test('a week, a month and a quarter; no "next" past the data', async () => {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		await ctx.addCookies([{ name: 'lang', value: 'en', url: server.url }]);
		const page = await ctx.newPage();
		const open = async (path: string) => {
			await page.goto(server.url + path);
			await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0, null, { timeout: 60_000 });
		};
		// the last month: a previous link, no next one
		await open(`/review/${lastMonth}`);
		expect(await page.locator('[data-testid="review-prev"]').count()).toBe(1);
		expect(await page.locator('[data-testid="review-next"]').count()).toBe(0);
		expect(await page.locator('[data-testid="review-no-next"]').textContent()).toBe('no later data');
		// the last month's rework is provisional: the page makes no claim on its change
		const rework = page.locator('tr[data-kpi="rework_rate"]');
		expect(await rework.getAttribute('data-provisional')).toBe('yes');
		expect(await rework.locator('[data-claim="up"], [data-claim="down"]').count()).toBe(0);
		expect(await rework.locator('.good, .bad').count()).toBe(0);
		await page.screenshot({ path: join(SHOTS, 'review-month-en.png'), fullPage: true });
		// a week and a quarter, scoped by the URL
		await open('/review/2026-W42');
		expect(await page.locator('h1').textContent()).toBe('Weekly field-problem report — week 42 of 2026 (2026-10-12 – 2026-10-18)');
		expect(await page.locator('[data-testid="findings"] li').count()).toBeGreaterThan(0);
		await open('/review/2026-Q3?region=' + encodeURIComponent('江苏'));
		expect(await page.locator('h1').textContent()).toBe('Quarterly repeated-fault analysis — Q3 2026');
		expect(await page.locator('[data-testid="review-stamp"]').getAttribute('data-scope')).toBe('Region: 江苏');
		await page.screenshot({ path: join(SHOTS, 'review-quarter-en.png'), fullPage: true });
		// an impossible period is refused
		const bad = await page.goto(server.url + '/review/2026-W54');
		expect(bad?.status()).toBe(400);
		await ctx.close();
	});
});
