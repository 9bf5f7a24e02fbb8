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
		[
			'--import',
			'tsx',
			'scripts/bench.ts',
			'--rows',
			'10000',
			'--growth',
			'10000',
			'--runs',
			'1',
			'--out',
			out,
			'--data',
			join(dir, 'data')
		],
		{
			encoding: 'utf8',
			timeout: 900_000
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
	// 31 data sources (scripts/bench.ts endpoints), each with the default and a narrow filter
	expect(r.queries).toHaveLength(62);
	for (const q of r.queries)
		for (const k of ['cold_ms', 'warm_p50_ms', 'warm_p95_ms', 'bare_p50_ms', 'ratio_warm_to_bare'])
			expect(q[k], `${q.endpoint} ${k}`).toBeGreaterThan(0);
	// the growth: each small file into the 10,000-ticket warehouse and into an empty one
	expect(r.growth.bases).toEqual([expect.objectContaining({ warehouse_tickets: 10_000 })]);
	expect(r.growth.rows.map((g: { file: string }) => g.file)).toEqual(['growth-new10.csv', 'growth-upd1000.csv']);
	const [new10, upd] = r.growth.rows;
	// 10 copies of stored tickets under new ids; 900 stored tickets with another satisfaction and 100 new ones
	expect([new10.rows_inserted, new10.rows_updated]).toEqual([10, 0]);
	expect([upd.rows_inserted, upd.rows_updated]).toEqual([100, 900]);
	expect(new10.derived).toBe('incremental');
	for (const g of r.growth.rows) {
		for (const k of ['wall_ms', 'empty_wall_ms', 'ratio_to_empty']) expect(g[k], `${g.file} ${k}`).toBeGreaterThan(0);
		expect(Object.keys(g.phases)).toContain('facts');
	}
	expect(run.stdout).toContain('N ÷ empty');
	expect(r.browser.overview_charts_drawn_ms).toBeGreaterThan(0);
	expect(r.browser.js_gzip_kb).toBeGreaterThan(50);
	expect(r.server_rss_mb).toBeGreaterThan(0);
	expect(run.stdout).toContain('project ÷ raw');
	expect(run.stdout).toContain('warm ÷ bare');
	expect(run.stdout).toMatch(/overview charts drawn in \d+ ms; JS [\d.]+ KB gzip/);
}, 900_000);
