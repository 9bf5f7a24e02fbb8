// What a file is before DuckDB reads it: its encoding, delimiter and header.
// Excel on Chinese Windows saves CSV as GBK (GB18030 is its superset), other
// tools write UTF-8 with or without a BOM; DuckDB reads only UTF-8 here, so GBK
// is transcoded first (see transcode.ts).
import { open } from 'node:fs/promises';
import Papa from 'papaparse';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

export interface Sniffed {
	encoding: Encoding;
	/** the first MiB held non-ASCII text that reads as UTF-8 (so a bad byte later is corruption, not GBK) */
	sawUtf8Text: boolean;
	delimiter: string;
	headers: string[];
	bytes: number;
}

export class FileRejected extends Error {}

const SAMPLE_BYTES = 1 << 20;
const DELIMITERS = [',', '\t', ';', '|'];

export async function sniffFile(path: string): Promise<Sniffed> {
	const fh = await open(path, 'r');
	let sample: Buffer;
	let bytes: number;
	try {
		bytes = (await fh.stat()).size;
		const buf = Buffer.alloc(Math.min(SAMPLE_BYTES, bytes));
		const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
		sample = buf.subarray(0, bytesRead);
	} finally {
		await fh.close();
	}
	if (bytes === 0) throw new FileRejected('the file is empty (no header line)');
	if (isUtf16(sample)) throw new FileRejected('the file is UTF-16 encoded; save it from Excel as "CSV UTF-8" or plain CSV (GBK)');
	if (sample.includes(0)) throw new FileRejected('the file is not a text CSV file (it contains binary NUL bytes)');

	const encoding = detectEncoding(sample);
	const sawUtf8Text = encoding !== 'gb18030' && sample.some((b) => b >= 0x80);
	const text = decodeSample(sample, encoding);
	const firstLine = text
		.split('\n', 1)[0]
		.replace(/\r$/, '')
		.replace(/^\uFEFF/, '');
	if (firstLine.trim() === '') throw new FileRejected('the first line is empty: expected a header line');
	const delimiter = detectDelimiter(firstLine);
	const parsed = Papa.parse<string[]>(firstLine, { delimiter, header: false });
	const headers = (parsed.data[0] ?? []).map((h) => h.trim());
	return { encoding, sawUtf8Text, delimiter, headers, bytes };
}

function isUtf16(b: Buffer): boolean {
	if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return true;
	// BOM-less UTF-16 of mostly ASCII text: every other byte is NUL.
	// (ASCII characters — commas, digits, line ends — carry a NUL byte on one side;
	// Chinese text has few NULs, but they all sit on the same side)
	const n = Math.min(b.length, 4096);
	let odd = 0;
	let even = 0;
	for (let i = 0; i < n; i++)
		if (b[i] === 0) {
			if (i % 2) odd++;
			else even++;
		}
	const zeros = odd + even;
	return n > 8 && zeros >= Math.max(4, n / 50) && Math.max(odd, even) >= 0.9 * zeros;
}

export function detectEncoding(sample: Buffer): Encoding {
	if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8-bom';
	let utf8: string;
	try {
		// stream: true so a multi-byte character cut at the sample's end is not an error
		utf8 = new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
	} catch {
		// Not clean UTF-8: GBK, or UTF-8 with a few corrupt bytes (then its Chinese reads
		// fine as UTF-8 and DuckDB rejects just the corrupt rows)
		const loose = new TextDecoder('utf-8').decode(sample, { stream: true });
		const broken = (loose.match(/\uFFFD/g) ?? []).length;
		return cjk(loose) >= 10 * broken ? 'utf-8' : 'gb18030';
	}
	// Some GBK text is also valid UTF-8 (漏水 is C2 A9 CB AE, "©ˮ" in UTF-8): when the
	// UTF-8 reading has no Chinese at all and the GBK reading is Chinese, it is GBK.
	if (cjk(utf8) === 0 && /[^\x00-\x7f]/.test(utf8)) {
		const gbk = new TextDecoder('gb18030').decode(sample, { stream: true });
		const nonAscii = gbk.replace(/[\x00-\x7f]/g, '').length;
		if (nonAscii > 0 && cjk(gbk) >= 0.8 * nonAscii) return 'gb18030';
	}
	return 'utf-8';
}

function decodeSample(sample: Buffer, encoding: Encoding): string {
	return new TextDecoder(encoding === 'gb18030' ? 'gb18030' : 'utf-8').decode(sample, { stream: true });
}

function detectDelimiter(headerLine: string): string {
	let best = ',';
	let bestCount = 0;
	for (const d of DELIMITERS) {
		const count = headerLine.split(d).length - 1;
		if (count > bestCount) {
			best = d;
			bestCount = count;
		}
	}
	return best;
}

function cjk(s: string): number {
	return (s.match(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/g) ?? []).length;
}
