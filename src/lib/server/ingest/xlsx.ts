// An Excel workbook (.xlsx) read as the CSV the rest of ingest reads: one sheet
// written out as UTF-8 CSV, so the same row rules, rejects and merge apply. The
// sheet is the first one whose header row names every required column of a
// table, else the first sheet; the header row may sit below a title (one of the
// first 10 rows with a value). Reject lines name the sheet row (lineOf below).
//
// An .xlsx is a zip of XML parts. The zip is read here from its central
// directory with Node's own inflate, counting every inflated byte against a cap
// (a zip bomb is a few KB that inflate to GBs), and each part is parsed as a
// stream of XML events (saxes), so a sheet of a million rows is never held in
// memory. Cell values: shared and inline strings as text; numbers as the
// shortest decimal that round-trips; a number in a date format, or in a column
// the contract types as a date, as the date (Excel serials, 1900 or 1904
// based); a formula as its saved result, and a formula without one refuses the
// file, naming the cell.
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { posix } from 'node:path';
import { createInflateRaw } from 'node:zlib';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { matchHeaders } from '../../contract';
import { FileRejected, MAX_COLUMNS } from './sniff';

export function isXlsxPath(path: string): boolean {
	return path.toLowerCase().endsWith('.xlsx');
}

export interface SheetCsv {
	/** the sheet written out */
	sheet: string;
	/** data rows written (the header row not counted) */
	rows: number;
	/** the CSV's physical line → the sheet's row number; undefined when they are the same throughout */
	lineOf?: (line: number) => number;
}

/**
 * Inflated bytes a workbook may expand to: 100 times its size, at least 64 MiB, at most 2 GiB.
 * (Spreadsheet XML inflates 5–20 times: the 110,000-ticket sample's tickets.xlsx, 12 MB, holds 86 MB of XML.)
 */
export function inflateCap(fileBytes: number): number {
	return Math.min(2 * 2 ** 30, Math.max(64 * 2 ** 20, 100 * fileBytes));
}

interface ZipEntry {
	name: string;
	method: number;
	flags: number;
	compressed: number;
	size: number;
	localOffset: number;
}

class Stop extends Error {}

/** Built-in number formats that show a date or time (ECMA-376 18.8.30, with the East Asian ones 27–36 and 50–58). */
const DATE_FORMAT_IDS = new Set([
	14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58
]);

export function isDateFormat(code: string): boolean {
	const bare = code
		.replace(/"[^"]*"/g, '')
		.replace(/\\./g, '')
		.replace(/[_*]./g, '')
		.replace(/\[(?![hms]+\])[^\]]*\]/gi, '');
	// a format of several sections is judged by its first (positive numbers)
	const first = bare.split(';')[0];
	return /[dmyhs]/i.test(first) && !/^general$/i.test(first.trim());
}

/** An Excel serial day number as text the contract reads: 'YYYY-MM-DD', with ' HH:MM:SS' when it has a time. */
export function serialToText(serial: number, date1904 = false): string {
	const seconds = Math.round((serial + (date1904 ? 1462 : 0)) * 86400);
	const iso = new Date(Date.UTC(1899, 11, 30) + seconds * 1000).toISOString();
	return seconds % 86400 === 0 ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** 'A' → 0, 'AB' → 27 */
function columnIndex(letters: string): number {
	let n = 0;
	for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
	return n - 1;
}

export function columnName(index: number): string {
	let s = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

function localName(name: string): string {
	const i = name.indexOf(':');
	return i === -1 ? name : name.slice(i + 1);
}

function megabytes(bytes: number): string {
	return bytes < 2 ** 20 ? `${Math.ceil(bytes / 1024)} KB` : `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MB`;
}

function csvField(v: string): string {
	return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

async function write(out: WriteStream, data: string): Promise<void> {
	if (!out.write(data)) await once(out, 'drain');
}

/** The zip archive of one workbook: its parts by name, read one at a time under one inflate budget. */
class Workbook {
	private inflated = 0;
	private constructor(
		private readonly path: string,
		private readonly fh: FileHandle,
		private readonly bytes: number,
		private readonly entries: Map<string, ZipEntry>,
		private readonly cap: number
	) {}

	static async open(path: string): Promise<Workbook> {
		const fh = await open(path, 'r');
		try {
			const bytes = (await fh.stat()).size;
			const entries = await readCentralDirectory(fh, bytes);
			const cap = inflateCap(bytes);
			const wb = new Workbook(path, fh, bytes, entries, cap);
			let declared = 0;
			for (const e of entries.values()) declared += e.size;
			if (declared > cap) wb.bomb();
			return wb;
		} catch (err) {
			await fh.close();
			throw err;
		}
	}

	close(): Promise<void> {
		return this.fh.close();
	}

	has(name: string): boolean {
		return this.entries.has(name);
	}

	bomb(): never {
		throw new FileRejected(
			`the workbook would inflate to more than ${megabytes(this.cap)} from ${megabytes(this.bytes)} on disk: refused as a zip bomb (a real export inflates 5 to 20 times)`
		);
	}

	/** Streams a part's XML through `parser`; `onChunk` runs after each chunk (for writing out). A Stop thrown by a handler ends it early. */
	async parse(name: string, parser: SaxesParser, onChunk?: () => Promise<void>): Promise<void> {
		const e = this.entries.get(name);
		if (!e) throw new FileRejected(`the workbook has no part ${name}: not an Excel .xlsx file, or a damaged one`);
		if (e.flags & 1) throw new FileRejected('the workbook is encrypted (password-protected): save it without a password');
		if (e.method !== 0 && e.method !== 8)
			throw new FileRejected(`the workbook part ${name} is compressed with method ${e.method}; only deflate is read`);
		const head = Buffer.alloc(30);
		await this.fh.read(head, 0, 30, e.localOffset);
		if (head.readUInt32LE(0) !== 0x04034b50) throw new FileRejected(`the workbook's zip archive is damaged (part ${name})`);
		const start = e.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
		const raw = createReadStream(this.path, { start, end: start + e.compressed - 1, highWaterMark: 1 << 20 });
		const source = e.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 1 << 20 })) : raw;
		raw.on('error', (err) => source.destroy(err));
		const decoder = new TextDecoder('utf-8');
		try {
			for await (const chunk of source) {
				this.inflated += (chunk as Buffer).length;
				if (this.inflated > this.cap) this.bomb();
				parser.write(decoder.decode(chunk as Buffer, { stream: true }));
				await onChunk?.();
			}
			parser.write(decoder.decode());
			parser.close();
		} catch (err) {
			if (err instanceof Stop) return;
			if (err instanceof FileRejected) throw err;
			const msg = err instanceof Error ? err.message : String(err);
			throw new FileRejected(`the workbook part ${name} cannot be read (${msg.split('\n')[0]}): a damaged .xlsx file`);
		} finally {
			raw.destroy();
			if (source !== raw) source.destroy();
		}
	}
}

async function readCentralDirectory(fh: FileHandle, bytes: number): Promise<Map<string, ZipEntry>> {
	const notXlsx = (why: string) =>
		new FileRejected(`not an Excel .xlsx workbook (${why}); save it from Excel as .xlsx (Excel Workbook) or as CSV`);
	const magic = Buffer.alloc(8);
	await fh.read(magic, 0, 8, 0);
	if (magic.readUInt32LE(0) === 0xe011cfd0)
		throw new FileRejected('an Excel 97–2003 .xls workbook renamed .xlsx: save it from Excel as .xlsx (Excel Workbook) or as CSV');
	if (bytes < 22 || magic.readUInt32LE(0) !== 0x04034b50) throw notXlsx('it is not a zip archive');
	const tailLen = Math.min(bytes, 22 + 65535);
	const tail = Buffer.alloc(tailLen);
	await fh.read(tail, 0, tailLen, bytes - tailLen);
	let eocd = -1;
	for (let i = tailLen - 22; i >= 0; i--)
		if (tail.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	if (eocd === -1) throw notXlsx('a zip archive cut short: its directory is missing');
	const count = tail.readUInt16LE(eocd + 10);
	const dirSize = tail.readUInt32LE(eocd + 12);
	const dirOffset = tail.readUInt32LE(eocd + 16);
	if (count === 0xffff || dirOffset === 0xffffffff)
		throw new FileRejected('the workbook is a ZIP64 archive (over 4 GB or 65,535 parts): export it as CSV');
	if (dirOffset + dirSize > bytes) throw notXlsx('a zip archive cut short: its directory is missing');
	const dir = Buffer.alloc(dirSize);
	await fh.read(dir, 0, dirSize, dirOffset);
	const entries = new Map<string, ZipEntry>();
	let p = 0;
	for (let i = 0; i < count; i++) {
		if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) throw notXlsx('its zip directory is damaged');
		const nameLen = dir.readUInt16LE(p + 28);
		const name = dir.toString('utf8', p + 46, p + 46 + nameLen).replace(/^\//, '');
		entries.set(name, {
			name,
			flags: dir.readUInt16LE(p + 8),
			method: dir.readUInt16LE(p + 10),
			compressed: dir.readUInt32LE(p + 20),
			size: dir.readUInt32LE(p + 24),
			localOffset: dir.readUInt32LE(p + 42)
		});
		p += 46 + nameLen + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
	}
	if (!entries.has('[Content_Types].xml')) throw notXlsx('a zip archive without [Content_Types].xml');
	return entries;
}

function saxes(): SaxesParser {
	return new SaxesParser({ position: false });
}

/** Relationship id → part name, for a part's .rels file. */
async function readRels(wb: Workbook, relsPath: string, baseDir: string): Promise<Map<string, string>> {
	const rels = new Map<string, string>();
	if (!wb.has(relsPath)) return rels;
	const p = saxes();
	p.on('opentag', (t) => {
		if (localName(t.name) !== 'Relationship') return;
		const target = String(t.attributes.Target ?? '');
		if ((t.attributes.TargetMode ?? '') === 'External') return;
		rels.set(String(t.attributes.Id), target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(baseDir, target)));
	});
	await wb.parse(relsPath, p);
	return rels;
}

interface WorkbookInfo {
	sheets: { name: string; part: string }[];
	date1904: boolean;
	/** style index → shows a date */
	dateStyles: boolean[];
	strings: string[];
}

async function readWorkbookInfo(wb: Workbook): Promise<WorkbookInfo> {
	const root = await readRels(wb, '_rels/.rels', '');
	const bookPart = [...root.values()].find((t) => /(^|\/)workbook\.xml$/.test(t)) ?? 'xl/workbook.xml';
	const bookDir = posix.dirname(bookPart);
	const rels = await readRels(wb, posix.join(bookDir, '_rels', `${posix.basename(bookPart)}.rels`), bookDir);

	const sheets: { name: string; part: string }[] = [];
	let date1904 = false;
	const book = saxes();
	book.on('opentag', (t) => {
		const n = localName(t.name);
		if (n === 'workbookPr') date1904 = ['1', 'true'].includes(String(t.attributes.date1904 ?? ''));
		if (n === 'sheet') {
			const id = Object.entries(t.attributes).find(([k]) => localName(k) === 'id' && k !== 'sheetId')?.[1];
			const part = rels.get(String(id));
			if (part && wb.has(part)) sheets.push({ name: String(t.attributes.name ?? part), part });
		}
	});
	await wb.parse(bookPart, book);
	if (sheets.length === 0) throw new FileRejected('the workbook has no worksheet');

	// styles: which cell formats show dates
	const dateStyles: boolean[] = [];
	const custom = new Map<number, string>();
	const stylesPart = [...rels.values()].find((t) => /styles\.xml$/.test(t));
	if (stylesPart && wb.has(stylesPart)) {
		const st = saxes();
		let inXfs = false;
		st.on('opentag', (t: SaxesTagPlain) => {
			const n = localName(t.name);
			if (n === 'numFmt') custom.set(Number(t.attributes.numFmtId), String(t.attributes.formatCode ?? ''));
			else if (n === 'cellXfs') inXfs = true;
			else if (n === 'xf' && inXfs) {
				const id = Number(t.attributes.numFmtId ?? 0);
				dateStyles.push(custom.has(id) ? isDateFormat(custom.get(id)!) : DATE_FORMAT_IDS.has(id));
			}
		});
		st.on('closetag', (t) => {
			if (localName(t.name) === 'cellXfs') inXfs = false;
		});
		await wb.parse(stylesPart, st);
	}

	// shared strings: the text of each <si>, rich-text runs joined, phonetic guides (<rPh>) left out
	const strings: string[] = [];
	const sstPart = [...rels.values()].find((t) => /sharedStrings\.xml$/.test(t));
	if (sstPart && wb.has(sstPart)) {
		const ss = saxes();
		let cur: string | null = null;
		let inT = false;
		let inPh = 0;
		ss.on('opentag', (t) => {
			const n = localName(t.name);
			if (n === 'si') cur = '';
			else if (n === 'rPh') inPh++;
			else if (n === 't' && !t.isSelfClosing) inT = true;
		});
		ss.on('closetag', (t) => {
			const n = localName(t.name);
			if (n === 'si') {
				strings.push(cur ?? '');
				cur = null;
			} else if (n === 'rPh') inPh--;
			else if (n === 't') inT = false;
		});
		const onText = (s: string) => {
			if (inT && inPh === 0 && cur !== null) cur += s;
		};
		ss.on('text', onText);
		ss.on('cdata', onText);
		await wb.parse(sstPart, ss);
	}
	return { sheets, date1904, dateStyles, strings };
}

interface Cell {
	col: number;
	value: string;
}

/**
 * Streams a sheet's rows (only the cells with a value) to `onRow`. A formula without
 * a saved result, or a value past column MAX_COLUMNS, refuses the file.
 */
function sheetParser(
	info: WorkbookInfo,
	sheet: string,
	dateCols: () => Set<number>,
	onRow: (row: number, cells: Cell[]) => void
): SaxesParser {
	const p = saxes();
	let rowNo = 0;
	let cells: Cell[] = [];
	let col = -1;
	let ref = '';
	let type = 'n';
	let style = 0;
	let text: string | null = null; // text of the <v>, <t> or <f> being read
	let value: string | null = null;
	let formula: string | null = null;
	let inIs = false;
	let where: 'v' | 't' | 'f' | null = null;
	p.on('opentag', (t) => {
		switch (localName(t.name)) {
			case 'row': {
				const r = Number(t.attributes.r);
				rowNo = Number.isInteger(r) && r > 0 ? r : rowNo + 1;
				cells = [];
				col = -1;
				break;
			}
			case 'c': {
				ref = String(t.attributes.r ?? '');
				const m = /^([A-Z]{1,4})\d*$/.exec(ref);
				col = m ? columnIndex(m[1]) : col + 1;
				if (!m) ref = `${columnName(col)}${rowNo}`;
				type = String(t.attributes.t ?? 'n');
				style = Number(t.attributes.s ?? 0);
				value = null;
				formula = null;
				break;
			}
			case 'is':
				inIs = true;
				break;
			case 'v':
				where = 'v';
				text = '';
				break;
			case 'f':
				where = 'f';
				text = '';
				if (formula === null) formula = '';
				break;
			case 't':
				if (inIs) {
					where = 't';
					text = '';
				}
				break;
			case 'rPh':
				if (inIs) where = null;
				break;
		}
	});
	const onText = (s: string) => {
		if (where !== null && text !== null) text += s;
	};
	p.on('text', onText);
	p.on('cdata', onText);
	p.on('closetag', (t) => {
		switch (localName(t.name)) {
			case 'v':
				value = text;
				where = null;
				break;
			case 'f':
				formula = text;
				where = null;
				break;
			case 't':
				if (inIs && where === 't') value = (value ?? '') + (text ?? '');
				where = null;
				break;
			case 'is':
				inIs = false;
				break;
			case 'c': {
				if (formula !== null && value === null)
					throw new FileRejected(
						`sheet "${sheet}" cell ${ref} (row ${rowNo}, column ${columnName(col)}) holds a formula (=${formula.slice(0, 60)}) with no saved result: open the workbook in Excel and save it, so each formula's value is stored, or paste the values as values`
					);
				const v = cellText(info, type, style, value, dateCols().has(col));
				if (v !== '') {
					if (col >= MAX_COLUMNS)
						throw new FileRejected(
							`sheet "${sheet}" row ${rowNo} has a value in column ${columnName(col)} (column ${(col + 1).toLocaleString('en-US')}); at most ${MAX_COLUMNS.toLocaleString('en-US')} columns are read (a tickets file has 24): not an export of tickets, rework, parts or technicians`
						);
					cells.push({ col, value: v });
				}
				break;
			}
			case 'row':
				if (cells.length) onRow(rowNo, cells);
				break;
		}
	});
	return p;
}

function cellText(info: WorkbookInfo, type: string, style: number, value: string | null, dateColumn: boolean): string {
	if (value === null) return '';
	switch (type) {
		case 's':
			return info.strings[Number(value)] ?? '';
		case 'inlineStr':
		case 'str':
		case 'e':
			return value;
		case 'b':
			return value === '1' ? 'TRUE' : 'FALSE';
		case 'd':
			return value
				.replace('T', ' ')
				.replace(/(\.\d+)?(Z|[+-]\d\d:\d\d)?$/, '')
				.replace(/ 00:00:00$/, '');
		default: {
			const n = Number(value);
			if (value.trim() === '' || !Number.isFinite(n)) return value;
			if ((info.dateStyles[style] || dateColumn) && n >= 0 && n < 2958466) return serialToText(n, info.date1904);
			return String(n);
		}
	}
}

/** Rows looked at for the header: exports often put a title or an export date above it. */
const HEADER_SEARCH_ROWS = 10;

/**
 * The header row of a sheet, as text by column: the first of its first rows with a value
 * that names every required column of a table, else its first row with a value.
 */
async function readHeader(
	wb: Workbook,
	info: WorkbookInfo,
	sheet: { name: string; part: string }
): Promise<{ row: number; headers: string[] } | null> {
	let first: { row: number; headers: string[] } | null = null;
	let found: { row: number; headers: string[] } | null = null;
	let seen = 0;
	const p = sheetParser(
		info,
		sheet.name,
		() => new Set(),
		(row, cells) => {
			const candidate = { row, headers: spread(cells) };
			first ??= candidate;
			if (matchHeaders(candidate.headers)?.missing.length === 0) found = candidate;
			if (found || ++seen >= HEADER_SEARCH_ROWS) throw new Stop();
		}
	);
	await wb.parse(sheet.part, p);
	return found ?? first;
}

function spread(cells: Cell[], width = 0): string[] {
	const out: string[] = new Array(Math.max(width, cells.length ? cells[cells.length - 1].col + 1 : 0)).fill('');
	for (const c of cells) out[c.col] = c.value;
	return out;
}

/**
 * Writes the workbook's sheet of tickets, rework, parts or technicians to `csvPath` as UTF-8 CSV:
 * the header row as line 1, then each row with a value, in sheet order.
 */
export async function xlsxToCsv(path: string, csvPath: string): Promise<SheetCsv> {
	const wb = await Workbook.open(path);
	try {
		const info = await readWorkbookInfo(wb);
		let chosen: { sheet: (typeof info.sheets)[number]; header: { row: number; headers: string[] } } | null = null;
		for (const sheet of info.sheets) {
			const header = await readHeader(wb, info, sheet);
			if (!header) continue;
			const m = matchHeaders(header.headers);
			if (m && m.missing.length === 0) {
				chosen = { sheet, header };
				break;
			}
			chosen ??= { sheet, header };
		}
		if (!chosen) throw new FileRejected(`the workbook's sheets are empty (${info.sheets.map((s) => `"${s.name}"`).join(', ')})`);
		const { sheet, header } = chosen;
		const match = matchHeaders(header.headers);
		const dateCols = new Set<number>();
		if (match)
			for (const c of match.table.columns)
				if ((c.type.kind === 'date' || c.type.kind === 'timestamp') && match.positions.has(c.name))
					dateCols.add(match.positions.get(c.name)!);
		const width = header.headers.length;

		const out = createWriteStream(csvPath);
		let pending = '';
		let line = 1; // the CSV's physical line where the next record starts
		let rows = 0;
		const rowOfLine: number[] = [];
		let same = true;
		const emit = (sheetRow: number, fields: string[]) => {
			const text = fields.map((f) => csvField(f.replace(/\r\n?/g, '\n'))).join(',');
			rowOfLine[line] = sheetRow;
			if (sheetRow !== line) same = false;
			line += 1 + (text.match(/\n/g)?.length ?? 0);
			pending += `${text}\n`;
		};
		emit(header.row, header.headers);
		const p = sheetParser(
			info,
			sheet.name,
			() => dateCols,
			(row, cells) => {
				if (row <= header.row) return;
				emit(row, spread(cells, width));
				rows++;
			}
		);
		try {
			await wb.parse(sheet.part, p, async () => {
				if (pending.length > 1 << 20) {
					const chunk = pending;
					pending = '';
					await write(out, chunk);
				}
			});
			await write(out, pending);
		} finally {
			out.end();
			await once(out, 'close');
		}
		if (same) return { sheet: sheet.name, rows };
		return { sheet: sheet.name, rows, lineOf: (l) => rowOfLine[l] ?? l };
	} finally {
		await wb.close();
	}
}
