// Scratch files of an ingest (a GBK file transcoded to UTF-8, line ends made
// uniform) live in a folder beside the warehouse, so the next writer of the same
// warehouse can remove what a killed ingest left behind without touching another
// warehouse's files.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

function tempDir(db: string): string {
	return db === ':memory:' ? tmpdir() : join(dirname(db), `.${basename(db)}.tmp`);
}

export function tempCsvPath(db: string): string {
	const dir = tempDir(db);
	mkdirSync(dir, { recursive: true });
	return join(dir, `fieldloop-${randomBytes(6).toString('hex')}.csv`);
}

/** Call while holding the warehouse for writing: no other ingest of it can be using these files. */
export function cleanStaleTemp(db: string): void {
	if (db === ':memory:') return;
	const dir = tempDir(db);
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return; // no scratch folder yet
	}
	for (const n of names) if (n.startsWith('fieldloop-')) rmSync(join(dir, n), { force: true });
}
