// npm run cases on a real warehouse file: open, a stale --version refused, update with a cut-in, verify --json, export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { Warehouse } from '../../src/lib/server/warehouse';
import { writeCasesTickets } from './fixtures/cases-data';
import { VERIFICATION_FIGURES } from './helpers/cases';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let db: string;

function cases(...args: string[]) {
	const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cases.ts', '--db', db, ...args], { cwd: ROOT, encoding: 'utf8' });
	return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-cases-cli-'));
	db = path.join(dir, 'wh.duckdb');
	const wh = await Warehouse.open(db);
	await ingestFiles(wh, [writeCasesTickets(dir)]);
	wh.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm run cases', () => {
	it('open → a stale version refused (exit 4) → countermeasure with a cut-in → verify --json → list and export', () => {
		const opened = cases('open', '--model', 'HALF', '--component', '电容', '--title', 'Capacitors', '--who', 'Li', '--json');
		expect(opened.code).toBe(0);
		expect(JSON.parse(opened.out)).toMatchObject({
			id: 1,
			version: 1,
			status: 'open',
			title: 'Capacitors',
			history: [{ who: 'Li', what: 'opened' }]
		});

		expect(cases('update', '1', '--status', 'sent_to_factory', '--version', '1', '--who', 'Li').code).toBe(0);
		const stale = cases('update', '1', '--status', 'cause_found', '--version', '1');
		expect(stale.code).toBe(4);
		expect(stale.err).toContain('case 1 was changed meanwhile (version 2, you had 1)');

		const cm = cases(
			'update',
			'1',
			'--status',
			'countermeasure',
			'--cut-in',
			'2025-01-01',
			'--note',
			'new lot',
			'--version',
			'2',
			'--json'
		);
		expect(cm.code).toBe(0);
		expect(JSON.parse(cm.out)).toMatchObject({ version: 3, status: 'countermeasure', cut_in_date: '2025-01-01' });

		const v = cases('verify', '1', '--json');
		expect(v.code).toBe(0);
		const j = JSON.parse(v.out);
		// the HALF fixture: 30 against 60 failures in 200 × 365 days each (tests/unit/cases-verify.test.ts works it out)
		const t = (200 * 365) / 30.4375;
		expect(j.verdict).toBe('effective');
		expect(j.rate_before).toBeCloseTo((1000 * 60) / t, 10);
		expect(j.rate_after).toBeCloseTo((1000 * 30) / t, 10);
		expect(j.ratio).toBeCloseTo(0.5, 12);
		expect(j.p_value).toBeCloseTo(0.00206026568096307, 12);
		expect(j.unit_months_before).toBeCloseTo(t, 8);
		expect(j.unit_months_after).toBeCloseTo(t, 8);
		expect(Object.keys(j).slice(0, VERIFICATION_FIGURES.length)).toEqual(VERIFICATION_FIGURES);

		const list = cases('list');
		expect(list.out).toMatch(/^\s+1\s+countermeasure\s+0d\s+effective\s+—\s+Capacitors\n$/);
		const md = cases('export', '1', '--format', 'md', '--lang', 'en');
		expect(md.out).toContain('# Case 1: Capacitors');
		expect(md.out).toContain('**effective**');
		expect(cases('export', '1', '--format', 'pdf').err).toContain('export ID --format pdf needs --out FILE');
	}, 60_000);
});
