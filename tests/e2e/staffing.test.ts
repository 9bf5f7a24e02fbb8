// The staffing plan on the seasonal page against npm run plan, on one real sample warehouse: the page's data
// source and the CLI's --json agree for the same what-ifs and scope; the page shows those figures, takes a typed
// what-if without Tab, exports the plan as CSV with the page language's formatting; screenshots in en and zh at
// 1440 px and 390 px (tests/artifacts/staffing-<lang>-<width>.png).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, sampleWarehouse, startServer, type Server } from './harness';

const SHOTS = 'tests/artifacts';
const run = promisify(execFile);
let server: Server;
let browser: Browser;
let db: string;
/** the same warehouse for the CLI: the server holds the file's lock */
let cliDb: string;
let region: string;

interface Week {
	week: string;
	week_start: string;
	jobs_p50: number;
	jobs_p80: number;
	jobs_p95: number;
	technicians_needed: number;
	expected_on_time: number;
	utilisation: number;
	roster_active: number;
	gap: number;
	at_risk: boolean;
}
interface Plan {
	settings: { quantile: number; working_days_per_week: number; max_utilisation: number; region: string | null; overtime: number };
	weeks: Week[];
}

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	({ db } = await sampleWarehouse(30_000));
	cliDb = db.replace(/\.duckdb$/, '-cli.duckdb');
	copyFileSync(db, cliDb);
	server = await startServer(db);
	browser = await launchBrowser();
	const meta = (await (await fetch(`${server.url}/api/meta`)).json()) as { options: { region: string[] } };
	region = meta.options.region[0];
}, 600_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function api(qs: string): Promise<Plan> {
	const res = await fetch(`${server.url}/api/staffing_plan?${qs}`);
	expect(res.status).toBe(200);
	return (await res.json()) as Plan;
}

async function cli(args: string[]): Promise<Plan> {
	const { stdout } = await run('npx', ['tsx', 'scripts/plan.ts', '--db', cliDb, '--json', ...args], { maxBuffer: 1 << 24 });
	return JSON.parse(stdout) as Plan;
}

test('the page’s data source and npm run plan --json give the same plan for the same inputs', async () => {
	// the defaults, then what-ifs in a region: quantile 0.9, 5 working days, 10% overtime, a fixed outsourced share
	const pairs: [string, string[]][] = [
		['', []],
		[
			`region=${encodeURIComponent(region)}&quantile=0.9&wd=5&overtime=0.1&outsourced=0.25&weeks=8`,
			['--region', region, '--quantile', '0.9', '--working-days', '5', '--overtime', '0.1', '--outsourced-share', '0.25', '--weeks', '8']
		]
	];
	for (const [qs, args] of pairs) {
		const [page, line] = await Promise.all([api(qs), cli(args)]);
		expect(page).toEqual(line);
	}
	const scoped = await api(pairs[1][0]);
	expect(scoped.settings).toMatchObject({ quantile: 0.9, working_days_per_week: 5, overtime: 0.1, region });
	expect(scoped.weeks).toHaveLength(8);
	// issue 11's bar: no recommended week above the utilisation ceiling (85%) at the planned demand
	const plan = await api('');
	expect(plan.weeks).toHaveLength(13);
	for (const w of plan.weeks) {
		expect(w.utilisation).toBeLessThanOrEqual(plan.settings.max_utilisation + 1e-12);
		expect(w.gap).toBe(w.roster_active - w.technicians_needed);
		expect(w.at_risk).toBe(w.roster_active < w.technicians_needed);
		expect(w.jobs_p50).toBeLessThanOrEqual(w.jobs_p80);
		expect(w.jobs_p80).toBeLessThanOrEqual(w.jobs_p95);
	}
});

async function open(lang: 'en' | 'zh', width: number, path = '/seasonal'): Promise<{ page: Page; close: () => Promise<void> }> {
	const ctx = await browser.newContext({
		viewport: { width, height: 900 },
		locale: lang === 'zh' ? 'zh-CN' : 'en-US',
		acceptDownloads: true
	});
	await ctx.addCookies([{ name: 'lang', value: lang, url: server.url }]);
	const page = await ctx.newPage();
	await page.goto(server.url + path);
	await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0, null, { timeout: 120_000 });
	await page.waitForSelector('[data-chart="staffing-plan"][data-drawn="yes"]', { timeout: 60_000 });
	return { page, close: () => ctx.close() };
}

/** The weekly plan table's cells, by header. */
function planTable(page: Page): Promise<Record<string, string>[]> {
	return page.$$eval('[data-export-csv="staffing-plan"]', (b) => {
		const table = b[0].closest('.table-wrap')!.querySelector('table')!;
		const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
		return [...table.querySelectorAll('tbody tr')].map((tr) =>
			Object.fromEntries([...tr.children].map((td, i) => [heads[i], td.textContent ?? '']))
		);
	});
}

test('the page shows the data source’s plan, a typed what-if applies without Tab, the CSV has formatted numbers', async () => {
	const plan = await api('');
	const { page, close } = await open('en', 1440);
	const rows = await planTable(page);
	expect(rows.map((r) => r['Week'])).toEqual(plan.weeks.map((w) => w.week));
	const en = (v: number, d = 0) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
	const pct = (v: number) => `${en(v * 100, 1)}%`;
	expect(rows.map((r) => r['Technicians needed'])).toEqual(plan.weeks.map((w) => en(w.technicians_needed)));
	expect(rows.map((r) => r['Jobs P80'])).toEqual(plan.weeks.map((w) => en(w.jobs_p80)));
	expect(rows.map((r) => r['Expected on-time'])).toEqual(plan.weeks.map((w) => pct(w.expected_on_time)));
	expect(rows.map((r) => r['Risk'])).toEqual(plan.weeks.map((w) => (w.at_risk ? 'at risk' : '')));
	const risk = plan.weeks.filter((w) => w.at_risk).length;
	expect(await page.textContent('[data-testid="plan-risk"]')).toContain(risk ? `${risk} of 13 weeks at risk` : 'No week at risk');
	expect((await page.textContent('[data-testid="backtest-finding"]'))!.length).toBeGreaterThan(40);

	// typing 5 into working days: the URL follows after the pause, with no Tab or Enter
	await page.fill('input[name="wd"]', '');
	await page.type('input[name="wd"]', '5');
	await page.waitForURL((u) => u.searchParams.get('wd') === '5', { timeout: 5000 });
	await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0, null, { timeout: 60_000 });
	const five = await api('wd=5');
	await page.waitForFunction(
		(want) => {
			const b = document.querySelector('[data-export-csv="staffing-plan"]');
			const td = b?.closest('.table-wrap')?.querySelector('tbody tr td:nth-child(6)');
			return td?.textContent === want;
		},
		en(five.weeks[0].technicians_needed),
		{ timeout: 30_000 }
	);
	expect(five.settings.working_days_per_week).toBe(5);
	await close();

	// the CSV in Chinese: the cells as the page formats them (percent with one decimal, thousands separators)
	const zh = await open('zh', 1440, '/seasonal?wd=5');
	const [download] = await Promise.all([zh.page.waitForEvent('download'), zh.page.click('[data-export-csv="staffing-plan"]')]);
	const csv = readFileSync((await download.path())!, 'utf8')
		.replace(/^\uFEFF/, '')
		.trim()
		.split('\r\n');
	expect(csv[0].split(',').slice(0, 6)).toEqual(['周', '周起始日（周一）', '工单 P50', '工单 P80', '工单 P95', '所需师傅']);
	expect(csv).toHaveLength(five.weeks.length + 1);
	const first = csv[1].split(',');
	expect(first[0]).toBe(five.weeks[0].week);
	expect(first[5]).toBe(en(five.weeks[0].technicians_needed));
	expect(csv[1]).toContain(`${en(five.weeks[0].expected_on_time * 100, 1)}%`);
	await zh.close();
});

test('screenshots of /seasonal in en and zh at 1440 px and 390 px, with nothing wider than the screen', async () => {
	for (const lang of ['en', 'zh'] as const)
		for (const width of [1440, 390]) {
			const { page, close } = await open(lang, width);
			await page.waitForTimeout(1000);
			await page.screenshot({ path: `${SHOTS}/staffing-${lang}-${width}.png`, fullPage: true });
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			expect(overflow, `${lang} ${width}`).toBeLessThanOrEqual(0);
			await close();
		}
});
