// Rows longer than DuckDB's CSV reader takes (max_line_size). Up to its buffer
// (32 MiB) the reader rejects such a row cleanly; past it, it loses its way: a
// closed 40 MB quoted field is reported as an "unterminated quote" against the
// row before it, a 40 MB unquoted line vanishes without a reject, a quoted field
// with newlines becomes thousands of broken rows, and the record numbers after it
// are off by one. So every record over the limit is cut out before DuckDB reads
// the file: replaced by a stand-in of the same number of lines that DuckDB
// rejects (too few fields), whose reject is then given the right words.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Warehouse } from '../warehouse';
import { RecordScanner, type RecordSpan } from './lines';

/** read_csv's max_line_size: the most one record may hold */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;
/** a record this long in a GBK file may pass MAX_RECORD_BYTES once transcoded (2 bytes become at most 3) */
export const LONG_RECORD_SUSPECT = Math.floor(MAX_RECORD_BYTES / 1.5);

const HEAD_BYTES = 1024;
const CR = 0x0d;
const CHUNK = 1 << 22;

export interface LongRecord extends RecordSpan {
	/** the record's first bytes, decoded */
	head: string;
	/** its line end is CRLF */
	crlf: boolean;
}

/**
 * Writes a copy of the UTF-8 file `path` with each record longer than
 * MAX_RECORD_BYTES replaced by a quoted field holding only its line ends, and
 * returns those records; writes nothing and returns [] when there are none.
 */
export async function cutLongRecords(path: string, delimiter: string, outPath: string): Promise<LongRecord[]> {
	const spans: RecordSpan[] = [];
	const scanner = new RecordScanner(delimiter.charCodeAt(0), MAX_RECORD_BYTES, (r) => spans.push(r));
	for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) scanner.feed(chunk as Buffer);
	scanner.end();
	if (spans.length === 0) return [];

	const out = createWriteStream(outPath);
	const write = async (b: Buffer | string) => {
		if (!out.write(b)) await once(out, 'drain');
	};
	const records: LongRecord[] = [];
	let k = 0; // the next (or current) long record
	let head: Buffer[] = [];
	let headLen = 0;
	let last = 0; // last byte of the current long record
	let pos = 0;
	for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
		const buf = chunk as Buffer;
		const base = pos;
		let i = 0;
		while (i < buf.length) {
			const span = spans[k];
			const at = base + i;
			if (!span || at < span.start) {
				// plain bytes up to the next long record
				const stop = span ? Math.min(buf.length, span.start - base) : buf.length;
				await write(buf.subarray(i, stop));
				i = stop;
				continue;
			}
			// inside a long record: keep its head, skip the rest
			const stop = Math.min(buf.length, span.end - base);
			if (headLen < HEAD_BYTES && stop > i) {
				const take = buf.subarray(i, Math.min(stop, i + HEAD_BYTES - headLen));
				head.push(Buffer.from(take));
				headLen += take.length;
			}
			if (stop > i) last = buf[stop - 1];
			i = stop;
			if (base + i >= span.end) {
				const crlf = last === CR;
				const nl = crlf ? '\r\n' : '\n';
				await write(`"${nl.repeat(span.lines - 1)}"${crlf ? '\r' : ''}`);
				records.push({ ...span, head: new TextDecoder('utf-8').decode(Buffer.concat(head), { stream: true }), crlf });
				k++;
				head = [];
				headLen = 0;
			}
		}
		pos += buf.length;
	}
	out.end();
	await once(out, 'finish');
	return records;
}

const MB = 1024 * 1024;

/** the rule a user reads for a record cut out by cutLongRecords */
export function longRecordRule(r: LongRecord): string {
	const size = ((r.end - r.start - (r.crlf ? 1 : 0)) / MB).toFixed(1);
	const lines =
		r.lines > 1
			? `; it runs from line ${r.line.toLocaleString('en-US')} to line ${(r.line + r.lines - 1).toLocaleString('en-US')} (if it should not, a quote on line ${r.line.toLocaleString('en-US')} is not closed)`
			: '';
	return `a field longer than ${MAX_RECORD_BYTES / MB} MB: this row holds ${size} MB, and a row may hold at most ${MAX_RECORD_BYTES / MB} MB${lines}`;
}

/**
 * Gives the rejects of the stand-ins (in DuckDB's rejects table `rejectsTable`)
 * the right type, words and text: the record's first characters, followed by its
 * line ends, so that the reject's span in lines is the record's.
 */
export async function markLongRecords(wh: Warehouse, rejectsTable: string, records: LongRecord[]): Promise<void> {
	for (const r of records) {
		const headLines = r.head.split('\n').length - 1;
		const csvLine = `${r.head}${'\n'.repeat(Math.max(0, r.lines - 1 - headLines))}…`;
		await wh.run(
			`UPDATE ${rejectsTable} SET error_type = 'LINE SIZE OVER MAXIMUM', column_idx = NULL, column_name = NULL,
			 error_message = $msg, csv_line = $text WHERE line = $record`,
			{ msg: longRecordRule(r), text: csvLine, record: r.record }
		);
	}
}
