// npx tsx scripts/bench/scale-sample.ts --from bench/data/10000000/utf8 --times 10 --to bench/data/100000000/utf8
// A sample K times the size of a generated one, made by DuckDB in minutes instead
// of re-running the generator: every row of tickets, rework and parts is written K
// times, copy p with its ids made unique (ticket_id, customer_id, serial_no, the
// rework id and the rework and parts references get the digit p appended), so the
// copies share no customer or unit and each has the original's history and rates.
// Each table is one file, the copies of a stretch of rows next to each other (the file
// stays close to created_at order); the roster is copied as it is.
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { fail, parseArgs, str } from '../args';

const args = parseArgs(process.argv.slice(2), ['from', 'to', 'times', 'memory']);
const from = str(args, 'from') ?? fail('--from DIR (a generated sample: tickets.csv, rework.csv, parts.csv, technicians.csv)');
const to = str(args, 'to') ?? fail('--to DIR');
const times = Number(str(args, 'times', '10'));
if (!Number.isInteger(times) || times < 1 || times > 10) fail('--times takes 1–10 (one appended digit per copy)');

/** column → how copy p rewrites it (anything else is copied as read) */
const UNIQUE: Record<string, Record<string, string>> = {
	'tickets.csv': { ticket_id: 'id', customer_id: 'id', serial_no: 'id' },
	'rework.csv': { rework_id: 'id', original_ticket_id: 'id', rework_ticket_id: 'id' },
	'parts.csv': { 工单号: 'id' }
};

mkdirSync(to, { recursive: true });
const inst = await DuckDBInstance.create(':memory:', { memory_limit: str(args, 'memory', '4GB'), temp_directory: join(to, '.tmp') });
const conn = await inst.connect();
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
for (const [file, ids] of Object.entries(UNIQUE)) {
	const src = join(from, file);
	const t0 = performance.now();
	const read = `read_csv($src, all_varchar = true, header = true)`;
	const cols = (await (await conn.runAndReadAll(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${read})`, { src })).getRowObjects()).map(
		(r) => String(r.column_name)
	);
	for (const c of Object.keys(ids)) if (!cols.includes(c)) fail(`${src} has no column ${c} (columns: ${cols.join(', ')})`);
	const select = cols.map((c) => (ids[c] ? `${quote(c)} || CAST(p AS VARCHAR) AS ${quote(c)}` : quote(c))).join(', ');
	const dest = join(to, file);
	await conn.run(
		`COPY (SELECT ${select} FROM ${read} CROSS JOIN range(${times}) r(p)) TO '${dest.replace(/'/g, "''")}' (HEADER, DELIMITER ',')`,
		{
			src
		}
	);
	console.error(`${file}: ${(statSync(dest).size / 2 ** 30).toFixed(2)} GB in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
copyFileSync(join(from, 'technicians.csv'), join(to, 'technicians.csv'));
conn.closeSync();
inst.closeSync();
