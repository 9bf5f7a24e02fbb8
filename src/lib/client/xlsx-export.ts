// Any dashboard table as an Excel workbook: numbers stay numbers with a number
// format (rates as 0.0 %, counts as whole numbers, other amounts with two
// decimals), dates as date cells, everything else as the text the table shows.
// The header row is frozen; an optional second sheet says what the table is
// (title, period, filters, data as of).
//
// Written by hand on fflate's zipSync (a few KB): this module is imported only
// when an export button is clicked, so it costs nothing until then. (An .xlsx
// library of its own would add tens of KB and, in the browser, zip in a Web
// Worker started from a blob: URL, which this site's CSP does not allow.)
import { zipSync, strToU8 } from 'fflate';

/** How a column is written; inferred from its values and formatter when not given. */
export type XlsxKind = 'percent' | 'integer' | 'number' | 'date' | 'datetime' | 'month' | 'text';

export interface XlsxColumn {
	key: string;
	label: string;
	format?: (v: never, row: never) => string;
	xlsx?: XlsxKind;
}

export interface XlsxSheet {
	name: string;
	columns: XlsxColumn[];
	rows: object[];
	/** label/value lines written to a second sheet (title, period, filters, as-of) */
	about?: [string, string][];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** cellXfs index of each kind in styles.xml below (0 is text, 7 the bold header) */
const STYLE: Record<XlsxKind, number> = { text: 0, integer: 1, number: 2, percent: 3, date: 4, datetime: 5, month: 6 };
const HEADER_STYLE = 7;

function valueOf(row: object, key: string): unknown {
	return (row as Record<string, unknown>)[key];
}

function formatted(c: XlsxColumn, row: object): string {
	const v = valueOf(row, c.key);
	if (c.format) return (c.format as (v: unknown, row: unknown) => string)(v, row);
	return v === null || v === undefined ? '' : String(v);
}

/**
 * A column's kind from its values: numbers (text when its formatter shows words, percent when it shows %,
 * integer when all are whole), ISO dates, or text.
 */
export function inferKind(c: XlsxColumn, rows: object[]): XlsxKind {
	if (c.xlsx) return c.xlsx;
	const present = rows.filter((r) => {
		const v = valueOf(r, c.key);
		return v !== null && v !== undefined && v !== '';
	});
	if (present.length === 0) return 'text';
	const values = present.map((r) => valueOf(r, c.key));
	if (values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
		// a number the table shows as words (a month name, "meets") is written as those words
		const shown = c.format ? formatted(c, present[0]) : '';
		if (/\p{L}/u.test(shown)) return 'text';
		if (/%\s*$/.test(shown)) return 'percent';
		return values.every((v) => Number.isInteger(v)) ? 'integer' : 'number';
	}
	if (values.every((v) => v instanceof Date)) return 'datetime';
	if (values.every((v) => typeof v === 'string' && ISO_DATE.test(v))) return 'date';
	if (values.every((v) => typeof v === 'string' && ISO_DATETIME.test(v))) return 'datetime';
	if (values.every((v) => typeof v === 'string' && ISO_MONTH.test(v))) return 'month';
	return 'text';
}

/** Excel's serial day number (1900 system) of a UTC calendar date and time. */
export function excelSerial(y: number, m: number, d: number, hh = 0, mm = 0, ss = 0): number {
	return (Date.UTC(y, m - 1, d, hh, mm, ss) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

function serialOf(v: unknown): number | null {
	if (v instanceof Date) return excelSerial(v.getFullYear(), v.getMonth() + 1, v.getDate(), v.getHours(), v.getMinutes(), v.getSeconds());
	if (typeof v !== 'string') return null;
	const dt = ISO_DATETIME.exec(v) ?? ISO_DATE.exec(v);
	if (dt) return excelSerial(+dt[1], +dt[2], +dt[3], +(dt[4] ?? 0), +(dt[5] ?? 0), +(dt[6] ?? 0));
	const m = ISO_MONTH.exec(v);
	return m ? excelSerial(+m[1], +m[2], 1) : null;
}

function esc(s: string): string {
	return (
		s
			// characters XML 1.0 cannot hold
			.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
			.replace(/&/g, '&amp;')
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;')
			.replace(/"/g, '&quot;')
	);
}

function colName(i: number): string {
	let s = '';
	for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

function textCell(ref: string, text: string, style = 0): string {
	return `<c r="${ref}" t="inlineStr"${style ? ` s="${style}"` : ''}><is><t xml:space="preserve">${esc(text)}</t></is></c>`;
}

function numberCell(ref: string, n: number, style: number): string {
	return `<c r="${ref}" s="${style}"><v>${n}</v></c>`;
}

function sheetXml(cells: string[][], widths: number[], freezeHeader: boolean): string {
	const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
	const rows = cells.map((row, r) => `<row r="${r + 1}">${row.join('')}</row>`).join('');
	const pane = freezeHeader ? `<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` : '';
	return (
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>` +
		(cols ? `<cols>${cols}</cols>` : '') +
		`<sheetData>${rows}</sheetData></worksheet>`
	);
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ] */
function sheetName(name: string, fallback: string): string {
	const clean = name
		.replace(/[:\\/?*[\]]/g, ' ')
		.trim()
		.slice(0, 31);
	return clean || fallback;
}

const STYLES =
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
	`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="4"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/>` +
	`<numFmt numFmtId="166" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="167" formatCode="yyyy-mm"/></numFmts>` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="8">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** The workbook's bytes: the table on the first sheet, the `about` lines on a second. */
export function xlsxBytes(sheet: XlsxSheet): Uint8Array {
	const kinds = sheet.columns.map((c) => inferKind(c, sheet.rows));
	const header = sheet.columns.map((c, j) => textCell(`${colName(j)}1`, c.label, HEADER_STYLE));
	const widths = sheet.columns.map((c) => Math.min(60, Math.max(8, [...c.label].length * 2)));
	const body = sheet.rows.map((row, i) =>
		sheet.columns.map((c, j) => {
			const ref = `${colName(j)}${i + 2}`;
			const v = valueOf(row, c.key);
			if (v === null || v === undefined || v === '') return `<c r="${ref}"/>`;
			const kind = kinds[j];
			if (kind === 'percent' || kind === 'integer' || kind === 'number') return numberCell(ref, v as number, STYLE[kind]);
			if (kind === 'date' || kind === 'datetime' || kind === 'month') {
				const serial = serialOf(v);
				if (serial !== null) return numberCell(ref, serial, STYLE[kind]);
			}
			const text = formatted(c, row);
			widths[j] = Math.min(60, Math.max(widths[j], [...text].length + 2));
			return textCell(ref, text);
		})
	);
	const about = sheet.about?.length
		? sheetXml(
				sheet.about.map(([k, v], i) => [textCell(`A${i + 1}`, k, HEADER_STYLE), textCell(`B${i + 1}`, v)]),
				[24, 60],
				false
			)
		: null;
	const names = [sheetName(sheet.name, 'Table'), ...(about ? ['About'] : [])];
	const files: Record<string, Uint8Array> = {
		'[Content_Types].xml': strToU8(
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
				`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
				`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
				`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
				names
					.map(
						(_, i) =>
							`<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
					)
					.join('') +
				`</Types>`
		),
		'_rels/.rels': strToU8(
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
				`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
		),
		'xl/workbook.xml': strToU8(
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
				names.map((n, i) => `<sheet name="${esc(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
				`</sheets></workbook>`
		),
		'xl/_rels/workbook.xml.rels': strToU8(
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
				names
					.map(
						(_, i) =>
							`<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`
					)
					.join('') +
				`<Relationship Id="rId${names.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
		),
		'xl/styles.xml': strToU8(STYLES),
		'xl/worksheets/sheet1.xml': strToU8(sheetXml([header, ...body], widths, true))
	};
	if (about) files['xl/worksheets/sheet2.xml'] = strToU8(about);
	return zipSync(files, { level: 6 });
}

/** Saves the table as `<name>.xlsx` through the browser's download. */
export function downloadXlsx(sheet: XlsxSheet, filename = `${sheet.name}.xlsx`): void {
	const blob = new Blob([xlsxBytes(sheet) as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
	const a = document.createElement('a');
	a.href = URL.createObjectURL(blob);
	a.download = filename;
	a.click();
	setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
