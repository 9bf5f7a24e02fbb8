// The dashboard server owns the warehouse while it runs: one DuckDB instance
// opened for writing, a few extra connections for reading side by side, and one
// queue through which every change goes (uploads, ingests handed over by the
// command line, undo). DuckDB's MVCC gives each read the last committed state,
// so a reader never sees rows without their derived tables, and nothing is
// copied. The command line finds the running server through a small file beside
// the warehouse (.fieldloop-server.json: pid, address, a secret) and hands its
// work to it instead of opening the file itself.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cleanStaleTemp } from './ingest/temp';
import { config } from './config';
import { knownVersion } from './meta-memo';
import { Warehouse } from './warehouse';

const READERS = 4;
const RETRY_OPEN_AFTER_MS = 1_000;

export class NoDataError extends Error {}

/** The warehouse is held by another process (an ingest from the command line): try again shortly. */
export class BusyError extends Error {}

export interface ServerInfo {
	pid: number;
	url: string;
	secret: string;
	db: string;
}

interface Open {
	writer: Warehouse;
	readers: Warehouse[];
	next: number;
	version: number;
	hasData: boolean;
}

let current: Open | null = null;
let opening: Promise<Open> | null = null;
let lastFailure = { at: 0, error: null as Error | null };
let queue: Promise<unknown> = Promise.resolve();
let secret: string | null = null;

export function dbPath(): string {
	return config().env.db;
}

export function serverInfoPath(db: string): string {
	return join(dirname(db), `.${basename(db)}.server.json`);
}

export function readServerInfo(db: string): ServerInfo | null {
	const p = serverInfoPath(db);
	if (!existsSync(p)) return null;
	try {
		return JSON.parse(readFileSync(p, 'utf8')) as ServerInfo;
	} catch {
		return null;
	}
}

/** The secret the command line presents to hand work to this server. */
export function serverSecret(): string | null {
	return secret;
}

function localUrl(): string {
	const { host, port } = config().env;
	const local = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	return `http://${local}:${port}`;
}

function announce(db: string): void {
	secret = randomBytes(24).toString('hex');
	const info: ServerInfo = { pid: process.pid, url: localUrl(), secret, db: basename(db) };
	writeFileSync(serverInfoPath(db), JSON.stringify(info), { mode: 0o600 });
	const remove = () => {
		const now = readServerInfo(db);
		if (now?.pid === process.pid) rmSync(serverInfoPath(db), { force: true });
	};
	process.once('exit', remove);
}

/** Work outside any HTTP request (the warm-up) that the shutdown waits for: closing a connection under a running query can keep the process from exiting. */
const holds = new Set<Promise<unknown>>();
export function holdShutdown<T>(work: Promise<T>): Promise<T> {
	holds.add(work);
	const release = () => holds.delete(work);
	work.then(release, release);
	return work;
}

// adapter-node's graceful shutdown (SIGTERM/SIGINT): write the WAL into the file before the process ends, once the
// held work is done (the requests are: the server closes after its last answer)
process.once('sveltekit:shutdown' as 'exit', () => {
	void Promise.allSettled([...holds]).then(() => {
		const o = current;
		current = null;
		if (!o) return;
		for (const r of o.readers) r.close();
		o.writer.close();
	});
});

async function open(): Promise<Open> {
	const db = dbPath();
	let writer: Warehouse;
	try {
		writer = await Warehouse.open(db);
	} catch (err) {
		const holder = Warehouse.lockHolder(err);
		if (holder)
			throw new BusyError(
				`the warehouse is being written by another process${holder.pid ? ` (pid ${holder.pid})` : ''}, usually an ingest from the command line; try again when it has finished`
			);
		throw err;
	}
	cleanStaleTemp(db);
	const readers: Warehouse[] = [];
	for (let i = 0; i < READERS; i++) readers.push(await writer.fork());
	announce(db);
	const o: Open = { writer, readers, next: 0, version: 0, hasData: false };
	await refreshVersion(o);
	return o;
}

async function refreshVersion(o: Open): Promise<void> {
	o.version = await o.writer.dataVersion();
	// every change runs through write(): meta is read once per version from here on (meta-memo.ts)
	knownVersion(o.writer, o.version);
	o.hasData = (await o.writer.one<{ n: number }>(`SELECT count(*) AS n FROM tickets`)).n > 0;
}

async function ensureOpen(): Promise<Open> {
	if (current) return current;
	if (lastFailure.error && Date.now() - lastFailure.at < RETRY_OPEN_AFTER_MS) throw lastFailure.error;
	opening ??= open()
		.then((o) => {
			current = o;
			lastFailure = { at: 0, error: null };
			return o;
		})
		.catch((err) => {
			lastFailure = { at: Date.now(), error: err };
			throw err;
		})
		.finally(() => {
			opening = null;
		});
	return opening;
}

/** A connection for a read, and the data version (for cache keys). */
export async function reader(): Promise<{ wh: Warehouse; version: number }> {
	const o = await ensureOpen();
	if (!o.hasData) throw new NoDataError('no data has been loaded yet: run npm run ingest -- FILES, or upload files on the Data page');
	const wh = o.readers[o.next];
	o.next = (o.next + 1) % o.readers.length;
	return { wh, version: o.version };
}

/** A connection for a read that also works on an empty warehouse (status, the command line). */
export async function readAny(): Promise<Warehouse> {
	const o = await ensureOpen();
	o.next = (o.next + 1) % o.readers.length;
	return o.readers[o.next];
}

/** Runs a change to the warehouse after every change queued before it; readers see it once it commits. */
export function write<T>(work: (wh: Warehouse) => Promise<T>): Promise<T> {
	const job = queue.then(async () => {
		const o = await ensureOpen();
		// no memo while the change runs (refreshVersion sets the new version)
		knownVersion(o.writer, null);
		try {
			return await work(o.writer);
		} finally {
			await refreshVersion(o);
		}
	});
	queue = job.catch(() => undefined);
	return job;
}
