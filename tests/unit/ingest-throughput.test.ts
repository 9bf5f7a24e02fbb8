// The fast paths of an ingest give what the plain paths give: the GBK table
// decoder what iconv-lite encoded (and TextDecoder's reading of broken bytes),
// the native UTF-8 check what a byte-level reading says, and a file read with
// typed columns the rows and rejects of the same file read as text.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { GbkTranscoder } from '../../src/lib/server/ingest/gbk';
import { scanFile } from '../../src/lib/server/ingest/transcode';
import { ingestFiles, type IngestResult } from '../../src/lib/server/ingest/index';
import { mulberry32 } from '../../scripts/sample/random';
import { warehouseFixture, type WarehouseFixture } from './helpers/warehouse-fixture';
import { AMOUNT_RULE, DATE_RULE, FUTURE_RULE, MISSING, NUMBER_RULE, fileResult, storedRejects } from './helpers/ingest-expect';

function transcodeInChunks(bytes: Buffer, size: number): string {
	const t = new GbkTranscoder();
	const out: Buffer[] = [];
	for (let i = 0; i < bytes.length; i += size) out.push(t.push(bytes.subarray(i, i + size)));
	out.push(t.end());
	return Buffer.concat(out).toString('utf8');
}

describe('GBK to UTF-8 by table', () => {
	// ASCII, two-byte GBK, characters GB18030 spells in four bytes (é, €-less Latin, emoji), CRLF and LF
	const text =
		'工单号,报修时间,故障描述\r\nGD1,2026/7/1 14:30,"内机漏水, 外机异响"\n' +
		'GD2,2026年7月2日,José Müller 报修 ℃±Ω①·—\nGD3,2026-07-03,表情 😀 与 ㈠ 与 龘\n末行无换行';
	const gbk = iconv.encode(text, 'gb18030');

	it('gives back exactly the text iconv-lite encoded, whatever the chunk size', () => {
		expect(gbk.includes(0x30)).toBe(true); // four-byte sequences are present (their second byte is a digit)
		for (const size of [1, 2, 3, 7, 64, gbk.length]) expect(transcodeInChunks(gbk, size), `chunks of ${size}`).toBe(text);
	});

	it('reads broken bytes as TextDecoder does: each a replacement character where the stream decoder puts one', () => {
		const rand = mulberry32(20261201);
		const pick = [0x0a, 0x0d, 0x2c, 0x22, 0x30, 0x39, 0x41, 0x7f, 0x80, 0x81, 0xa1, 0xb0, 0xd7, 0xfe, 0xff];
		for (let trial = 0; trial < 20; trial++) {
			const bytes = Buffer.from(
				Array.from({ length: 600 }, () => (rand() < 0.6 ? pick[Math.floor(rand() * pick.length)] : Math.floor(rand() * 256)))
			);
			const expected = new TextDecoder('gb18030').decode(bytes);
			for (const size of [1, 5, 4096]) expect(transcodeInChunks(bytes, size), `trial ${trial}, chunks of ${size}`).toBe(expected);
		}
		// a lead byte right before a line end, and one at the very end of the file
		expect(transcodeInChunks(Buffer.from([0x41, 0xb0, 0x0a, 0xb0, 0xa1, 0x0a, 0xd6]), 2)).toBe('A\ufffd\n啊\n\ufffd');
	});
});

describe('the first pass checks UTF-8 across its 4 MiB chunks', () => {
	const CHUNK = 1 << 22;
	async function scan(fx: WarehouseFixture, bytes: Buffer) {
		return scanFile(fx.write('f.csv', bytes), 'utf-8');
	}

	it('a character cut by the chunk boundary is valid; a stray byte after it, or a character cut by the end of the file, is not', async () => {
		const fx = await warehouseFixture('throughput');
		const head = Buffer.alloc(CHUNK - 1, 0x61); // 'a' … then 中 (E4 B8 AD) spans bytes CHUNK-1 .. CHUNK+1
		const zhong = Buffer.from('中\n', 'utf8');
		expect((await scan(fx, Buffer.concat([head, zhong]))).validUtf8).toBe(true);
		expect((await scan(fx, Buffer.concat([head, zhong, Buffer.from([0x62, 0xff, 0x0a])]))).validUtf8).toBe(false);
		expect((await scan(fx, Buffer.concat([head, zhong, Buffer.from([0xe4, 0xb8])]))).validUtf8).toBe(false);
		// an overlong encoding of "/" (C0 AF) is not UTF-8 either
		expect((await scan(fx, Buffer.from([0x61, 0xc0, 0xaf, 0x0a]))).validUtf8).toBe(false);
	});
});

type Row = Record<string, unknown>;
interface Loaded {
	result: IngestResult;
	typed: string[];
	tickets: Row[];
	rejects: Row[];
}

/** One file loaded into a fresh warehouse, with typed reads on or off. */
async function load(name: string, content: string | Buffer, typedReads: boolean): Promise<Loaded> {
	const fx = await warehouseFixture('throughput');
	const file = fx.write(name, content);
	let typed: string[] = [];
	const result = await ingestFiles(fx.wh, [file], { typedReads, onStaged: (t) => (typed = t) });
	const tickets = await fx.wh.all(
		`SELECT * EXCLUDE (ingest_id), strftime(created_at, '%Y-%m-%d %H:%M:%S') AS created FROM tickets ORDER BY ticket_id`
	);
	const rejects = (await storedRejects(fx.wh, file)) as Row[];
	const scratch = path.join(fx.dir, '.warehouse.duckdb.tmp');
	expect(fs.existsSync(scratch) ? fs.readdirSync(scratch) : [], 'scratch files left behind').toEqual([]);
	return { result, typed, tickets, rejects };
}

/** The same file through both paths: the same rows, rejects and counts. */
async function bothPaths(name: string, content: string | Buffer) {
	const typed = await load(name, content, true);
	const text = await load(name, content, false);
	expect(text.typed).toEqual([]);
	expect(typed.tickets).toEqual(text.tickets);
	expect(typed.rejects).toEqual(text.rejects);
	const counts = (r: IngestResult) => {
		const { rows_read, rows_loaded, rows_rejected, rows_inserted, error } = r.files[0];
		return { rows_read, rows_loaded, rows_rejected, rows_inserted, error };
	};
	expect(counts(typed.result)).toEqual(counts(text.result));
	return typed;
}

const HEADER = 'ticket_id,created_at,type,customer_id,production_date,arrived_at,distance_km,satisfaction,labor_fee';

describe('typed reads: the same rows and rejects as the text path', () => {
	it('a file whose dates and numbers each have one spelling is read typed; every rule still fires with the file’s own text', async () => {
		const csv = [
			HEADER,
			'T1,2026-01-05 09:30,install,C1,2025-12-01,2026-01-05 11:00,12.5,5,100',
			'T2,2026-01-06 10:00,repair,C2,2025-11-15,2026-01-06 12:30,-5,4,',
			'T3,2026-01-07 08:15,repair,C3,,,3,7,80.25',
			'T4,2026-01-08 14:00,maintenance,C4,2025-10-01,2026-01-08 15:00,0,2.5,0',
			'T5,2099-01-01 10:00,install,C5,,,1,5,',
			'T6,,install,C6,,,1,5,',
			'T1,2026-01-09 10:00,repair,C1,,,2,5,',
			'T7,2026-01-10 10:00,repair,C7,,,1,5,,extra',
			'T8,2026-01-11 10:00,Repair,C8,2025-09-09,2026-01-11 12:00,1.75,3,1000',
			''
		].join('\n');
		const r = await bothPaths('typed.csv', csv);
		expect([...r.typed].sort()).toEqual(['arrived_at', 'created_at', 'distance_km', 'labor_fee', 'production_date', 'satisfaction']);
		expect(r.tickets.map((t) => [t.ticket_id, t.created, t.type, t.distance_km, t.satisfaction, t.labor_fee])).toEqual([
			['T1', '2026-01-05 09:30:00', 'install', 12.5, 5, 100],
			['T8', '2026-01-11 10:00:00', 'repair', 1.75, 3, 1000]
		]);
		expect(r.rejects.slice(0, 6)).toEqual([
			{ line: 3, column: 'distance_km', value: '-5', rule: AMOUNT_RULE },
			{ line: 4, column: 'satisfaction', value: '7', rule: 'must be ≤ 5' },
			{ line: 5, column: 'satisfaction', value: '2.5', rule: 'not a whole number from 1 to 5' },
			{ line: 6, column: 'created_at', value: '2099-01-01 10:00', rule: FUTURE_RULE },
			{ line: 7, column: 'created_at', value: null, rule: MISSING },
			{ line: 8, column: 'ticket_id', value: 'T1', rule: 'duplicate id in this file (first on line 2)' }
		]);
		expect(r.rejects[6]).toMatchObject({ line: 9, column: null, value: 'T7,2026-01-10 10:00,repair,C7,,,1,5,,extra' });
		expect(String(r.rejects[6].rule)).toMatch(/^malformed CSV row: too many fields/);
		expect(r.rejects).toHaveLength(7);
		expect(fileResult(r.result, r.result.files[0].file)).toMatchObject({ rows_read: 9, rows_loaded: 2, rows_rejected: 7 });
	});

	it('a file of mixed spellings reads those columns as text, with the same rows', async () => {
		const csv = [
			HEADER,
			'M1,2026/1/5 9:30,安装,C1,2025年12月1日,2026-01-05 11:00,"1,200.5", 4 ,100',
			'M2,2026年1月6日,维修,C2,2025-11-15,2026/1/6 12:30:00,１２,5,',
			'M3,2026-01-07 08:15,REPAIR,C3,,,3,4,80.25',
			''
		].join('\n');
		const r = await bothPaths('mixed.csv', csv);
		expect(r.typed).toEqual(['labor_fee']);
		expect(r.tickets.map((t) => [t.ticket_id, t.created, t.type, t.distance_km, t.satisfaction])).toEqual([
			['M1', '2026-01-05 09:30:00', 'install', 1200.5, 4],
			['M2', '2026-01-06 00:00:00', 'repair', 12, 5],
			['M3', '2026-01-07 08:15:00', 'repair', 3, 4]
		]);
		expect(r.rejects).toEqual([]);
	});

	it('a spelling the sample did not show, past it, sends the whole file back to the text path', async () => {
		const rows = [HEADER];
		for (let i = 1; i <= 20_050; i++) rows.push(`F${i},2026-01-05 09:30,install,C${i},,,${i % 50}.5,5,`);
		rows[20_040] = 'F20040,2026/2/1 10:00,install,C20040,,,１２,5,'; // line 20041: a slash date and full-width digits
		rows.push('');
		const r = await bothPaths('late.csv', rows.join('\n'));
		expect(r.typed).toEqual([]);
		expect(r.tickets).toHaveLength(20_050);
		const late = r.tickets.find((t) => t.ticket_id === 'F20040')!;
		expect([late.created, late.distance_km]).toEqual(['2026-02-01 10:00:00', 12]);
		expect(r.rejects).toEqual([]);
	});

	it('a GBK file is transcoded as DuckDB reads it (CRLF lines, a quoted LF: line ends made one kind on the way) and gives what its UTF-8 twin gives', async () => {
		const zh = '工单号,报修时间,类型,客户编号,生产日期,到达时间,服务半径,满意度,人工费';
		const lines = [
			zh,
			'G1,2026-01-05 09:30,安装,客户一,2025-12-01,2026-01-05 11:00,12.5,5,100',
			'G2,2026-01-06 10:00,维修,客户二,,,-5,4,',
			'G3,2026-01-07 08:15,保养,"客户,\n三",,,3,5,80.25',
			'G4,2026-01-08 08:15,保养,客户四,,,2026-13-01,5,',
			''
		].join('\r\n');
		const gbk = await bothPaths('gbk.csv', iconv.encode(lines, 'gbk'));
		const utf8 = await load('utf8.csv', lines, true);
		expect(gbk.tickets).toEqual(utf8.tickets);
		expect(gbk.rejects).toEqual(utf8.rejects);
		expect(gbk.result.files[0].encoding).toBe('gb18030');
		expect(gbk.tickets.map((t) => t.customer_id)).toEqual(['客户一', '客户,\n三']);
		expect(gbk.rejects).toEqual([
			{ line: 3, column: 'distance_km', value: '-5', rule: AMOUNT_RULE },
			{ line: 6, column: 'distance_km', value: '2026-13-01', rule: NUMBER_RULE }
		]);
	});
});

describe('one pass reads the file and checks its rows', () => {
	it('a broken byte in a column the table does not take still rejects its row, and a rejected row shows its own text', async () => {
		// 备注 is not a tickets column (ignored), yet every field is read and its encoding checked, as before
		const head = Buffer.from(
			`${HEADER},备注\nN1,2026-01-05 09:30,install,上海客户,,,12.5,5,100,好\nN2,2026-01-06 10:00,repair,C2,,,3,4,,坏`
		);
		const tail = Buffer.from(`\nN3,2026-01-07 08:15,repair,C3,2025-13-01,,-5,4,80.25,备注三\nN4,2026-01-08 08:15,repair,C4,,,1,5,,\n`);
		const r = await bothPaths('ignored.csv', Buffer.concat([head, Buffer.from([0xff]), tail]));
		expect(r.result.files[0]).toMatchObject({ encoding: 'utf-8', ignored_columns: ['备注'], rows_read: 4, rows_loaded: 2 });
		expect(r.tickets.map((t) => t.ticket_id)).toEqual(['N1', 'N4']);
		expect(r.rejects.slice(1)).toEqual([
			{ line: 4, column: 'distance_km', value: '-5', rule: AMOUNT_RULE },
			{ line: 4, column: 'production_date', value: '2025-13-01', rule: DATE_RULE }
		]);
		expect(r.rejects[0]).toMatchObject({
			line: 3,
			column: null,
			rule: 'malformed CSV row: not valid UTF-8 text (a corrupt byte, or a different encoding)'
		});
		expect(r.rejects).toHaveLength(3);
	});
});

describe('one write of each row', () => {
	it('a file of new rows and an update into a non-empty warehouse: new rows straight in, the changed one through the merge with its history', async () => {
		const fx = await warehouseFixture('throughput');
		const base = fx.write('base.csv', `${HEADER}\nB1,2026-01-01 08:00,install,C1,,,5,5,\nB2,2026-01-02 08:00,repair,C2,,,6,4,\n`);
		expect((await fx.ingest(base)).files[0]).toMatchObject({ rows_inserted: 2 });
		// more new rows than a DuckDB row group (122,880): the size at which an INSERT is written straight to the file
		const N = 130_000;
		const rows = [HEADER, 'B1,2026-01-01 08:00,install,C1,,,5,5,', 'B2,2026-01-02 08:00,repair,C2,,,9,4,'];
		for (let i = 0; i < N; i++) rows.push(`A${i},2026-02-01 08:00,repair,C${i},,,1,5,`);
		const file = fx.write('append.csv', rows.join('\n') + '\n');
		const f = (await fx.ingest(file)).files[0];
		expect(f).toMatchObject({ rows_read: N + 2, rows_loaded: N + 2, rows_inserted: N, rows_updated: 1, rows_unchanged: 1 });
		expect(await fx.wh.all(`SELECT count(*) AS n, count(*) FILTER (WHERE ticket_id LIKE 'A%') AS a FROM tickets`)).toEqual([
			{ n: N + 2, a: N }
		]);
		expect(
			await fx.wh.all(`SELECT ticket_id, distance_km FROM tickets WHERE ticket_id IN ('B1', 'B2', 'A0', 'A${N - 1}') ORDER BY 1`)
		).toEqual([
			{ ticket_id: 'A0', distance_km: 1 },
			{ ticket_id: `A${N - 1}`, distance_km: 1 },
			{ ticket_id: 'B1', distance_km: 5 },
			{ ticket_id: 'B2', distance_km: 9 }
		]);
		expect(await fx.wh.all(`SELECT ticket_id, distance_km FROM tickets_history`)).toEqual([{ ticket_id: 'B2', distance_km: 6 }]);
	});

	it('a first load of parts inserts every row', async () => {
		const fx = await warehouseFixture('throughput');
		await fx.ingest(fx.write('t.csv', `${HEADER}\nP1,2026-01-01 08:00,repair,C1,,,5,5,\nP2,2026-01-02 08:00,repair,C2,,,6,4,\n`));
		const parts = fx.write('parts.csv', 'ticket_id,part_no,quantity\nP1,X-1,2\nP1,X-2,1\nP2,X-1,1\n');
		expect((await fx.ingest(parts)).files[0]).toMatchObject({ table: 'parts', rows_inserted: 3, rows_updated: 0, rows_unchanged: 0 });
		expect(await fx.wh.all(`SELECT ticket_id, part_no, quantity FROM parts ORDER BY ALL`)).toEqual([
			{ ticket_id: 'P1', part_no: 'X-1', quantity: 2 },
			{ ticket_id: 'P1', part_no: 'X-2', quantity: 1 },
			{ ticket_id: 'P2', part_no: 'X-1', quantity: 1 }
		]);
		// loaded again: the same lists, nothing written
		expect((await fx.ingest(parts)).files[0]).toMatchObject({ rows_inserted: 0, rows_updated: 0, rows_unchanged: 3 });
	});
});
