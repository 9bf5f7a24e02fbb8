// Loads one planned file in one transaction: read with DuckDB's CSV reader into
// a staging table, check every rule in SQL, keep the rejects with their line,
// merge the good rows into the warehouse and bring the derived tables up to date
// in the same transaction. An error or a crash before COMMIT leaves the
// warehouse as it was.
import { rmSync, symlinkSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { TableName } from '../../contract';
import { beginTouch, recordTouch, refreshDerived, touchAll } from '../facts';
import { readEnv } from '../config';
import { rowColumns, type Warehouse } from '../warehouse';
import { locateLines } from './lines';
import { tempCsvPath } from './temp';
import type { FilePlan } from './plan';
import { FileRejected, type Encoding } from './sniff';
import { LONG_RECORD_SUSPECT, cutLongRecords, markLongRecords } from './long-records';
import { hashAndTranscode, normalizeLineEnds } from './transcode';
import { MACROS, checkedTableSQL, rejectReasonsSQL } from './validate.sql';

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
}

const MAX_VALUE_CHARS = 200;

/** FIELDLOOP_TRACE=1 prints each phase's time to stderr (for profiling an ingest). */
const trace = readEnv().trace
	? (() => {
			let last = performance.now();
			return (phase: string) => {
				const now = performance.now();
				process.stderr.write(`[ingest] ${phase}: ${((now - last) / 1000).toFixed(2)} s\n`);
				last = now;
			};
		})()
	: () => undefined;

export async function loadFile(wh: Warehouse, plan: FilePlan, opts: LoadOptions = {}): Promise<FileResult> {
	let utf8Path = plan.sniffed.encoding === 'gb18030' ? tempCsvPath(wh.path) : null;
	// an .xlsx file is read from the CSV its sheet was written to (xlsx.ts); rows and rejects still name the .xlsx
	const readPath = plan.source?.csv ?? plan.path;
	try {
		trace('start');
		const first = await hashAndTranscode(readPath, plan.sniffed.encoding, utf8Path, plan.sniffed.delimiter);
		let sha256 = first.sha256;
		const { validUtf8, mixedLineEnds } = first;
		plan.longestRecord = first.longestRecord;
		if (!validUtf8 && plan.sniffed.encoding === 'utf-8' && !plan.sniffed.sawUtf8Text && plan.sniffed.encodingSource === 'detected') {
			// Chinese text only past the sniffed first MiB, and not UTF-8: it is GBK after all.
			// (After UTF-8 Chinese text, a bad byte is corruption: DuckDB rejects that row alone.
			// An encoding the user gave is kept: then DuckDB rejects the rows that are not UTF-8.)
			plan.sniffed.encoding = 'gb18030';
			utf8Path = tempCsvPath(wh.path);
			({ sha256 } = await hashAndTranscode(readPath, 'gb18030', utf8Path, plan.sniffed.delimiter));
		}
		if (mixedLineEnds) {
			// DuckDB's reader takes one kind of line end per file: make them all LF
			const lf = tempCsvPath(wh.path);
			await normalizeLineEnds(utf8Path ?? readPath, lf);
			if (utf8Path) rmSync(utf8Path, { force: true });
			utf8Path = lf;
		} else if (!utf8Path && /[[\]*?{}]/.test(readPath)) {
			// DuckDB reads a path with [ ] * ? { } as a pattern of file names: read it through a plain name
			utf8Path = tempCsvPath(wh.path);
			symlinkSync(resolve(readPath), utf8Path);
		}
		trace('hash/transcode');
		for (const m of MACROS) await wh.run(m);
		// Staging and checking use temp tables only, outside the transaction, so
		// staging row ids are plain 0..n-1 in file order.
		await stageFile(wh, plan, utf8Path ?? readPath, opts);
		trace('stage (read_csv)');
		await opts.pauseAt?.('staged');
		await wh.run(checkedTableSQL(plan.table, plan.positions));
		trace('check rules');
		await collectRejects(wh, plan);
		await wh.run(`DROP TABLE stage`);
		trace('reasons, duplicates and references');
		await opts.pauseAt?.('checked');
		return await wh.transaction(() => mergeInTransaction(wh, plan, sha256, opts));
	} finally {
		if (utf8Path) rmSync(utf8Path, { force: true });
		await wh.run(`DROP VIEW IF EXISTS temp.incoming`).catch(() => undefined);
		for (const t of [
			'stage',
			'stage_rejects',
			'stage_scan',
			'checked',
			'bad',
			'all_rejects',
			'merged',
			'existing',
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
	if (counts.csv_bad + counts.bad > 0) await resolveLines(wh, plan.source?.csv ?? plan.path, plan.source?.lineOf);
	trace('line numbers');
	const rejects = await storeRejects(wh, plan, ingest_id, sha256, opts.maxRejectsReported ?? 10_000);
	trace('store rejects');

	await wh.run(
		`CREATE TEMP VIEW incoming AS SELECT c.* EXCLUDE (rec, bad) FROM checked c ANTI JOIN bad b ON b.rec = c.rec WHERE NOT c.bad`
	);
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

async function stageFile(wh: Warehouse, plan: FilePlan, readPath: string, opts: LoadOptions): Promise<void> {
	const columns = plan.sniffed.headers.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
	const poll = opts.onProgress
		? setInterval(() => {
				const p = wh.conn.progress;
				if (p.percentage >= 0) opts.onProgress!(p.percentage / 100);
			}, 200)
		: null;
	// records over the reader's limit are cut out first: past its buffer DuckDB misreads them (long-records.ts)
	const cutPath = (plan.longestRecord ?? Infinity) > LONG_RECORD_SUSPECT ? tempCsvPath(wh.path) : null;
	try {
		const long = cutPath ? await cutLongRecords(readPath, plan.sniffed.delimiter, cutPath) : [];
		await wh.run(
			`CREATE TEMP TABLE stage AS SELECT * FROM read_csv($path, header = false, skip = 1, delim = $delim,
				quote = '"', escape = '"', columns = {${columns}}, auto_detect = false, null_padding = false,
				max_line_size = 16777216, buffer_size = 33554432, store_rejects = true, rejects_table = 'stage_rejects', rejects_scan = 'stage_scan')`,
			{ path: long.length ? cutPath! : readPath, delim: plan.sniffed.delimiter }
		);
		await markLongRecords(wh, 'stage_rejects', long);
	} finally {
		if (poll) clearInterval(poll);
		if (cutPath) rmSync(cutPath, { force: true });
	}
}

/** Every rejected staging row with its reasons: rule violations, in-file duplicates, dangling ticket references. */
async function collectRejects(wh: Warehouse, plan: FilePlan): Promise<void> {
	const table = plan.table;
	const parts = [`SELECT rec, column_name, value, rule, NULL::BIGINT AS first_rec FROM (${rejectReasonsSQL(table, plan.positions)})`];
	if (table.name !== 'parts') {
		const key = table.key[0];
		parts.push(`SELECT rec, '${key}', ${key}, 'duplicate id in this file', first_rec FROM (
			SELECT rec, ${key}, min(rec) OVER (PARTITION BY ${key}) AS first_rec FROM checked WHERE NOT bad)
			WHERE rec <> first_rec`);
	}
	for (const ref of table.ticketRefs)
		parts.push(`SELECT rec, '${ref}', ${ref}, 'no ticket with this id in the warehouse', NULL FROM checked c
			WHERE NOT bad AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.ticket_id = c.${ref})`);
	await wh.run(`CREATE TEMP TABLE all_rejects AS ${parts.join(' UNION ALL ')}`);
	await wh.run(`CREATE TEMP TABLE bad AS SELECT DISTINCT rec FROM all_rejects`);
}

/** Fills temp.rec_line (staging row → file line) and temp.record_line (DuckDB record → file line). */
async function resolveLines(wh: Warehouse, path: string, lineOf?: (line: number) => number): Promise<void> {
	const want = await wh.all<{ rec: number }>(
		`SELECT DISTINCT rec FROM (SELECT rec FROM all_rejects UNION ALL SELECT first_rec FROM all_rejects WHERE first_rec IS NOT NULL)`
	);
	const skipped = await wh.all<{ line: number; span: number; unclosed: boolean }>(
		`SELECT line, max(len(s) - len(replace(s, chr(10), ''))) + 1 AS span, bool_or(error_message ILIKE '%unterminated quote%') AS unclosed
		 FROM (SELECT line, error_message, trim(csv_line, chr(10) || chr(13)) AS s FROM stage_rejects) GROUP BY line`
	);
	const maps = await locateLines(path, new Map(skipped.map((r) => [r.line, r.span])), new Set(want.map((r) => r.rec)));
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
	await wh.run(`CREATE TEMP TABLE existing AS SELECT t.* FROM ${name} t SEMI JOIN incoming i ON i.${key} = t.${key}`);
	await wh.run(`CREATE TEMP TABLE merged AS
		SELECT ${merged.join(', ')}, t.${key} IS NULL AS is_new, t.ingest_id AS previous_ingest
		FROM incoming i LEFT JOIN existing t ON t.${key} = i.${key}
		WHERE t.${key} IS NULL
		   OR (${changed.map((c) => `coalesce(i.${c}, t.${c})`).join(', ')}) IS DISTINCT FROM (${changed.map((c) => `t.${c}`).join(', ')})`);
	const c = await wh.one<{ incoming: number; inserted: number; updated: number }>(
		`SELECT (SELECT count(*) FROM incoming) AS incoming,
		        (SELECT count(*) FROM merged WHERE is_new) AS inserted,
		        (SELECT count(*) FROM merged WHERE NOT is_new) AS updated`
	);
	const older = c.updated > 0 && dataUntil ? await olderExport(wh, dataUntil) : undefined;
	if (c.updated > 0) {
		const old = `(SELECT * FROM existing WHERE ${key} IN (SELECT ${key} FROM merged WHERE NOT is_new))`;
		await recordTouch(wh, name, old);
		const keep = rowColumns(name).join(', ');
		await wh.run(`INSERT INTO ${name}_history (${keep}, replaced_by) SELECT ${keep}, $id FROM ${old}`, { id: ingestId });
		await wh.run(`DELETE FROM ${name} WHERE ${key} IN (SELECT ${key} FROM merged WHERE NOT is_new)`);
	}
	await wh.run(`INSERT INTO ${name} (${cols.join(', ')}, ingest_id) SELECT ${cols.join(', ')}, $id FROM merged`, { id: ingestId });
	await recordTouch(wh, name, 'merged', 'new');
	return {
		rows_inserted: c.inserted,
		rows_updated: c.updated,
		rows_unchanged: c.incoming - c.inserted - c.updated,
		...(older ? { older_export: older } : {})
	};
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
	return { rows_inserted: c.inserted, rows_updated: c.updated, rows_unchanged: c.incoming - c.inserted - c.updated };
}

export function displayName(path: string): string {
	return basename(path);
}
