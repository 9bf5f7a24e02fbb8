/**
 * Writes a deterministic sample data set.
 *   npm run sample -- [--out DIR] [--tickets N] [--seed S] [--start YYYY-MM-DD] [--months M]
 *                     [--encoding gbk|utf8] [--headers zh|en]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_MONTHS, DEFAULT_SEED, DEFAULT_START, DEFAULT_TICKETS, generateSample } from './sample/index';

function integerOption(name: string, value: string | undefined, fallback: number): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
	return n;
}

function choice<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
	if (value === undefined) return undefined;
	if (!(allowed as readonly string[]).includes(value)) throw new Error(`--${name} must be one of ${allowed.join(', ')}`);
	return value as T;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			out: { type: 'string', default: 'data/sample' },
			tickets: { type: 'string' },
			seed: { type: 'string' },
			start: { type: 'string' },
			months: { type: 'string' },
			encoding: { type: 'string' },
			headers: { type: 'string' }
		}
	});
	const started = performance.now();
	const result = await generateSample({
		outDir: values.out,
		tickets: integerOption('tickets', values.tickets, DEFAULT_TICKETS),
		seed: integerOption('seed', values.seed, DEFAULT_SEED),
		start: values.start ?? DEFAULT_START,
		months: integerOption('months', values.months, DEFAULT_MONTHS),
		ticketsEncoding: choice('encoding', values.encoding, ['gbk', 'utf8'] as const),
		ticketsHeaders: choice('headers', values.headers, ['zh', 'en'] as const)
	});
	const seconds = (performance.now() - started) / 1000;

	for (const file of result.files) {
		const bad = file.badRows ? ` (${file.badRows} deliberately bad)` : '';
		console.log(`${file.path}  ${file.table}  ${file.rows} rows${bad}`);
	}
	for (const bad of result.badRows) {
		console.log(`  bad row: ${bad.table}.csv line ${bad.line} ${bad.column}=${JSON.stringify(bad.value)} (${bad.rule})`);
	}
	console.log(`done in ${seconds.toFixed(1)} s`);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
