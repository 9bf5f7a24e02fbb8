// The row rules of the input contract as SQL over the staging table, so that
// checking a million rows is one DuckDB pass, not a JavaScript loop.
import { sqlType, type ColumnSpec, type TableSpec } from '../../contract';
import type { Spelling } from './typed';

/**
 * Every date/time spelling the contract accepts (2026-07-01, 2026/7/1,
 * 2026-07-01 14:30, 2026/7/1 14:30:00, 2026年7月1日, with or without a time) is
 * brought to Y-M-D[ H:M[:S]] and cast; ISO spellings skip the rewriting. One
 * cast per value: trying format after format with strptime was five times slower.
 */
const FULLWIDTH_DIGITS = '０１２３４５６７８９．，－';
const ASCII_DIGITS = '0123456789.,-';

/** Session macros used by the rules below. Constants only: no user value is spliced. */
export const MACROS = [
	// trim() is costly on millions of values: only strings that start or end with a blank pay for it
	`CREATE OR REPLACE TEMP MACRO fl_clean(x) AS CASE WHEN x = '' THEN NULL
		WHEN prefix(x, ' ') OR suffix(x, ' ') OR prefix(x, chr(9)) OR suffix(x, chr(9)) OR prefix(x, chr(12288)) OR suffix(x, chr(12288))
		THEN nullif(trim(x, ' ' || chr(9) || chr(12288)), '') ELSE x END`,
	`CREATE OR REPLACE TEMP MACRO fl_ts(x) AS try_cast(CASE WHEN x[5] = '-' AND NOT contains(x, '日') THEN x
		ELSE replace(replace(replace(replace(x, '/', '-'), '年', '-'), '月', '-'), '日', '') END AS TIMESTAMP)`,
	`CREATE OR REPLACE TEMP MACRO fl_int(n) AS CASE WHEN n = round(n) AND abs(n) < 2e9 THEN CAST(n AS INTEGER) END`,
	`CREATE OR REPLACE TEMP MACRO fl_digits(x) AS translate(x, '${FULLWIDTH_DIGITS}', '${ASCII_DIGITS}')`,
	// "1,200.50" is twelve hundred: drop thousands separators only where they sit in threes. A value the plain
	// cast takes has no full-width digit and no comma, so the rewrite would leave it as it is: cast it first.
	`CREATE OR REPLACE TEMP MACRO fl_num(x) AS coalesce(try_cast(x AS DOUBLE), try_cast(CASE WHEN contains(fl_digits(x), ',') AND regexp_full_match(fl_digits(x), '[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?')
		THEN replace(fl_digits(x), ',', '') ELSE fl_digits(x) END AS DOUBLE))`
];

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function parsedExpr(c: ColumnSpec, raw: string): string {
	const t = c.type;
	switch (t.kind) {
		case 'text':
			return raw;
		case 'timestamp':
			return `fl_ts(${raw})`;
		case 'date':
			return `CAST(fl_ts(${raw}) AS DATE)`;
		case 'number':
			return `fl_num(${raw})`;
		case 'integer':
			return `fl_int(fl_num(${raw}))`;
		case 'enum': {
			// the words as listed are matched first without lower() (most values are spelled so); a word whose
			// lower case an earlier value also has is left to the case-blind arms, which decide as before
			const seen = new Set<string>();
			const exact = Object.entries(t.words).map(([canon, words]) => {
				const own = words.filter((w) => !seen.has(w.toLowerCase()));
				for (const w of words) seen.add(w.toLowerCase());
				return own.length ? `WHEN ${raw} IN (${own.map(quote).join(', ')}) THEN ${quote(canon)}` : '';
			});
			const arms = Object.entries(t.words)
				.map(([canon, words]) => `WHEN lower(${raw}) IN (${words.map((w) => quote(w.toLowerCase())).join(', ')}) THEN ${quote(canon)}`)
				.join(' ');
			return `CASE ${exact.join(' ')} ${arms} END`;
		}
	}
}

export function typeRule(c: ColumnSpec): string {
	const t = c.type;
	switch (t.kind) {
		case 'text':
			return '';
		case 'timestamp':
		case 'date':
			return 'not a valid date (accepted: 2026-07-01, 2026/7/1, 2026-07-01 14:30, 2026/7/1 14:30:00, 2026年7月1日)';
		case 'number':
			return 'not a number';
		case 'integer':
			return t.max !== undefined ? `not a whole number from ${t.min} to ${t.max}` : `not a whole number`;
		case 'enum':
			return `not one of ${Object.values(t.words)
				.map((w) => w.join('/'))
				.join(', ')}`;
	}
}

export interface Check {
	column: string;
	/** SQL condition over the raw (r_) and parsed (p_) values; true means the row breaks the rule */
	cond: string;
	rule: string;
}

/** The rules one column's values must pass. */
export function columnChecks(c: ColumnSpec, raw: string, parsed: string): Check[] {
	const checks: Check[] = [];
	const add = (cond: string, rule: string) => checks.push({ column: c.name, cond, rule });
	if (c.required) add(`${raw} IS NULL`, 'required value is missing');
	const t = c.type;
	if (t.kind !== 'text') add(`${raw} IS NOT NULL AND ${parsed} IS NULL`, typeRule(c));
	if (t.kind === 'number' || t.kind === 'integer') add(`${parsed} < ${t.min}`, `must be ≥ ${t.min}`);
	if (t.kind === 'integer' && t.max !== undefined) add(`${parsed} > ${t.max}`, `must be ≤ ${t.max}`);
	if (t.kind === 'timestamp' || t.kind === 'date') add(`${parsed} > current_localtimestamp() + INTERVAL 1 DAY`, 'date is in the future');
	return checks;
}

/** canonical column name → the spelling it was read in by read_csv (typed.ts); a column not in it was read as text */
export type TypedColumns = Map<string, Spelling>;

/** The parsed value of a column read_csv already typed (DOUBLE or TIMESTAMP): what parsedExpr makes of its text. */
function typedParsedExpr(c: ColumnSpec, value: string): string {
	switch (c.type.kind) {
		case 'integer':
			return `fl_int(${value})`;
		case 'date':
			return `CAST(${value} AS DATE)`;
		default:
			return value;
	}
}

interface Columns {
	present: ColumnSpec[];
	checks: Check[];
	/** SELECT over `source` (c0..cN): the columns `carry` as they are, r_<col> cleaned text (or the typed value), p_<col> parsed value */
	parsedSelect: (source: string, carry: string[]) => string;
	/** the value a rejected row shows for a column, as text */
	shown: (column: string) => string;
}

function columnsOf(table: TableSpec, positions: Map<string, number>, typed: TypedColumns = new Map()): Columns {
	const present = table.columns.filter((c) => positions.has(c.name));
	const cleaned = present.map((c) => `${typed.has(c.name) ? '' : 'fl_clean'}(c${positions.get(c.name)}) AS r_${c.name}`);
	const parsed = present.map(
		(c) => `${typed.has(c.name) ? typedParsedExpr(c, `r_${c.name}`) : parsedExpr(c, `r_${c.name}`)} AS p_${c.name}`
	);
	const checks = present.flatMap((c) => columnChecks(c, `r_${c.name}`, `p_${c.name}`));
	return {
		present,
		checks,
		parsedSelect: (source, carry) =>
			`SELECT ${[...carry, ...present.map((c) => `r_${c.name}`), ...parsed].join(', ')}
			 FROM (SELECT ${[...carry, ...cleaned].join(', ')} FROM ${source})`,
		shown: (column) => typed.get(column)?.text(`r_${column}`) ?? `r_${column}`
	};
}

/**
 * A SELECT that turns the file's records (`source`: c0..cN, VARCHAR, or typed where `typed` says; `columns` of
 * them) into typed rows (the table's columns), a flag `bad` for rows that break any rule and, for those rows
 * only, `bad_raw`: the value each of the file's columns shows in a reject (the table's columns present, in
 * their order, then the file's other columns). Only the flagged rows (few) get their reasons spelled out, by
 * rejectReasonsSQL, from those values: building reason lists for every row was most of the cost of checking a
 * large file, and keeping every row's text to spell them out a second write of the whole file.
 * The other columns are in `bad_raw` so that the reader reads (and checks the encoding of) every field, as a
 * read of all columns does.
 * @param positions canonical column name → staging column index, for the columns the file has
 */
export function checkedSelectSQL(
	table: TableSpec,
	positions: Map<string, number>,
	typed: TypedColumns | undefined,
	source: string,
	columns: number
): string {
	const cols = columnsOf(table, positions, typed);
	const out = table.columns.map((c) =>
		positions.has(c.name) ? `p_${c.name} AS ${c.name}` : `CAST(NULL AS ${sqlType(c.type)}) AS ${c.name}`
	);
	const bad = cols.checks.length ? cols.checks.map((k) => `(${k.cond}) IS TRUE`).join(' OR ') : 'false';
	const used = new Set(positions.values());
	const others = Array.from({ length: columns }, (_, i) => i).filter((i) => !used.has(i));
	const shown = [...cols.present.map((c) => cols.shown(c.name)), ...others.map((i) => `c${i}`)];
	return `SELECT ${out.join(', ')}, bad, CASE WHEN bad THEN [${shown.join(', ')}]::VARCHAR[] END AS bad_raw
		FROM (SELECT *, ${bad} AS bad FROM (${cols.parsedSelect(
			source,
			others.map((i) => `c${i}`)
		)}))`;
}

/** One row per broken rule of each flagged row of temp.checked (rec, the table's columns, bad, bad_raw): rec, column_name, value, rule. */
export function rejectReasonsSQL(table: TableSpec, positions: Map<string, number>, typed?: TypedColumns): string {
	const cols = columnsOf(table, positions, typed);
	const structs = cols.checks.map(
		(k) => `CASE WHEN (${k.cond}) IS TRUE THEN {'column_name': ${quote(k.column)}, 'value': r_${k.column}, 'rule': ${quote(k.rule)}} END`
	);
	// a rule reads the raw value only to tell a missing value from another and to show it: the shown text does both
	const values = cols.present.map((c, i) => `bad_raw[${i + 1}] AS r_${c.name}, ${c.name} AS p_${c.name}`);
	return `SELECT rec, e.column_name, e.value, e.rule FROM (
	  SELECT rec, unnest(list_filter([${structs.join(',\n')}], x -> x IS NOT NULL)) AS e
	  FROM (SELECT rec${values.map((v) => `, ${v}`).join('')} FROM checked WHERE bad))`;
}
