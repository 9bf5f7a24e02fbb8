// A named pipe (FIFO) DuckDB's read_csv reads while the ingest writes into it:
// a GBK file is transcoded as DuckDB reads it, with no UTF-8 copy on disk and
// the two running side by side (read_csv reads a pipe like a file, once).
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tempCsvPath } from './temp';

/** A new named pipe among the warehouse's scratch files, or null where none can be made (then a copy is written). */
export function makePipe(db: string): string | null {
	if (process.platform === 'win32') return null;
	const path = tempCsvPath(db);
	try {
		execFileSync('mkfifo', ['-m', '600', path], { stdio: 'ignore' });
		return path;
	} catch {
		return null;
	}
}

/**
 * Runs `read` (a statement reading the pipe) while `feed` writes into it, and returns what `read` returns.
 * If `read` fails, the feed must not wait forever for a reader that will never come (opening a pipe to write
 * waits for one) or for room in a pipe nobody empties: the pipe is opened and closed from here until the
 * feed gives up (its write fails: nobody reads), and the read's error is thrown. If the feed fails (the
 * file could not be read), DuckDB read a cut stream: the feed's error is thrown.
 */
export async function readWhileFeeding<T>(path: string, feed: () => Promise<void>, read: () => Promise<T>): Promise<T> {
	let settled = false;
	const feeding = feed().finally(() => (settled = true));
	let result: T;
	try {
		result = await read();
	} catch (err) {
		feeding.catch(() => undefined);
		for (let i = 0; i < 200 && !settled; i++) {
			try {
				closeSync(openSync(path, constants.O_RDONLY | constants.O_NONBLOCK));
			} catch {
				/* gone already */
			}
			await sleep(10);
		}
		throw err;
	}
	await feeding;
	return result;
}
