// Reject line numbers without a second pass over the file, and the rows kept when a row is rejected for
// something else than its own values (a second id): load.ts takes each rejected row's line from the first pass
// (RecordScanner.rowLines: records spanning lines shift the rows after them) when the reader rejected no record
// and no record is empty; otherwise it counts the lines again (locateLines). Both answers are worked out by hand.
import { describe, expect, it } from 'vitest';
import { RecordScanner } from '../../src/lib/server/ingest/lines';
import { warehouseFixture } from './helpers/warehouse-fixture';
import { DATE_RULE, TYPE_RULE, fileResult, storedRejects } from './helpers/ingest-expect';

const HEADER = 'ticket_id,created_at,type,customer_id,region,city,product_model,serial_no';

function scan(text: string, chunk = Infinity): RecordScanner {
	const s = new RecordScanner(0x2c);
	const buf = Buffer.from(text);
	for (let i = 0; i < buf.length; i += Math.min(chunk, buf.length)) s.feed(buf.subarray(i, Math.min(i + chunk, buf.length)));
	s.end();
	return s;
}

describe('RecordScanner.rowLines: the line each row starts on', () => {
	// rows (0-based, after the header record) → line, or null: a record that is empty (not a row) leaves it to locateLines
	const cases: [string, string, number[] | null][] = [
		['one record a line', 'a,b\n1,2\n3,4\n', [2, 3]],
		['no line end at the end', 'a,b\n1,2\n3,4', [2, 3]],
		['CRLF', 'a,b\r\n1,2\r\n3,4\r\n', [2, 3]],
		['a quoted line end', 'a,b\n1,"x\ny"\n3,4\n5,6\n', [2, 4, 5]],
		['two, one of them in the header', 'a,"b\n\nc"\n1,"x\ny"\n3,"p\r\nq"\n5,6\n', [4, 6, 8]],
		['an empty line', 'a,b\n1,2\n\n3,4\n', null],
		['a line holding a CR alone', 'a,b\r\n1,2\r\n\r\n3,4\r\n', null],
		['an empty line at the end', 'a,b\n1,2\n\n', null],
		['a quote inside a value', 'a,b\n1,5" pipe\n3,4\n', [2, 3]]
	];
	for (const [what, text, lines] of cases)
		it(`${what}: ${JSON.stringify(lines)}`, () => {
			// cut anywhere, the same answer
			for (const chunk of [Infinity, 1, 3]) {
				const f = scan(text, chunk).rowLines();
				expect(f && lines!.map((_, row) => f(row))).toEqual(lines);
			}
		});
});

describe('reject lines, with and without the second pass', () => {
	/** 40 good rows T1..T40 with created_at 2026-03-01; row i (1-based) on line i + 1 of a plain file */
	const rows = () => Array.from({ length: 40 }, (_, i) => `T${i + 1},2026-03-01 10:00,repair,C${i + 1},east,city,m1,S${i + 1}`);
	const spoil = (r: string[]) => {
		r[6] = 'T7,2026-02-30,repair,C7,east,city,m1,S7'; // a bad date
		r[22] = 'T23,2026-03-01 10:00,bogus,C23,east,city,m1,S23'; // a bad type
		r[29] = 'T12,2026-03-01 10:00,repair,C30,east,city,m1,S30'; // the id of row 12 again
		return r;
	};

	it('a plain file: row n on line n + 1 of the data, the first of a second id named by its line', async () => {
		const fx = await warehouseFixture('ingest-lines');
		const file = fx.write('tickets.csv', [HEADER, ...spoil(rows())].join('\n') + '\n');
		const f = fileResult(await fx.ingest(file), file);
		const want = [
			{ line: 8, column: 'created_at', value: '2026-02-30', rule: DATE_RULE },
			{ line: 24, column: 'type', value: 'bogus', rule: TYPE_RULE },
			{ line: 31, column: 'ticket_id', value: 'T12', rule: 'duplicate id in this file (first on line 13)' }
		];
		expect(f.rejects).toEqual(want);
		expect(await storedRejects(fx.wh, file)).toEqual(want);
		expect([f.rows_read, f.rows_loaded, f.rows_rejected, f.rows_inserted]).toEqual([40, 37, 3, 37]);
		// the kept rows: every id but the three rejected, and T12 as its first row has it (customer C12)
		const kept = await fx.wh.all<{ ticket_id: string; customer_id: string }>(
			`SELECT ticket_id, customer_id FROM tickets ORDER BY CAST(ticket_id[2:] AS INTEGER)`
		);
		expect(kept.map((r) => r.ticket_id)).toEqual(
			Array.from({ length: 40 }, (_, i) => `T${i + 1}`).filter((id) => !['T7', 'T23', 'T30'].includes(id))
		);
		expect(kept.find((r) => r.ticket_id === 'T12')!.customer_id).toBe('C12');
	});

	it('quoted line ends before them: each row down by the lines they add', async () => {
		const fx = await warehouseFixture('ingest-lines');
		const r = spoil(rows());
		// row 3's city spans two lines, row 15's three: from row 4 on one line down, from row 16 on three
		r[2] = 'T3,2026-03-01 10:00,repair,C3,east,"two\nlines",m1,S3';
		r[14] = 'T15,2026-03-01 10:00,repair,C15,east,"three\r\nlines\nhere",m1,S15';
		const file = fx.write('tickets.csv', [HEADER, ...r].join('\n') + '\n');
		const f = fileResult(await fx.ingest(file), file);
		expect(f.rejects).toEqual([
			{ line: 9, column: 'created_at', value: '2026-02-30', rule: DATE_RULE },
			{ line: 27, column: 'type', value: 'bogus', rule: TYPE_RULE },
			{ line: 34, column: 'ticket_id', value: 'T12', rule: 'duplicate id in this file (first on line 14)' }
		]);
		expect(f.rows_loaded).toBe(37);
	});

	it('an empty line and a quoted line end before them: the lines counted again', async () => {
		const fx = await warehouseFixture('ingest-lines');
		const r = spoil(rows());
		// line 2 + 9 = 11 is empty; row 15's city spans two lines (16 and 17 become 17 and 18)
		r[14] = 'T15,2026-03-01 10:00,repair,C15,east,"two\nlines",m1,S15';
		const lines = [HEADER, ...r.slice(0, 9), '', ...r.slice(9)];
		const file = fx.write('tickets.csv', lines.join('\n') + '\n');
		const f = fileResult(await fx.ingest(file), file);
		expect(f.rejects).toEqual([
			{ line: 8, column: 'created_at', value: '2026-02-30', rule: DATE_RULE },
			{ line: 26, column: 'type', value: 'bogus', rule: TYPE_RULE },
			{ line: 33, column: 'ticket_id', value: 'T12', rule: 'duplicate id in this file (first on line 14)' }
		]);
		expect(f.rows_loaded).toBe(37);
	});
});
