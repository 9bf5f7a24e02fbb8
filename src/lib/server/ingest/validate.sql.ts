// The row rules of the input contract as SQL over the staging table, so that
// checking a million rows is one DuckDB pass, not a JavaScript loop.
import { sqlType, type ColumnSpec, type TableSpec } from '../contract';

/** Every date/time spelling the contract accepts; dates without a time are midnight. */
export const DATE_FORMATS = [
	'%Y-%m-%d %H:%M:%S',
	'%Y-%m-%d %H:%M',
	'%Y-%m-%dT%H:%M:%S',
	'%Y-%m-%d',
	'%Y/%m/%d %H:%M:%S',
	'%Y/%m/%d %H:%M',
	'%Y/%m/%d',
	'%Y年%m月%d日 %H:%M:%S',
	'%Y年%m月%d日 %H:%M',
	'%Y年%m月%d日'
];

const FULLWIDTH_DIGITS = '０１２３４５６７８９．，－';
const ASCII_DIGITS = '0123456789.,-';

/** Session macros used by the rules below. Constants only: no user value is spliced. */
export const MACROS = [
	`CREATE OR REPLACE TEMP MACRO fl_clean(x) AS nullif(trim(x, ' ' || chr(9) || chr(12288)), '')`,
	`CREATE OR REPLACE TEMP MACRO fl_ts(x) AS try_strptime(x, [${DATE_FORMATS.map((f) => `'${f}'`).join(', ')}])`,
	`CREATE OR REPLACE TEMP MACRO fl_digits(x) AS translate(x, '${FULLWIDTH_DIGITS}', '${ASCII_DIGITS}')`,
	// "1,200.50" is twelve hundred: drop thousands separators only where they sit in threes
	`CREATE OR REPLACE TEMP MACRO fl_num(x) AS try_cast(CASE WHEN regexp_full_match(fl_digits(x), '[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?')
		THEN replace(fl_digits(x), ',', '') ELSE fl_digits(x) END AS DOUBLE)`
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
			return `CASE WHEN fl_num(${raw}) = round(fl_num(${raw})) AND abs(fl_num(${raw})) < 2e9 THEN CAST(fl_num(${raw}) AS INTEGER) END`;
		case 'enum': {
			const arms = Object.entries(t.words)
				.map(([canon, words]) => `WHEN lower(${raw}) IN (${words.map((w) => quote(w.toLowerCase())).join(', ')}) THEN ${quote(canon)}`)
				.join(' ');
			return `CASE ${arms} END`;
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
			return `not one of ${Object.values(t.words).map((w) => w.join('/')).join(', ')}`;
	}
}

/** The rule checks for one column: a list of SQL expressions yielding a reject struct or NULL. */
export function columnChecks(c: ColumnSpec, raw: string, parsed: string): string[] {
	const checks: string[] = [];
	const reject = (cond: string, rule: string) =>
		`CASE WHEN ${cond} THEN {'column_name': ${quote(c.name)}, 'value': ${raw}, 'rule': ${quote(rule)}} END`;
	if (c.required) checks.push(reject(`${raw} IS NULL`, 'required value is missing'));
	const t = c.type;
	if (t.kind !== 'text') checks.push(reject(`${raw} IS NOT NULL AND ${parsed} IS NULL`, typeRule(c)));
	if (t.kind === 'number' || t.kind === 'integer')
		checks.push(reject(`${parsed} < ${t.min}`, `must be ≥ ${t.min}`));
	if (t.kind === 'integer' && t.max !== undefined)
		checks.push(reject(`${parsed} > ${t.max}`, `must be ≤ ${t.max}`));
	if (t.kind === 'timestamp' || t.kind === 'date')
		checks.push(reject(`${parsed} > current_localtimestamp() + INTERVAL 1 DAY`, 'date is in the future'));
	return checks;
}

/**
 * SQL that turns the staging table (c0..cN VARCHAR) into typed rows plus the
 * list of rule violations of each row.
 * @param positions canonical column name → staging column index, for the columns the file has
 */
export function checkedTableSQL(table: TableSpec, positions: Map<string, number>): string {
	const cleaned = table.columns
		.filter((c) => positions.has(c.name))
		.map((c) => `fl_clean(c${positions.get(c.name)}) AS r_${c.name}`);
	const parsed: string[] = [];
	const checks: string[] = [];
	for (const c of table.columns) {
		if (!positions.has(c.name)) {
			parsed.push(`CAST(NULL AS ${sqlType(c.type)}) AS ${c.name}`);
			continue;
		}
		const raw = `r_${c.name}`;
		const expr = parsedExpr(c, raw);
		parsed.push(`${expr} AS ${c.name}`);
		checks.push(...columnChecks(c, raw, expr));
	}
	const errs = checks.length ? `list_filter([${checks.join(',\n  ')}], x -> x IS NOT NULL)` : '[]';
	return `CREATE TEMP TABLE checked AS
SELECT rec, ${parsed.join(', ')}, ${errs} AS errs
FROM (SELECT rowid AS rec, ${cleaned.join(', ')} FROM stage)`;
}
