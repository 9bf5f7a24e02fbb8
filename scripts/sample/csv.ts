// CSV output: records encoded straight into a byte buffer (GBK or UTF-8) and streamed to the file.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import iconv from 'iconv-lite';
import type { TableName } from '../../src/lib/contract';
import { columnsOf } from './headers';

const SINK_BUFFER_BYTES = 1 << 18;

export interface SinkFormat {
	encoding: 'gbk' | 'utf8';
	bom: boolean;
	eol: '\r\n' | '\n';
}

/** Encodes records straight into a byte buffer that goes to the write stream when full. */
export class CsvSink {
	rows = 0;
	lines = 0;
	private buffer = Buffer.allocUnsafe(SINK_BUFFER_BYTES);
	private used = 0;
	private readonly gbk: GbkEncoder | null;
	private readonly eol: string;
	private error: Error | null = null;

	private constructor(
		readonly path: string,
		private stream: WriteStream,
		format: SinkFormat,
		private readonly columns: readonly string[],
		private readonly headers: readonly string[]
	) {
		stream.on('error', (error) => (this.error ??= error)); // rethrown by drain() / close()
		this.gbk = format.encoding === 'gbk' ? new GbkEncoder() : null;
		this.eol = format.eol;
		if (format.bom) this.append('\uFEFF');
	}

	/** A file of `table` whose header line is `headers` (one per contract column, in the contract's order: headers.ts). */
	static open(path: string, format: SinkFormat, table: TableName, headers: readonly string[]): CsvSink {
		const sink = new CsvSink(path, createWriteStream(path, { highWaterMark: 1 << 20 }), format, columnsOf(table), headers);
		sink.append(headers.join(','));
		sink.append(format.eol);
		sink.lines = 1;
		return sink;
	}

	/** Appends one record given by contract column name (a column it lacks is left empty); returns the file line it starts on. */
	writeRecord(values: Readonly<Record<string, string>>): number {
		let newlines = 0;
		const fields = this.columns.map((c) => {
			const v = values[c] ?? '';
			if (v) newlines += countNewlines(v);
			return csvField(v);
		});
		return this.write(fields.join(','), newlines);
	}

	/** The header this file gives a contract column (what a reject report names). */
	headerOf(column: string): string {
		const i = this.columns.indexOf(column);
		if (i < 0) throw new Error(`${column} is not a column of ${this.path}`);
		return this.headers[i];
	}

	/** Appends one record; returns the file line it starts on. */
	private write(record: string, embeddedNewlines = 0): number {
		this.append(record);
		this.append(this.eol);
		this.rows++;
		const line = this.lines + 1;
		this.lines += 1 + embeddedNewlines;
		return line;
	}

	private append(text: string): void {
		if (this.used + text.length * 3 > this.buffer.length) this.flush(text.length * 3);
		this.used += this.gbk ? this.gbk.encodeInto(text, this.buffer, this.used) : this.buffer.write(text, this.used, 'utf8');
	}

	/** Hands the filled part to the stream and starts a new buffer with room for `need` bytes. */
	private flush(need = 0): void {
		if (this.used > 0) this.stream.write(this.buffer.subarray(0, this.used));
		this.buffer = Buffer.allocUnsafe(Math.max(SINK_BUFFER_BYTES, need));
		this.used = 0;
	}

	async drain(): Promise<void> {
		if (this.error) throw this.error;
		if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
	}

	async close(): Promise<void> {
		if (this.used > 0) this.stream.write(this.buffer.subarray(0, this.used));
		this.stream.end();
		await finished(this.stream);
		if (this.error) throw this.error;
	}
}

/**
 * iconv-lite's GBK with each non-ASCII character looked up once and cached: the text is
 * mostly ASCII with a small Chinese vocabulary, and iconv's general encoder dominated the run time.
 */
class GbkEncoder {
	/** per UTF-16 code unit: 0 = not looked up yet, else (byte length << 16) | bytes */
	private readonly codes = new Int32Array(65536);

	/** Writes `text` into `out` at `offset` (room for 2 bytes per character assumed); returns the bytes written. */
	encodeInto(text: string, out: Buffer, offset: number): number {
		let n = offset;
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c < 0x80) {
				out[n++] = c;
				continue;
			}
			const code = this.codes[c] || this.lookUp(c);
			if (code >> 16 === 2) out[n++] = (code >> 8) & 0xff;
			out[n++] = code & 0xff;
		}
		return n - offset;
	}

	private lookUp(c: number): number {
		// Lone surrogates and characters outside GBK come back from iconv as '?'.
		const bytes = iconv.encode(String.fromCharCode(c), 'gbk');
		const code = bytes.length === 2 ? (2 << 16) | (bytes[0] << 8) | bytes[1] : (1 << 16) | bytes[0];
		this.codes[c] = code;
		return code;
	}
}

/** RFC 4180: quote when the value holds a comma, quote or line break. */
function csvField(value: string): string {
	return value && /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function countNewlines(value: string): number {
	let n = 0;
	for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) n++;
	return n;
}

export function money(value: number): string {
	return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
