// The emerging-issue check on a real DuckDB warehouse loaded from a CSV written
// here (src/lib/server/metrics/faults.ts → src/lib/stats/emerging.ts), with the
// expected figures worked out independently below.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../src/lib/server/warehouse';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { emergingCheck, emergingIssues } from '../../src/lib/server/metrics/faults';
import { DEFAULT_SETTINGS } from '../../src/lib/server/settings';
import { monthSeq } from '../../src/lib/months';
import { ticketsCsv, type T } from './fixtures/metrics-fixture';

const A = 'KFR-35GW/A';
const B = 'KFR-26GW/B';
const C = 'KFR-50LW/C';

// 电容 (capacitor): models A and B, 2 repairs each a month from 2024-01; model C joins in 2025-03 with one a month.
// 2025-06: A has 20, B 2, C 6. 压缩机 (compressor): model A only, 1 a month.
const months = monthSeq('2024-01', '2025-06');
const rows: T[] = [];
let n = 0;
const repair = (month: string, model: string, component: string, count: number) => {
	for (let i = 0; i < count; i++)
		rows.push({
			id: `R${String(++n).padStart(5, '0')}`,
			created: `${month}-${String(1 + (i % 27)).padStart(2, '0')} 10:00`,
			type: 'repair',
			cust: `C${n}`,
			region: 'East',
			model,
			component
		});
};
for (const m of months) {
	repair(m, A, '电容', m === '2025-06' ? 20 : 2);
	repair(m, B, '电容', 2);
	if (m >= '2025-03') repair(m, C, '电容', m === '2025-06' ? 6 : 1);
	repair(m, A, '压缩机', 1);
}

/** P(Y ≥ y), Y ~ BetaBinomial(n, a, b): pmf(0) = Π (b + i)/(a + b + i), then pmf(k+1)/pmf(k) = (n − k)(k + a) / ((k + 1)(n − k − 1 + b)). */
function bbUpper(y: number, n: number, a: number, b: number): number {
	let p = 1;
	for (let i = 0; i < n; i++) p *= (b + i) / (a + b + i);
	let below = 0;
	for (let k = 0; k < y; k++) {
		below += p;
		p *= ((n - k) * (k + a)) / ((k + 1) * (n - k - 1 + b));
	}
	return 1 - below;
}

let dir: string;
let wh: Warehouse;

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-emerging-'));
	fs.writeFileSync(path.join(dir, 'tickets.csv'), ticketsCsv(rows));
	wh = await Warehouse.open(path.join(dir, 'w.duckdb'));
	const r = await ingestFiles(wh, [dir]);
	expect(r.ok).toBe(true);
});

afterAll(() => {
	wh?.close();
	if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('emergingCheck on a warehouse', () => {
	it('June 2025: A × 电容 is an alarm by its share of the component; worked out by hand', async () => {
		const check = await emergingCheck(wh, {}, '2025-06', DEFAULT_SETTINGS);
		// tested together: A × 电容, B × 电容 (share), A × 压缩机 (the only model with compressors: Farrington);
		// C × 电容 has 4 months of history (< 12): not enough history
		expect(check.tested).toBe(3);
		expect(check.not_enough_history).toBe(1);
		expect(check.alpha).toBeCloseTo(0.5 / 3, 12);
		// baseline months: 2024-01 … 2025-04 (16; 2025-05 is left out as the guard month)
		// A's repairs there: 16 × 2 = 32; 电容 repairs: 14 × 4 + 2 × 5 (C from 2025-03) = 66 → π = 32.5 / 67
		const pi = 32.5 / 67;
		// every baseline month has r² < 1 (A's 2 is within 0.5 of its expectation), so κ = max(0, Σ(r² − 1)/…) = 0
		expect(check.kappa).toBe(0);
		// so M = 1/(0 + 1/67) − 1 = 66; a = 66π, b = 66(1 − π)
		const a = 66 * pi;
		const b = 66 * (1 - pi);
		const N = 20 + 2 + 6;
		const p1 = bbUpper(20, N, a, b);
		expect(p1).toBeLessThan(0.1); // so the two-month test applies: May had A 2 of 5
		const p2 = bbUpper(20 + 2, N + 5, a, b);
		const pValue = Math.min(1, p1 / 0.3, p2 / 0.7);
		const rowA = check.pairs.find((p) => p.product_model === A && p.fault_component === '电容')!;
		expect(rowA).toMatchObject({ status: 'alarm', method: 'component_share', count: 20, component_total: 28 });
		expect(rowA.expected).toBeCloseTo(N * pi, 10);
		expect(rowA.baseline_share).toBeCloseTo(pi, 12);
		expect(rowA.share).toBeCloseTo(20 / 28, 12);
		expect(rowA.p_value! / pValue).toBeCloseTo(1, 8);
		expect(rowA.p_value!).toBeLessThan(check.alpha);
		// the threshold: the fewest repairs this month (component total held at 28) whose p is below α, and at least min_cases 5
		const tail = (k: number) => {
			const q1 = bbUpper(k, N, a, b);
			return Math.min(1, q1 / 0.3, (q1 < 0.1 ? bbUpper(k + 2, N + 5, a, b) : 1) / 0.7);
		};
		let thr = 1;
		while (tail(thr) >= check.alpha) thr++;
		expect(rowA.threshold).toBe(Math.max(thr, 5));
		expect(tail(rowA.threshold! - 1)).toBeGreaterThanOrEqual(rowA.threshold === 5 ? 0 : check.alpha);
		// history: the 18 months of data up to June
		expect(rowA.history.map((h) => h.count)).toEqual([...new Array(17).fill(2), 20]);
		expect(rowA.history[0].month).toBe('2024-01');

		const rowB = check.pairs.find((p) => p.product_model === B && p.fault_component === '电容')!;
		expect(rowB.status).toBe('no_alarm');
		// B's 2 of 28 is below its expectation 28 × 32.5/67: p1 ≥ 0.1 so only the one-month test, p = min(1, p1/0.3) = 1
		expect(rowB.p_value).toBe(1);

		const rowC = check.pairs.find((p) => p.product_model === C)!;
		expect(rowC).toMatchObject({ status: 'not_enough_history', expected: null, threshold: null, p_value: null, count: 6 });

		const comp = check.pairs.find((p) => p.fault_component === '压缩机')!;
		expect(comp).toMatchObject({ product_model: A, method: 'farrington', status: 'no_alarm', count: 1 });
	});

	it('the alarms are what emergingIssues lists, with baseline = expected', async () => {
		const issues = await emergingIssues(wh, {}, '2025-06', DEFAULT_SETTINGS);
		expect(issues.map((i) => [i.product_model, i.fault_component, i.count, i.status])).toEqual([[A, '电容', 20, 'alarm']]);
		expect(issues[0].baseline).toBeCloseTo((28 * 32.5) / 67, 10);
	});

	it("a model filter lists that model's pairs but keeps the other models as the control", async () => {
		const all = await emergingCheck(wh, {}, '2025-06', DEFAULT_SETTINGS);
		const onlyB = await emergingCheck(wh, { model: B }, '2025-06', DEFAULT_SETTINGS);
		expect(onlyB.pairs.map((p) => p.product_model)).toEqual([B]);
		expect(onlyB.pairs[0].p_value).toBe(all.pairs.find((p) => p.product_model === B)!.p_value);
		expect(onlyB.tested).toBe(3);
	});

	it('the first months of data: not enough history, never an alarm', async () => {
		for (const m of ['2024-01', '2024-06', '2024-12']) {
			const check = await emergingCheck(wh, {}, m, DEFAULT_SETTINGS);
			expect(check.tested).toBe(0);
			expect(check.pairs.every((p) => p.status === 'not_enough_history')).toBe(true);
			expect(await emergingIssues(wh, {}, m, DEFAULT_SETTINGS)).toEqual([]);
		}
		// 2025-02: baseline 2024-01 … 2024-12 = 12 months → tested
		expect((await emergingCheck(wh, {}, '2025-02', DEFAULT_SETTINGS)).tested).toBe(3);
	});
});
