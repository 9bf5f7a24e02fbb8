// npx tsx scripts/bench/replicate-warehouse.ts --from bench/data/10000000/warehouse-utf8.duckdb --times 10 \
//     --to bench/data/100000000/warehouse-utf8.duckdb [--memory 4GB] [--out bench/results-100m-replica.json]
// A warehouse K times the size of a loaded one, made by SQL in minutes instead of a
// first load of the K-copies sample (replicate.ts says why it is the same warehouse;
// check-replica.ts proves it). The source is only read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fail, parseArgs, str } from '../args';
import { replicateWarehouse } from './replicate';

const args = parseArgs(process.argv.slice(2), ['from', 'to', 'times', 'memory', 'out']);
const from = str(args, 'from') ?? fail('--from DB (a loaded warehouse, read only)');
const to = str(args, 'to') ?? fail('--to DB (written; DB.partial while it is being made)');
const times = Number(str(args, 'times', '10'));
const memoryLimit = str(args, 'memory', process.env.FIELDLOOP_MEMORY_LIMIT ?? '4GB');
const out = str(args, 'out');
mkdirSync(dirname(to), { recursive: true });
const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);
log(`${from} × ${times} → ${to} (memory limit ${memoryLimit})`);
try {
	const r = await replicateWarehouse(from, to, times, { memoryLimit, log });
	log(`done: ${(r.bytes / 2 ** 30).toFixed(2)} GB in ${r.seconds.toFixed(0)} s`);
	if (out) {
		mkdirSync(dirname(out), { recursive: true });
		writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), from, to, memory_limit: memoryLimit, ...r }, null, 2) + '\n');
	}
} catch (err) {
	fail(err instanceof Error ? err.message : String(err));
}
