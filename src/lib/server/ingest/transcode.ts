// One streaming pass over a file: its SHA-256 (to know a file seen before),
// whether it is valid UTF-8 throughout (the sniff only saw the first MiB),
// whether its line ends are mixed (DuckDB's reader takes one kind per file),
// its longest record (DuckDB's reader loses its way past its buffer, see
// long-records.ts), and, for GBK/GB18030 files, a UTF-8 copy that DuckDB can read.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { RecordScanner } from './lines';
import type { Encoding } from './sniff';

export interface Pass {
	sha256: string;
	/** false when a UTF-8-looking file turned out not to be UTF-8 further on */
	validUtf8: boolean;
	/** both CRLF and bare LF line ends occur */
	mixedLineEnds: boolean;
	/** bytes of the longest CSV record (a quoted field may span lines), in the file's own encoding */
	longestRecord: number;
}

async function write(out: WriteStream, data: string | Buffer): Promise<void> {
	if (!out.write(data)) await once(out, 'drain');
}

async function finish(out: WriteStream): Promise<void> {
	out.end();
	await once(out, 'finish');
}

export async function hashAndTranscode(path: string, encoding: Encoding, utf8Out: string | null, delimiter = ','): Promise<Pass> {
	const hash = createHash('sha256');
	const records = new RecordScanner(delimiter.charCodeAt(0));
	const transcode = encoding === 'gb18030' && utf8Out !== null;
	const decoder = new TextDecoder(transcode ? 'gb18030' : 'utf-8', { fatal: !transcode });
	const out = transcode ? createWriteStream(utf8Out!) : null;
	let validUtf8 = encoding !== 'gb18030';
	for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
		const buf = chunk as Buffer;
		hash.update(buf);
		records.feed(buf);
		if (out) {
			await write(out, decoder.decode(buf, { stream: true }));
		} else if (validUtf8) {
			try {
				decoder.decode(buf, { stream: true });
			} catch {
				validUtf8 = false;
			}
		}
	}
	if (out) {
		await write(out, decoder.decode());
		await finish(out);
	} else if (validUtf8) {
		try {
			decoder.decode();
		} catch {
			validUtf8 = false;
		}
	}
	records.end();
	return { sha256: hash.digest('hex'), validUtf8, mixedLineEnds: records.crlf > 0 && records.lf > 0, longestRecord: records.longest };
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
