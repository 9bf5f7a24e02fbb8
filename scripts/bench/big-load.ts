// npx tsx scripts/bench/big-load.ts --data bench/data/100000000 [--out bench/results-100m-load.json]
// The ingest part of the benchmark for a sample too large to wait for blind (100M
// tickets): the roster, then the tickets file timed with its peak RSS, then rework
// and parts, each step's phases printed as they finish (FIELDLOOP_TRACE=1), then
// DuckDB's own read_csv of the same tickets file; the JSON is rewritten after
// every step, so a run stopped part-way keeps what it measured. The warehouse is
// DATA/warehouse-utf8.duckdb, as `npm run bench` names it, for `--only queries
// --warehouse` afterwards. FIELDLOOP_MEMORY_LIMIT applies to each ingest.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fail, parseArgs, str } from '../args';
import { ingestCli, ms, rawDuckdb, type Measured } from '../lib/measured';

const args = parseArgs(process.argv.slice(2), ['data', 'out']);
const data = str(args, 'data') ?? fail('--data DIR (holding utf8/tickets.csv, rework.csv, parts.csv, technicians.csv)');
const out = str(args, 'out', join(data, 'big-load.json'));
const db = join(data, 'warehouse-utf8.duckdb');
const csv = (f: string) => join(data, 'utf8', f);
const started = performance.now();
const result: Record<string, unknown> = {
	date: new Date().toISOString(),
	db,
	memory_limit: process.env.FIELDLOOP_MEMORY_LIMIT ?? null,
	steps: []
};
const save = () => {
	mkdirSync(dirname(out), { recursive: true });
	writeFileSync(out, JSON.stringify({ ...result, total_s: ms(started) / 1000 }, null, 2) + '\n');
};
const sizeMb = (p: string) => statSync(p).size / 2 ** 20;

async function step(name: string, files: string[]): Promise<Measured> {
	console.error(`${new Date().toISOString()} ${name} …`);
	const run = await ingestCli(db, files, (chunk) => process.stderr.write(chunk));
	let report: { files: { rows_loaded: number; derived?: string }[] } | null = null;
	try {
		report = JSON.parse(run.stdout);
	} catch {
		// a report listing tens of thousands of rejects can reach the pipe cut short; the exit code still tells
	}
	(result.steps as unknown[]).push({
		name,
		code: run.code,
		wall_s: run.wall_ms / 1000,
		peak_rss_mb: run.peak_rss_mb,
		rows_loaded: report?.files.map((f) => f.rows_loaded) ?? null,
		derived: report?.files.map((f) => f.derived ?? '?') ?? null,
		phases: run.phases,
		warehouse_mb: sizeMb(db)
	});
	save();
	console.error(`${name}: ${(run.wall_ms / 1000).toFixed(1)} s, peak RSS ${run.peak_rss_mb.toFixed(0)} MB, exit ${run.code}`);
	if (run.code !== 0) writeFileSync(`${out}.${name.replace(/\W+/g, '-')}.stdout`, run.stdout); // the whole report, for the error
	if (run.code !== 0)
		fail(
			`${name} failed: ${[...run.stdout.matchAll(/"error":"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('; ') || run.stdout.slice(0, 400)}`
		);
	return run;
}

rmSync(db, { force: true });
rmSync(`${db}.wal`, { force: true });
await step('roster', [csv('technicians.csv')]);
const tickets = await step('tickets', [csv('tickets.csv')]);
await step('rework and parts', [csv('rework.csv'), csv('parts.csv')]);
console.error(`${new Date().toISOString()} DuckDB read_csv of the same tickets file …`);
const raw = await rawDuckdb(csv('tickets.csv'), data); // DuckDB's defaults, as in npm run bench
Object.assign(result, {
	tickets_file_mb: sizeMb(csv('tickets.csv')),
	raw_duckdb_s: raw / 1000,
	ratio_project_to_raw: tickets.wall_ms / raw,
	warehouse_mb: sizeMb(db)
});
save();
console.error(`read_csv: ${(raw / 1000).toFixed(1)} s; tickets ingest ÷ raw ${(tickets.wall_ms / raw).toFixed(2)}×; written to ${out}`);
