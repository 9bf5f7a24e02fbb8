// The review as a PDF handout: headless Chromium (Debian's /usr/bin/chromium,
// through playwright-core) prints the review page from a running server, laid
// out at the printable width of A4 landscape so the charts are drawn at the size
// they are printed at, with "data as of … · generated … · filters" and page
// numbers on every page. The CLI (scripts/report.ts --format pdf) and the
// page's PDF button (GET /review/<period>/pdf) both call this.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { translate, type Lang } from '../i18n';
import type { ReportScope } from './report';

/** Debian's Chromium, as the browser tests use it (scripts/lib/server.ts); CHROMIUM_PATH (README) names another */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** A4 landscape, 297 × 210 mm, with these margins: the page content is 277 mm wide (1047 CSS px at 96 per inch). */
export const PDF_MARGIN = { top: '16mm', bottom: '16mm', left: '10mm', right: '10mm' };
export const PRINT_WIDTH_PX = Math.floor(((297 - 20) / 25.4) * 96);
const PRINT_HEIGHT_PX = Math.floor(((210 - 32) / 25.4) * 96);

export class ChromiumMissingError extends Error {}

export interface PdfRequest extends PrintTarget {
	period: string;
	scope?: ReportScope;
	/** "generated" time, default now */
	now?: Date;
}

export interface PdfResult {
	pdf: Buffer;
	/** what the header and footer say */
	asOf: string;
	generated: string;
	filters: string;
	/** chart boxes in the print layout (CSS px), checked for overlap before printing */
	boxes: { name: string; x: number; y: number; width: number; height: number }[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Headless Chromium for printing (playwright-core loaded at run time from node_modules, not bundled into the server). */
async function launchPrinter() {
	// (a name the bundler cannot fold: a bundled copy breaks on its own __dirname)
	const { chromium } = createRequire(import.meta.url)(['playwright', 'core'].join('-')) as typeof import('playwright-core');
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage']
	});
}

/** Where a page is printed from: the server, the reader's language and the headers the page's requests carry. */
export interface PrintTarget {
	/** the server's origin, e.g. http://127.0.0.1:5173 */
	origin: string;
	lang: Lang;
	/** headers the page's requests carry (a view token's cookie or Authorization) */
	headers?: Record<string, string>;
}

/**
 * Runs fn on a page of headless Chromium at the printable width of A4 landscape, in the print stylesheet from the start
 * (so every chart is laid out and drawn at its printed size), in the language asked whatever language cookie the
 * forwarded headers carry.
 */
async function onPage<T>(target: PrintTarget, fn: (page: Page) => Promise<T>): Promise<T> {
	if (!existsSync(CHROMIUM_PATH))
		throw new ChromiumMissingError(translate(target.lang, 'period.cli_chromium_missing', { path: CHROMIUM_PATH }));
	const browser = await launchPrinter();
	try {
		const headers = { ...target.headers };
		if (headers.cookie)
			headers.cookie = [...headers.cookie.split(/;\s*/).filter((c) => c && !c.startsWith('lang=')), `lang=${target.lang}`].join('; ');
		const ctx = await browser.newContext({
			viewport: { width: PRINT_WIDTH_PX, height: PRINT_HEIGHT_PX },
			locale: target.lang === 'zh' ? 'zh-CN' : 'en-US',
			extraHTTPHeaders: headers
		});
		if (!headers.cookie) await ctx.addCookies([{ name: 'lang', value: target.lang, url: target.origin }]);
		const page = await ctx.newPage();
		await page.emulateMedia({ media: 'print', colorScheme: 'light' });
		const result = await fn(page);
		await ctx.close();
		return result;
	} finally {
		await browser.close();
	}
}

/** '2026-12-01 08:30 UTC' */
const utcMinute = (now: Date) => `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The page as an A4 landscape PDF with a header (left, right) and a footer (left, "page n of N") on every page. */
function printPdf(page: Page, lang: Lang, header: [string, string], footer: string): Promise<Buffer> {
	const pageOf = esc(translate(lang, 'period.page_of', { page: '\u0000P', total: '\u0000T' }))
		.replace('\u0000P', '<span class="pageNumber"></span>')
		.replace('\u0000T', '<span class="totalPages"></span>');
	const style = `font-family: 'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Micro Hei', sans-serif; font-size: 8px; color: #444; width: 100%; padding: 0 10mm; display: flex; justify-content: space-between;`;
	return page.pdf({
		format: 'A4',
		landscape: true,
		printBackground: true,
		margin: PDF_MARGIN,
		displayHeaderFooter: true,
		headerTemplate: `<div style="${style}"><span>${esc(header[0])}</span><span>${esc(header[1])}</span></div>`,
		footerTemplate: `<div style="${style}"><span>${esc(footer)}</span><span>${pageOf}</span></div>`
	});
}

/**
 * Any page of the dashboard as an A4 PDF (a quality case for the factory): the page's own print layout, its title in
 * the header, "generated … · page n of N" in the footer.
 */
export function pagePdf(req: PrintTarget & { path: string; now?: Date }): Promise<Buffer> {
	return onPage(req, async (page) => {
		const res = await page.goto(`${req.origin}${req.path}`);
		if (!res || res.status() >= 400) throw new Error(`${req.path} answered ${res?.status() ?? 'nothing'}`);
		await page.waitForLoadState('networkidle');
		await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0, null, { timeout: 120_000 });
		const title = await page.evaluate(() => document.querySelector('h1')?.textContent?.trim() ?? document.title);
		const generated = translate(req.lang, 'period.generated', { time: utcMinute(req.now ?? new Date()) });
		return printPdf(page, req.lang, [title, 'fieldloop'], generated);
	});
}

export function reviewPdf(req: PdfRequest): Promise<PdfResult> {
	return onPage(req, async (page) => {
		const q = new URLSearchParams({ print: '1' });
		for (const [k, v] of Object.entries(req.scope ?? {})) if (v) q.set(k, v);
		const res = await page.goto(`${req.origin}/review/${encodeURIComponent(req.period)}?${q}`);
		if (!res || res.status() >= 400) throw new Error(`the review page answered ${res?.status() ?? 'nothing'}`);
		await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0, null, { timeout: 120_000 });
		const state = await page.evaluate(() => {
			const err = document.querySelector('[data-state="error"]');
			return err ? `error: ${err.textContent}` : document.querySelector('[data-state="empty"]') ? 'empty' : 'ok';
		});
		if (state !== 'ok') throw new Error(`the review of ${req.period} could not be printed (${state})`);
		await page.waitForFunction(
			() =>
				[...document.querySelectorAll('[data-chart]')].every((c) => c.getAttribute('data-drawn') === 'yes' && c.querySelector('canvas')),
			null,
			{ timeout: 30_000 }
		);
		// charts are redrawn on resize; let the entry animation finish so the print shows them complete
		await page.evaluate(() => window.dispatchEvent(new Event('resize')));
		await page.waitForTimeout(1200);
		const info = await page.evaluate(() => {
			const stamp = document.querySelector('[data-testid="review-stamp"]');
			return {
				asOf: stamp?.getAttribute('data-as-of') ?? '',
				scope: stamp?.getAttribute('data-scope') ?? '',
				title: document.querySelector('h1')?.textContent?.trim() ?? '',
				boxes: [...document.querySelectorAll('[data-chart]')].map((c) => {
					const r = c.getBoundingClientRect();
					return { name: c.getAttribute('data-chart') ?? '', x: r.x, y: r.y + window.scrollY, width: r.width, height: r.height };
				})
			};
		});
		const generated = utcMinute(req.now ?? new Date());
		const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(req.lang, key, vars);
		const footer = [
			t('period.data_as_of', { date: info.asOf || '—' }),
			t('period.generated', { time: generated }),
			t('period.filters', { list: info.scope })
		].join(' · ');
		const pdf = await printPdf(page, req.lang, [info.title, info.scope], footer);
		return { pdf, asOf: info.asOf, generated, filters: info.scope, boxes: info.boxes };
	});
}
