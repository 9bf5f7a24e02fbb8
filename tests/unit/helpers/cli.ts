// Running the project's commands as a user would: node with tsx, from the
// project root, colours off, and the output as text.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs scripts/<name>.ts with these arguments and waits for it (two minutes at most). */
export function runScript(script: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
	const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: 120_000,
		env: { ...process.env, FORCE_COLOR: '0', ...env }
	});
	if (r.error) throw r.error;
	return r;
}

/** stdout as JSON, or an error that shows what the command printed instead */
export function parseJsonOut(r: SpawnSyncReturns<string>) {
	try {
		return JSON.parse(r.stdout);
	} catch {
		throw new Error(`stdout is not JSON (exit ${r.status}):\n${r.stdout}\nstderr:\n${r.stderr}`);
	}
}
