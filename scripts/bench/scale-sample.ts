// npx tsx scripts/bench/scale-sample.ts --from bench/data/10000000/utf8 --times 10 --to bench/data/100000000/utf8
// A sample K times the size of a generated one, made by DuckDB in minutes instead of
// re-running the generator (scale-files.ts): copy 0 is the original, copy k ≥ 1 the
// same rows with `k#` before every ticket, customer, unit and rework key, so the
// copies share no customer or unit and each has the original's history and rates.
// Loading it makes the warehouse replicate-warehouse.ts makes from the original's.
import { fail, parseArgs, str } from '../args';
import { scaleSample } from './scale-files';

const args = parseArgs(process.argv.slice(2), ['from', 'to', 'times', 'memory']);
const from = str(args, 'from') ?? fail('--from DIR (a generated sample: tickets.csv, rework.csv, parts.csv, technicians.csv)');
const to = str(args, 'to') ?? fail('--to DIR');
const times = Number(str(args, 'times', '10'));
try {
	for (const f of await scaleSample(from, to, times, str(args, 'memory', '4GB')))
		console.error(`${f.file}: ${(f.bytes / 2 ** 30).toFixed(2)} GB in ${f.seconds.toFixed(0)} s`);
} catch (err) {
	fail(err instanceof Error ? err.message : String(err));
}
