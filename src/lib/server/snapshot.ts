// Reading while loading. DuckDB lets one process write a database file, and a
// reader in another process blocks that writer. So the dashboard never opens
// the warehouse itself: after each ingest the writer checkpoints and publishes a
// read-only copy (a snapshot) and a pointer file naming it; the server follows
// the pointer and switches to the new snapshot between requests.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Warehouse } from './warehouse';

export interface SnapshotPointer {
	file: string;
	version: number;
	published_at: string;
}

const KEEP_SNAPSHOTS = 3;

export function snapshotDir(dbPath: string): string {
	return join(dirname(dbPath), '.snapshots');
}

export function pointerPath(dbPath: string): string {
	return join(snapshotDir(dbPath), `${basename(dbPath)}.current.json`);
}

export function readPointer(dbPath: string): SnapshotPointer | null {
	const p = pointerPath(dbPath);
	if (!existsSync(p)) return null;
	try {
		return JSON.parse(readFileSync(p, 'utf8')) as SnapshotPointer;
	} catch {
		return null;
	}
}

/**
 * Publishes the warehouse as a new snapshot. Call it from the process that holds
 * the warehouse open for writing (so no other writer can change it meanwhile).
 */
export async function publishSnapshot(wh: Warehouse): Promise<SnapshotPointer> {
	await wh.run('CHECKPOINT');
	const dir = snapshotDir(wh.path);
	mkdirSync(dir, { recursive: true });
	const version = Date.now();
	const file = join(dir, `${basename(wh.path)}.${version}`);
	copyFileSync(wh.path, `${file}.tmp`);
	renameSync(`${file}.tmp`, file);
	const pointer: SnapshotPointer = { file, version, published_at: new Date(version).toISOString() };
	const ptr = pointerPath(wh.path);
	writeFileSync(`${ptr}.tmp`, JSON.stringify(pointer));
	renameSync(`${ptr}.tmp`, ptr);
	pruneSnapshots(wh.path, file);
	return pointer;
}

/** Old snapshots go once they are a few versions behind (a reader may still have the previous one open). */
function pruneSnapshots(dbPath: string, current: string): void {
	const dir = snapshotDir(dbPath);
	const prefix = `${basename(dbPath)}.`;
	const snaps = readdirSync(dir)
		.filter((f) => f.startsWith(prefix) && /^\d+$/.test(f.slice(prefix.length)))
		.map((f) => join(dir, f))
		.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
	for (const old of snaps.slice(KEEP_SNAPSHOTS)) if (old !== current) rmSync(old, { force: true });
}
