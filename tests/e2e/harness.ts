// A real dashboard for browser tests: a sample warehouse in a temp dir, served
// by the built server, seen through Debian's Chromium.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { generateSample } from '../../scripts/sample/index';
import { Warehouse } from '../../src/lib/server/warehouse';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startServer, type Server } from '../../scripts/lib/server';

/** A warehouse holding a deterministic sample (smaller than npm run sample's, same patterns) */
export async function sampleWarehouse(tickets = 40_000): Promise<{ dir: string; db: string }> {
	const dir = mkdtempSync(join(tmpdir(), 'fl-e2e-'));
	await generateSample({ outDir: join(dir, 'sample'), tickets });
	const db = join(dir, 'warehouse.duckdb');
	const wh = await Warehouse.open(db);
	const result = await ingestFiles(wh, [join(dir, 'sample')]);
	if (!result.ok) throw new Error(`sample ingest failed: ${JSON.stringify(result.files.map((f) => f.error))}`);
	wh.close();
	return { dir, db };
}

export { launchBrowser, startServer, type Server } from '../../scripts/lib/server';

/** The built server serving `db` (with `env` added to its environment) and a Chromium to look at it. */
export async function openDashboard(db: string, env: Record<string, string> = {}): Promise<{ server: Server; browser: Browser }> {
	const server = await startServer(db, env);
	return { server, browser: await launchBrowser() };
}

/** Closes the browser and stops the server that openDashboard opened (either may be missing if a beforeAll failed half way). */
export async function closeDashboard({ server, browser }: { server?: Server; browser?: Browser }): Promise<void> {
	await browser?.close();
	await server?.stop();
}

/** Every page of the dashboard by name, with its path; the review page is that of `month`. */
export const PAGES: readonly [name: string, path: (month: string) => string][] = [
	['overview', () => '/'],
	['rework', () => '/rework'],
	['customers', () => '/customers'],
	['seasonal', () => '/seasonal'],
	['faults', () => '/faults'],
	['review', (month) => `/review/${month}`],
	['data', () => '/data'],
	['cases', () => '/cases']
];

/** A desktop page (1400 × 1000, downloads accepted) in a context of its own, and the errors its console and scripts report. */
export async function desktopPage(
	browser: Browser,
	lang: 'en' | 'zh' = 'en'
): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
	const ctx = await browser.newContext({
		viewport: { width: 1400, height: 1000 },
		locale: lang === 'zh' ? 'zh-CN' : 'en-US',
		acceptDownloads: true
	});
	const page = await ctx.newPage();
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	page.on('pageerror', (e) => errors.push(String(e)));
	return { ctx, page, errors };
}

/** Waits until no panel is loading and every chart on the page is drawn, then `pauseMs` more for ECharts' entry animation. */
export async function settled(page: Page, pauseMs = 400): Promise<void> {
	await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0, null, { timeout: 60_000 });
	await page.waitForFunction(
		() => [...document.querySelectorAll('[data-chart]')].every((c) => c.getAttribute('data-drawn') === 'yes' && c.querySelector('canvas')),
		null,
		{ timeout: 30_000 }
	);
	await page.waitForTimeout(pauseMs);
}
