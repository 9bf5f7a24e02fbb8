// npm run ingest -- [--db PATH] [--json] FILE_OR_FOLDER...
import { basename } from 'node:path';
import { ingestFiles, type IngestResult } from '../src/lib/server/ingest/index';
import { publishSnapshot } from '../src/lib/server/snapshot';
import { DEFAULT_DB, Warehouse } from '../src/lib/server/warehouse';
import { fail, parseArgs, str } from './args';

const PRINTED_REJECTS = 100;

const args = parseArgs(process.argv.slice(2), ['db']);
if (args.positional.length === 0) fail('usage: npm run ingest -- [--db PATH] [--json] FILE_OR_FOLDER...');
const json = args.flags.json === true;
const tty = process.stderr.isTTY && !json;

const wh = await Warehouse.open(str(args, 'db', DEFAULT_DB), { memoryLimit: process.env.FIELDLOOP_MEMORY_LIMIT ?? '600MB' });
let current = '';
let started = 0;
const result = await ingestFiles(wh, args.positional, {
	onFile: (plan) => {
		current = `${basename(plan.path)} → ${plan.table.name}`;
		started = Date.now();
		if (tty) process.stderr.write(`${current} …`);
	},
	onProgress: tty
		? (fraction) => {
				const width = 30;
				const filled = Math.round(fraction * width);
				const secs = (Date.now() - started) / 1000;
				process.stderr.write(
					`\r${current} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0)}% ${secs.toFixed(1)}s`
				);
			}
		: undefined
});
if (tty) process.stderr.write('\r\x1b[K');
// the dashboard reads the published snapshot, so it sees the new data without a restart
if (result.files.some((f) => !f.error && f.rows_inserted + f.rows_updated > 0)) await publishSnapshot(wh);
wh.close();

if (json) process.stdout.write(JSON.stringify(result) + '\n');
else printHuman(result);
process.exit(result.ok ? 0 : 1);

function printHuman(r: IngestResult) {
	for (const f of r.files) {
		const name = basename(f.file);
		if (f.error) {
			console.log(`✗ ${name}: nothing loaded — ${f.error}`);
			continue;
		}
		console.log(
			`✓ ${name} → ${f.table} (${f.encoding}): ${f.rows_read} rows read, ${f.rows_loaded} loaded ` +
				`(${f.rows_inserted} new, ${f.rows_updated} updated, ${f.rows_unchanged} unchanged), ${f.rows_rejected} rejected`
		);
		if (f.ignored_columns.length) console.log(`  columns not used: ${f.ignored_columns.join(', ')}`);
		for (const rej of f.rejects.slice(0, PRINTED_REJECTS))
			console.log(`  ${name}:${rej.line ?? '?'}${rej.column ? ` [${rej.column}]` : ''} ${JSON.stringify(rej.value)} — ${rej.rule}`);
		if (f.rejects.length > PRINTED_REJECTS || f.rejects_truncated)
			console.log(`  … ${f.rows_rejected} rejected rows in all; every reject is kept in the warehouse (npm run status, Data page)`);
	}
}
