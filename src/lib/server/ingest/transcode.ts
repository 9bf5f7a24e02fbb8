// One streaming pass over a file: its SHA-256 (to know a file seen before),
// whether it is valid UTF-8 throughout (the sniff only saw the first MiB), and,
// for GBK/GB18030 files, a UTF-8 copy that DuckDB can read.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Encoding } from './sniff';

export interface Pass {
	sha256: string;
	/** false when a UTF-8-looking file turned out not to be UTF-8 further on */
	validUtf8: boolean;
}

export async function hashAndTranscode(path: string, encoding: Encoding, utf8Out: string | null): Promise<Pass> {
	const hash = createHash('sha256');
	const transcode = encoding === 'gb18030' && utf8Out !== null;
	const decoder = new TextDecoder(transcode ? 'gb18030' : 'utf-8', { fatal: !transcode });
	const out = transcode ? createWriteStream(utf8Out!) : null;
	let validUtf8 = encoding !== 'gb18030';
	for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
		hash.update(chunk as Buffer);
		if (out) {
			if (!out.write(decoder.decode(chunk as Buffer, { stream: true }))) await once(out, 'drain');
		} else if (validUtf8) {
			try {
				decoder.decode(chunk as Buffer, { stream: true });
			} catch {
				validUtf8 = false;
			}
		}
	}
	if (out) {
		out.write(decoder.decode());
		out.end();
		await once(out, 'finish');
	} else if (validUtf8) {
		try {
			decoder.decode();
		} catch {
			validUtf8 = false;
		}
	}
	return { sha256: hash.digest('hex'), validUtf8 };
}
