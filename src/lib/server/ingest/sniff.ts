// What a file is before DuckDB reads it: its encoding, delimiter and header.
// Excel on Chinese Windows saves CSV as GBK (GB18030 is its superset), other
// tools write UTF-8 with or without a BOM; DuckDB reads only UTF-8 here, so GBK
// is transcoded first (see transcode.ts).
import { open } from 'node:fs/promises';
import Papa from 'papaparse';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

export interface Sniffed {
	encoding: Encoding;
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
	if (isUtf16(sample))
		throw new FileRejected('the file is UTF-16 encoded; save it from Excel as "CSV UTF-8" or plain CSV (GBK)');
	if (sample.includes(0)) throw new FileRejected('the file is not a text CSV file (it contains binary NUL bytes)');

	const encoding = detectEncoding(sample);
	const text = decodeSample(sample, encoding);
	const firstLine = text.split('\n', 1)[0].replace(/\r$/, '').replace(/^\uFEFF/, '');
	if (firstLine.trim() === '') throw new FileRejected('the first line is empty: expected a header line');
	const delimiter = detectDelimiter(firstLine);
	const parsed = Papa.parse<string[]>(firstLine, { delimiter, header: false });
	const headers = (parsed.data[0] ?? []).map((h) => h.trim());
	return { encoding, delimiter, headers, bytes };
}

function isUtf16(b: Buffer): boolean {
	if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return true;
	// BOM-less UTF-16 of mostly ASCII text: every other byte is NUL.
	let zeros = 0;
	const n = Math.min(b.length, 512);
	for (let i = 1; i < n; i += 2) if (b[i] === 0) zeros++;
	return n > 8 && zeros > n / 4;
}

export function detectEncoding(sample: Buffer): Encoding {
	if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8-bom';
	try {
		// stream: true so a multi-byte character cut at the sample's end is not an error
		new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
		return 'utf-8';
	} catch {
		return 'gb18030';
	}
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
