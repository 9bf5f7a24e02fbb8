// Which encoding a CSV file's bytes are in: UTF-8 or GBK (read as GB18030, its
// superset). Shared by the server's sniff and the upload preview, so both guess alike.
//
// A file that is not valid UTF-8 is GBK unless its UTF-8 reading is the more
// plausible text (UTF-8 with a few corrupt bytes). A file that IS valid UTF-8
// stays UTF-8 unless the evidence for GBK is strong: some GBK text is also valid
// UTF-8 (漏水 is C2 A9 CB AE, "©ˮ" in UTF-8), but so is every accented name
// ("José" reads as "Jos茅" in GBK). Both readings of the whole sample are
// scored, character by character, by how likely each character is in an
// after-sales export (common Chinese characters, accented Latin, Cyrillic,
// Greek, the symbols of the trade such as ℃ ± Ω ①, versus rare characters,
// phonetic letters and control codes), and GBK wins only by a clear margin.

export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030';
/** what a user may ask for (CLI --encoding, upload X-Encoding header) */
export type EncodingChoice = 'utf-8' | 'gbk';

export interface EncodingGuess {
	encoding: Encoding;
	/** bom: a UTF-8 byte order mark; given: the caller said so; detected: judged from the bytes */
	source: 'bom' | 'given' | 'detected';
	/** log-likelihood (nats) of the GBK reading over the UTF-8 reading; positive favours GBK */
	evidence: number;
}

/**
 * How much more likely (in nats) the GBK reading of a valid UTF-8 sample must be
 * before it is read as GBK. One rare character that happens to be a common
 * Chinese character in GBK (csv-spectrum's "ʤ" is 胜) scores about +7; a word like
 * 漏水 whose UTF-8 reading is a symbol glued to an obscure modifier letter also
 * about +7; two such words clear the bar.
 */
export const STRONG_EVIDENCE = 9;

export function parseEncodingChoice(s: string | null | undefined): EncodingChoice | undefined {
	const v = (s ?? '').trim().toLowerCase();
	if (v === '' || v === 'auto') return undefined;
	if (v === 'utf-8' || v === 'utf8') return 'utf-8';
	if (v === 'gbk' || v === 'gb18030' || v === 'gb2312') return 'gbk';
	throw new Error(`unknown encoding "${s}": use utf-8 or gbk`);
}

export function hasUtf8Bom(b: Uint8Array): boolean {
	return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

export function guessEncoding(sample: Uint8Array, given?: EncodingChoice): EncodingGuess {
	if (given === 'gbk') return { encoding: 'gb18030', source: 'given', evidence: 0 };
	if (given === 'utf-8') return { encoding: hasUtf8Bom(sample) ? 'utf-8-bom' : 'utf-8', source: 'given', evidence: 0 };
	if (hasUtf8Bom(sample)) return { encoding: 'utf-8-bom', source: 'bom', evidence: 0 };
	if (!sample.some((b) => b >= 0x80)) return { encoding: 'utf-8', source: 'detected', evidence: 0 };
	let valid = true;
	try {
		// stream: true so a multi-byte character cut at the sample's end is not an error
		new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
	} catch {
		valid = false;
	}
	const utf8 = new TextDecoder('utf-8').decode(sample, { stream: true });
	const gbk = new TextDecoder('gb18030').decode(sample, { stream: true });
	const evidence = plausibility(gbk) - plausibility(utf8);
	// not UTF-8: GBK unless the UTF-8 reading (with its broken bytes) is still the better text
	const isGbk = valid ? evidence >= STRONG_EVIDENCE : evidence >= 0;
	return { encoding: isGbk ? 'gb18030' : 'utf-8', source: 'detected', evidence };
}

export function decodeText(bytes: Uint8Array, encoding: Encoding, stream = true): string {
	return new TextDecoder(encoding === 'gb18030' ? 'gb18030' : 'utf-8').decode(bytes, { stream });
}

// ---------------------------------------------------------------- scoring

// Character classes. Weights are log-probabilities (nats) of one non-ASCII
// character of that class in an export of this trade; adjacent characters of
// two different scripts (Latin next to Cyrillic, Chinese next to Greek) cost extra.
const enum C {
	Other,
	Han1, // GB 2312 level 1: the 3,755 common characters
	Han2, // GB 2312 level 2: 3,008 less common ones
	HanRare, // any other CJK ideograph
	CjkPunct, // 、。「」 and full-width forms
	Kana,
	Hangul,
	Latin1, // À–ÿ letters
	LatinExtA,
	Pinyin, // ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
	LatinRare, // rest of Latin Extended-B
	Ipa,
	ModCommon, // spacing accents ˆ ˇ ˉ ˊ ˋ ˘ ˙ ˚ ˛ ˜ ˝
	ModRare,
	Combining,
	Greek,
	Cyrillic,
	MidEast, // Armenian, Hebrew, Arabic, Syriac …
	LatinVietnamese,
	Symbol, // Latin-1 symbols (° ± × © µ ²), currency
	Punct, // – — ‘ ’ “ ” • …
	Space, // no-break and special spaces
	TradeSymbol, // ℃ Ω № ™ Ⅰ ① ㎡ → ≤ ■ ★
	BoxShape,
	Private,
	Control, // C1 controls U+0080–U+009F
	Replacement, // U+FFFD: bytes that did not decode
	Astral // a character outside the BMP (emoji …), per code unit pair
}

const WEIGHT: Record<C, number> = {
	[C.Other]: -12,
	[C.Han1]: -7,
	[C.Han2]: -10,
	[C.HanRare]: -13,
	[C.CjkPunct]: -6,
	[C.Kana]: -9,
	[C.Hangul]: -9,
	[C.Latin1]: -4,
	[C.LatinExtA]: -6,
	[C.Pinyin]: -7,
	[C.LatinRare]: -11,
	[C.Ipa]: -14,
	[C.ModCommon]: -10,
	[C.ModRare]: -15,
	[C.Combining]: -7,
	[C.Greek]: -6,
	[C.Cyrillic]: -5,
	[C.MidEast]: -10,
	[C.LatinVietnamese]: -7,
	[C.Symbol]: -6,
	[C.Punct]: -5,
	[C.Space]: -8,
	[C.TradeSymbol]: -7,
	[C.BoxShape]: -9,
	[C.Private]: -18,
	[C.Control]: -20,
	[C.Replacement]: -20,
	[C.Astral]: -10
};

/** script of each class, for the cost of switching scripts inside a run of non-ASCII text ('' = fits anywhere) */
const SCRIPT: Record<C, string> = {
	[C.Other]: 'other',
	[C.Han1]: 'han',
	[C.Han2]: 'han',
	[C.HanRare]: 'han',
	[C.CjkPunct]: '',
	[C.Kana]: 'han',
	[C.Hangul]: 'hangul',
	[C.Latin1]: 'latin',
	[C.LatinExtA]: 'latin',
	[C.Pinyin]: 'latin',
	[C.LatinRare]: 'latin',
	[C.Ipa]: 'ipa',
	[C.ModCommon]: '',
	[C.ModRare]: 'ipa',
	[C.Combining]: '',
	[C.Greek]: 'greek',
	[C.Cyrillic]: 'cyrillic',
	[C.MidEast]: 'mideast',
	[C.LatinVietnamese]: 'latin',
	[C.Symbol]: '',
	[C.Punct]: '',
	[C.Space]: '',
	[C.TradeSymbol]: '',
	[C.BoxShape]: '',
	[C.Private]: 'private',
	[C.Control]: 'control',
	[C.Replacement]: 'bad',
	[C.Astral]: ''
};
const SCRIPT_SWITCH = -4;
/** a combining accent that follows no letter */
const STRAY_COMBINING = -7;

let table: Uint8Array | null = null;

/** class of every BMP code point, built once (the GB 2312 levels by decoding their byte ranges) */
function classes(): Uint8Array {
	if (table) return table;
	const t = new Uint8Array(0x10000);
	const set = (from: number, to: number, c: C) => t.fill(c, from, to + 1);
	set(0x0080, 0x009f, C.Control);
	set(0x00a0, 0x00bf, C.Symbol);
	set(0x00a0, 0x00a0, C.Space);
	set(0x00c0, 0x00ff, C.Latin1);
	set(0x00d7, 0x00d7, C.Symbol);
	set(0x00f7, 0x00f7, C.Symbol);
	set(0x0100, 0x017f, C.LatinExtA);
	set(0x0180, 0x024f, C.LatinRare);
	set(0x01cd, 0x01dc, C.Pinyin);
	set(0x0250, 0x02af, C.Ipa);
	set(0x02b0, 0x02ff, C.ModRare);
	set(0x02c6, 0x02dd, C.ModCommon);
	set(0x0300, 0x036f, C.Combining);
	set(0x0370, 0x03ff, C.Greek);
	set(0x0400, 0x04ff, C.Cyrillic);
	set(0x0500, 0x07ff, C.MidEast);
	set(0x1e00, 0x1eff, C.LatinVietnamese);
	set(0x2000, 0x200f, C.Space);
	set(0x2010, 0x206f, C.Punct);
	set(0x20a0, 0x20cf, C.Symbol);
	set(0x2100, 0x218f, C.TradeSymbol); // letterlike (℃ Ω № ™), number forms (Ⅰ Ⅱ)
	set(0x2190, 0x22ff, C.TradeSymbol); // arrows, mathematical operators
	set(0x2460, 0x24ff, C.TradeSymbol); // ① ⑴ ⒈
	set(0x2500, 0x259f, C.BoxShape);
	set(0x25a0, 0x26ff, C.TradeSymbol); // ■ □ ▲ ○ ● ★ ☆
	set(0x2e80, 0x2fdf, C.HanRare);
	set(0x3000, 0x303f, C.CjkPunct);
	set(0x3040, 0x30ff, C.Kana);
	set(0x3200, 0x33ff, C.TradeSymbol); // ㈠ ㎡ ㎏
	set(0x3400, 0x4dbf, C.HanRare);
	set(0x4e00, 0x9fff, C.HanRare);
	set(0xac00, 0xd7af, C.Hangul);
	set(0xd800, 0xdbff, C.Astral);
	set(0xdc00, 0xdfff, C.Astral); // the low half of a pair: weighed with the high half
	set(0xe000, 0xf8ff, C.Private);
	set(0xf900, 0xfaff, C.HanRare);
	set(0xff01, 0xff5e, C.CjkPunct);
	set(0xffe0, 0xffe6, C.CjkPunct);
	set(0xfffd, 0xfffd, C.Replacement);
	const level = (leads: [number, number], c: C) => {
		const bytes: number[] = [];
		for (let lead = leads[0]; lead <= leads[1]; lead++) for (let trail = 0xa1; trail <= 0xfe; trail++) bytes.push(lead, trail);
		for (const ch of new TextDecoder('gb18030').decode(new Uint8Array(bytes))) {
			const cp = ch.codePointAt(0)!;
			if (cp >= 0x4e00 && cp <= 0x9fff) t[cp] = c;
		}
	};
	level([0xd8, 0xf7], C.Han2);
	level([0xb0, 0xd7], C.Han1);
	table = t;
	return t;
}

/** Sum of log-likelihoods of the non-ASCII characters of `text`: higher is more plausible. */
export function plausibility(text: string): number {
	const t = classes();
	let score = 0;
	let prevScript: string | null = null; // script of the previous non-ASCII char in this run; null after ASCII
	let prevLetter = false; // the previous character is a letter (ASCII or not)
	for (let i = 0; i < text.length; i++) {
		const u = text.charCodeAt(i);
		if (u < 0x80) {
			prevScript = null;
			prevLetter = (u >= 0x41 && u <= 0x5a) || (u >= 0x61 && u <= 0x7a);
			continue;
		}
		const c = t[u] as C;
		if (u >= 0xdc00 && u <= 0xdfff) continue;
		score += WEIGHT[c];
		if (c === C.Combining && !prevLetter) score += STRAY_COMBINING;
		const script = SCRIPT[c];
		if (script !== '' && prevScript !== null && prevScript !== '' && prevScript !== script) score += SCRIPT_SWITCH;
		if (script !== '' || prevScript === null) prevScript = script;
		prevLetter = script !== '' || c === C.Combining;
	}
	return score;
}

// ---------------------------------------------------------------- samples

const MAX_SAMPLES = 5;
const MAX_SAMPLE_CHARS = 40;

/**
 * A few distinct decoded values that hold non-ASCII text, from the data lines of
 * `text` (the header's names only when no data value has any), so that a wrong
 * guess of the encoding is visible at a glance. Control characters become "?".
 */
export function nonAsciiSamples(text: string, delimiter: string, max = MAX_SAMPLES): string[] {
	const out = new Set<string>();
	const lines = text.replace(/^\uFEFF/, '').split('\n');
	const take = (line: string) => {
		for (const field of splitLine(line.replace(/\r$/, ''), delimiter)) {
			const v = field.trim();
			if (!/[^\x00-\x7f]/.test(v)) continue;
			const clean = v.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
			out.add(clean.length > MAX_SAMPLE_CHARS ? `${clean.slice(0, MAX_SAMPLE_CHARS)}…` : clean);
			if (out.size >= max) return;
		}
	};
	for (let i = 1; i < lines.length && out.size < max; i++) if (/[^\x00-\x7f]/.test(lines[i])) take(lines[i]);
	if (out.size === 0 && lines.length > 0) take(lines[0]);
	return [...out];
}

/** the fields of one line, quotes removed (a field that runs onto the next line is cut there: good enough for a sample) */
function splitLine(line: string, delimiter: string): string[] {
	const fields: string[] = [];
	let i = 0;
	while (i <= line.length) {
		if (line[i] === '"') {
			let v = '';
			let j = i + 1;
			for (;;) {
				const q = line.indexOf('"', j);
				if (q === -1) {
					v += line.slice(j);
					j = line.length;
					break;
				}
				v += line.slice(j, q);
				if (line[q + 1] === '"') {
					v += '"';
					j = q + 2;
				} else {
					j = q + 1;
					break;
				}
			}
			const d = line.indexOf(delimiter, j);
			fields.push(v + (d === -1 ? line.slice(j) : line.slice(j, d)));
			i = d === -1 ? line.length + 1 : d + 1;
		} else {
			const d = line.indexOf(delimiter, i);
			fields.push(d === -1 ? line.slice(i) : line.slice(i, d));
			i = d === -1 ? line.length + 1 : d + 1;
		}
	}
	return fields;
}
