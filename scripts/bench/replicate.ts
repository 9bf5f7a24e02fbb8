// A warehouse K times the size of a loaded one, by SQL alone: what loading the
// K-copies sample of scale-sample.ts would make, without the hours of a first
// load (100M tickets: ~3 h here). Copy k of every ticket, rework and parts row is
// the original with its keys renamed (copy-keys.ts). Every derived column of a
// ticket depends only on its own rework, its customer's installs, its unit's
// repairs and the shared roster, all renamed together — so copy k's facts are
// copy 0's facts renamed, written in created_at order (month by month) as the
// full build sorts them; each rollup row stands for K times its tickets (its
// groups hold no key); the filter values, the roster and the quality cases are
// the same. scripts/bench/check-replica.ts proves it against the product's full
// rebuild; tests/unit/bench-replica.test.ts against a load of the scaled files.
import { createReadStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { settings } from '../../src/lib/server/config';
import { MAINTAINED, maintained } from '../../src/lib/server/maintained-tables';
import { Warehouse } from '../../src/lib/server/warehouse';
import { TABLE_KEYS, checkCopies, copyKey, copySelect, quoteIdent } from './copy-keys';

// How each maintained table is copied is its replica rule in maintained-tables.ts (keys: per copy, renamed; counts:
// the groups' counts times K; shared: as it is; build: built from the replicated facts).
/** Tables copied as they are: the roster, the quality cases, and the maintained tables shared by every copy (the filter values). */
const SHARED = new Set([
	'technicians',
	'technicians_history',
	'cases',
	'case_events',
	'case_alarm_notices',
	...MAINTAINED.filter((m) => m.replica.kind === 'shared').map((m) => m.table)
]);
/** Maintained tables built from ticket_facts once the facts are in (an index of its keys), as the full build does. */
const BUILT_FROM_FACTS = MAINTAINED.filter((m) => m.replica.kind === 'build');
/** Ingests of these tables read K times the rows (the roster file is not copied). */
const SCALED_FILES = new Set(['tickets', 'rework', 'parts']);
/** A maintained table of groups holding no ticket key (the rollup tiers, the gap counts, the staffing jobs), whose counts are K times the original's. */
const isRollup = (t: string) => maintained(t)?.replica.kind === 'counts';

export interface ReplicaTable {
	table: string;
	rows: number;
	seconds: number;
}

export interface ReplicaResult {
	copies: number;
	tables: ReplicaTable[];
	seconds: number;
	bytes: number;
}

export interface ReplicaOptions {
	memoryLimit?: string;
	log?: (line: string) => void;
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function replicateWarehouse(src: string, dst: string, copies: number, opts: ReplicaOptions = {}): Promise<ReplicaResult> {
	checkCopies(copies);
	if (!existsSync(src)) throw new Error(`no warehouse at ${src}`);
	const log = opts.log ?? (() => undefined);
	const partial = `${dst}.partial`;
	for (const p of [partial, `${partial}.wal`]) rmSync(p, { force: true });
	const started = performance.now();
	// the schema of the code at hand, empty; then the source alongside, read only
	const wh = await Warehouse.open(partial, { memoryLimit: opts.memoryLimit });
	const tables: ReplicaTable[] = [];
	try {
		await wh.run(`ATTACH ${literal(src)} AS src (READ_ONLY)`);
		const version = async (db: string) =>
			(await wh.all<{ v: string }>(`SELECT value AS v FROM ${db}.meta WHERE key = 'schema_version'`))[0]?.v ?? null;
		const [had, made] = [await version('src'), await version('main')];
		if (had !== made)
			throw new Error(
				`${src} has schema ${had}, this code makes ${made}: open a copy of it with this code first (that rebuilds its derived tables), then replicate the copy`
			);
		const list = async (db: string) =>
			(
				await wh.all<{ t: string }>(
					`SELECT table_name AS t FROM duckdb_tables() WHERE database_name = $db AND schema_name = 'main' AND NOT temporary ORDER BY 1`,
					{ db }
				)
			).map((r) => r.t);
		const [srcTables, dstTables] = [await list('src'), await list(await currentDb(wh))];
		const extra = srcTables.filter((t) => !dstTables.includes(t));
		const unknown = extra.filter((t) => !BUILT_FROM_FACTS.some((m) => m.table === t));
		if (unknown.length) throw new Error(`${src} has tables this code does not make: ${unknown.join(', ')}`);
		for (const t of dstTables) {
			const t0 = performance.now();
			// built from the replicated facts below (a new warehouse may already hold it, empty)
			if (BUILT_FROM_FACTS.some((m) => m.table === t)) continue;
			if (!srcTables.includes(t)) {
				// a maintained table declared after the source was built (not the facts): built on the first open (maintainOnOpen)
				if (maintained(t)?.rebuild) {
					await wh.run(`DROP TABLE main.${quoteIdent(t)}`);
					log(`${t}: not in the source; built from the facts when this code first opens the replica`);
					continue;
				}
				throw new Error(`${src} has no table ${t}: open a copy of it with this code first`);
			}
			const rows = await fill(wh, t, copies, log);
			tables.push({ table: t, rows, seconds: (performance.now() - t0) / 1000 });
			log(`${t}: ${rows.toLocaleString('en-US')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
		}
		// built whether or not the source has them: a load of the K-copies files ends with them
		for (const { table: t, rebuild } of BUILT_FROM_FACTS) {
			const t0 = performance.now();
			await rebuild!(wh, settings());
			tables.push({ table: t, rows: await count(wh, t), seconds: (performance.now() - t0) / 1000 });
			log(
				`${t}: built from the replicated facts, ${tables.at(-1)!.rows.toLocaleString('en-US')} rows in ${tables.at(-1)!.seconds.toFixed(1)} s`
			);
		}
		await wh.run(`DETACH src`);
		await wh.run(`CHECKPOINT`);
	} catch (err) {
		wh.close();
		for (const p of [partial, `${partial}.wal`]) rmSync(p, { force: true });
		throw err;
	}
	wh.close();
	rmSync(dst, { force: true });
	rmSync(`${dst}.wal`, { force: true });
	renameSync(partial, dst);
	return { copies, tables, seconds: (performance.now() - started) / 1000, bytes: statSync(dst).size };
}

/** Lines after the header of a file that is still where it was loaded from (null when it is not). */
async function dataLines(path: string): Promise<number | null> {
	if (!existsSync(path)) return null;
	let n = 0;
	for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>)
		for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
	return n - 1;
}

async function currentDb(wh: Warehouse): Promise<string> {
	return (await wh.one<{ d: string }>(`SELECT current_database() AS d`)).d;
}

async function columns(wh: Warehouse, table: string): Promise<{ name: string; type: string }[]> {
	return wh.all<{ name: string; type: string }>(
		`SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE database_name = 'src' AND table_name = $t ORDER BY column_index`,
		{ t: table }
	);
}

async function count(wh: Warehouse, table: string, db = 'main'): Promise<number> {
	return (await wh.one<{ n: number }>(`SELECT count(*) AS n FROM ${db}.${quoteIdent(table)}`)).n;
}

/** Fills main.<table> from src.<table> for `copies` copies; returns its rows, checked against the source's. */
async function fill(wh: Warehouse, table: string, copies: number, log: (line: string) => void): Promise<number> {
	const cols = await columns(wh, table);
	const names = cols.map((c) => c.name);
	const into = `INSERT INTO main.${quoteIdent(table)} BY NAME`;
	const from = `FROM src.${quoteIdent(table)}`;
	const had = await count(wh, table, 'src');
	let expected: number;
	await wh.run(`DELETE FROM main.${quoteIdent(table)}`); // the empty schema's own rows (meta)
	if (table === 'ticket_facts') {
		// month by month, each month's copies sorted by created_at: the table ends up in created_at order
		const months = await wh.all<{ m: string }>(
			`SELECT DISTINCT strftime(date_trunc('month', created_at), '%Y-%m-%d') AS m ${from} ORDER BY m`
		);
		const select = copySelect(names, TABLE_KEYS[table], 'c.k', 'f');
		for (const [i, { m }] of months.entries()) {
			if (!/^\d{4}-\d{2}-\d{2}$/.test(m)) throw new Error(`not a month: ${m}`);
			await wh.run(`${into} SELECT ${select} FROM src.ticket_facts f CROSS JOIN range(${copies}) c(k)
				WHERE f.created_at >= TIMESTAMP '${m}' AND f.created_at < TIMESTAMP '${m}' + INTERVAL 1 MONTH ORDER BY f.created_at`);
			if (i % 6 === 5) log(`  ticket_facts: ${i + 1} of ${months.length} months`);
		}
		expected = had * copies;
	} else if (TABLE_KEYS[table]) {
		// copy after copy, each in the source's order (a file holding copy 0's rows, then copy 1's, …)
		for (let k = 0; k < copies; k++) await wh.run(`${into} SELECT ${copySelect(names, TABLE_KEYS[table], String(k))} ${from}`);
		expected = had * copies;
	} else if (isRollup(table)) {
		// its keys are ticket_facts columns (a BIGINT tenure_days among them) or the nr_days bucket; its counts are not
		// (and the gap counts' bucket and gap, whose sums are n and sum_us)
		const factsColumns = new Set([...(await columns(wh, 'ticket_facts')).map((c) => c.name), 'nr_days', 'bucket', 'gap']);
		const counts = cols.filter((c) => (c.type === 'BIGINT' || c.type === 'HUGEINT') && !factsColumns.has(c.name)).map((c) => c.name);
		if (!counts.includes('n')) throw new Error(`${table}: a rollup without a count column n — teach replicate.ts its counts`);
		const scaled = names.map((c) => (counts.includes(c) ? `${quoteIdent(c)} * ${copies} AS ${quoteIdent(c)}` : quoteIdent(c)));
		await wh.run(`${into} SELECT ${scaled.join(', ')} ${from}`);
		expected = had;
	} else if (table === 'ingests') {
		// one ingest per file, as before; a scaled file read K times the rows (its hash is a stand-in: the file is not written)
		const times = `CASE WHEN table_name IN (${[...SCALED_FILES].map(literal).join(', ')}) THEN ${copies} ELSE 1 END`;
		await wh.run(`${into} SELECT * REPLACE (rows_read * ${times} AS rows_read, rows_loaded * ${times} AS rows_loaded,
			rows_rejected * ${times} AS rows_rejected,
			CASE WHEN ${times} = 1 THEN sha256 ELSE sha256(sha256 || ':copies=${copies}') END AS sha256) ${from}`);
		expected = had;
	} else if (table === 'rejects') {
		// every copy's bad rows; line numbers as in scale-sample's file: copy 0's lines, then copy 1's, … (one header line)
		const isKey = Object.entries(TABLE_KEYS)
			.filter(([t]) => SCALED_FILES.has(t))
			.map(([t, keys]) => `(r.table_name = ${literal(t)} AND r.column_name IN (${keys.map(literal).join(', ')}))`)
			.join(' OR ');
		// a copy's lines: the source file's physical lines (a quoted value may span lines) when it is still there
		await wh.run(`CREATE OR REPLACE TEMP TABLE copy_lines (ingest_id INTEGER, lines BIGINT)`);
		for (const i of await wh.all<{ id: number; file: string; rows: number }>(
			`SELECT ingest_id AS id, file, rows_read AS rows FROM src.ingests`
		)) {
			const lines = (await dataLines(i.file)) ?? i.rows;
			if (lines !== i.rows) log(`  rejects: ${i.file} holds ${i.rows} records on ${lines} lines`);
			await wh.run(`INSERT INTO copy_lines VALUES ($id, $lines)`, { id: i.id, lines });
		}
		const shift = `c.k * l.lines`;
		const first = `'first on line (\\d+)'`;
		await wh.run(`${into} SELECT r.* REPLACE (
				CASE WHEN ${isKey} THEN ${copyKey('r.value', 'c.k')} ELSE r.value END AS value,
				r.line + ${shift} AS line,
				CASE WHEN regexp_matches(r.rule, ${first})
				     THEN regexp_replace(r.rule, ${first}, 'first on line ' || CAST(CAST(regexp_extract(r.rule, ${first}, 1) AS BIGINT) + ${shift} AS VARCHAR))
				     ELSE r.rule END AS rule)
			FROM src.rejects r JOIN copy_lines l USING (ingest_id)
			CROSS JOIN range(${copies}) c(k) WHERE c.k = 0 OR r.table_name IN (${[...SCALED_FILES].map(literal).join(', ')})`);
		expected = (
			await wh.one<{ n: number }>(
				`SELECT count(*) FILTER (WHERE table_name IN (${[...SCALED_FILES].map(literal).join(', ')})) * ${copies}
				      + count(*) FILTER (WHERE table_name IS NULL OR table_name NOT IN (${[...SCALED_FILES].map(literal).join(', ')})) AS n
				 FROM src.rejects`
			)
		).n;
	} else if (SHARED.has(table) || table === 'meta') {
		await wh.run(`${into} SELECT * ${from}`);
		expected = had;
	} else if (had === 0) {
		expected = 0;
	} else throw new Error(`${table}: replicate.ts does not know how copies of its rows are made (${had} rows in the source)`);
	const made = await count(wh, table);
	if (made !== expected) throw new Error(`${table}: ${made} rows made, ${expected} expected`);
	return made;
}
