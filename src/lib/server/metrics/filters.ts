// The global filters every figure is computed over, validated and turned into a
// parameterised WHERE clause. Column names come from dimensions.ts; values are
// always bound, never spliced into SQL text.
import { MAX_FILTER_VALUES } from '../../api/params';
import { isValidDate, shiftRange } from '../../months';
import { DIMENSION_FILTERS, FILTER_COLUMNS, MULTI_VALUE_FILTERS } from './dimensions';

export { DIMENSION_FILTERS, MULTI_VALUE_FILTERS, type DimensionFilter } from './dimensions';

/** A filter that takes several values (region, model): one value, or a list read as "any of them". */
export type OneOrMany = string | readonly string[];

export interface Filters {
	/** first day, inclusive, YYYY-MM-DD (on created_at) */
	from?: string;
	/** last day, inclusive, YYYY-MM-DD */
	to?: string;
	/** any of these regions (parseFilters gives a list; code may pass one value) */
	region?: OneOrMany;
	city?: string;
	/** any of these models */
	model?: OneOrMany;
	team?: string;
	team_type?: 'internal' | 'outsourced';
	technician?: string;
}

export class FilterError extends Error {}

const MAX_VALUE = 200;
/** The most values one multi-value filter takes (a link with more is refused). */
export const MAX_VALUES = MAX_FILTER_VALUES;
/** The dates a filter may name (inclusive). */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '2200-12-31';

/** Untrusted filter input: a URL's query (repeated keys kept), or key → value(s) from the CLI. */
export type FilterInput = URLSearchParams | Record<string, string | readonly string[] | null | undefined>;

/** The non-empty values of `key` in the input, in order, each once. */
function inputValues(input: FilterInput, key: string): string[] {
	const raw = input instanceof URLSearchParams ? input.getAll(key) : [input[key] ?? []].flat();
	return [...new Set(raw.filter((v): v is string => typeof v === 'string' && v !== ''))];
}

const isMulti = (key: string): boolean => (MULTI_VALUE_FILTERS as readonly string[]).includes(key);

/** Validates untrusted filter input (URL query, CLI flags); throws FilterError with the reason. */
export function parseFilters(input: FilterInput): Filters {
	const f: Filters = {};
	for (const key of ['from', 'to', ...DIMENSION_FILTERS] as const) {
		const values = inputValues(input, key);
		if (!values.length) continue;
		if (!isMulti(key) && values.length > 1) throw new FilterError(`${key} takes one value, got ${values.length}`);
		if (values.length > MAX_VALUES) throw new FilterError(`${key} takes at most ${MAX_VALUES} values, got ${values.length}`);
		for (const v of values) checkValue(key, v);
		(f as Record<string, OneOrMany>)[key] = isMulti(key) ? values : values[0];
	}
	if (f.from && f.to && f.from > f.to) throw new FilterError('from is after to');
	return f;
}

function checkValue(key: string, v: string): void {
	if (key === 'from' || key === 'to') {
		if (!isValidDate(v)) throw new FilterError(`${key} must be a date YYYY-MM-DD, got ${JSON.stringify(v.slice(0, 40))}`);
		// (the previous period of 0001–9999 would fall before year 0: dates outside service history are refused)
		if (v < MIN_DATE || v > MAX_DATE) throw new FilterError(`${key} must be between ${MIN_DATE} and ${MAX_DATE}, got ${JSON.stringify(v)}`);
		return;
	}
	if (v.length > MAX_VALUE || /[\u0000-\u001f]/.test(v)) throw new FilterError(`${key} is not a valid value`);
	if (key === 'team_type' && v !== 'internal' && v !== 'outsourced') throw new FilterError('team_type must be internal or outsourced');
}

/** A filter's values as a list (none when it is not set). */
export function valuesOf(v: OneOrMany | null | undefined): readonly string[] {
	return v === undefined || v === null ? [] : typeof v === 'string' ? [v] : v;
}

/**
 * The one value of a filter where a figure takes one (the staffing plan, a review's scope): undefined when not
 * set, a FilterError (a 400 that says so) when several are chosen.
 */
export function oneValue(f: Filters, key: 'region' | 'model', what: string): string | undefined {
	const vs = valuesOf(f[key]);
	if (vs.length > 1)
		throw new FilterError(`${what} takes one ${key} at a time, got ${vs.length} (${vs.slice(0, 5).join(', ')}): choose one`);
	return vs[0];
}

export interface Clause {
	sql: string;
	params: Record<string, string>;
}

/**
 * Equality conditions: `column = $p…` for one value, `column IN ($p…_0, $p…_1, …)` for a list (an empty list
 * selects nothing); entries given null or undefined are left out. `column` is SQL text (`t.region`), never input;
 * values are bound, never spliced, each parameter named prefix + name (+ _i for a list's i-th value). The one
 * scope builder: the filters (ticketWhere), a case's repairs and units, the staffing plan's jobs.
 */
export function columnConds(
	cols: Record<string, { column: string; value: OneOrMany | null | undefined }>,
	prefix: string
): { conds: string[]; params: Record<string, string> } {
	const conds: string[] = [];
	const params: Record<string, string> = {};
	for (const [name, { column, value }] of Object.entries(cols)) {
		if (value === undefined || value === null) continue;
		if (typeof value === 'string') {
			conds.push(`${column} = $${prefix}${name}`);
			params[`${prefix}${name}`] = value;
			continue;
		}
		const names = value.map((v, i) => {
			params[`${prefix}${name}_${i}`] = v;
			return `$${prefix}${name}_${i}`;
		});
		conds.push(names.length ? `${column} IN (${names.join(', ')})` : 'FALSE');
	}
	return { conds, params };
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
	const dims = columnConds(
		Object.fromEntries(DIMENSION_FILTERS.map((k) => [k, { column: `${alias}.${FILTER_COLUMNS[k]}`, value: f[k] }])),
		p
	);
	conds.push(...dims.conds);
	return { sql: conds.length ? conds.join(' AND ') : 'TRUE', params: { ...params, ...dims.params } };
}

/** The same span shifted: the previous period of equal length, or the same dates a year earlier (months.ts shiftRange). */
export function shiftPeriod(f: Filters, how: 'previous' | 'last_year'): Filters | null {
	if (!f.from || !f.to) return null;
	return { ...f, ...shiftRange({ from: f.from, to: f.to }, how) };
}
