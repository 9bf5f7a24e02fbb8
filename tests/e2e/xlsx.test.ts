// Excel in the browser: a table's Excel button downloads a workbook (its writer
// fetched only on the click, under the site's CSP) whose cells are the table's,
// and the Data page takes an .xlsx upload without previewing it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import writeXlsxFile from 'write-excel-file/node';
import { xlsxToCsv } from '../../src/lib/server/ingest/xlsx';
import { closeDashboard, desktopPage, openDashboard, sampleWarehouse, type Server } from './harness';

const ADMIN = 'admin-secret-xlsx';
let server: Server;
let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'fl-xlsx-e2e-'));

beforeAll(async () => {
	const { db } = await sampleWarehouse(3_000);
	({ server, browser } = await openDashboard(db, { ADMIN_TOKEN: ADMIN }));
}, 180_000);

afterAll(() => closeDashboard({ server, browser }));

const newPage = () => desktopPage(browser);

test("the rejects table downloads as .xlsx: the writer is fetched on the click, the cells are the CSV export's, line numbers are numbers", async () => {
	const { ctx, page, errors } = await newPage();
	const scripts: string[] = [];
	page.on('request', (r) => {
		if (r.resourceType() === 'script' || r.url().endsWith('.js')) scripts.push(r.url());
	});
	await page.goto(server.url + '/data');
	await page.waitForSelector('[data-export-xlsx="rejects"]');
	await page.waitForLoadState('networkidle');
	const before = scripts.length;
	const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-export-csv="rejects"]')]);
	const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export-xlsx="rejects"]')]);
	expect(download.suggestedFilename()).toBe('rejects.xlsx');
	// one more script, fetched for the click
	expect(scripts.length).toBe(before + 1);
	const file = join(dir, 'rejects.xlsx');
	await download.saveAs(file);

	// the same header and rows as the CSV export (which writes raw values: compare the columns that are not formatted)
	const csvLines = readFileSync((await csvDownload.path())!, 'utf8')
		.replace(/^\uFEFF/, '')
		.trim()
		.split('\r\n');
	const out = join(dir, 'rejects.csv');
	const read = await xlsxToCsv(file, out);
	expect(read.rows).toBe(csvLines.length - 1);
	const xlsxLines = readFileSync(out, 'utf8').trim().split('\n');
	expect(xlsxLines[0]).toBe(csvLines[0]);
	expect(csvLines[0]).toBe('File,Line,Column,Value,Rule');
	// the Line column: the same numbers, written as number cells with the integer format
	const lineOf = (l: string) => l.split(',')[1];
	expect(xlsxLines.slice(1).map(lineOf)).toEqual(csvLines.slice(1).map(lineOf));
	const sheet = strFromU8(unzipSync(readFileSync(file))['xl/worksheets/sheet1.xml']);
	expect(/<c r="B2" s="1"><v>\d+<\/v><\/c>/.test(sheet)).toBe(true);
	expect(errors).toEqual([]);
	await ctx.close();
}, 120_000);

test('the Data page takes an .xlsx: not previewed, loaded by the server, a reject named by its sheet row', async () => {
	const xlsx = join(dir, 'tickets-july.xlsx');
	await writeXlsxFile([
		['工单号', '报修时间', '类型', '客户编号'],
		['XL1', { value: new Date(Date.UTC(2026, 6, 1, 9)), type: Date, format: 'yyyy-mm-dd hh:mm' }, '维修', 'C1'],
		['XL2', '2026-02-30', '维修', 'C2'],
		['XL3', '2026/7/2 10:00', '安装', 'C3']
	] as never).toFile(xlsx);
	const { ctx, page, errors } = await newPage();
	await page.goto(server.url + '/data');
	await page.setInputFiles('[data-testid="upload-input"]', [
		{ name: 'tickets-july.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: readFileSync(xlsx) }
	]);
	const item = page.locator('[data-upload-file="tickets-july.xlsx"]');
	await expect.poll(() => item.locator('[data-testid="upload-xlsx"]').textContent()).toContain('Excel workbook: not previewed here');
	expect(await item.locator('[data-testid="upload-encoding"]').count()).toBe(0);
	expect(await page.textContent('[data-testid="upload-load"]')).toContain('(1)');
	await page.fill('input[name="admin-token"]', ADMIN);
	await page.click('[data-testid="upload-load"]');
	await expect
		.poll(async () => (await item.locator('[data-testid="upload-result"]').textContent())?.replace(/\s+/g, ' ').trim(), { timeout: 60_000 })
		.toBe('2 loaded, 1 rejected');
	// XL2 is on sheet row 3
	const reject = await item.locator('table.rejects tbody tr').first().locator('td').allTextContents();
	expect(reject.slice(0, 3)).toEqual(['3', 'created_at', '2026-02-30']);
	expect(errors).toEqual([]);
	await page.screenshot({ path: 'tests/artifacts/upload-xlsx-en.png', fullPage: true });
	await ctx.close();
}, 120_000);
