// The growth part of the benchmark: what a small ingest costs as the warehouse
// grows. For each size N a warehouse of the whole N-ticket sample is built once
// (bench/data/N/growth-base.duckdb, reused), and two small files are made from
// its own rows: 10 new tickets (copies of its newest tickets under new ids, so
// they share customers and units with stored tickets), and 1,000 rows of which
// 900 are stored tickets spread over the whole history with a changed
// satisfaction and 100 are new. Each file is loaded with `npm run ingest` into
// the warehouse (then undone, so the next run finds it as built) and into a
// warehouse holding only the roster; the ratio of the two times is the growth.
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TABLES } from '../../src/lib/contract';
import { Warehouse } from '../../src/lib/server/warehouse';
import { ingestCli, median, ms, type Measured } from './measured';

export interface GrowthRow {
	warehouse_tickets: number;
	file: string;
	file_rows: number;
	rows_inserted: number;
	rows_updated: number;
	derived: string;
	/** median wall time of `npm run ingest` of the file into the N-ticket warehouse */
	wall_ms: number;
	/** the same file into a warehouse holding only the roster */
	empty_wall_ms: number;
	ratio_to_empty: number;
	/** with --via-server: the same command while the dashboard server holds the warehouse (the command hands the file to it) */
	server_wall_ms?: number;
	/** median seconds of each traced phase, into the N-ticket warehouse and into the empty one */
	phases: Record<string, number>;
	empty_phases: Record<string, number>;
	runs: number;
}

export interface GrowthBase {
	warehouse_tickets: number;
	build_s: number | null;
	db_mb: number;
}

const FILES = [
	{ name: 'growth-new10.csv', rows: 10 },
	{ name: 'growth-upd1000.csv', rows: 1000 }
] as const;

const TICKET_COLUMNS = TABLES.tickets.columns.map((c) => c.name);

function parsed(run: Measured, what: string) {
	if (run.code !== 0) {
		let errors = run.stdout.slice(0, 400);
		try {
			const r = JSON.parse(run.stdout) as { error?: string; files?: { file: string; error?: string }[] };
			errors =
				r.error ??
				(r.files ?? [])
					.filter((f) => f.error)
					.map((f) => `${f.file}: ${f.error}`)
					.join('; ');
		} catch {
			/* not JSON: show the start of it */
		}
		throw new Error(`${what} failed (exit ${run.code}): ${errors} ${run.stderr.replace(/^\[ingest\] .*\n?/gm, '').slice(-400)}`);
	}
	return JSON.parse(run.stdout);
}

function medianPhases(runs: Record<string, number>[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const k of Object.keys(runs[0] ?? {})) out[k] = median(runs.map((r) => r[k] ?? 0));
	return out;
}

/** Builds (once) the warehouse of the whole N-ticket sample; undoes what an interrupted run left in it. */
async function prepareBase(dir: string, n: number, log: (s: string) => void): Promise<{ db: string; build_s: number | null }> {
	const db = join(dir, 'growth-base.duckdb');
	const marker = join(dir, 'growth-base.json');
	let build_s: number | null;
	if (!existsSync(marker) || !existsSync(db)) {
		rmSync(db, { force: true });
		rmSync(`${db}.wal`, { force: true });
		log(`building the ${n.toLocaleString('en-US')}-ticket warehouse ${db} (once; reused by later runs) …`);
		const t0 = performance.now();
		// a first load of 10M tickets needs about 3 GB (bench/README.md): the default 600 MB fails it
		const memory = { FIELDLOOP_MEMORY_LIMIT: process.env.FIELDLOOP_MEMORY_LIMIT ?? '4GB' };
		parsed(await ingestCli(db, [join(dir, 'utf8')], undefined, memory), 'building the growth warehouse');
		build_s = ms(t0) / 1000;
		writeFileSync(marker, JSON.stringify({ tickets: n, build_s, built: new Date().toISOString() }) + '\n');
	} else build_s = (JSON.parse(readFileSync(marker, 'utf8')) as { build_s?: number }).build_s ?? null;
	await readyBase(db, dir);
	return { db, build_s };
}

/**
 * Opens the base for writing once, so a schema change is applied now and not inside a timed ingest; makes the small
 * files in dir from its tickets if they are not there; undoes what an interrupted run left. Returns its tickets.
 */
async function readyBase(db: string, dir: string): Promise<number> {
	const wh = await Warehouse.open(db);
	let leftovers: number[];
	let tickets: number;
	try {
		tickets = (await wh.one<{ n: number }>(`SELECT count(*) AS n FROM tickets`)).n;
		leftovers = (
			await wh.all<{ id: number }>(
				`SELECT ingest_id AS id FROM ingests WHERE file LIKE '%growth-%.csv' AND undone_at IS NULL AND table_name IS NOT NULL ORDER BY ingest_id DESC`
			)
		).map((r) => r.id);
		for (const f of FILES) {
			const path = join(dir, f.name);
			if (existsSync(path)) continue;
			const cols = TICKET_COLUMNS.filter((c) => c !== 'ticket_id' && c !== 'satisfaction').join(', ');
			const fresh = (prefix: string, count: number, order: string) =>
				`SELECT '${prefix}' || lpad(CAST(row_number() OVER () AS VARCHAR), 8, '0') AS ticket_id, ${cols}, satisfaction
				 FROM (SELECT * FROM tickets ORDER BY ${order} LIMIT ${count})`;
			const sql =
				f.rows === 10
					? fresh('ZB', 10, 'created_at DESC, ticket_id')
					: `SELECT ticket_id, ${cols}, CASE WHEN satisfaction = 5 THEN 4 ELSE 5 END AS satisfaction
					   FROM (SELECT * FROM tickets ORDER BY hash(ticket_id) LIMIT 900)
					   UNION ALL ${fresh('ZU', 100, "hash(ticket_id || 'new')")}`;
			await wh.run(`COPY (${sql}) TO '${path.replace(/'/g, "''")}' (HEADER, DELIMITER ',')`);
		}
	} finally {
		wh.close();
	}
	for (const id of leftovers) parsed(await ingestCli(db, ['--undo', String(id)]), `undoing ingest #${id} left by an interrupted run`);
	return tickets;
}

/** A warehouse that holds only the roster of the N-ticket sample (the reference: the same file into nothing). */
async function prepareEmpty(dir: string): Promise<string> {
	const db = join(dir, 'growth-empty.duckdb');
	if (!existsSync(db)) parsed(await ingestCli(db, [join(dir, 'utf8', 'technicians.csv')]), 'building the roster-only warehouse');
	return db;
}

export async function benchGrowth(opts: {
	sizes: number[];
	dataDir: (n: number) => string;
	ensureData: (n: number) => Promise<void>;
	runs: number;
	log: (s: string) => void;
	/** starts the dashboard server on a warehouse: the files are then loaded through it, as a user's command would be */
	serve?: (db: string) => Promise<{ stop: () => Promise<void> }>;
	/** instead of the sizes: a warehouse built before (a 100M replica), with the small files and roster-only warehouse of filesDir */
	given?: { db: string; filesDir: string };
}): Promise<{ bases: GrowthBase[]; rows: GrowthRow[] }> {
	const bases: GrowthBase[] = [];
	const rows: GrowthRow[] = [];
	const given = opts.given;
	for (const size of given ? [0] : opts.sizes) {
		const dir = given ? given.filesDir : opts.dataDir(size);
		if (!given) await opts.ensureData(size);
		const base = given ? { db: given.db, build_s: null } : await prepareBase(dir, size, opts.log);
		const n = given ? await readyBase(given.db, dir) : size;
		const empty = await prepareEmpty(dir);
		bases.push({ warehouse_tickets: n, build_s: base.build_s, db_mb: fileMb(base.db) });
		for (const f of FILES) {
			const file = join(dir, f.name);
			const into: Measured[] = [];
			const intoEmpty: Measured[] = [];
			let result: { rows_inserted: number; rows_updated: number; derived?: string } | null = null;
			for (let i = 0; i < opts.runs; i++) {
				// the reference first: the file into a copy of the roster-only warehouse
				const work = join(dir, 'growth-empty-work.duckdb');
				copyFileSync(empty, work);
				const e = await ingestCli(work, [file]);
				parsed(e, `ingest of ${f.name} into the empty warehouse`);
				intoEmpty.push(e);
				rmSync(work, { force: true });
				rmSync(`${work}.wal`, { force: true });
				const run = await ingestCli(base.db, [file]);
				const r = parsed(run, `ingest of ${f.name} into the ${n}-ticket warehouse`).files[0];
				result = r;
				into.push(run);
				parsed(await ingestCli(base.db, ['--undo', String(r.ingest_id)]), `undo of ingest #${r.ingest_id}`);
				opts.log(
					`  ${n.toLocaleString('en-US')} tickets, ${f.name}: ${(run.wall_ms / 1000).toFixed(2)} s (empty: ${(e.wall_ms / 1000).toFixed(2)} s)`
				);
			}
			const wall = median(into.map((r) => r.wall_ms));
			const emptyWall = median(intoEmpty.map((r) => r.wall_ms));
			rows.push({
				warehouse_tickets: n,
				file: f.name,
				file_rows: f.rows,
				rows_inserted: result!.rows_inserted,
				rows_updated: result!.rows_updated,
				derived: result!.derived ?? '?',
				wall_ms: wall,
				empty_wall_ms: emptyWall,
				ratio_to_empty: wall / emptyWall,
				phases: medianPhases(into.map((r) => r.phases)),
				empty_phases: medianPhases(intoEmpty.map((r) => r.phases)),
				runs: opts.runs
			});
		}
		if (opts.serve) await viaServer(base.db, dir, n, rows.slice(-FILES.length), opts);
	}
	return { bases, rows };
}

/** Each file again while the server owns the warehouse: the command's wall time is the time until the dashboard reads the rows. */
async function viaServer(
	db: string,
	dir: string,
	n: number,
	rows: GrowthRow[],
	opts: { runs: number; log: (s: string) => void; serve?: (db: string) => Promise<{ stop: () => Promise<void> }> }
): Promise<void> {
	const server = await opts.serve!(db);
	try {
		for (const row of rows) {
			const walls: number[] = [];
			for (let i = 0; i < opts.runs; i++) {
				const run = await ingestCli(db, [join(dir, row.file)]);
				const r = parsed(run, `ingest of ${row.file} through the server`).files[0];
				walls.push(run.wall_ms);
				parsed(await ingestCli(db, ['--undo', String(r.ingest_id)]), `undo of ingest #${r.ingest_id} through the server`);
				opts.log(`  ${n.toLocaleString('en-US')} tickets, ${row.file} through the server: ${(run.wall_ms / 1000).toFixed(2)} s`);
			}
			row.server_wall_ms = median(walls);
		}
	} finally {
		await server.stop();
	}
}

function fileMb(path: string): number {
	return existsSync(path) ? statSync(path).size / 2 ** 20 : 0;
}
