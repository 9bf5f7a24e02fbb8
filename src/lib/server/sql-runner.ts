// The few calls SQL builders need from a connection, so modules that only run
// statements do not import the warehouse class (and the warehouse can import them).
import type { DuckDBValue } from '@duckdb/node-api';

export type Params = Record<string, DuckDBValue> | DuckDBValue[];
export type Row = Record<string, unknown>;

export interface SqlRunner {
	run(sql: string, params?: Params): Promise<void>;
	all<T = Row>(sql: string, params?: Params): Promise<T[]>;
	one<T = Row>(sql: string, params?: Params): Promise<T>;
}

/**
 * Drops scratch tables after a step, on success and on failure. After a failed
 * statement the transaction is aborted: the DROP cannot run there, and its error
 * must not replace the one that matters (the rollback discards the tables anyway).
 */
export async function dropTemp(db: SqlRunner, ...tables: string[]): Promise<void> {
	for (const t of tables) await db.run(`DROP TABLE IF EXISTS temp.${t}`).catch(() => undefined);
}

const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

/**
 * A timestamp read back from the database (strftime '%Y-%m-%d %H:%M:%S', with or without '.%f') as a TIMESTAMP
 * constant to write into SQL, where a scan can use it against zone maps (a parameter it cannot): checked first, so
 * nothing but digits and separators is ever spliced into a statement.
 */
export function timestampLiteral(v: string | null | undefined): string {
	if (typeof v !== 'string' || !TIMESTAMP_TEXT.test(v)) throw new Error(`not a timestamp: ${String(v).slice(0, 40)}`);
	return `TIMESTAMP '${v}'`;
}
