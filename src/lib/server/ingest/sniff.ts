// What a file is before DuckDB reads it: its encoding, delimiter and header.
// Excel on Chinese Windows saves CSV as GBK (GB18030 is its superset), other
// tools write UTF-8 with or without a BOM; DuckDB reads only UTF-8 here, so GBK
// is transcoded first (see transcode.ts). How the encoding is judged is in
// $lib/text-encoding (shared with the upload preview); a caller may also say it.
import { open } from 'node:fs/promises';
import Papa from 'papaparse';
import { decodeText, guessEncoding, nonAsciiSamples, type Encoding, type EncodingChoice } from '../../text-encoding';

export type { Encoding, EncodingChoice } from '../../text-encoding';

export interface SniffOptions {
	/** read the file as this encoding instead of judging it from its bytes (CLI --encoding, upload X-Encoding) */
	encoding?: EncodingChoice;
}

export interface Sniffed {
	encoding: Encoding;
	/** bom: the file starts with a UTF-8 BOM; given: SniffOptions.encoding; detected: judged from the first MiB */
	encodingSource: 'bom' | 'given' | 'detected';
	/**
	 * the first MiB held non-ASCII text that reads better as UTF-8 than as GBK (so a bad byte later is
	 * corruption, not GBK); false when it read as UTF-8 only for want of strong evidence for GBK (漏水 once)
	 */
	sawUtf8Text: boolean;
	delimiter: string;
	headers: string[];
	bytes: number;
	/** a few decoded values with non-ASCII text (at most 5, each at most 40 characters), to show the encoding read right */
	samples: string[];
}

export class FileRejected extends Error {}

const SAMPLE_BYTES = 1 << 20;
const DELIMITERS = [',', '\t', ';', '|'];
/** Widest header read: the widest table has 24 columns; exports carry extra ones, but not thousands. */
export const MAX_COLUMNS = 1000;

export async function sniffFile(path: string, opts: SniffOptions = {}): Promise<Sniffed> {
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

	const guess = guessEncoding(sample, opts.encoding);
	const encoding = guess.encoding;
	const sawUtf8Text = encoding !== 'gb18030' && sample.some((b) => b >= 0x80) && guess.evidence <= 0;
	const text = decodeText(sample, encoding);
	const nl = text.indexOf('\n');
	if (nl === -1 && bytes > sample.length)
		throw new FileRejected(
			`the header line is longer than ${SAMPLE_BYTES >> 20} MB (no line end in the first ${SAMPLE_BYTES >> 20} MB): not a CSV export`
		);
	const firstLine = (nl === -1 ? text : text.slice(0, nl)).replace(/\r$/, '').replace(/^\uFEFF/, '');
	if (firstLine.trim() === '') throw new FileRejected('the first line is empty: expected a header line');
	const delimiter = detectDelimiter(firstLine);
	const parsed = Papa.parse<string[]>(firstLine, { delimiter, header: false });
	const headers = (parsed.data[0] ?? []).map((h) => h.trim());
	if (headers.length > MAX_COLUMNS)
		throw new FileRejected(
			`the header line has ${headers.length.toLocaleString('en-US')} columns; at most ${MAX_COLUMNS.toLocaleString('en-US')} are read (a tickets file has 24): not an export of tickets, rework, parts or technicians`
		);
	return { encoding, encodingSource: guess.source, sawUtf8Text, delimiter, headers, bytes, samples: nonAsciiSamples(text, delimiter) };
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
