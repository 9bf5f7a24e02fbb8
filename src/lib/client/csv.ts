// CSV export of a table, safe to open in Excel: a cell that starts with = + - @
// (or a tab/CR) would be run as a formula, so it is prefixed with a quote.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: unknown): string {
	if (v === null || v === undefined) return '';
	let s = typeof v === 'number' ? String(v) : String(v);
	if (typeof v !== 'number' && FORMULA_START.test(s)) s = `'${s}`;
	return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: { key: string; label: string }[], rows: Record<string, unknown>[]): string {
	const lines = [columns.map((c) => csvCell(c.label)).join(',')];
	for (const r of rows) lines.push(columns.map((c) => csvCell(r[c.key])).join(','));
	// BOM so Excel on Chinese Windows opens UTF-8 correctly
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export function downloadCsv(filename: string, csv: string): void {
	const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
	const a = document.createElement('a');
	a.href = URL.createObjectURL(blob);
	a.download = filename;
	a.click();
	setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
