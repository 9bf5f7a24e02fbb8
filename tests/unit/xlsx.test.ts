// .xlsx ingest: a workbook loads through the same row rules, rejects and merge
// as its CSV (reject lines name the sheet row), and hostile workbooks get a
// clear error and load nothing. Workbooks are written by write-excel-file (a
// writer independent of the reader under test) or zipped by hand
// (fixtures/xlsx-fixture.ts); expected values are worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import writeXlsxFile from 'write-excel-file/node';
import { unzipSync, strFromU8 } from 'fflate';
import { Warehouse } from '../../src/lib/server/warehouse';
import { xlsxToCsv } from '../../src/lib/server/ingest/xlsx';
import { xlsxBytes } from '../../src/lib/client/xlsx-export';
import { ingestFiles, type IngestResult } from '../../src/lib/server/ingest/index';
import { csvToXlsx, is, workbookParts, zip } from './fixtures/xlsx-fixture';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-xlsx-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function load(dbName: string, inputs: string[]): Promise<{ wh: Warehouse; result: IngestResult }> {
	const wh = await Warehouse.open(path.join(root, `${dbName}.duckdb`));
	return { wh, result: await ingestFiles(wh, inputs) };
}

/** one sheet of `rows` (sheet XML) written as <name>.xlsx and loaded into a warehouse of that name */
async function loadSheet(name: string, rows: string): Promise<{ wh: Warehouse; result: IngestResult }> {
	const file = path.join(root, `${name}.xlsx`);
	fs.writeFileSync(file, zip(workbookParts(rows)));
	return load(name, [file]);
}

const TABLES = ['tickets', 'rework', 'parts', 'technicians'] as const;

async function tableRows(wh: Warehouse, table: string): Promise<string[]> {
	const rows = await wh.all<Record<string, unknown>>(`SELECT * EXCLUDE (ingest_id) FROM ${table} ORDER BY ALL`);
	return rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
}

const TICKET_HEADER = ['工单号', '报修时间', '类型', '客户编号', '完工时间', '满意度', '故障描述'];

describe('the sample as .xlsx', () => {
	const csvDir = path.join(root, 'sample');
	const xlsxDir = path.join(root, 'sample-xlsx');
	const rowOf: Record<string, Map<number, number>> = {};
	let csv: { wh: Warehouse; result: IngestResult };
	let xlsx: { wh: Warehouse; result: IngestResult };

	beforeAll(async () => {
		execFileSync('npx', ['tsx', 'scripts/sample.ts', '--out', csvDir, '--tickets', '3000'], { stdio: 'ignore' });
		fs.mkdirSync(xlsxDir);
		for (const t of TABLES) rowOf[t] = await csvToXlsx(path.join(csvDir, `${t}.csv`), path.join(xlsxDir, `${t}.xlsx`));
		csv = await load('sample-csv', [csvDir]);
		xlsx = await load('sample-xlsx', [xlsxDir]);
	}, 120_000);
	afterAll(async () => {
		await csv?.wh.close();
		await xlsx?.wh.close();
	});

	it('loads every table to exactly the rows of its CSV', async () => {
		expect(xlsx.result.ok).toBe(true);
		expect(xlsx.result.files.map((f) => path.basename(f.file)).sort()).toEqual([
			'parts.xlsx',
			'rework.xlsx',
			'technicians.xlsx',
			'tickets.xlsx'
		]);
		for (const t of TABLES) {
			const fromCsv = await tableRows(csv.wh, t);
			expect(fromCsv.length).toBeGreaterThan(0);
			expect(await tableRows(xlsx.wh, t)).toEqual(fromCsv);
		}
		const counts = (r: IngestResult) => Object.fromEntries(r.files.map((f) => [f.table, [f.rows_read, f.rows_loaded, f.rows_rejected]]));
		expect(counts(xlsx.result)).toEqual(counts(csv.result));
	});

	it('rejects the same rows for the same reasons, each at its sheet row', async () => {
		const q = `SELECT table_name, line, column_name, value, rule FROM rejects ORDER BY table_name, line, column_name`;
		const fromCsv = await csv.wh.all<{ table_name: string; line: number; column_name: string; value: string; rule: string }>(q);
		expect(fromCsv.length).toBeGreaterThanOrEqual(5);
		// the sheet row of a CSV record is its record number (the header is row 1), from papaparse
		const expected = fromCsv.map((r) => ({
			...r,
			line: rowOf[r.table_name].get(Number(r.line)),
			rule: r.rule.replace(/first on line (\d+)/, (_m, l) => `first on line ${rowOf[r.table_name].get(Number(l))}`)
		}));
		const got = (await xlsx.wh.all<(typeof fromCsv)[number]>(q)).map((r) => ({ ...r, line: Number(r.line) }));
		expect(got).toEqual(expected.map((r) => ({ ...r, line: Number(r.line) })));
	});
});

describe('cells and sheets', () => {
	it('reads the first sheet whose header names a table, dates as serials (date-formatted or General) or text', async () => {
		const dir = path.join(root, 'cells');
		fs.mkdirSync(dir);
		const file = path.join(dir, '工单导出.xlsx');
		const tickets = [
			TICKET_HEADER,
			// a date cell (serial with a date format)
			['GD1', { value: new Date(Date.UTC(2026, 6, 1, 14, 30)), type: Date, format: 'yyyy/m/d h:mm' }, '维修', 'C1', null, 5, 'ok'],
			// text dates in the contract's spellings, a number id
			['GD2', '2026年7月1日', '安装', { value: 42, type: Number }, '2026/7/2 9:05', 3, 'two\nlines'],
			// a serial number in a General cell of a timestamp column: 46204.6041666667 = 2026-07-01 14:30
			['GD3', { value: 46204.604166666664, type: Number }, 'repair', 'C3', null, null, 'a "quoted", comma']
		];
		await writeXlsxFile([
			{ sheet: '说明', data: [['本文件由系统导出'], ['导出时间', '2026-07-03']] },
			{ sheet: '工单', data: tickets as never }
		]).toFile(file);
		const { wh, result } = await load('cells', [dir]);
		try {
			expect(result.ok).toBe(true);
			expect(result.files[0]).toMatchObject({ table: 'tickets', rows_read: 3, rows_loaded: 3, rows_rejected: 0 });
			const rows = await wh.all<Record<string, string | number | null>>(
				`SELECT ticket_id, strftime(created_at, '%Y-%m-%d %H:%M:%S') AS created, type, customer_id,
				        strftime(completed_at, '%Y-%m-%d %H:%M:%S') AS completed, satisfaction, fault_description
				 FROM tickets ORDER BY ticket_id`
			);
			expect(rows).toEqual([
				{
					ticket_id: 'GD1',
					created: '2026-07-01 14:30:00',
					type: 'repair',
					customer_id: 'C1',
					completed: null,
					satisfaction: 5,
					fault_description: 'ok'
				},
				{
					ticket_id: 'GD2',
					created: '2026-07-01 00:00:00',
					type: 'install',
					customer_id: '42',
					completed: '2026-07-02 09:05:00',
					satisfaction: 3,
					fault_description: 'two\nlines'
				},
				{
					ticket_id: 'GD3',
					created: '2026-07-01 14:30:00',
					type: 'repair',
					customer_id: 'C3',
					completed: null,
					satisfaction: null,
					fault_description: 'a "quoted", comma'
				}
			]);
			const [ingest] = await wh.all<{ file: string }>(`SELECT file FROM ingests`);
			expect(path.basename(ingest.file)).toBe('工单导出.xlsx');
		} finally {
			await wh.close();
		}
	});

	it('names the sheet row of a rejected row past blank rows and a multi-line cell; formulas load their saved result', async () => {
		// rows 1 (header), 3, 4 (three lines in one cell), 7 (bad type), 8 (formula with its saved value 5), 9 (bad date)
		const rows = [
			`<row r="1">${TICKET_HEADER.map((h, i) => is(`${String.fromCharCode(65 + i)}1`, h)).join('')}</row>`,
			`<row r="3">${is('A3', 'T3')}${is('B3', '2026-07-01 08:00')}${is('C3', '维修')}${is('D3', 'C')}</row>`,
			`<row r="4">${is('A4', 'T4')}${is('B4', '2026-07-01 08:00')}${is('C4', '维修')}${is('D4', 'C')}${is('G4', 'one\ntwo\nthree')}</row>`,
			`<row r="7">${is('A7', 'T7')}${is('B7', '2026-07-01 08:00')}${is('C7', '咨询')}${is('D7', 'C')}</row>`,
			`<row r="8">${is('A8', 'T8')}${is('B8', '2026-07-01 08:00')}${is('C8', '维修')}${is('D8', 'C')}<c r="F8"><f>2+3</f><v>5</v></c></row>`,
			`<row r="9">${is('A9', 'T9')}${is('B9', '2026-13-01')}${is('C9', '维修')}${is('D9', 'C')}</row>`
		].join('');
		const { wh, result } = await loadSheet('rows', rows);
		try {
			expect(result.files[0]).toMatchObject({ rows_read: 5, rows_loaded: 3, rows_rejected: 2 });
			expect(result.files[0].rejects.map((r) => [r.line, r.column, r.value])).toEqual([
				[7, 'type', '咨询'],
				[9, 'created_at', '2026-13-01']
			]);
			expect(await wh.all(`SELECT ticket_id, satisfaction, fault_description FROM tickets ORDER BY ticket_id`)).toEqual([
				{ ticket_id: 'T3', satisfaction: null, fault_description: null },
				{ ticket_id: 'T4', satisfaction: null, fault_description: 'one\ntwo\nthree' },
				{ ticket_id: 'T8', satisfaction: 5, fault_description: null }
			]);
		} finally {
			await wh.close();
		}
	});

	it('finds the header below a title and an export date; the rows above it are not data', async () => {
		const rows = [
			`<row r="1">${is('A1', '工单导出（七月）')}</row>`,
			`<row r="2">${is('A2', '导出时间')}${is('B2', '2026-08-01')}</row>`,
			`<row r="4">${TICKET_HEADER.map((h, i) => is(`${String.fromCharCode(65 + i)}4`, h)).join('')}</row>`,
			`<row r="5">${is('A5', 'T5')}${is('B5', '2026-07-01 08:00')}${is('C5', '维修')}${is('D5', 'C')}</row>`,
			`<row r="6">${is('A6', 'T6')}${is('B6', '2026-07-01 08:00')}${is('C6', '咨询')}${is('D6', 'C')}</row>`
		].join('');
		const { wh, result } = await loadSheet('titled', rows);
		try {
			expect(result.files[0]).toMatchObject({ table: 'tickets', rows_read: 2, rows_loaded: 1, rows_rejected: 1 });
			expect(result.files[0].rejects.map((r) => [r.line, r.column, r.value])).toEqual([[6, 'type', '咨询']]);
		} finally {
			await wh.close();
		}
	});

	it('reads serials of a 1904-based workbook', async () => {
		const parts = workbookParts(
			`<row r="1">${TICKET_HEADER.slice(0, 4)
				.map((h, i) => is(`${String.fromCharCode(65 + i)}1`, h))
				.join('')}</row><row r="2">${is('A2', 'T1')}<c r="B2"><v>44742.5</v></c>${is('C2', '维修')}${is('D2', 'C')}</row>`
		);
		parts[2].data = Buffer.from(
			'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
		);
		const file = path.join(root, 'mac.xlsx');
		fs.writeFileSync(file, zip(parts));
		const { wh, result } = await load('mac', [file]);
		try {
			expect(result.ok).toBe(true);
			// 44742 days after 1904-01-01 is 2026-07-01; .5 is noon
			expect(await wh.all(`SELECT strftime(created_at, '%Y-%m-%d %H:%M') AS t FROM tickets`)).toEqual([{ t: '2026-07-01 12:00' }]);
		} finally {
			await wh.close();
		}
	});
});

describe('hostile workbooks', () => {
	async function refused(name: string, content: Buffer): Promise<string> {
		const file = path.join(root, name);
		fs.writeFileSync(file, content);
		const { wh, result } = await load(name.replace(/\W/g, '_'), [file]);
		try {
			expect(result.ok).toBe(false);
			expect(result.files).toHaveLength(1);
			expect(path.basename(result.files[0].file)).toBe(name);
			expect(result.files[0].rows_loaded).toBe(0);
			expect(await wh.all(`SELECT count(*)::INTEGER AS n FROM tickets`)).toEqual([{ n: 0 }]);
			expect(await wh.all(`SELECT count(*)::INTEGER AS n FROM ingests WHERE table_name IS NOT NULL`)).toEqual([{ n: 0 }]);
			return result.files[0].error!;
		} finally {
			await wh.close();
		}
	}

	/** a sheet of ~70 MB of spaces after a valid header row, deflated to well under 1 MB */
	async function bombSheet(): Promise<Buffer> {
		const deflate = createDeflateRaw({ level: 9 });
		const out: Buffer[] = [];
		deflate.on('data', (c: Buffer) => out.push(c));
		const done = new Promise((r) => deflate.on('end', r));
		deflate.write(
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${TICKET_HEADER.map((h, i) => is(`${String.fromCharCode(65 + i)}1`, h)).join('')}</row>`
		);
		const spaces = Buffer.alloc(1 << 20, 0x20);
		for (let i = 0; i < 70; i++) deflate.write(spaces);
		deflate.end('</sheetData></worksheet>');
		await done;
		return Buffer.concat(out);
	}

	it('a zip bomb that declares its size is refused before inflating', async () => {
		const parts = workbookParts('<row r="1"></row>');
		// an honest header: 3 GB declared
		parts[4].declare = 3 * 2 ** 30;
		const file = zip(parts);
		expect(await refused('bomb-declared.xlsx', file)).toBe(
			`the workbook would inflate to more than 64 MB from ${Math.ceil(file.length / 1024)} KB on disk: refused as a zip bomb (a real export inflates 5 to 20 times)`
		);
	});

	it('a zip bomb whose header lies is stopped at the cap while inflating', async () => {
		const sheet = await bombSheet();
		expect(sheet.length).toBeLessThan(1 << 20);
		// the deflated sheet goes in as stored data of a deflate entry: zip() deflates again, so build its parts by hand
		const parts = workbookParts('<row r="1"></row>', { declareSheet: 1000 });
		const file = zipWithRawSheet(zip(parts.slice(0, 4)), sheet);
		const err = await refused('bomb.xlsx', file);
		expect(err).toBe(
			`the workbook would inflate to more than 64 MB from ${Math.ceil(file.length / 1024)} KB on disk: refused as a zip bomb (a real export inflates 5 to 20 times)`
		);
	}, 60_000);

	it('100,000 columns: refused at the first value past column 1,000, naming sheet, row and column', async () => {
		const cells: string[] = [];
		for (let i = 0; i < 100_000; i++) cells.push(`<c t="inlineStr"><is><t>h${i}</t></is></c>`);
		const err = await refused('wide.xlsx', zip(workbookParts(`<row r="1">${cells.join('')}</row>`)));
		// column 1,001 is ALM: 702 columns A…ZZ, then AAA…; 1001 − 702 = 299 = 0·676 + 11·26 + 12 → A, L, M
		expect(err).toBe(
			'sheet "工单" row 1 has a value in column ALM (column 1,001); at most 1,000 columns are read (a tickets file has 24): not an export of tickets, rework, parts or technicians'
		);
	});

	it('a formula without a saved result is refused, naming the cell', async () => {
		const rows = `<row r="1">${TICKET_HEADER.map((h, i) => is(`${String.fromCharCode(65 + i)}1`, h)).join('')}</row>
			<row r="2">${is('A2', 'T2')}${is('B2', '2026-07-01')}${is('C2', '维修')}${is('D2', 'C')}</row>
			<row r="3">${is('A3', 'T3')}${is('B3', '2026-07-01')}${is('C3', '维修')}${is('D3', 'C')}<c r="F3"><f>VLOOKUP(A3,Sheet2!A:B,2,0)</f></c></row>`;
		expect(await refused('formula.xlsx', zip(workbookParts(rows)))).toBe(
			'sheet "工单" cell F3 (row 3, column F) holds a formula (=VLOOKUP(A3,Sheet2!A:B,2,0)) with no saved result: open the workbook in Excel and save it, so each formula\'s value is stored, or paste the values as values'
		);
	});

	it('entities declared in a DOCTYPE are not expanded (no billion laughs): the part is refused', async () => {
		const lol =
			'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>' +
			'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>';
		expect(await refused('lol.xlsx', zip(workbookParts(Buffer.from(lol))))).toBe(
			'the workbook part xl/worksheets/sheet1.xml cannot be read (undefined entity.): a damaged .xlsx file'
		);
	});

	it('not a zip at all, an old .xls, and a zip that is not a workbook', async () => {
		expect(await refused('renamed.xlsx', Buffer.from('工单号,报修时间,类型,客户编号\nT1,2026-07-01,维修,C1\n'))).toBe(
			'not an Excel .xlsx workbook (it is not a zip archive); save it from Excel as .xlsx (Excel Workbook) or as CSV'
		);
		const ole = Buffer.alloc(1024);
		Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
		expect(await refused('old.xlsx', ole)).toBe(
			'an Excel 97–2003 .xls workbook renamed .xlsx: save it from Excel as .xlsx (Excel Workbook) or as CSV'
		);
		expect(await refused('other.xlsx', zip([{ name: 'readme.txt', data: Buffer.from('hello') }]))).toBe(
			'not an Excel .xlsx workbook (a zip archive without [Content_Types].xml); save it from Excel as .xlsx (Excel Workbook) or as CSV'
		);
		const cut = zip(workbookParts('<row r="1"></row>'));
		expect(await refused('cut.xlsx', cut.subarray(0, cut.length - 30))).toBe(
			'not an Excel .xlsx workbook (a zip archive cut short: its directory is missing); save it from Excel as .xlsx (Excel Workbook) or as CSV'
		);
	});
});

/** `head` (a zip of the other parts) with a sheet part whose data is already deflated and whose header declares 1,000 bytes. */
function zipWithRawSheet(head: Buffer, deflated: Buffer): Buffer {
	// take head apart: its end record says where its directory is
	const end = head.subarray(head.length - 22);
	const count = end.readUInt16LE(10);
	const dirSize = end.readUInt32LE(12);
	const dirOffset = end.readUInt32LE(16);
	const locals = head.subarray(0, dirOffset);
	const dir = head.subarray(dirOffset, dirOffset + dirSize);
	const name = Buffer.from('xl/worksheets/sheet1.xml');
	// a local header and its central directory entry share a run of fields: from "version needed" (at `at`) to the name's length
	const sharedFields = (h: Buffer, at: number) => {
		h.writeUInt16LE(20, at); // version needed: 2.0
		h.writeUInt16LE(8, at + 4); // method: deflate
		h.writeUInt32LE(deflated.length, at + 14); // compressed size
		h.writeUInt32LE(1000, at + 18); // uncompressed size, as declared
		h.writeUInt16LE(name.length, at + 22);
	};
	const lh = Buffer.alloc(30);
	lh.writeUInt32LE(0x04034b50, 0);
	sharedFields(lh, 4);
	const ch = Buffer.alloc(46);
	ch.writeUInt32LE(0x02014b50, 0);
	ch.writeUInt16LE(20, 4); // version made by
	sharedFields(ch, 6);
	ch.writeUInt32LE(locals.length, 42);
	const newDir = Buffer.concat([dir, ch, name]);
	const newEnd = Buffer.alloc(22);
	newEnd.writeUInt32LE(0x06054b50, 0);
	newEnd.writeUInt16LE(count + 1, 8);
	newEnd.writeUInt16LE(count + 1, 10);
	newEnd.writeUInt32LE(newDir.length, 12);
	newEnd.writeUInt32LE(locals.length + 30 + name.length + deflated.length, 16);
	return Buffer.concat([locals, lh, name, deflated, newDir, newEnd]);
}

describe('a dashboard table exported as .xlsx', () => {
	const columns = [
		{ key: 'team', label: '班组', format: (v: string) => (v === 'T1' ? '一队' : v) },
		{ key: 'jobs', label: 'Jobs' },
		{ key: 'rate', label: 'Rework rate', format: (v: number) => `${(v * 100).toFixed(1)}%` },
		{ key: 'hours', label: 'Hours' },
		{ key: 'day', label: 'Day' },
		{ key: 'month', label: 'Month' },
		{ key: 'note', label: 'Note' },
		{ key: 'peak', label: 'Peak month', format: (v: number) => ['June', 'July'][v - 6] }
	];
	const rows = [
		{
			team: 'T1',
			jobs: 1234,
			rate: 0.018,
			hours: 548.6968981546697,
			day: '2026-07-01',
			month: '2026-07',
			note: "=cmd|' /C calc'!A0",
			peak: 7
		},
		{ team: 'T2', jobs: 7, rate: 0.25, hours: null, day: '2026-12-31', month: '2026-08', note: 'a <b> & "c"', peak: 6 }
	];
	const bytes = xlsxBytes({ name: 'rework/team: July', columns: columns as never, rows, about: [['Period', '2026-07']] });
	const parts = unzipSync(bytes);
	const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']);
	const cell = (ref: string) => new RegExp(`<c r="${ref}"[^>]*?(/>|>.*?</c>)`).exec(sheet)?.[0];

	it('writes numbers as numbers with their formats, dates as date serials, labels as the table shows them', () => {
		// styles.xml: 1 = #,##0 (built-in 3), 2 = #,##0.00 (built-in 4), 3 = 0.0%, 4 = yyyy-mm-dd, 6 = yyyy-mm
		expect(cell('A2')).toBe('<c r="A2" t="inlineStr"><is><t xml:space="preserve">一队</t></is></c>');
		expect(cell('B2')).toBe('<c r="B2" s="1"><v>1234</v></c>');
		expect(cell('C2')).toBe('<c r="C2" s="3"><v>0.018</v></c>');
		expect(cell('D2')).toBe('<c r="D2" s="2"><v>548.6968981546697</v></c>');
		// 2026-07-01 is day 46204 after 1899-12-30, 2026-08-01 day 46235 (worked out in Python with date subtraction)
		expect(cell('E2')).toBe('<c r="E2" s="4"><v>46204</v></c>');
		expect(cell('F3')).toBe('<c r="F3" s="6"><v>46235</v></c>');
		expect(cell('D3')).toBe('<c r="D3"/>');
		// text is inline text, never a formula; markup escaped
		expect(cell('G2')).toBe(`<c r="G2" t="inlineStr"><is><t xml:space="preserve">=cmd|' /C calc'!A0</t></is></c>`);
		expect(cell('G3')).toBe('<c r="G3" t="inlineStr"><is><t xml:space="preserve">a &lt;b&gt; &amp; &quot;c&quot;</t></is></c>');
		// a number shown as a word is written as the word
		expect(cell('H2')).toBe('<c r="H2" t="inlineStr"><is><t xml:space="preserve">July</t></is></c>');
		const styles = strFromU8(parts['xl/styles.xml']);
		expect(styles).toContain('<numFmt numFmtId="164" formatCode="0.0%"/>');
		expect([...styles.matchAll(/<xf numFmtId="(\d+)"[^>]*xfId="0"/g)].map((m) => m[1])).toEqual([
			'0',
			'3',
			'4',
			'164',
			'165',
			'166',
			'167',
			'0'
		]);
		const book = strFromU8(parts['xl/workbook.xml']);
		expect([...book.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1])).toEqual(['rework team  July', 'About']);
	});

	it('reads back through the ingest reader: numbers, dates by their format, text', async () => {
		const file = path.join(root, 'export.xlsx');
		fs.writeFileSync(file, bytes);
		const out = path.join(root, 'export.csv');
		expect(await xlsxToCsv(file, out)).toEqual({ sheet: 'rework team  July', rows: 2 });
		expect(fs.readFileSync(out, 'utf8')).toBe(
			[
				'班组,Jobs,Rework rate,Hours,Day,Month,Note,Peak month',
				`一队,1234,0.018,548.6968981546697,2026-07-01,2026-07-01,=cmd|' /C calc'!A0,July`,
				'T2,7,0.25,,2026-12-31,2026-08-01,"a <b> & ""c""",June',
				''
			].join('\n')
		);
	});
});
