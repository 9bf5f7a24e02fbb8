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
