// Writing a table is most of what a first load costs, and most of a write is DuckDB choosing each column's
// compression: for every text column of every row group it tries a dictionary and FSST (a symbol table trained on
// the values) and keeps the smaller. For the columns whose kind of value is known the choice is known too, and
// naming it skips the trial (USING COMPRESSION, kept in the table's definition, so later inserts and checkpoints
// make the same choice): the ids are unique strings with a shared shape (FSST; a dictionary of a million unique
// ids is the trial that costs most), the others come from a small set (a dictionary). At 1M tickets, per column
// written: an id 0.8 → 0.3 s CPU, a column of few values 0.25–0.4 → 0.1–0.25 s; the stored size is the same, as the
// trial chooses the same. Every other column is left to DuckDB's trial.
import type { Params, SqlRunner } from './sql-runner';

/** Columns of the tickets (and of the tables made from them) whose compression is known from what they hold. */
export const COLUMN_COMPRESSION: Readonly<Record<string, 'fsst' | 'dictionary'>> = {
	ticket_id: 'fsst',
	customer_id: 'fsst',
	serial_no: 'fsst',
	type: 'dictionary',
	region: 'dictionary',
	city: 'dictionary',
	team: 'dictionary',
	team_type: 'dictionary',
	warranty: 'dictionary',
	product_model: 'dictionary',
	technician_id: 'dictionary',
	fault_component: 'dictionary'
};

/** A column definition with its compression when COLUMN_COMPRESSION names it (text columns only). */
export function columnDefinition(name: string, type: string): string {
	const c = type === 'VARCHAR' ? COLUMN_COMPRESSION[name] : undefined;
	return `"${name.replace(/"/g, '""')}" ${type}${c ? ` USING COMPRESSION ${c}` : ''}`;
}

/**
 * CREATE OR REPLACE TABLE `table` AS `select`, with the compression of the columns COLUMN_COMPRESSION names: the
 * same columns, types and rows (in the select's order) as the plain statement.
 */
export async function createTableAs(db: SqlRunner, table: string, select: string, params?: Params): Promise<void> {
	const columns = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE ${select}`, params);
	await db.run(`CREATE OR REPLACE TABLE ${table} (${columns.map((c) => columnDefinition(c.column_name, c.column_type)).join(', ')})`);
	await db.run(`INSERT INTO ${table} ${select}`, params);
}
