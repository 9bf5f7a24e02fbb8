// The built dashboard server (adapter-node) on a free loopback port, and
// Debian's Chromium: shared by the browser tests and the benchmark.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { readEnv } from '../../src/lib/server/config';

export const CHROMIUM = '/usr/bin/chromium';
const SERVE_JS = fileURLToPath(new URL('../serve.js', import.meta.url));

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.listen(0, '127.0.0.1', () => {
			const port = (srv.address() as { port: number }).port;
			srv.close(() => resolve(port));
		});
		srv.on('error', reject);
	});
}

export interface Server {
	url: string;
	proc: ChildProcess;
	log: () => string;
	stop: () => Promise<void>;
}

export async function startServer(db: string, env: Record<string, string> = {}): Promise<Server> {
	const buildDir = readEnv().buildDir;
	const entry = `${buildDir}/handler.js`;
	if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npx vite build\` first (npm run test:e2e does)`);
	const port = await freePort();
	let output = '';
	// scripts/serve.js: adapter-node's handler behind the Host check and the security headers (static assets too)
	const proc = spawn(process.execPath, [SERVE_JS, buildDir], {
		env: { ...process.env, DB: db, PORT: String(port), HOST: '127.0.0.1', BODY_SIZE_LIMIT: 'Infinity', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	proc.stdout!.on('data', (d) => (output += d));
	proc.stderr!.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 30_000;
	for (;;) {
		try {
			const res = await fetch(`${url}/api/status`);
			if (res.status < 500 || res.status === 503) break; // listening (a 401 under VIEW_TOKEN counts, and a 503 with no data loaded)
		} catch {
			/* not listening yet */
		}
		if (proc.exitCode !== null) throw new Error(`server exited: ${output}`);
		if (Date.now() > deadline) {
			proc.kill('SIGKILL');
			throw new Error(`server did not start: ${output}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		url,
		proc,
		log: () => output,
		stop: () =>
			new Promise((resolve) => {
				if (proc.exitCode !== null) return resolve();
				proc.once('exit', () => resolve());
				proc.kill('SIGTERM');
			})
	};
}

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run',
			'--disable-sync',
			'--disable-quic'
		]
	});
}
