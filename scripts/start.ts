// npm start: build the dashboard if needed, load the sample data into an empty
// warehouse, and serve it (the server then owns the warehouse: see src/lib/server/store.ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ingestFiles } from '../src/lib/server/ingest/index';
import { generateSample } from './sample/index';
import { DEFAULT_DB, Warehouse } from '../src/lib/server/warehouse';

const db = process.env.DB ?? DEFAULT_DB;
const port = process.env.PORT ?? '3000';
const host = process.env.HOST ?? '127.0.0.1';
const sampleDir = 'data/sample';
const buildDir = process.env.FIELDLOOP_BUILD_DIR ?? 'build';

function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
	}
	return newest;
}

function buildIfNeeded(): void {
	const built = `${buildDir}/index.js`;
	if (existsSync(built) && statSync(built).mtimeMs >= newestMtime('src')) return;
	console.log('building the dashboard …');
	const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

async function ensureData(): Promise<void> {
	// earlier versions served copies of the warehouse from here
	rmSync(join(dirname(db), '.snapshots'), { recursive: true, force: true });
	let wh: Warehouse;
	try {
		wh = await Warehouse.open(db);
	} catch (err) {
		if (!Warehouse.lockHolder(err)) throw err;
		console.error(`fieldloop: ${db} is held by another process (a running server, or an ingest): stop it or set DB to another file`);
		process.exit(3);
	}
	try {
		const { n } = await wh.one<{ n: number }>('SELECT count(*) AS n FROM tickets');
		if (n === 0) {
			if (!existsSync(join(sampleDir, 'tickets.csv'))) {
				console.log(`the warehouse is empty: generating the sample data in ${sampleDir} …`);
				await generateSample({ outDir: sampleDir });
			}
			console.log(`loading ${sampleDir} into ${db} …`);
			const result = await ingestFiles(wh, [sampleDir]);
			for (const f of result.files)
				console.log(`  ${f.file} → ${f.table}: ${f.rows_loaded} loaded, ${f.rows_rejected} rejected${f.error ? ` — ${f.error}` : ''}`);
		}
	} finally {
		wh.close();
	}
}

const t0 = Date.now();
buildIfNeeded();
await ensureData();
// scripts/serve.js: adapter-node's handler behind the Host check and the security headers (static assets too)
const server = spawn(process.execPath, ['scripts/serve.js', buildDir], {
	stdio: ['ignore', 'inherit', 'inherit'],
	env: { ...process.env, PORT: port, HOST: host, DB: db, BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? 'Infinity' }
});
console.log(`fieldloop is ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
