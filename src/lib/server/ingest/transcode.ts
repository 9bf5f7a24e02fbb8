// One streaming pass over a file: its SHA-256 (to know a file seen before) and,
// for GBK/GB18030 files, a UTF-8 copy that DuckDB can read.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Encoding } from './sniff';

export async function hashAndTranscode(path: string, encoding: Encoding, utf8Out: string | null): Promise<string> {
	const hash = createHash('sha256');
	const decoder = encoding === 'gb18030' && utf8Out ? new TextDecoder('gb18030') : null;
	const out = decoder && utf8Out ? createWriteStream(utf8Out) : null;
	for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
		hash.update(chunk as Buffer);
		if (decoder && out) {
			const text = decoder.decode(chunk as Buffer, { stream: true });
			if (!out.write(text)) await once(out, 'drain');
		}
	}
	if (decoder && out) {
		out.write(decoder.decode());
		out.end();
		await once(out, 'finish');
	}
	return hash.digest('hex');
}
