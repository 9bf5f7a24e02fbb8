// Loading files from the browser: off unless ADMIN_TOKEN is set; the file is
// streamed to disk (never held whole in memory) under a size limit, then loaded
// by the same ingest command as on the command line, which publishes a snapshot
// the dashboard picks up.
import { spawn } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { dbPath } from './api/reader';
import { loadSettings } from './config';

export class UploadError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

export function tokenMatches(given: string | null | undefined, expected: string): boolean {
	if (!given) return false;
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

export function checkAdmin(authorization: string | null): void {
	const token = process.env.ADMIN_TOKEN;
	if (!token) throw new UploadError(403, 'uploading is off: start the server with ADMIN_TOKEN set to allow it');
	const given = authorization?.replace(/^Bearer\s+/i, '');
	if (!tokenMatches(given, token)) throw new UploadError(401, 'the admin token is missing or wrong');
}

function safeName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? 'upload.csv';
	const clean = base.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120);
	return clean.toLowerCase().endsWith('.csv') ? clean : `${clean}.csv`;
}

/** Streams the request body to data/uploads/, refusing more than the size limit. */
export async function saveUpload(body: ReadableStream<Uint8Array> | null, name: string, declaredLength: number | null): Promise<string> {
	const max = loadSettings().upload_max_mb * 2 ** 20;
	if (declaredLength !== null && declaredLength > max)
		throw new UploadError(413, `the file is larger than the upload limit of ${loadSettings().upload_max_mb} MB`);
	if (!body) throw new UploadError(400, 'the request has no file');
	const dir = join(dirname(dbPath()), 'uploads');
	mkdirSync(dir, { recursive: true });
	const path = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safeName(name)}`);
	const out = createWriteStream(path);
	let bytes = 0;
	try {
		for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
			bytes += chunk.length;
			if (bytes > max) throw new UploadError(413, `the file is larger than the upload limit of ${loadSettings().upload_max_mb} MB`);
			if (!out.write(chunk)) await once(out, 'drain');
		}
		out.end();
		await once(out, 'finish');
		return path;
	} catch (err) {
		out.destroy();
		rmSync(path, { force: true });
		throw err;
	}
}

let running: Promise<unknown> = Promise.resolve();

/** Runs `npm run ingest -- --json FILE` (one load at a time) and returns its JSON report. */
export function ingestUpload(path: string): Promise<unknown> {
	const job = running.then(
		() =>
			new Promise((resolve, reject) => {
				const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--db', dbPath(), '--json', path], {
					stdio: ['ignore', 'pipe', 'pipe']
				});
				let stdout = '';
				let stderr = '';
				child.stdout.on('data', (d) => (stdout += d));
				child.stderr.on('data', (d) => (stderr += d));
				child.on('exit', () => {
					try {
						resolve(JSON.parse(stdout));
					} catch {
						const locked = /lock/i.test(stderr);
						reject(
							new UploadError(
								locked ? 409 : 500,
								locked ? 'another load is writing the warehouse; try again when it has finished' : 'the load failed; see the server log'
							)
						);
						if (!locked) console.error('upload ingest failed:', stderr);
					}
				});
			})
	);
	running = job.catch(() => undefined);
	return job;
}
