// The global filters every figure is computed over, validated and turned into a
// parameterised WHERE clause. Column names come from dimensions.ts; values are
// always bound, never spliced into SQL text.
import { isValidDate, shiftRange } from '../../months';
import { DIMENSION_FILTERS, FILTER_COLUMNS } from './dimensions';

export { DIMENSION_FILTERS, type DimensionFilter } from './dimensions';

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

export class FilterError extends Error {}

const MAX_VALUE = 200;
/** The dates a filter may name (inclusive). */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '2200-12-31';

/** Validates untrusted filter input (URL query, CLI flags); throws FilterError with the reason. */
export function parseFilters(input: Record<string, string | null | undefined>): Filters {
	const f: Filters = {};
	for (const key of ['from', 'to'] as const) {
		const v = input[key];
		if (v === undefined || v === null || v === '') continue;
		if (!isValidDate(v)) throw new FilterError(`${key} must be a date YYYY-MM-DD, got ${JSON.stringify(v.slice(0, 40))}`);
		// (the previous period of 0001–9999 would fall before year 0: dates outside service history are refused)
		if (v < MIN_DATE || v > MAX_DATE) throw new FilterError(`${key} must be between ${MIN_DATE} and ${MAX_DATE}, got ${JSON.stringify(v)}`);
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
		conds.push(`${alias}.${FILTER_COLUMNS[key]} = $${p}${key}`);
		params[`${p}${key}`] = v;
	}
	return { sql: conds.length ? conds.join(' AND ') : 'TRUE', params };
}

/** The same span shifted: the previous period of equal length, or the same dates a year earlier (months.ts shiftRange). */
export function shiftPeriod(f: Filters, how: 'previous' | 'last_year'): Filters | null {
	if (!f.from || !f.to) return null;
	return { ...f, ...shiftRange({ from: f.from, to: f.to }, how) };
}
