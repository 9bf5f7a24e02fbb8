// Ingest a set of files or folders: sniff and plan each, load tickets before
// what refers to them, one transaction per file.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LOAD_ORDER } from '../../contract';
import type { Warehouse } from '../warehouse';
import { loadFile, type FileResult, type LoadOptions } from './load';
import { planFile, type FilePlan } from './plan';
import { FileRejected, sniffFile } from './sniff';
import { tempCsvPath } from './temp';
import { isXlsxPath, xlsxToCsv } from './xlsx';

export type { FileResult, RejectRow } from './load';

export interface IngestResult {
	ok: boolean;
	files: FileResult[];
}

export function expandInputs(inputs: string[], missing: string[] = []): string[] {
	const files: string[] = [];
	for (const input of inputs) {
		if (!existsSync(input)) {
			missing.push(input);
			continue;
		}
		const st = statSync(input);
		if (st.isDirectory())
			files.push(
				...readdirSync(input)
					.filter((f) => f.toLowerCase().endsWith('.csv') || (isXlsxPath(f) && !f.startsWith('~$')))
					.sort()
					.map((f) => join(input, f))
			);
		else files.push(input);
	}
	return files;
}

function failed(file: string, error: string): FileResult {
	return {
		file,
		table: null,
		rows_read: 0,
		rows_loaded: 0,
		rows_rejected: 0,
		rows_inserted: 0,
		rows_updated: 0,
		rows_unchanged: 0,
		ignored_columns: [],
		error,
		rejects: []
	};
}

export function describeError(err: unknown): string {
	if (err instanceof FileRejected) return err.message;
	const msg = err instanceof Error ? err.message : String(err);
	// DuckDB's own messages carry a stack of context; the first line says what happened. Paths in it
	// (a scratch file, an upload's folder) are shown by their file name only: the server's folders are nobody's business.
	const line = msg
		.split('\n')[0]
		.replace(/^(Invalid Input Error|Conversion Error|IO Error): /, '')
		.replace(/(?<=^|[\s"'(])(?:[A-Za-z]:)?[\\/](?:[^\\/\s"']+[\\/])+([^\\/\s"']+)/g, '$1');
	return /^Out of Memory Error/.test(line) ? `${line} — ${OUT_OF_MEMORY_HINT}` : line;
}

/** A large first load can need more than the command line's default memory limit; say how to give it more. */
export const OUT_OF_MEMORY_HINT =
	'nothing of this file was loaded: DuckDB ran out of the memory a load may use; raise FIELDLOOP_MEMORY_LIMIT (e.g. FIELDLOOP_MEMORY_LIMIT=4GB) and run the command again';

export async function ingestFiles(
	wh: Warehouse,
	inputs: string[],
	opts: LoadOptions & {
		onFile?: (plan: FilePlan) => void;
		/** read every file in this encoding instead of judging it from the bytes */
		encoding?: 'utf-8' | 'gbk';
	} = {}
): Promise<IngestResult> {
	const results: FileResult[] = [];
	const plans: FilePlan[] = [];
	const missing: string[] = [];
	const files = expandInputs(inputs, missing);
	for (const m of missing) results.push(failed(m, 'no such file or folder'));
	const scratch: string[] = [];
	try {
		for (const file of files) {
			try {
				plans.push(
					isXlsxPath(file) ? await planXlsx(wh, file, scratch) : planFile(file, await sniffFile(file, { encoding: opts.encoding }))
				);
			} catch (err) {
				results.push(failed(file, describeError(err)));
			}
		}
		plans.sort((a, b) => LOAD_ORDER.indexOf(a.table.name) - LOAD_ORDER.indexOf(b.table.name));
		for (const plan of plans) {
			opts.onFile?.(plan);
			try {
				results.push(await loadFile(wh, plan, opts));
			} catch (err) {
				results.push({ ...failed(plan.path, describeError(err)), table: plan.table.name, encoding: plan.sniffed.encoding });
			}
		}
	} finally {
		for (const f of scratch) rmSync(f, { force: true });
	}
	return { ok: results.every((r) => !r.error), files: results };
}

/** An .xlsx file: its sheet written to a scratch UTF-8 CSV, planned like any CSV, still named as the .xlsx. */
async function planXlsx(wh: Warehouse, file: string, scratch: string[]): Promise<FilePlan> {
	const csv = tempCsvPath(wh.path);
	scratch.push(csv);
	const sheet = await xlsxToCsv(file, csv);
	const plan = planFile(file, await sniffFile(csv, { encoding: 'utf-8' }));
	plan.source = { csv, sheet: sheet.sheet, lineOf: sheet.lineOf };
	return plan;
}
