// The server's view of the warehouse: the latest published snapshot, opened
// read-only, with a few connections so requests run side by side. A new
// snapshot (after an ingest) is picked up within a second, without a restart.
import { existsSync, statSync } from 'node:fs';
import { readPointer, pointerPath, type SnapshotPointer } from '../snapshot';
import { DEFAULT_DB, Warehouse } from '../warehouse';

const CONNECTIONS = 4;
const CHECK_EVERY_MS = 500;
const CLOSE_OLD_AFTER_MS = 60_000;

interface Open {
	pointer: SnapshotPointer;
	conns: Warehouse[];
	next: number;
}

let current: Open | null = null;
let opening: Promise<Open> | null = null;
let lastCheck = 0;
let lastMtime = 0;

export class NoDataError extends Error {}

export function dbPath(): string {
	return process.env.DB ?? DEFAULT_DB;
}

async function openSnapshot(pointer: SnapshotPointer): Promise<Open> {
	const first = await Warehouse.open(pointer.file, { readOnly: true });
	const conns = [first];
	for (let i = 1; i < CONNECTIONS; i++) conns.push(await first.fork());
	return { pointer, conns, next: 0 };
}

async function refresh(): Promise<Open> {
	const now = Date.now();
	if (current && now - lastCheck < CHECK_EVERY_MS) return current;
	lastCheck = now;
	const ptr = pointerPath(dbPath());
	const mtime = existsSync(ptr) ? statSync(ptr).mtimeMs : 0;
	if (current && mtime === lastMtime) return current;
	const pointer = readPointer(dbPath());
	if (!pointer) throw new NoDataError('no data has been loaded yet: run npm run ingest -- FILES');
	if (current && pointer.version === current.pointer.version) {
		lastMtime = mtime;
		return current;
	}
	if (!opening)
		opening = openSnapshot(pointer).finally(() => {
			opening = null;
		});
	const next = await opening;
	const old = current;
	current = next;
	lastMtime = mtime;
	if (old && old !== next) setTimeout(() => old.conns.forEach((c) => c.close()), CLOSE_OLD_AFTER_MS).unref();
	return next;
}

/** A connection to the current snapshot and the snapshot's version (for cache keys). */
export async function reader(): Promise<{ wh: Warehouse; version: number }> {
	const open = await refresh();
	const wh = open.conns[open.next];
	open.next = (open.next + 1) % open.conns.length;
	return { wh, version: open.pointer.version };
}
