// A child process timed from spawn to exit, with its peak RSS and, when the
// ingest runs with FIELDLOOP_TRACE=1, the time of each phase it printed.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export interface Measured {
	wall_ms: number;
	peak_rss_mb: number;
	stdout: string;
	stderr: string;
	code: number;
	/** phase → seconds, from the `[ingest] phase: N s` lines of FIELDLOOP_TRACE=1 */
	phases: Record<string, number>;
}

export const ms = (t0: number) => performance.now() - t0;

/** Peak RSS of a child process: VmHWM from /proc, read until it exits. */
export function runMeasured(
	cmd: string,
	argv: string[],
	env: Record<string, string> = {},
	live?: (chunk: string) => void
): Promise<Measured> {
	return new Promise((resolve) => {
		const t0 = performance.now();
		const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
		let stdout = '';
		let stderr = '';
		let peak = 0;
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => {
			stderr += d;
			live?.(String(d));
		});
		const poll = setInterval(() => {
			try {
				const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
				if (m) peak = Math.max(peak, Number(m[1]));
			} catch {
				/* exited */
			}
		}, 50);
		child.on('exit', (code) => {
			clearInterval(poll);
			const wall = ms(t0);
			const phases: Record<string, number> = {};
			for (const m of stderr.matchAll(/^\[ingest\] (.+): ([\d.]+) s$/gm)) phases[m[1]] = (phases[m[1]] ?? 0) + Number(m[2]);
			const other = stderr.replace(/^\[ingest\] .*\n?/gm, '');
			if (other.trim()) process.stderr.write(other);
			resolve({ wall_ms: wall, peak_rss_mb: peak / 1024, stdout, stderr, code: code ?? -1, phases });
		});
	});
}

/** `npm run ingest -- --db DB --json …` with FIELDLOOP_TRACE=1, timed; `live` sees its stderr (the phases) as it comes. */
export function ingestCli(db: string, argv: string[], live?: (chunk: string) => void, env: Record<string, string> = {}): Promise<Measured> {
	return runMeasured(
		process.execPath,
		['--import', 'tsx', 'scripts/ingest.ts', '--db', db, '--json', ...argv],
		{ FIELDLOOP_TRACE: '1', ...env },
		live
	);
}

export function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** DuckDB's own time for the work an ingest is compared with: `CREATE TABLE raw AS SELECT * FROM read_csv(csv)` in a scratch file under dir. */
export async function rawDuckdb(csv: string, dir: string, config: Record<string, string> = {}): Promise<number> {
	const path = join(dir, 'raw.duckdb');
	rmSync(path, { force: true });
	const inst = await DuckDBInstance.create(path, config);
	const conn = await inst.connect();
	const t0 = performance.now();
	await conn.run(`CREATE TABLE raw AS SELECT * FROM read_csv($p)`, { p: csv });
	const t = ms(t0);
	conn.closeSync();
	inst.closeSync();
	rmSync(path, { force: true });
	return t;
}
