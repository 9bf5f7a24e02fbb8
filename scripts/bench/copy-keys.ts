// How copy k of a sample made K times the size names its rows: copy 0 keeps every
// identifying key (so a file naming the original's tickets names copy 0's), copy
// k ≥ 1 puts `k#` before each (no key of the generator holds '#'). The copies then
// share no ticket, customer, unit or rework, only the roster (technician ids), the
// dates and the dimension values. One home for the CSV side (scale-sample.ts) and
// the warehouse side (replicate.ts), so a replicated warehouse is the load of the
// scaled files.
import { MAINTAINED } from '../../src/lib/server/maintained-tables';

/** Keys of each generated CSV file, by its header (parts.csv names its ticket 工单号). */
export const CSV_KEYS: Record<string, string[]> = {
	'tickets.csv': ['ticket_id', 'customer_id', 'serial_no'],
	'rework.csv': ['rework_id', 'original_ticket_id', 'rework_ticket_id'],
	'parts.csv': ['工单号']
};

const TICKET_KEYS = ['ticket_id', 'customer_id', 'serial_no'];
const REWORK_KEYS = ['rework_id', 'original_ticket_id', 'rework_ticket_id'];

/**
 * Keys of each warehouse table whose rows are per copy: the data tables and their history, and each maintained
 * table whose replica rule is 'keys' (maintained-tables.ts: the facts carry the tickets' columns; Nevada's repairs,
 * the warranty lines and the nowcast's delays follow their own ticket alone).
 */
export const TABLE_KEYS: Record<string, readonly string[]> = {
	tickets: TICKET_KEYS,
	tickets_history: TICKET_KEYS,
	rework: REWORK_KEYS,
	rework_history: REWORK_KEYS,
	parts: ['ticket_id'],
	parts_history: ['ticket_id'],
	...Object.fromEntries(MAINTAINED.flatMap((m) => (m.replica.kind === 'keys' ? [[m.table, m.replica.keys]] : [])))
};

/** The largest K: the copy number is written as text before '#'. */
export const MAX_COPIES = 99;

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** SQL: `expr` (a VARCHAR key, NULL stays NULL) as copy `copy` (an integer SQL expression) names it. */
export function copyKey(expr: string, copy: string): string {
	return `CASE WHEN ${copy} = 0 THEN ${expr} ELSE CAST(${copy} AS VARCHAR) || '#' || ${expr} END`;
}

/** SQL select list: every column of `columns`, the keys among them rewritten for copy `copy`. */
export function copySelect(columns: string[], keys: readonly string[], copy: string, alias = ''): string {
	const a = alias ? `${alias}.` : '';
	return columns.map((c) => (keys.includes(c) ? `${copyKey(a + quoteIdent(c), copy)} AS ${quoteIdent(c)}` : a + quoteIdent(c))).join(', ');
}

export function checkCopies(times: number): void {
	if (!Number.isInteger(times) || times < 1 || times > MAX_COPIES) throw new Error(`copies: a whole number 1–${MAX_COPIES}, not ${times}`);
}
