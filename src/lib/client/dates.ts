// Month arithmetic on 'YYYY-MM' strings, in UTC.
export function addMonthsTo(month: string, delta: number): string {
	const [y, m] = month.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1 + delta, 1)).toISOString().slice(0, 7);
}

export function monthEnd(month: string): string {
	const [y, m] = month.split('-').map(Number);
	return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The effective range: the URL's, else the default (twelve complete months up to the last complete one). */
export function effectiveRange(f: { from?: string; to?: string }, lastComplete: string | null): { from?: string; to?: string } {
	if (f.from || f.to || !lastComplete) return { from: f.from, to: f.to };
	return { from: `${addMonthsTo(lastComplete, -11)}-01`, to: monthEnd(lastComplete) };
}
