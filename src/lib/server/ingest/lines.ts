// Physical line numbers for rejected rows. DuckDB numbers CSV records (a quoted
// field with newlines is one record; the header is record 1; blank lines count)
// and does not tell where a good row sits in the file, so when a row is
// rejected one byte-level pass maps record numbers to the line a user sees in
// an editor. Quotes and newlines are ASCII, and neither UTF-8 nor GBK multi-byte
// characters contain those bytes, so the pass works on the raw bytes.
import { createReadStream } from 'node:fs';

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
/** records spanning lines that RecordScanner.rowLines keeps (16 bytes each) */
const MAX_SPANS = 1_000_000;

export interface LineMaps {
	/** DuckDB record number → physical line where that record starts. */
	byRecord: Map<number, number>;
	/** Index of a row in the staging table (0-based, in file order) → physical line. */
	byRow: Map<number, number>;
	/** physical lines in the file */
	lines: number;
}

/**
 * @param skippedRecords records DuckDB's reader rejected (they are not in staging),
 *   each with the number of physical lines DuckDB took it to span. Within such a
 *   record quotes are not counted: after a broken quote DuckDB resumes at a line
 *   end of its choosing, and the scan must resume there too.
 * @param wantRows staging row indexes whose line is wanted
 * @param delimiter the file's delimiter: a quote opens a quoted field only at the start of a field, as in
 *   DuckDB's reader (an inch mark in `5" pipe` is a plain character); without it, after any of , tab ; |
 */
export async function locateLines(
	path: string,
	skippedRecords: Map<number, number>,
	wantRows: Set<number>,
	delimiter?: string
): Promise<LineMaps> {
	const separators = new Set(delimiter ? [delimiter.charCodeAt(0)] : [0x2c, 0x09, 0x3b, 0x7c]);
	separators.add(NL);
	let prevByte = -1; // the byte before the current chunk; -1 at the start of the file
	let base = 0; // offset of the current chunk
	let lastClose = -2; // offset of the last closing quote
	const byRecord = new Map<number, number>();
	const byRow = new Map<number, number>();
	let line = 1;
	let record = 1;
	let recordStartLine = 1;
	let recordBytes = 0; // lines of the current record with content: 0 means a blank line
	let inQuote = false;
	let row = -1; // staging row index of the current record
	let skipLeft = 0; // lines left in a rejected record being passed over
	let midLine = false; // a chunk ended inside a line
	const maxRow = largest(wantRows);
	const maxRecord = largest(new Set(skippedRecords.keys()));

	const endRecord = () => {
		if (skippedRecords.has(record)) byRecord.set(record, recordStartLine);
		else if (record > 1 && recordBytes > 0) {
			row++;
			if (wantRows.has(row)) byRow.set(row, recordStartLine);
		}
		record++;
		recordStartLine = line;
		recordBytes = 0;
	};

	for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
		const buf = chunk as Buffer;
		// jump from newline to newline and quote to quote with native searches:
		// a byte-by-byte loop in JavaScript cost a second per 200 MB
		let i = 0;
		let nextQuote = buf.indexOf(QUOTE, 0);
		for (;;) {
			const nl = buf.indexOf(NL, i);
			const end = nl === -1 ? buf.length : nl;
			if (!midLine && !inQuote && skipLeft === 0 && recordBytes === 0 && skippedRecords.has(record))
				skipLeft = Math.max(1, skippedRecords.get(record)!);
			while (nextQuote !== -1 && nextQuote < end) {
				if (skipLeft === 0) {
					if (inQuote) {
						inQuote = false;
						lastClose = base + nextQuote;
					} else {
						const before = nextQuote > 0 ? buf[nextQuote - 1] : prevByte;
						if (before === -1 || separators.has(before) || base + nextQuote === lastClose + 1) inQuote = true;
					}
				}
				nextQuote = buf.indexOf(QUOTE, nextQuote + 1);
			}
			if (end > i && !(end - i === 1 && buf[i] === CR)) recordBytes++;
			if (nl === -1) {
				midLine = end > i;
				break;
			}
			midLine = false;
			line++;
			if (skipLeft > 0) {
				skipLeft--;
				if (skipLeft === 0) {
					inQuote = false;
					endRecord();
				}
			} else if (!inQuote) endRecord();
			i = nl + 1;
		}
		if (row >= maxRow && record > maxRecord) break;
		if (buf.length > 0) prevByte = buf[buf.length - 1];
		base += buf.length;
	}
	if (recordBytes > 0) endRecord();
	return { byRecord, byRow, lines: line };
}

function largest(s: Set<number>): number {
	let m = -1;
	for (const v of s) if (v > m) m = v;
	return m;
}

/** one CSV record as DuckDB's reader sees it: record number (the header is 1), its physical lines, its bytes */
export interface RecordSpan {
	record: number;
	/** physical line where the record starts (1-based) */
	line: number;
	/** physical lines it spans (a quoted field with newlines spans several) */
	lines: number;
	/** byte offset of its first byte */
	start: number;
	/** byte offset of its line end ("\n"; a "\r" before it counts as content), or the file size for a last line without one */
	end: number;
}

/**
 * Finds record boundaries in a stream of CSV bytes, for records of any size:
 * a quote opens a quoted field only at the start of a field (after the
 * delimiter, a line end or at the file's start) or right after a closing quote
 * (a doubled quote), as DuckDB's reader does; a newline outside quotes ends the
 * record. Reports the longest record, and each record longer than `limit` bytes.
 */
export class RecordScanner {
	private inQuote = false;
	/** the byte before the current chunk; -1 at the start of the file */
	private prev = -1;
	/** absolute offset of the last closing quote */
	private lastClose = -2;
	private base = 0;
	private line = 1;
	private record = 1;
	private recStart = 0;
	private recLine = 1;
	longest = 0;
	/** records spanning more than one line (a quoted field with a line end) */
	multiline = 0;
	/** records with no content (an empty line, or a lone CR) */
	blank = 0;
	/** each record spanning lines (up to MAX_SPANS of them): its number, and the lines all such records so far add */
	private spanRecords: number[] = [];
	private spanExtra: number[] = [];
	private extra = 0;
	/** line ends seen, CRLF and bare LF (inside quoted fields too) */
	crlf = 0;
	lf = 0;

	constructor(
		private readonly delimiter: number,
		private readonly limit = Infinity,
		private readonly onLong: (r: RecordSpan) => void = () => undefined
	) {}

	feed(buf: Buffer): void {
		let nextQuote = buf.indexOf(QUOTE, 0);
		let nextNl = buf.indexOf(NL, 0);
		for (;;) {
			if (this.inQuote) {
				if (nextQuote === -1) {
					for (; nextNl !== -1; nextNl = buf.indexOf(NL, nextNl + 1)) this.newline(buf, nextNl);
					break;
				}
				for (; nextNl !== -1 && nextNl < nextQuote; nextNl = buf.indexOf(NL, nextNl + 1)) this.newline(buf, nextNl);
				this.inQuote = false;
				this.lastClose = this.base + nextQuote;
				nextQuote = buf.indexOf(QUOTE, nextQuote + 1);
				continue;
			}
			if (nextNl !== -1 && (nextQuote === -1 || nextNl < nextQuote)) {
				this.endRecord(this.base + nextNl, (nextNl > 0 ? buf[nextNl - 1] : this.prev) === CR);
				this.newline(buf, nextNl);
				this.recStart = this.base + nextNl + 1;
				this.recLine = this.line;
				nextNl = buf.indexOf(NL, nextNl + 1);
				continue;
			}
			if (nextQuote === -1) break;
			const before = nextQuote > 0 ? buf[nextQuote - 1] : this.prev;
			const at = this.base + nextQuote;
			if (before === -1 || before === this.delimiter || before === NL || at === this.lastClose + 1) this.inQuote = true;
			nextQuote = buf.indexOf(QUOTE, nextQuote + 1);
		}
		if (buf.length > 0) this.prev = buf[buf.length - 1];
		this.base += buf.length;
	}

	/** call once after the last chunk */
	end(): void {
		if (this.base > this.recStart) this.endRecord(this.base, this.prev === CR);
	}

	/**
	 * Where each row starts, when no record is empty: the reader's row n (0-based, after the header record) is
	 * record n + 2, which starts n + 2 lines down plus the lines the records before it spanning several add
	 * (valid when the reader rejected no record). Null when a record is empty (not a row) or too many span lines.
	 */
	rowLines(): ((row: number) => number) | null {
		if (this.blank > 0 || this.multiline > MAX_SPANS) return null;
		const records = this.spanRecords;
		const extra = this.spanExtra;
		return (row) => {
			const record = row + 2;
			// the last record spanning lines before this one (binary search)
			let lo = 0;
			let hi = records.length;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (records[mid] < record) lo = mid + 1;
				else hi = mid;
			}
			return record + (lo > 0 ? extra[lo - 1] : 0);
		};
	}

	private newline(buf: Buffer, at: number): void {
		this.line++;
		if ((at > 0 ? buf[at - 1] : this.prev) === CR) this.crlf++;
		else this.lf++;
	}

	/** `crEnd`: the byte before `end` is a CR */
	private endRecord(end: number, crEnd: boolean): void {
		const size = end - this.recStart;
		if (this.line > this.recLine) {
			this.extra += this.line - this.recLine;
			if (++this.multiline <= MAX_SPANS) {
				this.spanRecords.push(this.record);
				this.spanExtra.push(this.extra);
			}
		}
		if (size === 0 || (size === 1 && crEnd)) this.blank++;
		if (size > this.longest) this.longest = size;
		if (size > this.limit)
			this.onLong({ record: this.record, line: this.recLine, lines: this.line - this.recLine + 1, start: this.recStart, end });
		this.record++;
	}
}
