// Every page in English and in Chinese, in real Chromium against a real sample
// warehouse: in English no Chinese but data values the vocabulary does not
// know; in Chinese no English words but codes, units and data values. Each
// page is photographed at 1440 px (tests/artifacts/i18n-<page>-<lang>.png).
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ENTRIES } from '../../src/lib/i18n';
import { lastCompleteMonth } from '../../src/lib/server/metrics/faults';
import { Warehouse } from '../../src/lib/server/warehouse';
import { closeDashboard, openDashboard, PAGES, sampleWarehouse, settled, type Server } from './harness';

const SHOTS = 'tests/artifacts';
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const LATIN_WORD = /[A-Za-z][A-Za-z_]+/g;

/** Written by the app on purpose in the other language: the language switch, and a date format the files use (2026年7月1日). */
const CJK_ALLOWED_IN_EN = new Set(['中文', '年', '月', '日']);
/** Codes, units, names and commands the Chinese pages write in Latin letters. */
const LATIN_ALLOWED_IN_ZH = new Set([
	'fieldloop', // the product
	'English', // the language switch
	'PNG', // file formats on buttons
	'CSV',
	'Excel',
	'xlsx',
	'PDF',
	'UTF', // encodings
	'GBK',
	'ISO', // ISO weeks
	'ADMIN_TOKEN', // the upload note names the variable and the command
	'npm',
	'run',
	'ingest',
	'Hyndman', // the forecast method's reference
	'Athanasopoulos'
]);

/**
 * A reject rule is the app's English (the vocabulary translates it); what counts as data in it is the parse
 * message DuckDB wrote in a malformed row's brackets and the contract's codes a value must be one of.
 */
function ruleData(rule: string): string {
	if (rule.startsWith('malformed CSV row')) return rule.match(/\((.*)\)/s)?.[1] ?? '';
	if (rule.startsWith('not one of ')) return rule.slice('not one of '.length);
	return '';
}

let server: Server;
let browser: Browser;
let month: string;
/** Chinese runs in the data that the vocabulary does not translate (regions, cities, teams, suppliers…) */
const dataCjk = new Set<string>();
/** Latin words in the data (models, ids, file names, raw values of rejected rows, DuckDB's parse messages) */
const dataLatin = new Set<string>();
/** Chinese words the vocabulary translates: none may be left in an English page */
const known = new Set<string>();

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	const { db } = await sampleWarehouse();
	const wh = await Warehouse.open(db);
	month = (await lastCompleteMonth(wh))!;
	for (const ns of ['component', 'reason']) for (const word of Object.keys(ENTRIES[ns])) known.add(word);
	const columns = await wh.all<{ table_name: string; column_name: string }>(
		`SELECT table_name, column_name FROM information_schema.columns
		 WHERE table_name IN ('tickets', 'rework', 'parts', 'technicians', 'rejects', 'ingests') AND data_type = 'VARCHAR'`
	);
	for (const c of columns) {
		const values = await wh.all<{ v: string }>(
			`SELECT DISTINCT "${c.column_name}"::VARCHAR AS v FROM "${c.table_name}" WHERE "${c.column_name}" IS NOT NULL`
		);
		for (const { v } of values) {
			for (const run of v.match(CJK_RUN) ?? []) if (!known.has(run)) dataCjk.add(run);
			const text = c.table_name === 'rejects' && c.column_name === 'rule' ? ruleData(v) : v;
			for (const w of text.match(LATIN_WORD) ?? []) dataLatin.add(w);
		}
	}
	wh.close();
	({ server, browser } = await openDashboard(db));
});

afterAll(() => closeDashboard({ server, browser }));

async function visit(path: string, lang: 'en' | 'zh'): Promise<{ page: Page; close: () => Promise<void> }> {
	const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: lang === 'zh' ? 'zh-CN' : 'en-US' });
	await ctx.addCookies([{ name: 'lang', value: lang, url: server.url }]);
	const page = await ctx.newPage();
	await page.goto(server.url + path, { waitUntil: 'networkidle' }); // the metadata too: its settings shape some labels, and a late change redraws the charts
	await settled(page, 1200); // the whole entry animation, so the screenshot shows the charts drawn
	return { page, close: () => ctx.close() };
}

/** What a reader sees: the text, titles and placeholders, and the category labels the charts draw. */
function seen(page: Page): Promise<string> {
	return page.evaluate(() =>
		[
			document.body.innerText,
			...[...document.querySelectorAll('[title]')].map((e) => e.getAttribute('title')),
			...[...document.querySelectorAll('[placeholder]')].map((e) => e.getAttribute('placeholder')),
			...[...document.querySelectorAll('[data-categories]')].map((e) => e.getAttribute('data-categories'))
		].join('\n')
	);
}

/** The words of the other language on a page that neither the data nor the allow-lists explain. */
const STRAY: Record<'en' | 'zh', (text: string) => string[]> = {
	en: (text) => (text.match(CJK_RUN) ?? []).filter((run) => !CJK_ALLOWED_IN_EN.has(run) && !dataCjk.has(run)),
	zh: (text) => (text.match(LATIN_WORD) ?? []).filter((w) => !LATIN_ALLOWED_IN_ZH.has(w) && !dataLatin.has(w))
};

describe('every page in English shows no Chinese but data the vocabulary does not know; in Chinese no English but codes, units and data', () => {
	for (const lang of ['en', 'zh'] as const)
		for (const [name, path] of PAGES)
			test(`${name} (${lang})`, async () => {
				const { page, close } = await visit(path(month), lang);
				await page.screenshot({ path: `${SHOTS}/i18n-${name}-${lang}.png`, fullPage: true });
				expect([...new Set(STRAY[lang](await seen(page)))]).toEqual([]);
				await close();
			});
});

test('in English the review page, its findings and its Pareto axis name components in English', async () => {
	const { page, close } = await visit(`/review/${month}`, 'en');
	const axis = (await page.getAttribute('[data-chart="review-fault-pareto"]', 'data-categories'))!.split('|');
	expect(axis.length).toBeGreaterThan(2);
	for (const c of axis) expect(c).not.toMatch(CJK_RUN);
	expect(axis).toContain('Capacitor');
	const findings = await page.textContent('[data-testid="findings"]');
	expect(findings).toContain('Top repair faults: ');
	expect(findings).not.toMatch(CJK_RUN);
	await close();
});

test('in Chinese the Data page states the reject rules in Chinese', async () => {
	const { page, close } = await visit('/data', 'zh');
	const rules = await page.$$eval('[data-export-csv="rejects"]', (b) => {
		const table = b[0].closest('.table-wrap')!.querySelector('table')!;
		const col = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent === '规则');
		return [...table.querySelectorAll('tbody tr')].map((tr) => tr.children[col].textContent ?? '');
	});
	expect(rules.length).toBeGreaterThan(0);
	for (const r of rules) expect(r, r).toMatch(/[\u3400-\u9fff]/);
	expect(rules.some((r) => /not a|must be|missing|duplicate id/.test(r))).toBe(false);
	await close();
});
