// A child process timed from spawn to exit, with its peak RSS and, when the
// ingest runs with FIELDLOOP_TRACE=1, the time of each phase it printed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
export function runMeasured(cmd: string, argv: string[], env: Record<string, string> = {}): Promise<Measured> {
	return new Promise((resolve) => {
		const t0 = performance.now();
		const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
		let stdout = '';
		let stderr = '';
		let peak = 0;
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
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

/** `npm run ingest -- --db DB --json …` with FIELDLOOP_TRACE=1, timed. */
export function ingestCli(db: string, argv: string[]): Promise<Measured> {
	return runMeasured(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--db', db, '--json', ...argv], { FIELDLOOP_TRACE: '1' });
}

export function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
