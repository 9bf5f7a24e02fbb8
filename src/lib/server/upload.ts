// Loading files from the browser: off unless ADMIN_TOKEN is set. Each upload is
// streamed to a folder of its own (a random id: two uploads of the same name
// never meet) under a size limit, loaded by the same ingest code as the command
// line through the server's one write queue, and removed once loaded or refused.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { ingestFiles, type IngestResult } from './ingest/index';
import { config, settings } from './config';
import { dbPath, write } from './store';

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
	const token = config().env.adminToken;
	if (!token) throw new UploadError(403, 'uploading is off: start the server with ADMIN_TOKEN set to allow it');
	const given = authorization?.replace(/^Bearer\s+/i, '');
	if (!tokenMatches(given, token)) throw new UploadError(401, 'the admin token is missing or wrong');
}

function safeName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? 'upload.csv';
	const clean = base.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120);
	return /\.(csv|xlsx)$/i.test(clean) ? clean : `${clean}.csv`;
}

function uploadsDir(): string {
	return join(dirname(dbPath()), 'uploads');
}

// What a server killed mid-upload left behind (nothing else writes there while this server runs).
rmSync(uploadsDir(), { recursive: true, force: true });

/** Streams the request body to data/uploads/<random id>/<name>, refusing more than the size limit. */
export async function saveUpload(body: ReadableStream<Uint8Array> | null, name: string, declaredLength: number | null): Promise<string> {
	const limitMb = settings().upload_max_mb;
	const max = limitMb * 2 ** 20;
	if (declaredLength !== null && declaredLength > max)
		throw new UploadError(413, `the file is larger than the upload limit of ${limitMb} MB`);
	if (!body) throw new UploadError(400, 'the request has no file');
	const dir = join(uploadsDir(), randomUUID());
	mkdirSync(dir, { recursive: true });
	const path = join(dir, safeName(name));
	const out = createWriteStream(path, { flags: 'wx' });
	let bytes = 0;
	try {
		for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
			bytes += chunk.length;
			if (bytes > max) throw new UploadError(413, `the file is larger than the upload limit of ${limitMb} MB`);
			if (!out.write(chunk)) await once(out, 'drain');
		}
		out.end();
		await once(out, 'finish');
		return path;
	} catch (err) {
		out.destroy();
		rmSync(dir, { recursive: true, force: true });
		throw err;
	}
}

export type Encoding = 'utf-8' | 'gbk';

/** Loads a saved upload (after any load already queued) and removes it; the report names files without server paths. */
export async function ingestUpload(path: string, opts: { encoding?: Encoding } = {}): Promise<IngestResult> {
	try {
		// (after the load: new alarms announced, reopened cases — src/lib/server/cases/after-ingest.ts; never fails the upload)
		const result = await write(async (wh) => (await import('./cases/after-ingest')).afterIngest(wh, await ingestFiles(wh, [path], opts)));
		return { ...result, files: result.files.map((f) => ({ ...f, file: basename(f.file) })) };
	} finally {
		rmSync(dirname(path), { recursive: true, force: true });
	}
}
