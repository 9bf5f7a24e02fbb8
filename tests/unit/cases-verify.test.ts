// "Did the fix work?" on tickets with a known answer (fixtures/cases-data.ts),
// loaded into a real DuckDB file by the real ingest.
import { describe, expect, it } from 'vitest';
import { casesOpen, casesUpdate, casesVerify } from '../../src/lib/server/cases/service';
import { casesWarehouse } from './helpers/cases';

const DAYS = 30.4375;
const fx = casesWarehouse('cases');

async function caseWithCutIn(model: string, cutIn: string) {
	const c = await casesOpen(fx.wh, { fields: { product_model: model, fault_component: '电容' }, who: 'test' });
	const r = await casesUpdate(fx.wh, {
		id: c.id,
		input: { status: 'countermeasure', cut_in_date: cutIn, change_description: 'new capacitor', version: c.version },
		who: 'test'
	});
	expect(r.ok).toBe(true);
	return c.id;
}

describe('verdicts on fixtures with a known answer', () => {
	it('a fix that halves the rate, with a year of exposure on both sides: effective', async () => {
		const v = await casesVerify(fx.wh, { id: await caseWithCutIn('HALF', '2025-01-01') });
		// window: the new units' age on 2026-01-01 = 365 days; both groups 200 units × 365 days
		const t = (200 * 365) / DAYS;
		expect(v.window_months).toBeCloseTo(365 / DAYS, 10);
		expect(v.units_before).toBe(200); // the 2023-06 units are over 12 months before the cut-in
		expect(v.units_after).toBe(200);
		expect(v.unit_months_before).toBeCloseTo(t, 8);
		expect(v.unit_months_after).toBeCloseTo(t, 8);
		expect(v.failures_before).toBe(60); // the 10 repairs on day 400 are past the window
		expect(v.failures_after).toBe(30);
		expect(v.rate_before).toBeCloseTo((1000 * 60) / t, 10);
		expect(v.rate_after).toBeCloseTo((1000 * 30) / t, 10);
		expect(v.ratio).toBeCloseTo(0.5, 12);
		// binom.test(30, 90, 0.5); R poisson.test(c(30, 60), c(T, T)) gives the same p and interval
		expect(v.p_value).toBeCloseTo(0.00206026568096307, 12);
		expect(v.ci_low).toBeCloseTo(0.31135919751167, 9);
		expect(v.ci_high).toBeCloseTo(0.787467833194311, 9);
		expect(v.verdict).toBe('effective');
		expect(v.unit_months_needed).toBeNull();
	});

	it('no change after the cut-in, with exposure enough to have seen a halving: not_effective', async () => {
		const v = await casesVerify(fx.wh, { id: await caseWithCutIn('SAME', '2025-01-01') });
		expect(v.failures_before).toBe(60);
		expect(v.failures_after).toBe(60);
		expect(v.ratio).toBeCloseTo(1, 12);
		expect(v.p_value).toBeCloseTo(1, 12);
		expect(v.verdict).toBe('not_effective');
	});

	it('new units two months old: insufficient_exposure, with the unit-months still needed', async () => {
		const v = await casesVerify(fx.wh, { id: await caseWithCutIn('YOUNG', '2025-11-01') });
		// the new units are 61 days old on 2026-01-01: both groups are counted over their first 61 days
		const t = (200 * 61) / DAYS;
		expect(v.unit_months_before).toBeCloseTo(t, 8);
		expect(v.unit_months_after).toBeCloseTo(t, 8);
		expect(v.failures_before).toBe(10);
		expect(v.failures_after).toBe(5);
		// 2·P(X ≤ 5 | 15, ½) = 2·(1 + 15 + 105 + 455 + 1365 + 3003)/32768
		expect(v.p_value).toBeCloseTo((2 * 4944) / 32768, 12);
		expect(v.verdict).toBe('insufficient_exposure');
		// the old units' own 10 failures use more than half the budget (ln 2)²/(z.975 + z.8)²: both sides need (1/0.5 + 1)/(r·budget)
		const budget = Math.log(2) ** 2 / (1.959963984540054 + 0.8416212335729143) ** 2;
		const each = 3 / ((10 / t) * budget);
		expect(v.unit_months_needed).toEqual({ after: Math.ceil(each - t), before: Math.ceil(each - t) });
	});

	it('the Nevada rows are split at the cut-in', async () => {
		const v = await casesVerify(fx.wh, { id: await caseWithCutIn('HALF', '2025-01-01') });
		// day 100 in service is month 3 (2024-07-01 → 2024-10-09; 2025-01-01 → 2025-04-11); day 400 is month 13
		expect(v.nevada).toEqual([
			{ production_month: '2024-07', months_in_service: 3, repairs: 60, after: false },
			{ production_month: '2024-07', months_in_service: 13, repairs: 10, after: false },
			{ production_month: '2025-01', months_in_service: 3, repairs: 30, after: true }
		]);
	});

	it('the evidence: repairs, per 1,000 units installed to date, batches, descriptions', async () => {
		const c = await casesOpen(fx.wh, { fields: { product_model: 'HALF', fault_component: '电容' }, who: 'test' });
		const e = c.evidence!;
		expect(e.repairs).toBe(50 + 60 + 10 + 30);
		expect(e.data_until).toBe('2026-01-01');
		// 2024-10: the 60 repairs of the 2024-07 units; installed by then 100 + 200
		expect(e.by_month.find((m) => m.month === '2024-10')).toEqual({ month: '2024-10', repairs: 60, installs: 300, rate_per_1000: 200 });
		expect(e.batches).toEqual([
			{ batch: '2024-07A', repairs: 70 },
			{ batch: '2023-06A', repairs: 50 },
			{ batch: '2025-01A', repairs: 30 }
		]);
		expect(e.descriptions).toEqual([{ text: '外风机不转，电容鼓包', count: 150 }]);
	});
});
