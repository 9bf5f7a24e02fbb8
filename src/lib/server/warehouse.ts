// The warehouse: one DuckDB file, its schema, and the few ways the rest of the
// code talks to it (parameterised statements only).
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TABLES, sqlType, type TableName } from '../contract';
import { CASES_DDL } from './cases/schema';
import { readEnv } from './config';
import { addMissingRegionCities, rebuildDerived } from './facts';
import { bumpDataVersion, maintainOnOpen, stampCovers } from './maintained-tables';
import type { Params, Row, SqlRunner } from './sql-runner';

export const DEFAULT_DB = 'data/warehouse.duckdb';

/** The half-made files of creations whose process has died (killed before linking its file into place). */
function removeAbandoned(dir: string, prefix: string): void {
	for (const name of readdirSync(dir)) {
		const pid = name.startsWith(prefix) ? Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]) : NaN;
		if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
		rmSync(join(dir, name), { recursive: true, force: true });
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}
export const SCHEMA_VERSION = 2;
export const DATA_TABLES: TableName[] = ['tickets', 'rework', 'parts', 'technicians'];

export type { Params, Row } from './sql-runner';

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

/** The columns a data table and its history share, in one order. */
export function rowColumns(name: TableName): string[] {
	return [...TABLES[name].columns.map((c) => c.name), 'ingest_id'];
}

/** Earlier versions of rows an ingest replaced (replaced_by = that ingest), so it can be undone. */
export function historyDDL(name: TableName): string {
	const cols = TABLES[name].columns.map((c) => `${c.name} ${sqlType(c.type)}`);
	return `CREATE TABLE IF NOT EXISTS ${name}_history (${[...cols, 'ingest_id INTEGER', 'replaced_by INTEGER NOT NULL'].join(', ')})`;
}

const SCHEMA = [
	...DATA_TABLES.map(tableDDL),
	...DATA_TABLES.map(historyDDL),
	`CREATE TABLE IF NOT EXISTS ingests (
		ingest_id INTEGER NOT NULL, file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, table_name VARCHAR,
		encoding VARCHAR, loaded_at TIMESTAMP NOT NULL, rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT,
		error VARCHAR)`,
	`CREATE TABLE IF NOT EXISTS rejects (
		ingest_id INTEGER NOT NULL, file VARCHAR NOT NULL, table_name VARCHAR, line BIGINT,
		column_name VARCHAR, value VARCHAR, rule VARCHAR NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
	// quality cases (src/lib/server/cases): untouched by ingest and undo
	...CASES_DDL,
	// added in schema 2: the latest row date a file held (to tell an older export), and undo
	`ALTER TABLE ingests ADD COLUMN IF NOT EXISTS data_until TIMESTAMP`,
	`ALTER TABLE ingests ADD COLUMN IF NOT EXISTS undone_at TIMESTAMP`,
	// a column the contract gained since the warehouse was made (e.g. technicians.leave_date)
	...DATA_TABLES.flatMap((t) =>
		TABLES[t].columns.flatMap((c) => [
			`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS ${c.name} ${sqlType(c.type)}`,
			`ALTER TABLE ${t}_history ADD COLUMN IF NOT EXISTS ${c.name} ${sqlType(c.type)}`
		])
	)
];

/** Changes whenever the schema above does (a new contract column, say), so an older warehouse is brought up to it on open. */
const SCHEMA_SIGNATURE = `${SCHEMA_VERSION}:${createHash('sha256').update(SCHEMA.join(';')).digest('hex').slice(0, 12)}`;

export class Warehouse implements SqlRunner {
	private constructor(
		readonly path: string,
		/** shared by the forks (meta-memo.ts knows a data version per instance) */
		readonly instance: DuckDBInstance,
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
		if (path !== ':memory:' && !opts.readOnly && !existsSync(path)) await Warehouse.create(path, opts.memoryLimit);
		return Warehouse.openFile(path, opts);
	}

	private static async openFile(path: string, opts: { readOnly?: boolean; memoryLimit?: string }): Promise<Warehouse> {
		const config: Record<string, string> = {};
		if (opts.readOnly) config.access_mode = 'READ_ONLY';
		if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
		const instance = await DuckDBInstance.create(path, config);
		const conn = await instance.connect();
		const wh = new Warehouse(path, instance, conn);
		if (!opts.readOnly) await wh.ensureSchema();
		return wh;
	}

	/**
	 * A new warehouse is made under a name of its own and linked into place once its schema is committed and
	 * closed: a process killed while DuckDB writes a new file's first blocks would otherwise leave a file at
	 * `path` that no later open can read. link (not rename) so that a file another process made meanwhile wins.
	 */
	private static async create(path: string, memoryLimit?: string): Promise<void> {
		const prefix = `.${basename(path)}.making-`;
		const making = join(dirname(path), `${prefix}${process.pid}-${Date.now()}`);
		removeAbandoned(dirname(path), prefix);
		try {
			(await Warehouse.openFile(making, { memoryLimit })).close();
			try {
				linkSync(making, path);
			} catch (e) {
				const code = (e as NodeJS.ErrnoException).code;
				// a file system without hard links: rename, which is atomic too but replaces a file made meanwhile
				if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
					if (!existsSync(path)) renameSync(making, path);
				} else if (code !== 'EEXIST') throw e;
			}
		} finally {
			rmSync(making, { force: true });
			rmSync(`${making}.wal`, { force: true });
		}
	}

	private async ensureSchema(): Promise<void> {
		// an up-to-date warehouse is left untouched (opening it writes nothing)
		const current = await this.all<{ v: string }>(`SELECT value AS v FROM meta WHERE key = 'schema_version'`).catch(() => []);
		if (current.length && current[0].v === SCHEMA_SIGNATURE) {
			await this.transaction(async () => {
				await addMissingRegionCities(this);
				// each maintained table missing, of another definition, or stale (maintained-tables.ts) is built again
				await maintainOnOpen(this);
			});
			return;
		}
		await this.transaction(async () => {
			for (const ddl of SCHEMA) await this.conn.run(ddl);
			// ticket_facts carries every ticket column: a changed schema rebuilds it
			await rebuildDerived(this);
			await stampCovers(this);
			await this.conn.run(`INSERT INTO meta VALUES ('schema_version', $v) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, {
				v: SCHEMA_SIGNATURE
			});
		});
	}

	/** Counts committed changes to the data; readers key their caches on it. */
	async dataVersion(): Promise<number> {
		const rows = await this.all<{ v: string }>(`SELECT value AS v FROM meta WHERE key = 'data_version'`);
		return rows.length ? Number(rows[0].v) : 0;
	}

	/** Call inside the transaction that changes the data, after refreshDerived: the maintained tables are stamped as covering it. */
	async bumpDataVersion(): Promise<void> {
		await bumpDataVersion(this);
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

	/** The process holding DuckDB's lock on the file, when opening failed because of it. */
	static lockHolder(err: unknown): { pid: number | null } | null {
		const msg = err instanceof Error ? err.message : String(err);
		if (!/Could not set lock on file|Conflicting lock is held/i.test(msg)) return null;
		const pid = /PID (\d+)/.exec(msg);
		return { pid: pid ? Number(pid[1]) : null };
	}

	/** Set by the ingest command: with FIELDLOOP_TRACE=1, close() prints its time as the ingest's last phase. */
	traceClose = false;

	close(): void {
		const t0 = performance.now();
		this.conn.closeSync();
		if (!this.ownsInstance) return;
		// closing the instance writes the WAL into the file (the checkpoint): the last phase of an ingest
		this.instance.closeSync();
		if (this.traceClose && readEnv().trace)
			process.stderr.write(`[ingest] close (checkpoint): ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
	}
}
