// Typed reads: a column whose sampled values all use one plain spelling (a
// plain decimal, an ISO date or time) is read by read_csv with its type, so the
// row rules need not rewrite and cast its text. read_csv uses the same casts as
// the rules (validate.sql.ts), so every value it takes is the value the text
// path would have stored; a value it cannot take is a CAST error in its rejects,
// and then the load reads the whole file again as text (load.ts), so what is
// stored and rejected never depends on the sample.
//
// A rejected row names its value as the file spells it; for a typed column that
// text is gone, so it is written back from the value in the spelling the
// sample showed (2.5, -5, 2026-07-01 14:30), which is the file's own unless a
// row past the sample spells its value otherwise (05, 1e3).
import type { ColumnSpec } from '../../contract';

export interface Spelling {
	/** the type read_csv reads the column as */
	type: 'DOUBLE' | 'TIMESTAMP';
	/** SQL turning a value of that type (`v`) back into the sampled spelling */
	text: (v: string) => string;
}

/** rows read to judge each column's spelling */
export const SAMPLE_ROWS = 20_000;

// up to 15 significant digits, no needless zeros or sign: exactly what DuckDB prints for the value
const PLAIN_NUMBER = '0|-?[1-9][0-9]{0,10}(\\.[0-9]{0,3}[1-9])?|-?0\\.[0-9]{0,3}[1-9]';
const numberText = (v: string) =>
	`CASE WHEN isfinite(${v}) AND ${v} = trunc(${v}) AND abs(${v}) < 1e15 THEN CAST(CAST(${v} AS BIGINT) AS VARCHAR) ELSE CAST(${v} AS VARCHAR) END`;

const ISO: [pattern: string, format: string][] = [
	['[0-9]{4}-[0-9]{2}-[0-9]{2}', '%Y-%m-%d'],
	['[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}', '%Y-%m-%d %H:%M'],
	['[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}', '%Y-%m-%d %H:%M:%S']
];

/** The plain spellings a column of this kind may be read by, each with the regular expression its values must match. */
export function candidates(c: ColumnSpec): [pattern: string, Spelling][] {
	switch (c.type.kind) {
		case 'number':
		case 'integer':
			return [[PLAIN_NUMBER, { type: 'DOUBLE', text: numberText }]];
		case 'timestamp':
		case 'date':
			return ISO.map(([p, f]) => [p, { type: 'TIMESTAMP', text: (v) => `strftime(${v}, '${f}')` }]);
		default:
			return [];
	}
}

/**
 * SQL over the sample (columns c0..cN as text) giving, for each candidate spelling of each column, whether
 * every sampled value has it: one row, a boolean column per candidate (`<column>__<index>`).
 * A column with no value in the sample is read as text.
 */
export function sampleSQL(columns: { spec: ColumnSpec; position: number }[], sample: string): string | null {
	const tests = columns.flatMap(({ spec, position }) =>
		candidates(spec).map(
			([pattern], i) =>
				`count(c${position}) > 0 AND bool_and(c${position} IS NULL OR regexp_full_match(c${position}, '${pattern}')) AS "${spec.name}__${i}"`
		)
	);
	return tests.length ? `SELECT ${tests.join(', ')} FROM ${sample}` : null;
}

/** The spelling each column's sample showed, from the row sampleSQL gave. */
export function spellingsFrom(columns: { spec: ColumnSpec }[], row: Record<string, unknown>): Map<string, Spelling> {
	const out = new Map<string, Spelling>();
	for (const { spec } of columns) {
		const i = candidates(spec).findIndex((_, k) => row[`${spec.name}__${k}`] === true);
		if (i >= 0) out.set(spec.name, candidates(spec)[i][1]);
	}
	return out;
}
