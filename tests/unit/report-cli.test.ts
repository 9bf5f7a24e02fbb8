// The command lines around a month: an .xlsx loaded by `npm run ingest`, then
// `npm run report` for a month with tickets (exit 0), one without (exit 1 and
// a message), an impossible month (exit 2, named as invalid, not "required").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import writeXlsxFile from 'write-excel-file/node';
import { runScript } from './helpers/cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-report-cli-'));
const db = path.join(dir, 'warehouse.duckdb');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (script: string, args: string[]) => runScript(script, ['--db', db, ...args]);

describe('ingest an .xlsx, then report by month', () => {
	beforeAll(async () => {
		const at = (d: number) => ({ value: new Date(Date.UTC(2026, 6, d, 9)), type: Date, format: 'yyyy-mm-dd hh:mm' });
		await writeXlsxFile([
			['工单号', '报修时间', '类型', '客户编号'],
			['GD1', at(3), '维修', 'C1'],
			['GD2', at(10), '安装', 'C2'],
			['GD3', at(20), '投诉', 'C1']
		] as never).toFile(path.join(dir, '七月工单.xlsx'));
	});

	it('loads the workbook from the command line', () => {
		const r = run('scripts/ingest.ts', ['--json', path.join(dir, '七月工单.xlsx')]);
		expect(r.status, r.stderr).toBe(0);
		const out = JSON.parse(r.stdout);
		expect(
			out.files.map((f: { table: string; rows_loaded: number; rows_rejected: number }) => [f.table, f.rows_loaded, f.rows_rejected])
		).toEqual([['tickets', 3, 0]]);
	}, 120_000);

	it('a month with tickets: the review as JSON, exit 0', () => {
		const r = run('scripts/report.ts', ['--month', '2026-07', '--format', 'json']);
		expect(r.status, r.stderr).toBe(0);
		const out = JSON.parse(r.stdout);
		expect(out.month).toBe('2026-07');
		// docs/METRICS.md: complaint tickets ÷ all other tickets = 1 ÷ 2
		expect([out.kpis.complaint_rate.numerator, out.kpis.complaint_rate.denominator]).toEqual([1, 2]);
	}, 120_000);

	it('a month without tickets: nothing on stdout, a message, exit 1', () => {
		const r = run('scripts/report.ts', ['--month', '2026-08', '--lang', 'en']);
		expect(r.status).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr.trim()).toBe('no tickets in 2026-08: nothing to review (npm run status shows what is loaded)');
	}, 120_000);

	it('an impossible month is named as invalid, in either language; a missing one as required', () => {
		const en = run('scripts/report.ts', ['--month', '2026-13', '--lang', 'en']);
		expect(en.status).toBe(2);
		expect(en.stderr.trim()).toBe('error: --month 2026-13 is not a month: give YYYY-MM with a month from 01 to 12 (e.g. --month 2026-07)');
		const zh = run('scripts/report.ts', ['--month', '2026-00']);
		expect(zh.status).toBe(2);
		expect(zh.stderr.trim()).toBe('error: --month 2026-00 不是有效的月份：请写成 YYYY-MM，月份为 01 到 12（例如 --month 2026-07）');
		const none = run('scripts/report.ts', ['--lang', 'en']);
		expect(none.status).toBe(2);
		// (a period may be a week, a month or a quarter: the message names all three)
		expect(none.stderr.trim()).toBe('error: give one period: --week YYYY-Www, --month YYYY-MM or --quarter YYYY-Qn (e.g. --month 2026-07)');
	}, 120_000);
});
