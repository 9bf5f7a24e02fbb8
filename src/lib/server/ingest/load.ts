// Loads one planned file in one transaction: read with DuckDB's CSV reader into
// a staging table, check every rule in SQL, keep the rejects with their line,
// merge the good rows into the warehouse and bring the derived tables up to date
// in the same transaction. An error or a crash before COMMIT leaves the
// warehouse as it was.
import { rmSync, symlinkSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { TableName } from '../../contract';
import { beginTouch, recordTouch, refreshDerived, touchAll } from '../facts';
import { touchAllParts } from '../fault-facts';
import { readEnv } from '../config';
import { rowColumns, type Warehouse } from '../warehouse';
import { COLUMN_COMPRESSION, columnDefinition } from '../stored-table';
import { locateLines } from './lines';
import { tempCsvPath } from './temp';
import type { FilePlan } from './plan';
import { FileRejected, type Encoding } from './sniff';
import { LONG_RECORD_SUSPECT, cutLongRecords, markLongRecords } from './long-records';
import { normalizeLineEnds, scanFile, transcodeGbk } from './transcode';
import { makePipe, readWhileFeeding } from './pipe';
import { MACROS, checkedSelectSQL, rejectReasonsSQL, type TypedColumns } from './validate.sql';
import { SAMPLE_ROWS, sampleSQL, spellingsFrom } from './typed';

export interface RejectRow {
	line: number | null;
	column: string | null;
	value: string | null;
	rule: string;
}

export interface FileResult {
	file: string;
	table: TableName | null;
	encoding?: Encoding;
	rows_read: number;
	rows_loaded: number;
	rows_rejected: number;
	rows_inserted: number;
	rows_updated: number;
	rows_unchanged: number;
	ignored_columns: string[];
	error?: string;
	rejects: RejectRow[];
	rejects_truncated?: boolean;
	/** a few decoded non-ASCII values, so a wrong encoding guess shows */
	samples?: string[];
	/** whether the encoding was given (--encoding, X-Encoding), found from a BOM, or judged from the bytes */
	encoding_source?: 'bom' | 'given' | 'detected';
	/** the ingest this file's rows were recorded under (npm run ingest -- --undo ID) */
	ingest_id?: number;
	/** rows this file changed whose stored values came from an export holding later data */
	older_export?: OlderExport;
	/** how ticket_facts and filter_options followed: only the touched tickets, all of them, or nothing to do */
	derived?: 'none' | 'incremental' | 'full';
}

export interface OlderExport {
	rows: number;
	/** the latest row date in this file */
	file_data_until: string | null;
	/** the newer export whose values it overwrote, and its latest row date */
	newer_file: string;
	newer_data_until: string;
}

/** The column whose latest value dates an export of each table (docs/DATA.md). */
const DATED_BY: Record<TableName, string | null> = {
	tickets: 'created_at',
	rework: 'rework_date',
	technicians: 'hire_date',
	parts: null
};

export interface LoadOptions {
	/** called while DuckDB reads the file: fraction done 0..1 */
	onProgress?: (fraction: number) => void;
	/** stop after this phase without committing (crash tests) */
	pauseAt?: (phase: 'staged' | 'checked' | 'merged') => Promise<void>;
	maxRejectsReported?: number;
	/** false: read every column as text, never typed (the path a typed read falls back to; tests compare both) */
	typedReads?: boolean;
	/** called once the file is staged, with the columns read_csv read typed (none when it fell back to text) */
	onStaged?: (typed: string[]) => void;
}

const MAX_VALUE_CHARS = 200;

/** FIELDLOOP_TRACE=1 prints each phase's time to stderr (for profiling an ingest). */
const trace = readEnv().trace
	? (() => {
			let last = performance.now();
			let cpu = process.cpuUsage();
			return (phase: string) => {
				const now = performance.now();
				const used = process.cpuUsage(cpu);
				// the CPU time (DuckDB's threads included) on a line of its own: the bench reads the wall times above
				process.stderr.write(
					`[ingest] ${phase}: ${((now - last) / 1000).toFixed(2)} s\n[ingest cpu] ${phase}: ${((used.user + used.system) / 1e6).toFixed(2)} s\n`
				);
				last = now;
				cpu = process.cpuUsage();
			};
		})()
	: () => undefined;

/**
 * Where DuckDB reads the file's UTF-8 text: `path`, a file (the file itself or a UTF-8 copy), or a named pipe
 * that the GBK file `gbk` is transcoded into while DuckDB reads it, anew for each read.
 */
interface ReadSource {
	path: string;
	gbk?: string;
	/** the GBK file's line ends are mixed: each CRLF goes into the pipe as LF */
	lf?: boolean;
}

export async function loadFile(wh: Warehouse, plan: FilePlan, opts: LoadOptions = {}): Promise<FileResult> {
	// scratch files: a UTF-8 copy DuckDB reads in place of the file, or the pipe it reads instead
	let utf8Path: string | null = null;
	let pipe: string | null = null;
	// an .xlsx file is read from the CSV its sheet was written to (xlsx.ts); rows and rejects still name the .xlsx
	const readPath = plan.source?.csv ?? plan.path;
	try {
		trace('start');
		const first = await scanFile(readPath, plan.sniffed.encoding, plan.sniffed.delimiter);
		const { sha256, validUtf8, mixedLineEnds } = first;
		plan.longestRecord = first.longestRecord;
		plan.rowLines = first.rowLines;
		if (!validUtf8 && plan.sniffed.encoding === 'utf-8' && !plan.sniffed.sawUtf8Text && plan.sniffed.encodingSource === 'detected') {
			// Chinese text only past the sniffed first MiB, and not UTF-8: it is GBK after all.
			// (After UTF-8 Chinese text, a bad byte is corruption: DuckDB rejects that row alone.
			// An encoding the user gave is kept: then DuckDB rejects the rows that are not UTF-8.)
			plan.sniffed.encoding = 'gb18030';
		}
		// GBK is transcoded as DuckDB reads it (its line ends made uniform on the way); into a copy where records too
		// long for DuckDB are cut out of it first
		const gbk = plan.sniffed.encoding === 'gb18030';
		if (gbk && (first.longestRecord > LONG_RECORD_SUSPECT || !(pipe = makePipe(wh.path)))) {
			utf8Path = tempCsvPath(wh.path);
			await transcodeGbk(readPath, utf8Path);
		}
		if (mixedLineEnds && !pipe) {
			// DuckDB's reader takes one kind of line end per file: make them all LF
			const lf = tempCsvPath(wh.path);
			await normalizeLineEnds(utf8Path ?? readPath, lf);
			if (utf8Path) rmSync(utf8Path, { force: true });
			utf8Path = lf;
		} else if (!utf8Path && !pipe && /[[\]*?{}]/.test(readPath)) {
			// DuckDB reads a path with [ ] * ? { } as a pattern of file names: read it through a plain name
			utf8Path = tempCsvPath(wh.path);
			symlinkSync(resolve(readPath), utf8Path);
		}
		trace('hash/transcode');
		for (const m of MACROS) await wh.run(m);
		// Staging and checking use temp tables only, outside the transaction, so
		// staging row ids are plain 0..n-1 in file order.
		const src: ReadSource = pipe ? { path: pipe, gbk: readPath, lf: mixedLineEnds } : { path: utf8Path ?? readPath };
		// the file is read and its row rules checked in one pass (temp.checked)
		const typed = await stageFile(wh, plan, src, opts);
		trace('stage and check rules (read_csv)');
		await opts.pauseAt?.('staged');
		await collectRejects(wh, plan, typed);
		trace('reasons, duplicates and references');
		await opts.pauseAt?.('checked');
		return await wh.transaction(() => mergeInTransaction(wh, plan, sha256, opts));
	} finally {
		for (const f of [utf8Path, pipe]) if (f) rmSync(f, { force: true });
		for (const v of ['incoming', 'checked']) await wh.run(`DROP VIEW IF EXISTS temp.${v}`).catch(() => undefined);
		for (const t of [
			'checked_rows',
			'stage_rejects',
			'stage_scan',
			'bad',
			'all_rejects',
			'merged',
			'existing',
			'existing_rid',
			'changed',
			'stored_parts',
			'rec_line',
			'touch'
		])
			await wh.run(`DROP TABLE IF EXISTS temp.${t}`).catch(() => undefined);
	}
}

async function mergeInTransaction(wh: Warehouse, plan: FilePlan, sha256: string, opts: LoadOptions): Promise<FileResult> {
	const table = plan.table;
	const name = table.name;
	const file = plan.path;
	const { ingest_id } = await wh.one<{ ingest_id: number }>(
		`SELECT CAST(coalesce(max(ingest_id), 0) + 1 AS INTEGER) AS ingest_id FROM ingests`
	);

	const counts = await wh.one<{ staged: number; csv_bad: number; bad: number }>(
		`SELECT (SELECT count(*) FROM checked) AS staged,
		        (SELECT count(DISTINCT line) FROM stage_rejects) AS csv_bad,
		        (SELECT count(*) FROM bad) AS bad`
	);
	if (counts.csv_bad + counts.bad > 0) await resolveLines(wh, plan.source?.csv ?? plan.path, plan.source?.lineOf, plan.rowLines);
	trace('line numbers');
	const rejects = await storeRejects(wh, plan, ingest_id, sha256, opts.maxRejectsReported ?? 10_000);
	trace('store rejects');

	// every rejected row is flagged bad by now (collectRejects)
	await wh.run(`CREATE TEMP VIEW incoming AS SELECT * EXCLUDE (bad, bad_raw) FROM checked_rows WHERE NOT bad`);
	const datedBy = DATED_BY[name];
	const dataUntil = datedBy
		? (await wh.one<{ d: string | null }>(`SELECT strftime(max(${datedBy}), '%Y-%m-%d %H:%M:%S') AS d FROM incoming`)).d
		: null;
	await beginTouch(wh);
	const merged = name === 'parts' ? await mergeParts(wh, ingest_id) : await mergeKeyed(wh, name, table.key[0], ingest_id, dataUntil);
	trace('merge');
	// the derived tables and the data version change in the same transaction as the rows
	const derived = await refreshDerived(wh);
	if (merged.rows_inserted + merged.rows_updated > 0) await wh.bumpDataVersion();
	trace('facts');
	await opts.pauseAt?.('merged');

	const rowsRead = counts.staged + counts.csv_bad;
	const rowsRejected = counts.bad + counts.csv_bad;
	await wh.run(
		`INSERT INTO ingests (ingest_id, file, sha256, table_name, encoding, loaded_at, rows_read, rows_loaded, rows_rejected, error, data_until)
		 VALUES ($id, $file, $sha, $table, $enc, current_localtimestamp(), $read, $loaded, $rejected, NULL, CAST($until AS TIMESTAMP))`,
		{
			until: dataUntil,
			id: ingest_id,
			file,
			sha: sha256,
			table: name,
			enc: plan.sniffed.encoding,
			read: rowsRead,
			loaded: counts.staged - counts.bad,
			rejected: rowsRejected
		}
	);
	return {
		file,
		table: name,
		encoding: plan.sniffed.encoding,
		rows_read: rowsRead,
		rows_loaded: counts.staged - counts.bad,
		rows_rejected: rowsRejected,
		...merged,
		samples: plan.sniffed.samples,
		encoding_source: plan.sniffed.encodingSource,
		ingest_id,
		derived,
		ignored_columns: plan.ignored,
		rejects: rejects.rows,
		...(rejects.truncated ? { rejects_truncated: true } : {})
	};
}

/**
 * Reads the file and checks its row rules in one pass into temp.checked (rec: the record's place among those
 * read, the table's columns, bad, bad_raw: validate.sql.ts), and its malformed records into temp.stage_rejects.
 * Columns whose sampled values all have one plain spelling are read typed (typed.ts); if read_csv then rejects
 * any value as not of that type, the whole file is read again as text, so that the row rules judge it as always.
 * @returns the columns read typed
 */
async function stageFile(wh: Warehouse, plan: FilePlan, src: ReadSource, opts: LoadOptions): Promise<TypedColumns> {
	// a pipe has no size to measure DuckDB's progress by: the bytes transcoded into it say how far it is
	let fed = -1;
	const poll = opts.onProgress
		? setInterval(() => {
				const p = src.gbk ? (fed >= 0 ? (100 * fed) / plan.sniffed.bytes : -1) : wh.conn.progress.percentage;
				if (p >= 0) opts.onProgress!(Math.min(p, 100) / 100);
			}, 200)
		: null;
	// records over the reader's limit are cut out first: past its buffer DuckDB misreads them (long-records.ts)
	const cutPath = !src.gbk && (plan.longestRecord ?? Infinity) > LONG_RECORD_SUSPECT ? tempCsvPath(wh.path) : null;
	try {
		const long = cutPath ? await cutLongRecords(src.path, plan.sniffed.delimiter, cutPath) : [];
		if (long.length) src = { path: cutPath! };
		let typed = opts.typedReads === false ? new Map() : await sampleSpellings(wh, plan, src);
		const read = (columns: TypedColumns) => {
			const run = () => readStage(wh, plan, src.path, columns);
			return src.gbk
				? readWhileFeeding(src.path, () => transcodeGbk(src.gbk!, src.path, { lf: src.lf, onBytes: (n) => (fed = n) }), run)
				: run();
		};
		await read(typed);
		if (typed.size > 0) {
			const { cast } = await wh.one<{ cast: number }>(`SELECT count(*) AS cast FROM stage_rejects WHERE error_type = 'CAST'`);
			if (cast > 0) {
				trace('stage, typed (a value not of its type: read again as text)');
				await wh.run(`DROP VIEW temp.checked`);
				for (const t of ['checked_rows', 'stage_rejects', 'stage_scan']) await wh.run(`DROP TABLE temp.${t}`);
				typed = new Map();
				await read(typed);
			}
		}
		await markLongRecords(wh, 'stage_rejects', long);
		opts.onStaged?.([...typed.keys()]);
		return typed;
	} finally {
		if (poll) clearInterval(poll);
		if (cutPath) rmSync(cutPath, { force: true });
	}
}

/** The reader's options for the file, after `columns`: the same for the sample and the staging read. */
const READ_OPTIONS = `header = false, skip = 1, delim = $delim, quote = '"', escape = '"', auto_detect = false, null_padding = false,
	max_line_size = 16777216, buffer_size = 33554432`;

function columnTypes(plan: FilePlan, typed: TypedColumns): string {
	const typeAt = new Map([...typed].map(([name, s]) => [plan.positions.get(name), s.type]));
	return plan.sniffed.headers.map((_, i) => `'c${i}': '${typeAt.get(i) ?? 'VARCHAR'}'`).join(', ');
}

async function readStage(wh: Warehouse, plan: FilePlan, path: string, typed: TypedColumns): Promise<void> {
	const source = `read_csv($path, columns = {${columnTypes(plan, typed)}}, ${READ_OPTIONS},
			store_rejects = true, rejects_table = 'stage_rejects', rejects_scan = 'stage_scan')`;
	// the rows keep the file's order (insertion order is preserved), so a row id is the record's place
	await wh.run(
		`CREATE TEMP TABLE checked_rows AS ${checkedSelectSQL(plan.table, plan.positions, typed, source, plan.sniffed.headers.length)}`,
		{ path, delim: plan.sniffed.delimiter }
	);
	await wh.run(`CREATE OR REPLACE TEMP VIEW checked AS SELECT rowid AS rec, * FROM checked_rows`);
}

/** bytes of a GBK file transcoded for the sample (it reads the first SAMPLE_ROWS rows) */
const SAMPLE_BYTES = 8 << 20;

/** The spelling of each number and date column in the file's first rows (typed.ts); none if they cannot be read. */
async function sampleSpellings(wh: Warehouse, plan: FilePlan, src: ReadSource): Promise<TypedColumns> {
	const columns = plan.table.columns
		.filter((c) => plan.positions.has(c.name))
		.map((spec) => ({ spec, position: plan.positions.get(spec.name)! }));
	const sample = `(SELECT * FROM read_csv($path, columns = {${columnTypes(plan, new Map())}}, ${READ_OPTIONS}, ignore_errors = true) LIMIT ${SAMPLE_ROWS})`;
	const sql = sampleSQL(columns, sample);
	if (!sql) return new Map();
	// a pipe is read once: the sample of a GBK file reads its first lines, transcoded into a file of their own
	const head = src.gbk ? tempCsvPath(wh.path) : null;
	try {
		if (head) await transcodeGbk(src.gbk!, head, { headBytes: SAMPLE_BYTES, lf: src.lf });
		return spellingsFrom(columns, await wh.one<Record<string, unknown>>(sql, { path: head ?? src.path, delim: plan.sniffed.delimiter }));
	} catch {
		return new Map();
	} finally {
		if (head) rmSync(head, { force: true });
	}
}

/** Every rejected staging row with its reasons: rule violations, in-file duplicates, dangling ticket references. */
async function collectRejects(wh: Warehouse, plan: FilePlan, typed: TypedColumns): Promise<void> {
	const table = plan.table;
	const parts = [
		`SELECT rec, column_name, value, rule, NULL::BIGINT AS first_rec FROM (${rejectReasonsSQL(table, plan.positions, typed)})`
	];
	if (table.name !== 'parts') {
		// a row whose id an earlier good row has: the ids held more than once found by grouping (a hash), not by a window over every row
		const key = table.key[0];
		parts.push(`SELECT c.rec, '${key}', c.${key}, 'duplicate id in this file', d.first_rec FROM checked c
			JOIN (SELECT ${key}, min(rec) AS first_rec FROM checked WHERE NOT bad GROUP BY ${key} HAVING count(*) > 1) d
			  ON d.${key} IS NOT DISTINCT FROM c.${key}
			WHERE NOT c.bad AND c.rec <> d.first_rec`);
	}
	for (const ref of table.ticketRefs)
		parts.push(`SELECT rec, '${ref}', ${ref}, 'no ticket with this id in the warehouse', NULL FROM checked c
			WHERE NOT bad AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.ticket_id = c.${ref})`);
	await wh.run(`CREATE TEMP TABLE all_rejects AS ${parts.join(' UNION ALL ')}`);
	await wh.run(`CREATE TEMP TABLE bad AS SELECT DISTINCT rec FROM all_rejects`);
	// the rows rejected for another reason than their own values (a second id, a dangling reference) are flagged
	// too, so that the rows to store are the unflagged ones: an anti join of every staged row against the rejected
	// cost ~13% of a first load's write (1M rows: 0.65 of 5.2 CPU s); an update of the few flagged is nothing
	await wh.run(`UPDATE checked_rows SET bad = true WHERE NOT bad AND rowid IN (SELECT rec FROM bad)`);
}

/**
 * Fills temp.rec_line (staging row → file line) and temp.record_line (DuckDB record → file line).
 * @param rowLines the line each row starts on if the reader rejected no record, from the load's first pass over
 *   the file (RecordScanner.rowLines): then no second pass (locateLines) reads the file again
 */
async function resolveLines(
	wh: Warehouse,
	path: string,
	lineOf?: (line: number) => number,
	rowLines?: ((row: number) => number) | null
): Promise<void> {
	const want = await wh.all<{ rec: number }>(
		`SELECT DISTINCT rec FROM (SELECT rec FROM all_rejects UNION ALL SELECT first_rec FROM all_rejects WHERE first_rec IS NOT NULL)`
	);
	const skipped = await wh.all<{ line: number; span: number; unclosed: boolean }>(
		`SELECT line, max(len(s) - len(replace(s, chr(10), ''))) + 1 AS span, bool_or(error_message ILIKE '%unterminated quote%') AS unclosed
		 FROM (SELECT line, error_message, trim(csv_line, chr(10) || chr(13)) AS s FROM stage_rejects) GROUP BY line`
	);
	const maps =
		rowLines && skipped.length === 0
			? { byRecord: new Map<number, number>(), byRow: new Map(want.map((r) => [r.rec, rowLines(r.rec)])), lines: 0 }
			: await locateLines(path, new Map(skipped.map((r) => [r.line, r.span])), new Set(want.map((r) => r.rec)));
	// A quote that never closes swallows the rest of the file into one broken row:
	// refuse the file rather than load its first part and silently drop the rest.
	for (const r of skipped) {
		const start = maps.byRecord.get(r.line);
		if (r.unclosed && start !== undefined && r.span > 1 && start + r.span >= maps.lines)
			throw new FileRejected(
				`line ${start}: a quote opened here is never closed, so the ${r.span - 1} lines after it cannot be read; close the quote and load the file again`
			);
	}
	// an .xlsx sheet's CSV: name the sheet row, not the CSV line
	if (lineOf) for (const m of [maps.byRow, maps.byRecord]) for (const [k, v] of m) m.set(k, lineOf(v));
	await wh.run(`CREATE TEMP TABLE rec_line (kind VARCHAR, id BIGINT, line BIGINT)`);
	const insert = async (kind: string, m: Map<number, number>) => {
		const entries = [...m.entries()];
		for (let i = 0; i < entries.length; i += 50_000) {
			const slice = entries.slice(i, i + 50_000);
			await wh.run(
				`INSERT INTO rec_line SELECT $kind, unnest(string_split($ids, ',')::BIGINT[]), unnest(string_split($lines, ',')::BIGINT[])`,
				{ kind, ids: slice.map((e) => e[0]).join(','), lines: slice.map((e) => e[1]).join(',') }
			);
		}
	};
	await insert('row', maps.byRow);
	await insert('record', maps.byRecord);
}

async function storeRejects(
	wh: Warehouse,
	plan: FilePlan,
	ingestId: number,
	sha256: string,
	maxReported: number
): Promise<{ rows: RejectRow[]; truncated: boolean }> {
	// A file loaded again replaces the rejects it got last time.
	await wh.run(`DELETE FROM rejects WHERE ingest_id IN (SELECT ingest_id FROM ingests WHERE sha256 = $sha)`, { sha: sha256 });
	const hasLines = (await wh.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'rec_line' AND temporary`)).length > 0;
	if (!hasLines) return { rows: [], truncated: false };
	const headerCase = [...plan.positions.keys()].map((c) => `WHEN 'c${plan.positions.get(c)}' THEN '${c}'`).join(' ') || "WHEN '' THEN NULL";
	await wh.run(
		`INSERT INTO rejects
		 SELECT $ingest, $file, $table, line, column_name, value, rule FROM (
		   SELECT l.line, r.column_name, left(r.value, ${MAX_VALUE_CHARS}) AS value,
		          r.rule || CASE WHEN r.first_rec IS NOT NULL THEN ' (first on line ' || f.line || ')' ELSE '' END AS rule
		   FROM all_rejects r
		   LEFT JOIN rec_line l ON l.kind = 'row' AND l.id = r.rec
		   LEFT JOIN rec_line f ON f.kind = 'row' AND f.id = r.first_rec
		   UNION ALL
		   SELECT l.line, CASE WHEN s.error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS') THEN NULL
		                       ELSE CASE s.column_name ${headerCase} ELSE NULL END END,
		          left(trim(s.csv_line, chr(10) || chr(13)), ${MAX_VALUE_CHARS}),
		          CASE s.error_type
		            WHEN 'MISSING COLUMNS' THEN 'malformed CSV row: too few fields (' || s.error_message || ')'
		            WHEN 'TOO MANY COLUMNS' THEN 'malformed CSV row: too many fields (' || s.error_message || ')'
		            WHEN 'UNQUOTED VALUE' THEN 'malformed CSV row: an unclosed or stray quote (' || s.error_message || ')'
		            WHEN 'INVALID ENCODING' THEN 'malformed CSV row: not valid UTF-8 text (a corrupt byte, or a different encoding)'
            WHEN 'INVALID UNICODE' THEN 'malformed CSV row: not valid UTF-8 text (a corrupt byte, or a different encoding)'
		            WHEN 'LINE SIZE OVER MAXIMUM' THEN s.error_message
		            ELSE 'malformed CSV row: ' || s.error_message END
		   FROM (SELECT line, first(column_name ORDER BY column_idx) AS column_name, first(csv_line) AS csv_line,
		                first(error_type ORDER BY column_idx) AS error_type,
		                first(error_message ORDER BY column_idx) AS error_message
		         FROM stage_rejects GROUP BY line) s
		   LEFT JOIN rec_line l ON l.kind = 'record' AND l.id = s.line
		 )`,
		{ ingest: ingestId, file: plan.path, table: plan.table.name }
	);
	const rows = await wh.all<RejectRow & { column_name: string | null }>(
		`SELECT line, column_name, value, rule FROM rejects WHERE ingest_id = $ingest ORDER BY line, column_name LIMIT ${maxReported + 1}`,
		{ ingest: ingestId }
	);
	return {
		rows: rows.slice(0, maxReported).map((r) => ({ line: r.line, column: r.column_name, value: r.value, rule: r.rule })),
		truncated: rows.length > maxReported
	};
}

async function mergeKeyed(wh: Warehouse, name: TableName, key: string, ingestId: number, dataUntil: string | null) {
	const cols = (await wh.all<{ name: string }>(`SELECT name FROM pragma_table_info('incoming')`)).map((r) => r.name);
	const { existing } = await wh.one<{ existing: number }>(`SELECT count(*) AS existing FROM ${name}`);
	if (existing === 0) {
		// a first load: nothing to compare with, nothing to keep for undo
		await withKnownCompression(wh, name);
		await wh.run(`INSERT INTO ${name} (${cols.join(', ')}, ingest_id) SELECT ${cols.join(', ')}, $id FROM incoming`, { id: ingestId });
		// a first load of tickets makes every fact new: rebuild without collecting millions of keys
		if (name === 'tickets') await touchAll(wh);
		else await recordTouch(wh, name, name, 'new');
		const { n } = await wh.one<{ n: number }>(`SELECT count(*) AS n FROM ${name}`);
		return { rows_inserted: n, rows_updated: 0, rows_unchanged: 0 };
	}
	const merged = cols.map((c) => (c === key ? `i.${c}` : `coalesce(i.${c}, t.${c}) AS ${c}`));
	const changed = cols.filter((c) => c !== key);
	// the stored rows this file names, read once: the comparison, the touched keys and the history all use them
	// (found by the key column alone, then fetched by row id: a semi join of whole rows reads every column of the table)
	// (none found: no fetch, which reads the first rows of every column even so, ~100 ms CPU cold at 10M)
	await wh.run(`CREATE TEMP TABLE existing_rid AS SELECT t.rowid AS rid FROM ${name} t SEMI JOIN incoming i ON i.${key} = t.${key}`);
	const { found } = await wh.one<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM existing_rid) AS found`);
	await wh.run(
		`CREATE TEMP TABLE existing AS SELECT rowid AS rid, * FROM ${name} WHERE ${found ? 'rowid IN (SELECT rid FROM existing_rid)' : 'false'}`
	);
	// only rows that change a stored row are compared and written to a temp table first; new rows go straight in
	await wh.run(`CREATE TEMP TABLE merged AS
		SELECT ${merged.join(', ')}, false AS is_new, t.ingest_id AS previous_ingest
		FROM incoming i JOIN existing t ON t.${key} = i.${key}
		WHERE (${changed.map((c) => `coalesce(i.${c}, t.${c})`).join(', ')}) IS DISTINCT FROM (${changed.map((c) => `t.${c}`).join(', ')})`);
	const fresh = `(SELECT i.* FROM incoming i ANTI JOIN existing t ON t.${key} = i.${key})`;
	const c = await wh.one<{ incoming: number; inserted: number; updated: number }>(
		`SELECT (SELECT count(*) FROM incoming) AS incoming,
		        (SELECT count(*) FROM ${fresh}) AS inserted,
		        (SELECT count(*) FROM merged) AS updated`
	);
	const older = c.updated > 0 && dataUntil ? await olderExport(wh, dataUntil) : undefined;
	if (c.updated > 0) {
		const old = `(SELECT * FROM existing WHERE ${key} IN (SELECT ${key} FROM merged))`;
		await recordTouch(wh, name, old);
		const keep = rowColumns(name).join(', ');
		await wh.run(`INSERT INTO ${name}_history (${keep}, replaced_by) SELECT ${keep}, $id FROM ${old}`, { id: ingestId });
		// by row id: a condition on the key would read the key column of the whole table again
		await wh.run(`DELETE FROM ${name} WHERE rowid IN (SELECT rid FROM ${old})`);
	}
	const list = cols.join(', ');
	const written = `(SELECT ${list} FROM merged UNION ALL SELECT ${list} FROM ${fresh})`;
	// one INSERT, and none when there is nothing to write: DuckDB 1.5.6 loses a large INSERT … SELECT that follows
	// an empty one into the same table in the same transaction (it reports the rows, but they are not there)
	if (c.inserted + c.updated > 0)
		await wh.run(`INSERT INTO ${name} (${list}, ingest_id) SELECT ${list}, $id FROM ${written}`, { id: ingestId });
	await recordTouch(wh, name, written, 'new');
	return {
		rows_inserted: c.inserted,
		rows_updated: c.updated,
		rows_unchanged: c.incoming - c.inserted - c.updated,
		...(older ? { older_export: older } : {})
	};
}

/**
 * An empty data table made again, in the load's transaction, with the compression stored-table.ts knows for its
 * columns (the same columns, types and NOT NULLs), so that writing its first load skips DuckDB's trial of each
 * text column. Rows deleted earlier (an undone load) go with it.
 */
async function withKnownCompression(wh: Warehouse, name: TableName): Promise<void> {
	const columns = await wh.all<{ name: string; type: string; nullable: boolean }>(
		`SELECT column_name AS name, data_type AS type, is_nullable AS nullable FROM duckdb_columns()
		 WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $t ORDER BY column_index`,
		{ t: name }
	);
	if (!columns.some((c) => c.type === 'VARCHAR' && COLUMN_COMPRESSION[c.name])) return;
	await wh.run(`DROP TABLE ${name}`);
	await wh.run(
		`CREATE TABLE ${name} (${columns.map((c) => columnDefinition(c.name, c.type) + (c.nullable ? '' : ' NOT NULL')).join(', ')})`
	);
}

/** Updated rows whose stored values came from an export with later data than this file's. */
async function olderExport(wh: Warehouse, dataUntil: string): Promise<OlderExport | undefined> {
	const [r] = await wh.all<{ n: number; file: string | null; until: string | null }>(
		`SELECT count(*) AS n, any_value(g.file) AS file, strftime(max(g.data_until), '%Y-%m-%d %H:%M:%S') AS until
		 FROM merged m JOIN ingests g ON g.ingest_id = m.previous_ingest
		 WHERE NOT m.is_new AND g.data_until > CAST($until AS TIMESTAMP)`,
		{ until: dataUntil }
	);
	if (!r || r.n === 0 || !r.file || !r.until) return undefined;
	return { rows: r.n, file_data_until: dataUntil, newer_file: basename(r.file), newer_data_until: r.until };
}

/** parts: a file carries the whole parts list of each ticket it names; a ticket whose list differs is replaced. */
async function mergeParts(wh: Warehouse, ingestId: number) {
	const cols = (await wh.all<{ name: string }>(`SELECT name FROM pragma_table_info('incoming')`)).map((r) => r.name);
	const list = cols.join(', ');
	const { existing } = await wh.one<{ existing: number }>(`SELECT count(*) AS existing FROM parts`);
	if (existing === 0) {
		// a first load: every ticket's list is new, nothing to compare with or keep for undo
		await withKnownCompression(wh, 'parts');
		await wh.run(`INSERT INTO parts (${list}, ingest_id) SELECT ${list}, $id FROM incoming`, { id: ingestId });
		await touchAllParts(wh);
		const { n } = await wh.one<{ n: number }>(`SELECT count(*) AS n FROM incoming`);
		return { rows_inserted: n, rows_updated: 0, rows_unchanged: 0 };
	}
	// a ticket's list changed when the two multisets of rows differ (EXCEPT ALL both ways; NULLs compare equal):
	// hashed, so memory follows the rows, not a list per ticket
	await wh.run(`CREATE TEMP TABLE stored_parts AS SELECT ${list} FROM parts WHERE ticket_id IN (SELECT ticket_id FROM incoming)`);
	await wh.run(`CREATE TEMP TABLE changed AS
		WITH differ AS (SELECT DISTINCT ticket_id FROM (
		    (SELECT ${list} FROM incoming EXCEPT ALL SELECT ${list} FROM stored_parts)
		    UNION ALL (SELECT ${list} FROM stored_parts EXCEPT ALL SELECT ${list} FROM incoming)))
		SELECT i.ticket_id, NOT EXISTS (SELECT 1 FROM stored_parts s WHERE s.ticket_id = i.ticket_id) AS is_new, i.n
		FROM (SELECT ticket_id, count(*) AS n FROM incoming GROUP BY ticket_id) i SEMI JOIN differ d ON d.ticket_id = i.ticket_id`);
	await wh.run(`DROP TABLE stored_parts`);
	const c = await wh.one<{ incoming: number; inserted: number; updated: number }>(
		`SELECT (SELECT count(*) FROM incoming) AS incoming,
		        (SELECT coalesce(sum(n), 0) FROM changed WHERE is_new) AS inserted,
		        (SELECT coalesce(sum(n), 0) FROM changed WHERE NOT is_new) AS updated`
	);
	await wh.run(
		`INSERT INTO parts_history (${rowColumns('parts').join(', ')}, replaced_by) SELECT ${rowColumns('parts').join(', ')}, $id FROM parts WHERE ticket_id IN (SELECT ticket_id FROM changed WHERE NOT is_new)`,
		{
			id: ingestId
		}
	);
	await wh.run(`DELETE FROM parts WHERE ticket_id IN (SELECT ticket_id FROM changed WHERE NOT is_new)`);
	await wh.run(
		`INSERT INTO parts (${cols.join(', ')}, ingest_id) SELECT ${cols.map((c) => `i.${c}`).join(', ')}, $id
		 FROM incoming i SEMI JOIN changed c ON c.ticket_id = i.ticket_id`,
		{ id: ingestId }
	);
	// the tickets whose lists changed: their warranty lines follow (fault-facts.ts)
	await recordTouch(wh, 'parts', '(SELECT ticket_id FROM changed)', 'new');
	return { rows_inserted: c.inserted, rows_updated: c.updated, rows_unchanged: c.incoming - c.inserted - c.updated };
}

export function displayName(path: string): string {
	return basename(path);
}
