// The benchmark itself works (at 10k rows): every figure is there, with its ratio.
// A smoke test of the tool, not a timed test: no figure is compared with a limit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

test('npm run bench -- --rows 10000 prints and records every figure', () => {
	const dir = mkdtempSync(join(tmpdir(), 'fl-bench-'));
	const out = join(dir, 'results.json');
	const run = spawnSync(
		process.execPath,
		['--import', 'tsx', 'scripts/bench.ts', '--rows', '10000', '--out', out, '--data', join(dir, 'data')],
		{
			encoding: 'utf8',
			timeout: 600_000
		}
	);
	expect(run.status, run.stderr).toBe(0);
	const r = JSON.parse(readFileSync(out, 'utf8'));
	expect(r.rows).toBe(10_000);
	expect(r.ingest.map((i: { variant: string }) => i.variant)).toEqual(['gbk', 'utf8']);
	for (const i of r.ingest) {
		expect(i.rows_loaded).toBe(9_993); // the sample's 7 bad ticket rows are rejected
		for (const k of ['wall_ms', 'rows_per_s', 'peak_rss_mb', 'raw_duckdb_ms', 'ratio_project_to_raw']) expect(i[k], k).toBeGreaterThan(0);
	}
	// 27 data sources, each with the default and a narrow filter
	expect(r.queries).toHaveLength(54);
	for (const q of r.queries)
		for (const k of ['cold_ms', 'warm_p50_ms', 'warm_p95_ms', 'bare_p50_ms', 'ratio_warm_to_bare'])
			expect(q[k], `${q.endpoint} ${k}`).toBeGreaterThan(0);
	expect(r.browser.overview_charts_drawn_ms).toBeGreaterThan(0);
	expect(r.browser.js_gzip_kb).toBeGreaterThan(50);
	expect(r.server_rss_mb).toBeGreaterThan(0);
	expect(run.stdout).toContain('project ÷ raw');
	expect(run.stdout).toContain('warm ÷ bare');
	expect(run.stdout).toMatch(/overview charts drawn in \d+ ms; JS [\d.]+ KB gzip/);
});
