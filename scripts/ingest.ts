// npm run ingest -- [--db PATH] [--json] [--encoding utf-8|gbk] FILE_OR_FOLDER...
// npm run ingest -- [--db PATH] [--json] --undo INGEST_ID
// While the dashboard server runs it owns the warehouse: the files are handed to
// it and loaded there (scripts/lib/warehouse-access.ts).
import { basename, resolve } from 'node:path';
import { ingestFiles, type IngestResult } from '../src/lib/server/ingest/index';
import type { UndoResult } from '../src/lib/server/ingest/undo';
import { readEnv } from '../src/lib/server/config';
import { DEFAULT_DB } from '../src/lib/server/warehouse';
import { fail, parseArgs, str } from './args';
import { exitFlushed } from './lib/exit';
import { AccessError, runCommand } from './lib/warehouse-access';

const PRINTED_REJECTS = 100;
const SOURCE = { bom: 'it starts with a UTF-8 BOM', given: 'as --encoding says', detected: 'judged from the bytes; --encoding overrides' };

const args = parseArgs(process.argv.slice(2), ['db', 'encoding', 'undo']);
const json = args.flags.json === true;
const db = str(args, 'db', DEFAULT_DB);
const undo = str(args, 'undo');
const encodingArg = str(args, 'encoding');
const encoding = encodingArg === undefined ? undefined : encodingArg.toLowerCase().replace('utf8', 'utf-8').replace('gb18030', 'gbk');
if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'gbk') fail('--encoding must be utf-8 or gbk');
if (undo === undefined && args.positional.length === 0)
	fail('usage: npm run ingest -- [--db PATH] [--json] [--encoding utf-8|gbk] FILE_OR_FOLDER...  |  --undo INGEST_ID');
const tty = process.stderr.isTTY && !json;
const access = {
	memoryLimit: readEnv().memoryLimit,
	onWait: (pid: number | null) => process.stderr.write(`waiting for another process${pid ? ` (pid ${pid})` : ''} writing ${db} …\n`)
};

try {
	if (undo !== undefined) {
		const id = Number(undo);
		if (!Number.isInteger(id) || id < 1) fail('--undo takes an ingest number (npm run status lists them)');
		const r = await runCommand(db, 'undo', { id }, access);
		if (json) process.stdout.write(JSON.stringify(r) + '\n');
		else printUndo(r);
		await exitFlushed(0);
	}
	// as given here; made absolute for a server whose working folder may differ
	const paths = args.positional;
	let current = '';
	let started = 0;
	const result = await runCommand(
		db,
		'ingest',
		{ paths: paths.map((p) => resolve(p)), encoding },
		{
			...access,
			// (then the check for new alarms and reopened cases, as inside the server: src/lib/server/cases/after-ingest.ts)
			local: async (wh) => {
				// (FIELDLOOP_TRACE=1: the close that ends this process's ingest prints its checkpoint's time)
				wh.traceClose = true;
				return (await import('../src/lib/server/cases/after-ingest')).afterIngest(
					wh,
					await ingestFiles(wh, paths, {
						encoding,
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
					})
				);
			}
		}
	);
	if (tty) process.stderr.write('\r\x1b[K');
	if (json) process.stdout.write(JSON.stringify(result) + '\n');
	else printHuman(result);
	// webhook deliveries the check started (retried with backoff; at most 30 s more)
	await (await import('../src/lib/server/cases/webhook')).deliveriesSettled();
	await exitFlushed(result.ok ? 0 : 1);
} catch (err) {
	if (tty) process.stderr.write('\r\x1b[K');
	const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
	const code = err instanceof AccessError ? err.exitCode : 1;
	if (json) process.stdout.write(JSON.stringify({ ok: false, error: message }) + '\n');
	else process.stderr.write(`fieldloop: ${message}\n`);
	await exitFlushed(code);
}

function printUndo(r: UndoResult) {
	console.log(
		`↶ ingest #${r.ingest_id} (${basename(r.file)} → ${r.table}) undone: ${r.rows_removed} rows removed, ${r.rows_restored} restored`
	);
}

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
		if (f.older_export)
			console.log(
				`  ⚠ ${f.older_export.rows} updated rows held values from ${f.older_export.newer_file}, an export with data up to ` +
					`${f.older_export.newer_data_until}; this file's data ends ${f.older_export.file_data_until}. ` +
					`If this file is the older export, undo it: npm run ingest -- --undo ${f.ingest_id}`
			);
		if (f.samples?.length) console.log(`  read as ${f.encoding} (${SOURCE[f.encoding_source ?? 'detected']}): ${f.samples.join(' · ')}`);
		if (f.ignored_columns.length) console.log(`  columns not used: ${f.ignored_columns.join(', ')}`);
		for (const rej of f.rejects.slice(0, PRINTED_REJECTS))
			console.log(`  ${name}:${rej.line ?? '?'}${rej.column ? ` [${rej.column}]` : ''} ${JSON.stringify(rej.value)} — ${rej.rule}`);
		if (f.rejects.length > PRINTED_REJECTS || f.rejects_truncated)
			console.log(`  … ${f.rows_rejected} rejected rows in all; every reject is kept in the warehouse (npm run status, Data page)`);
	}
}
