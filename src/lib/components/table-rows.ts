// What a DataTable does with its rows besides drawing them: the order when a
// column header is clicked (numbers as numbers, text in the page language's
// collation, empty cells last either way) and the value a cell gets in a CSV
// export (labels as shown, numbers as numbers, rates as percentages).
import type { Column } from './table';

export type SortDir = 'asc' | 'desc';

type AnyColumn<T> = Column<T> & { format?: (v: unknown, row: T) => string };

/** the cell as shown on the page */
export function shown<T extends object>(c: Column<T>, row: T): string {
	const col = c as AnyColumn<T>;
	const v = row[col.key as keyof T] as unknown;
	return col.format ? col.format(v, row) : v === null || v === undefined ? '—' : String(v);
}

/** rows ordered by one column; a stable sort, so equal cells keep the server's order */
export function sortRows<T extends object>(rows: T[], c: Column<T>, dir: SortDir, lang = 'en'): T[] {
	const collator = new Intl.Collator(lang === 'zh' ? 'zh-CN' : 'en', { numeric: true });
	const key = (row: T): number | string | null => {
		const v = row[c.key as keyof T] as unknown;
		if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return null;
		if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
		if (typeof v === 'boolean') return v ? 1 : 0;
		return shown(c, row);
	};
	const sign = dir === 'asc' ? 1 : -1;
	return rows
		.map((row, i) => ({ row, i, k: key(row) }))
		.sort((a, b) => {
			if (a.k === null || b.k === null) return a.k === b.k ? a.i - b.i : a.k === null ? 1 : -1;
			const d = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : collator.compare(String(a.k), String(b.k));
			return d === 0 ? a.i - b.i : sign * d;
		})
		.map((x) => x.row);
}

const NUMBER = /^[+-]?\d{1,3}(,\d{3})*(\.\d+)?$|^[+-]?\d+(\.\d+)?$/;
const PERCENT = /^[+-]?\d+(\.\d+)?%$/;

/**
 * A cell for a CSV export. A number is written as the page shows it when that
 * is a plain number (1,234 → 1234, 548.7) or a percentage (3.1% — Excel reads
 * it as 0.031 formatted as a percentage); otherwise (an interval, a date) as
 * the raw number rounded to 6 significant digits. Anything else is the text
 * shown on the page: labels in the chosen language rather than codes.
 */
export function exportCell<T extends object>(c: Column<T>, row: T): string | number | null {
	const v = row[c.key as keyof T] as unknown;
	const col = c as AnyColumn<T>;
	if (v === null || v === undefined) return col.format ? nullShown(col.format(v, row)) : null;
	if (typeof v === 'number') {
		if (!col.format) return Number(v.toPrecision(6));
		const text = col.format(v, row).trim();
		if (PERCENT.test(text)) return text;
		if (NUMBER.test(text)) return Number(text.replace(/,/g, ''));
		return Number.isFinite(v) ? Number(v.toPrecision(6)) : null;
	}
	return col.format ? col.format(v, row) : String(v);
}

const nullShown = (s: string) => (s === '—' || s === '' ? null : s);
