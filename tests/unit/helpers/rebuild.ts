// The checks the tests of maintained tables share: the warehouse as kept (by an ingest's incremental refresh, an
// undo, the open) against what a whole rebuild makes — the rebuild worked out inside a transaction and rolled back,
// so the warehouse is left as it was — and a small file of rows ingested on the incremental path.
import { expect } from 'vitest';
import { contentHashes } from '../../../src/lib/server/content-hash';
import { rebuildDerived } from '../../../src/lib/server/facts';
import { ingestFiles, type FileResult } from '../../../src/lib/server/ingest/index';
import type { SqlRunner } from '../../../src/lib/server/sql-runner';
import type { Warehouse } from '../../../src/lib/server/warehouse';

/** What `read` gives of the warehouse as kept, and after `rebuild` (run in a transaction, then rolled back). */
export async function keptAndRebuilt<T>(
	db: SqlRunner,
	rebuild: () => Promise<unknown>,
	read: () => Promise<T>
): Promise<{ kept: T; rebuilt: T }> {
	const kept = await read();
	await db.run('BEGIN TRANSACTION');
	try {
		await rebuild();
		return { kept, rebuilt: await read() };
	} finally {
		await db.run('ROLLBACK');
	}
}

/** The content hashes (content-hash.ts) as kept, and as the full build of the derived tables makes them. */
export const hashesKeptAndRebuilt = (db: SqlRunner) =>
	keptAndRebuilt(
		db,
		() => rebuildDerived(db),
		() => contentHashes(db)
	);

/** The tables among `tables` (by default every table the content hash reads) whose content differs from a full rebuild's. */
export async function unlikeRebuild(db: SqlRunner, tables?: readonly string[]): Promise<string[]> {
	const { kept, rebuilt } = await hashesKeptAndRebuilt(db);
	return (tables ?? Object.keys(kept)).filter((t) => kept[t] !== rebuilt[t]);
}

/** Writes the rows of `select` to the CSV file `file` (a header line, commas) and ingests it: that file's result. */
export async function ingestRows(wh: Warehouse, file: string, select: string): Promise<FileResult> {
	await wh.run(`COPY (${select}) TO '${file.replace(/'/g, "''")}' (HEADER, DELIMITER ',')`);
	const res = await ingestFiles(wh, [file]);
	return res.files[0];
}

/** Ingests one file of good rows that changes something (`label` in the messages): its result. */
export async function ingestChanging(wh: Warehouse, file: string, label: string): Promise<FileResult> {
	const res = await ingestFiles(wh, [file]);
	const f = res.files[0];
	expect(f.error, label).toBeUndefined();
	expect(f.rows_rejected, `${label}: ${JSON.stringify(f.rejects)}`).toBe(0);
	expect(f.rows_inserted + f.rows_updated, label).toBeGreaterThan(0);
	return f;
}

/** ingestRows for a small file of good rows (`name` in the messages): loaded whole, on the incremental path; its ingest id. */
export async function ingestSmall(wh: Warehouse, file: string, select: string, name: string): Promise<number> {
	const f = await ingestRows(wh, file, select);
	expect(f.error, name).toBeUndefined();
	expect(f.rows_rejected, name).toBe(0);
	expect(f.derived, name).toBe('incremental');
	return f.ingest_id!;
}
