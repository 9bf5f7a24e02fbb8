// SIGKILL at 20 moments spread over a whole multi-file ingest (before any file,
// mid-file, between files, after files committed, while closing). After each kill
// the warehouse must hold its derived tables exactly as a full rebuild would make
// them (the server reads this same file, so what it serves agrees), and running
// the same command again must reach the content of an uninterrupted run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentHash } from '../../src/lib/server/content-hash';
import { TIER_TABLES } from '../../src/lib/server/rollup';
import { Warehouse } from '../../src/lib/server/warehouse';
import { writeWritePathData } from './fixtures/write-path-data';
import { unlikeRebuild } from './helpers/rebuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TRIALS = 20;

let dir: string;
let inputs: string[];
let reference: string;
let fullMs: number;

function ingest(db: string, killAfterMs?: number) {
	return new Promise<{ code: number | null; signal: string | null; ms: number }>((resolve) => {
		const t0 = Date.now();
		const p = spawn(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--db', db, '--json', ...inputs], {
			cwd: ROOT,
			stdio: 'ignore'
		});
		const timer = killAfterMs === undefined ? null : setTimeout(() => p.kill('SIGKILL'), killAfterMs);
		p.on('exit', (code, signal) => {
			if (timer) clearTimeout(timer);
			resolve({ code, signal, ms: Date.now() - t0 });
		});
	});
}

/** Are ticket_facts, filter_options and every rollup tier what a full rebuild would make? (worked out, then rolled back) */
async function derivedConsistent(wh: Warehouse): Promise<boolean> {
	return (await unlikeRebuild(wh, ['ticket_facts', 'filter_options', ...TIER_TABLES])).length === 0;
}

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-kill-'));
	const files = writeWritePathData(dir, { tickets: 4000 });
	// one command, eight files: the base export and a second round that updates it
	inputs = [path.join(dir, 'base'), path.join(dir, 'second')];
	const db = path.join(dir, 'reference.duckdb');
	const run = await ingest(db);
	expect(run.code).toBe(0);
	fullMs = run.ms;
	const wh = await Warehouse.open(db, { readOnly: true });
	reference = await contentHash(wh);
	wh.close();
	expect(files.second).toHaveLength(4);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe(`SIGKILL at ${TRIALS} moments of one ingest`, () => {
	it('each kill leaves consistent derived tables, and each rerun reaches the uninterrupted content', async () => {
		const outcomes: { at: number; filesCommitted: number; consistent: boolean; rerunEqual: boolean }[] = [];
		for (let i = 0; i < TRIALS; i++) {
			// from the command's start-up to just past its usual end
			const at = Math.round(fullMs * (0.15 + (0.9 * i) / (TRIALS - 1)));
			const db = path.join(dir, `trial-${i}.duckdb`);
			await ingest(db, at);
			let filesCommitted = 0;
			let consistent = true;
			if (fs.existsSync(db)) {
				const wh = await Warehouse.open(db);
				filesCommitted = (await wh.one<{ n: number }>(`SELECT count(*) AS n FROM ingests`)).n;
				consistent = await derivedConsistent(wh);
				wh.close();
			}
			const rerun = await ingest(db);
			const wh = await Warehouse.open(db, { readOnly: true });
			const rerunEqual = rerun.code === 0 && (await contentHash(wh)) === reference;
			wh.close();
			outcomes.push({ at, filesCommitted, consistent, rerunEqual });
			fs.rmSync(db, { force: true });
			fs.rmSync(`${db}.wal`, { force: true });
		}
		console.log(
			`[kill-trials] uninterrupted ingest ${fullMs} ms; kills at ${outcomes.map((o) => `${o.at}ms:${o.filesCommitted}f`).join(' ')}`
		);
		expect(outcomes.filter((o) => !o.consistent)).toEqual([]);
		expect(outcomes.filter((o) => !o.rerunEqual)).toEqual([]);
		// the kills really were spread over the run: some before any file committed, some with part of the files in
		const committed = outcomes.map((o) => o.filesCommitted);
		expect(Math.min(...committed)).toBe(0);
		expect(committed.filter((n) => n > 0 && n < 8).length).toBeGreaterThanOrEqual(3);
	}, 900_000);
});
