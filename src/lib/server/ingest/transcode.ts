// One streaming pass over a file before DuckDB reads it: its SHA-256 (to know a
// file seen before), whether it is valid UTF-8 throughout (the sniff only saw
// the first MiB), whether its line ends are mixed (DuckDB's reader takes one
// kind per file) and its longest record (DuckDB's reader loses its way past its
// buffer, see long-records.ts). A GBK/GB18030 file is transcoded to UTF-8 for
// DuckDB (gbk.ts): into a pipe while DuckDB reads it (load.ts), or into a copy.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { GbkTranscoder } from './gbk';
import { RecordScanner } from './lines';
import type { Encoding } from './sniff';

export interface Pass {
	sha256: string;
	/** false when a UTF-8-looking file turned out not to be UTF-8 further on (always false for a GBK file) */
	validUtf8: boolean;
	/** both CRLF and bare LF line ends occur */
	mixedLineEnds: boolean;
	/** bytes of the longest CSV record (a quoted field may span lines), in the file's own encoding */
	longestRecord: number;
	/** the line each row of the reader starts on, when it rejects no record (RecordScanner.rowLines) */
	rowLines: ((row: number) => number) | null;
}

async function write(out: WriteStream, data: string | Buffer): Promise<void> {
	if (!out.write(data)) await once(out, 'drain');
}

async function finish(out: WriteStream): Promise<void> {
	out.end();
	await once(out, 'finish');
}

const CHUNK = 1 << 22;

export async function scanFile(path: string, encoding: Encoding, delimiter = ','): Promise<Pass> {
	const hash = createHash('sha256');
	const records = new RecordScanner(delimiter.charCodeAt(0));
	const utf8 = new Utf8Check();
	let validUtf8 = encoding !== 'gb18030';
	for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
		const buf = chunk as Buffer;
		hash.update(buf);
		records.feed(buf);
		if (validUtf8) validUtf8 = utf8.feed(buf);
	}
	if (validUtf8) validUtf8 = utf8.end();
	records.end();
	return {
		sha256: hash.digest('hex'),
		validUtf8,
		mixedLineEnds: records.crlf > 0 && records.lf > 0,
		longestRecord: records.longest,
		rowLines: records.rowLines()
	};
}

export interface TranscodeOptions {
	/** called after each chunk with the bytes of the GBK file done so far */
	onBytes?: (bytes: number) => void;
	/** only the file's first lines, about this many bytes (a sample): the line cut at the end is left out */
	headBytes?: number;
	/** write every CRLF as LF (the file's line ends are mixed: DuckDB's reader takes one kind per file) */
	lf?: boolean;
}

/** Writes the UTF-8 text of the GBK file `path` to `out`: a file, or a pipe that DuckDB reads meanwhile. */
export async function transcodeGbk(path: string, out: string, opts: TranscodeOptions = {}): Promise<void> {
	const gbk = new GbkTranscoder();
	const ws = createWriteStream(out);
	let done = 0;
	try {
		const end = opts.headBytes === undefined ? undefined : opts.headBytes - 1;
		for await (const chunk of createReadStream(path, { highWaterMark: CHUNK, end })) {
			const text = gbk.push(chunk as Buffer);
			await write(ws, opts.lf ? dropCrBeforeLf(text) : text);
			done += (chunk as Buffer).length;
			opts.onBytes?.(done);
		}
		if (opts.headBytes === undefined) await write(ws, opts.lf ? dropCrBeforeLf(gbk.end()) : gbk.end());
		await finish(ws);
	} catch (err) {
		ws.destroy();
		throw err;
	}
}

/** `b` with each CR before an LF taken out, in place. The transcoder's blocks end at a line end, so no CRLF is cut between two. */
function dropCrBeforeLf(b: Buffer): Buffer {
	let at = b.indexOf('\r\n');
	if (at === -1) return b;
	let w = at;
	while (at !== -1) {
		const next = b.indexOf('\r\n', at + 2);
		const end = next === -1 ? b.length : next;
		b.copy(b, w, at + 1, end);
		w += end - at - 1;
		at = next;
	}
	return b.subarray(0, w);
}

/** Whether a stream of chunks is UTF-8 throughout (the native check; a character cut between chunks waits for the next one). */
class Utf8Check {
	private tail = Buffer.alloc(0);

	feed(chunk: Buffer): boolean {
		const buf = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
		const cut = completeChars(buf);
		this.tail = Buffer.from(buf.subarray(cut));
		return isUtf8(buf.subarray(0, cut));
	}

	/** call once after the last chunk: a character left unfinished is not UTF-8 */
	end(): boolean {
		return this.tail.length === 0;
	}
}

/** Bytes of `buf` up to a character cut at its end, if any (a lead byte with fewer continuation bytes after it than it needs). */
function completeChars(buf: Buffer): number {
	let j = buf.length - 1;
	while (j >= 0 && j > buf.length - 4 && (buf[j] & 0xc0) === 0x80) j--;
	if (j < 0 || buf[j] < 0xc0) return buf.length;
	const need = buf[j] >= 0xf0 ? 4 : buf[j] >= 0xe0 ? 3 : 2;
	return j + need > buf.length ? j : buf.length;
}

/** A copy of a UTF-8 file with every CRLF turned into LF (for files whose line ends are mixed). */
export async function normalizeLineEnds(path: string, outPath: string): Promise<void> {
	const out = createWriteStream(outPath);
	let heldCr = false;
	for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
		// latin1 maps bytes 1:1, so multi-byte UTF-8 passes through untouched
		let text: string = (heldCr ? '\r' : '') + (chunk as Buffer).toString('latin1');
		heldCr = text.endsWith('\r');
		if (heldCr) text = text.slice(0, -1);
		await write(out, Buffer.from(text.replace(/\r\n/g, '\n'), 'latin1'));
	}
	if (heldCr) await write(out, Buffer.from('\r', 'latin1'));
	await finish(out);
}
