import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import {
	PARTS_HEADERS,
	REWORK_HEADERS,
	TECHNICIAN_HEADERS,
	TICKET_HEADERS_EN,
	TICKET_HEADERS_ZH,
	generateSample,
	type SampleResult
} from '../../scripts/sample/index';

const TICKETS = 3000;
const FILES = ['tickets.csv', 'rework.csv', 'parts.csv', 'technicians.csv'];

let root: string;
let first: SampleResult;

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'fieldloop-sample-'));
	first = await generateSample({ outDir: join(root, 'a'), tickets: TICKETS, seed: 7 });
});

afterAll(async () => {
	await rm(root, { recursive: true, force: true });
});

function parse(text: string): string[][] {
	const result = Papa.parse<string[]>(text, { skipEmptyLines: true });
	expect(result.errors).toEqual([]);
	return result.data;
}

async function readCsv(path: string, encoding: 'gbk' | 'utf8'): Promise<{ bytes: Buffer; rows: string[][] }> {
	const bytes = await readFile(path);
	return { bytes, rows: parse(iconv.decode(bytes, encoding)) }; // iconv strips the UTF-8 BOM
}

describe('generateSample', () => {
	it('writes the same bytes for the same options', async () => {
		await generateSample({ outDir: join(root, 'b'), tickets: TICKETS, seed: 7 });
		for (const file of FILES) {
			const [a, b] = await Promise.all([readFile(join(root, 'a', file)), readFile(join(root, 'b', file))]);
			expect(a.equals(b), file).toBe(true);
		}
	});

	it('writes different data for another seed', async () => {
		await generateSample({ outDir: join(root, 'c'), tickets: TICKETS, seed: 8 });
		const [a, c] = await Promise.all([readFile(join(root, 'a', 'tickets.csv')), readFile(join(root, 'c', 'tickets.csv'))]);
		expect(a.equals(c)).toBe(false);
	});

	it('writes GBK tickets with Chinese headers and CRLF line ends', async () => {
		const { bytes, rows } = await readCsv(join(root, 'a', 'tickets.csv'), 'gbk');
		expect(rows[0]).toEqual(TICKET_HEADERS_ZH);
		expect(rows.length - 1).toBe(TICKETS);
		expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
		expect(bytes.includes(Buffer.from('\r\n'))).toBe(true);
		expect(rows.every((r) => r.length === TICKET_HEADERS_ZH.length)).toBe(true);
		const types = new Set(rows.slice(1).map((r) => r[2]));
		for (const word of ['安装', '维修', '保养', '投诉']) expect(types.has(word)).toBe(true);
		expect(rows.some((r) => r[19].includes('\n') && r[19].includes('"') && r[19].includes(','))).toBe(true);
	});

	it('writes rework and parts as UTF-8 with BOM, technicians as GBK', async () => {
		const rework = await readCsv(join(root, 'a', 'rework.csv'), 'utf8');
		expect(rework.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
		expect(rework.rows[0]).toEqual(REWORK_HEADERS);
		expect(rework.bytes.includes(Buffer.from('\r\n'))).toBe(false);

		const parts = await readCsv(join(root, 'a', 'parts.csv'), 'utf8');
		expect(parts.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
		expect(parts.rows[0]).toEqual(PARTS_HEADERS);
		expect(parts.bytes.includes(Buffer.from('\r\n'))).toBe(true);

		const technicians = await readCsv(join(root, 'a', 'technicians.csv'), 'gbk');
		expect(technicians.rows[0]).toEqual(TECHNICIAN_HEADERS);
		expect(technicians.rows.length - 1).toBeGreaterThanOrEqual(60);
		expect(technicians.rows[1][0]).toMatch(/^T\d{4}$/);
	});

	it('reports row counts and the deliberately bad rows', async () => {
		const byTable = Object.fromEntries(first.files.map((f) => [f.table, f]));
		expect(byTable.tickets.rows).toBe(TICKETS);
		expect(byTable.tickets.badRows).toBe(7);
		expect(byTable.rework.badRows).toBe(1);
		expect(byTable.parts.badRows).toBe(2);
		expect(first.badRows).toHaveLength(10);

		// Line numbers are physical lines: a line break inside a quoted description counts too.
		const text = iconv.decode(await readFile(join(root, 'a', 'tickets.csv')), 'gbk');
		const lines = text.split(/\r?\n/);
		for (const bad of first.badRows.filter((b) => b.table === 'tickets')) {
			expect(lines[bad.line - 1]).toContain(bad.value);
		}
	});

	it('can write UTF-8 tickets with English headers and LF line ends', async () => {
		await generateSample({ outDir: join(root, 'en'), tickets: 500, seed: 7, ticketsEncoding: 'utf8', ticketsHeaders: 'en' });
		const { bytes, rows } = await readCsv(join(root, 'en', 'tickets.csv'), 'utf8');
		expect(rows[0]).toEqual(TICKET_HEADERS_EN);
		expect(rows.length - 1).toBe(500);
		expect(bytes.includes(Buffer.from('\r\n'))).toBe(false);
	});
});
