// The warehouse: one DuckDB file, its schema, and the few ways the rest of the
// code talks to it (parameterised statements only).
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TABLES, sqlType, type TableName } from '../contract';
import { FACTS_SQL } from './facts';

export const DEFAULT_DB = 'data/warehouse.duckdb';
export const SCHEMA_VERSION = 1;

export type Params = Record<string, DuckDBValue> | DuckDBValue[];
export type Row = Record<string, unknown>;

const NUMERIC_TYPES = new Set<number>([
	DuckDBTypeId.TINYINT,
	DuckDBTypeId.SMALLINT,
	DuckDBTypeId.INTEGER,
	DuckDBTypeId.BIGINT,
	DuckDBTypeId.HUGEINT,
	DuckDBTypeId.UTINYINT,
	DuckDBTypeId.USMALLINT,
	DuckDBTypeId.UINTEGER,
	DuckDBTypeId.UBIGINT,
	DuckDBTypeId.UHUGEINT,
	DuckDBTypeId.DECIMAL
]);

export function tableDDL(name: TableName): string {
	const cols = TABLES[name].columns.map((c) => `${c.name} ${sqlType(c.type)}${c.required ? ' NOT NULL' : ''}`);
	return `CREATE TABLE IF NOT EXISTS ${name} (${[...cols, 'ingest_id INTEGER'].join(', ')})`;
}

const SCHEMA = [
	...(['tickets', 'rework', 'parts', 'technicians'] as TableName[]).map(tableDDL),
	`CREATE TABLE IF NOT EXISTS ingests (
		ingest_id INTEGER NOT NULL, file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, table_name VARCHAR,
		encoding VARCHAR, loaded_at TIMESTAMP NOT NULL, rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT,
		error VARCHAR)`,
	`CREATE TABLE IF NOT EXISTS rejects (
		ingest_id INTEGER NOT NULL, file VARCHAR NOT NULL, table_name VARCHAR, line BIGINT,
		column_name VARCHAR, value VARCHAR, rule VARCHAR NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)`
];

export class Warehouse {
	private constructor(
		readonly path: string,
		private readonly instance: DuckDBInstance,
		readonly conn: DuckDBConnection,
		private readonly ownsInstance = true
	) {}

	/** Another connection to the same database, for running queries side by side. */
	async fork(): Promise<Warehouse> {
		return new Warehouse(this.path, this.instance, await this.instance.connect(), false);
	}

	/** Runs work on a connection of its own (a connection runs one query at a time), so several can run at once. */
	async aside<T>(work: (conn: Warehouse) => Promise<T>): Promise<T> {
		const conn = await this.fork();
		try {
			return await work(conn);
		} finally {
			conn.close();
		}
	}

	static async open(path = DEFAULT_DB, opts: { readOnly?: boolean; memoryLimit?: string } = {}): Promise<Warehouse> {
		if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
		const config: Record<string, string> = {};
		if (opts.readOnly) config.access_mode = 'READ_ONLY';
		if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
		const instance = await DuckDBInstance.create(path, config);
		const conn = await instance.connect();
		const wh = new Warehouse(path, instance, conn);
		if (!opts.readOnly) await wh.ensureSchema();
		return wh;
	}

	private async ensureSchema(): Promise<void> {
		for (const ddl of SCHEMA) await this.conn.run(ddl);
		const facts = await this.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'filter_options' AND NOT temporary`);
		if (facts.length === 0) for (const sql of FACTS_SQL) await this.run(sql);
		await this.conn.run(`INSERT INTO meta VALUES ('schema_version', $v) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, {
			v: String(SCHEMA_VERSION)
		});
	}

	async run(sql: string, params?: Params): Promise<void> {
		await this.conn.run(sql, params as never);
	}

	/** Rows as plain objects: integers and decimals as numbers, dates and timestamps as ISO-like strings. */
	async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
		const reader = await this.conn.runAndReadAll(sql, params as never);
		const numeric = reader
			.columnTypes()
			.map((t, i) => (NUMERIC_TYPES.has(t.typeId) ? reader.columnNames()[i] : null))
			.filter((n): n is string => n !== null);
		const rows = reader.getRowObjectsJson() as Row[];
		if (numeric.length) for (const r of rows) for (const n of numeric) if (r[n] !== null && r[n] !== undefined) r[n] = Number(r[n]);
		return rows as T[];
	}

	async one<T = Row>(sql: string, params?: Params): Promise<T> {
		const rows = await this.all<T>(sql, params);
		if (rows.length === 0) throw new Error('query returned no row');
		return rows[0];
	}

	async transaction<T>(work: () => Promise<T>): Promise<T> {
		await this.conn.run('BEGIN TRANSACTION');
		try {
			const result = await work();
			await this.conn.run('COMMIT');
			return result;
		} catch (err) {
			await this.conn.run('ROLLBACK').catch(() => undefined);
			throw err;
		}
	}

	close(): void {
		this.conn.closeSync();
		if (this.ownsInstance) this.instance.closeSync();
	}
}
