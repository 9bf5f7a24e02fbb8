// The fault page says how many repairs its Paretos leave out for want of a recorded component or code
// (src/lib/components/FaultParetoPanel.svelte), worked out by hand on a small file, in both languages,
// including a filter where no repair has one (no chart, the count still shown); and on the review of that month,
// no verdict that one job would reverse, no rework chart drawn without jobs.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { Warehouse } from '../../src/lib/server/warehouse';
import { JUNE_FAULTS } from '../unit/fixtures/fault-unrecorded';
import { ticketsCsv, type T } from '../unit/fixtures/metrics-fixture';
import { closeDashboard, desktopPage, openDashboard, settled, type Server } from './harness';

// June (tests/unit/fixtures/fault-unrecorded.ts), East: 3 repairs 电容 (codes E1, E1, E2), 1 压缩机 (E3), 2 with neither,
// 1 install; North: 2 repairs with neither. Here also P10 (East), with a code but no component.
const rows: T[] = [...JUNE_FAULTS, { id: 'P10', created: '2026-06-11 09:00', type: 'repair', cust: 'C10', region: 'East', code: 'E9' }];
const JUNE = 'from=2026-06-01&to=2026-06-30';
const SHOTS = 'tests/artifacts';

let server: Server;
let browser: Browser;

beforeAll(async () => {
	const dir = mkdtempSync(join(tmpdir(), 'fl-e2e-unrecorded-'));
	writeFileSync(join(dir, 'tickets.csv'), ticketsCsv(rows));
	const db = join(dir, 'w.duckdb');
	const wh = await Warehouse.open(db);
	expect((await ingestFiles(wh, [join(dir, 'tickets.csv')])).ok).toBe(true);
	wh.close();
	({ server, browser } = await openDashboard(db));
}, 120_000);

afterAll(() => closeDashboard({ server, browser }));

/** The fault page at `query`: each Pareto's unrecorded line (null when it has none), and whether it drew a chart. */
async function paretos(query: string, lang: 'en' | 'zh' = 'en') {
	const { ctx, page, errors } = await desktopPage(browser, lang);
	await page.goto(`${server.url}/faults?${query}`);
	await settled(page);
	const read = (by: string) =>
		page.$eval(`section:has(h2:text-is("${by}"))`, (s) => ({
			chart: s.querySelector('[data-chart]') !== null,
			empty: s.querySelector('[data-state="empty"]')?.textContent?.trim() ?? null,
			unrecorded: s.querySelector('[data-unrecorded]')?.textContent?.trim() ?? null
		}));
	const titles =
		lang === 'en'
			? ['Repairs by fault component (Pareto)', 'Repairs by fault code (Pareto)']
			: ['故障部件排列图（维修工单）', '故障代码排列图（维修工单）'];
	const [component, code] = [await read(titles[0]), await read(titles[1])];
	mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: `${SHOTS}/faults-unrecorded-${query.replace(/\W+/g, '-')}-${lang}.png`, fullPage: true });
	await ctx.close();
	expect(errors).toEqual([]);
	return { component, code };
}

describe('the repairs a fault Pareto leaves out', () => {
	test('East in June: 3 of 7 repairs without a component, 2 of 7 without a code', async () => {
		expect(await paretos(`${JUNE}&region=East`)).toEqual({
			component: { chart: true, empty: null, unrecorded: 'Not in the chart: 3 of the 7 repairs (42.9%) have no fault component recorded.' },
			code: { chart: true, empty: null, unrecorded: 'Not in the chart: 2 of the 7 repairs (28.6%) have no fault code recorded.' }
		});
	});

	test('the same in Chinese', async () => {
		expect(await paretos(`${JUNE}&region=East`, 'zh')).toEqual({
			component: { chart: true, empty: null, unrecorded: '未计入图表：7 张维修工单中有 3 张（42.9%）未记录故障部件。' },
			code: { chart: true, empty: null, unrecorded: '未计入图表：7 张维修工单中有 2 张（28.6%）未记录故障代码。' }
		});
	});

	test('North in June: no repair has either, so no chart, and both counts are still shown', async () => {
		expect(await paretos(`${JUNE}&region=North`)).toEqual({
			component: {
				chart: false,
				empty: 'No repair in these filters has a fault component recorded.',
				unrecorded: 'Not in the chart: 2 of the 2 repairs (100.0%) have no fault component recorded.'
			},
			code: {
				chart: false,
				empty: 'No repair in these filters has a fault code recorded.',
				unrecorded: 'Not in the chart: 2 of the 2 repairs (100.0%) have no fault code recorded.'
			}
		});
	});

	test('July: no repair at all, so no line', async () => {
		const july = await paretos('from=2026-07-01&to=2026-07-31');
		const none = { chart: false, empty: 'No tickets match these filters.', unrecorded: null };
		expect(july).toEqual({ component: none, code: none });
	});

	test('the review of June says the same under its Pareto, in both languages', async () => {
		for (const [lang, text] of [
			['en', 'Left out above: 3 of the 7 repairs (42.9%) have no fault component recorded.'],
			['zh', '以上未计入：7 张维修工单中有 3 张（42.9%）未记录故障部件。']
		] as const) {
			const { ctx, page, errors } = await desktopPage(browser, lang);
			await page.goto(`${server.url}/review/2026-06?region=East`);
			await settled(page);
			expect(await page.textContent('[data-testid="review-fault-unrecorded"]')).toBe(text);
			if (lang === 'en') {
				// no completed job, so no rework chart drawn empty; 0 of 1 repeat customers and 0 complaints of 8: one job decides
				expect(await page.$$eval('[data-chart^="review-rework"]', (els) => els.length)).toBe(0);
				expect(await page.textContent('[data-testid="review-rework-team-type-none"]')).toBe(
					'No completed jobs in this period: no rework rate to show.'
				);
				const row = (kpi: string) =>
					page.$eval(`tr[data-kpi="${kpi}"]`, (tr) => ({
						coloured: tr.querySelector('.good, .bad') !== null,
						target: tr.querySelectorAll('td')[2].textContent!.replace(/\s+/g, ' ').trim()
					}));
				expect(await row('repeat_customer_share')).toEqual({ coloured: false, target: '≥ 10% (one job decides: no verdict)' });
				expect(await row('complaint_rate')).toEqual({ coloured: false, target: '< 3% (one job decides: no verdict)' });
				expect(await page.textContent('[data-testid="review-peak-none"]')).toBe(
					'No calendar year in the data has all twelve months yet: no peak-to-off-season ratio.'
				);
			} else {
				expect(await page.$eval('tr[data-kpi="complaint_rate"]', (tr) => tr.querySelectorAll('td')[2].textContent!.trim())).toBe(
					'< 3% （一单之差即可改变结论：暂不判定）'
				);
			}
			await page.screenshot({ path: `${SHOTS}/review-fault-unrecorded-${lang}.png`, fullPage: true });
			await ctx.close();
			expect(errors).toEqual([]);
		}
	});

	test("the overview's tiles of that month give no verdict one job would reverse", async () => {
		const { ctx, page, errors } = await desktopPage(browser, 'en');
		await page.goto(`${server.url}/?${JUNE}&region=East`);
		await settled(page);
		const tile = (kpi: string) =>
			page.$eval(`[data-kpi="${kpi}"]`, (el) => ({
				coloured: el.classList.contains('good') || el.classList.contains('bad'),
				target: el.querySelector('.target')!.textContent!.replace(/\s+/g, ' ').trim()
			}));
		// repeat customers 0 of 1 (1 of 1 would meet >= 10%); complaints 0 of 8 (1 of 8 = 12.5% would miss < 3%)
		expect(await tile('repeat_customer_share')).toEqual({ coloured: false, target: 'Target ≥ 10% · one job decides: no verdict' });
		expect(await tile('complaint_rate')).toEqual({ coloured: false, target: 'Target < 3% · one job decides: no verdict' });
		// no completed job: no rate, so no verdict and nothing after the target
		expect(await tile('rework_rate')).toEqual({ coloured: false, target: 'Target < 5%' });
		await ctx.close();
		expect(errors).toEqual([]);
	});
});
