// The global filters every figure is computed over, validated and turned into a
// parameterised WHERE clause. Column names come from this file only; values are
// always bound, never spliced into SQL text.

export interface Filters {
	/** first day, inclusive, YYYY-MM-DD (on created_at) */
	from?: string;
	/** last day, inclusive, YYYY-MM-DD */
	to?: string;
	region?: string;
	city?: string;
	model?: string;
	team?: string;
	team_type?: 'internal' | 'outsourced';
	technician?: string;
}

export const DIMENSION_FILTERS = ['region', 'city', 'model', 'team', 'team_type', 'technician'] as const;
export type DimensionFilter = (typeof DIMENSION_FILTERS)[number];

export const DIMENSION_COLUMN: Record<DimensionFilter, string> = {
	region: 'region',
	city: 'city',
	model: 'product_model',
	team: 'team',
	team_type: 'team_type',
	technician: 'technician_id'
};

export class FilterError extends Error {}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_VALUE = 200;

export function isValidDate(s: string): boolean {
	if (!DATE_RE.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Validates untrusted filter input (URL query, CLI flags); throws FilterError with the reason. */
export function parseFilters(input: Record<string, string | null | undefined>): Filters {
	const f: Filters = {};
	for (const key of ['from', 'to'] as const) {
		const v = input[key];
		if (v === undefined || v === null || v === '') continue;
		if (!isValidDate(v)) throw new FilterError(`${key} must be a date YYYY-MM-DD, got ${JSON.stringify(v.slice(0, 40))}`);
		f[key] = v;
	}
	if (f.from && f.to && f.from > f.to) throw new FilterError('from is after to');
	for (const key of DIMENSION_FILTERS) {
		const v = input[key];
		if (v === undefined || v === null || v === '') continue;
		if (v.length > MAX_VALUE || /[\u0000-\u001f]/.test(v)) throw new FilterError(`${key} is not a valid value`);
		if (key === 'team_type' && v !== 'internal' && v !== 'outsourced') throw new FilterError('team_type must be internal or outsourced');
		(f as Record<string, string>)[key] = v;
	}
	return f;
}

export interface Clause {
	sql: string;
	params: Record<string, string>;
}

/**
 * WHERE conditions on a tickets alias. `dates: false` leaves out the date range
 * (for look-ups that run over the whole history, like an installed base).
 */
export function ticketWhere(f: Filters, alias = 't', opts: { dates?: boolean; prefix?: string } = {}): Clause {
	const p = opts.prefix ?? 'f_';
	const conds: string[] = [];
	const params: Record<string, string> = {};
	if (opts.dates !== false) {
		if (f.from) {
			conds.push(`${alias}.created_at >= CAST($${p}from AS TIMESTAMP)`);
			params[`${p}from`] = f.from;
		}
		if (f.to) {
			conds.push(`${alias}.created_at < CAST($${p}to AS TIMESTAMP) + INTERVAL 1 DAY`);
			params[`${p}to`] = f.to;
		}
	}
	for (const key of DIMENSION_FILTERS) {
		const v = f[key];
		if (v === undefined) continue;
		conds.push(`${alias}.${DIMENSION_COLUMN[key]} = $${p}${key}`);
		params[`${p}${key}`] = v;
	}
	return { sql: conds.length ? conds.join(' AND ') : 'TRUE', params };
}

/** Month helpers on 'YYYY-MM'. */
export function monthRange(month: string): { from: string; to: string } {
	const [y, m] = month.split('-').map(Number);
	const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
	return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

export function addMonths(month: string, delta: number): string {
	const [y, m] = month.split('-').map(Number);
	const d = new Date(Date.UTC(y, m - 1 + delta, 1));
	return d.toISOString().slice(0, 7);
}

export function isValidMonth(s: string): boolean {
	return /^\d{4}-\d{2}$/.test(s) && isValidDate(`${s}-01`);
}

/** The same span shifted: the previous period of equal length, or the same dates a year earlier. */
export function shiftPeriod(f: Filters, how: 'previous' | 'last_year'): Filters | null {
	if (!f.from || !f.to) return null;
	const from = new Date(`${f.from}T00:00:00Z`);
	const to = new Date(`${f.to}T00:00:00Z`);
	const iso = (d: Date) => d.toISOString().slice(0, 10);
	const wholeMonths = f.from.endsWith('-01') && monthRange(f.to.slice(0, 7)).to === f.to;
	if (how === 'last_year' && wholeMonths)
		// whole months map to whole months: February 2025 → 1–29 February 2024
		return { ...f, from: monthRange(addMonths(f.from.slice(0, 7), -12)).from, to: monthRange(addMonths(f.to.slice(0, 7), -12)).to };
	if (how === 'last_year') {
		const shift = (d: Date) => {
			const s = new Date(Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), d.getUTCDate()));
			// 29 Feb → 28 Feb
			return s.getUTCMonth() !== d.getUTCMonth() ? new Date(Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth() + 1, 0)) : s;
		};
		return { ...f, from: iso(shift(from)), to: iso(shift(to)) };
	}
	// A whole-month span steps back by whole months; any other span by its length in days.
	const fromMonth = f.from.slice(0, 7);
	const toMonth = f.to.slice(0, 7);
	if (wholeMonths) {
		const months =
			(Number(toMonth.slice(0, 4)) - Number(fromMonth.slice(0, 4))) * 12 + Number(toMonth.slice(5)) - Number(fromMonth.slice(5)) + 1;
		return { ...f, from: monthRange(addMonths(fromMonth, -months)).from, to: monthRange(addMonths(toMonth, -months)).to };
	}
	const days = Math.round((to.getTime() - from.getTime()) / 86_400_000) + 1;
	const day = 86_400_000;
	return { ...f, from: iso(new Date(from.getTime() - days * day)), to: iso(new Date(to.getTime() - days * day)) };
}
