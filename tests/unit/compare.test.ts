import { describe, expect, it } from 'vitest';
import { fisherExact, twoProportionTest } from '../../src/lib/stats/compare';

describe('twoProportionTest', () => {
	it('2/18 against 0/18: +11.1 pts is within noise', () => {
		// margins 2 events in 36: P(X = 2) = P(X = 0) = C(18,2)/C(36,2) = 153/630, P(X = 1) = 324/630;
		// two-sided p = (153 + 153)/630 (R fisher.test: 0.485714285714286)
		const t = twoProportionTest(2, 18, 0, 18);
		expect(t.diff).toBeCloseTo(2 / 18, 14);
		expect(t.p_value).toBeCloseTo(306 / 630, 12);
		expect(t.significant).toBe(false);
		expect(t.ci_low).toBeLessThan(0);
		expect(t.ci_high).toBeGreaterThan(0);
	});

	it('10/20 against 0/20 is significant: p = 2·C(20,10)/C(40,10)', () => {
		const t = twoProportionTest(10, 20, 0, 20);
		expect(t.p_value).toBeCloseTo((2 * 184756) / 847660528, 14);
		expect(t.significant).toBe(true);
		expect(t.ci_low).toBeGreaterThan(0);
	});

	it("Newcombe's (1998) worked examples for method 10", () => {
		// Table II: (a) 56/70 − 48/80 → 0.0524 to 0.3339; (b) 9/10 − 3/10 → 0.1705 to 0.8090
		const a = twoProportionTest(56, 70, 48, 80);
		expect(a.diff).toBeCloseTo(0.2, 12);
		expect(a.ci_low).toBeCloseTo(0.0524, 4);
		expect(a.ci_high).toBeCloseTo(0.3339, 4);
		const b = twoProportionTest(9, 10, 3, 10);
		expect(b.ci_low).toBeCloseTo(0.1705, 4);
		expect(b.ci_high).toBeCloseTo(0.809, 4);
	});

	it('matches R fisher.test on asymmetric tables', () => {
		// fisher.test(matrix(c(56,14,48,32),2))$p.value and matrix(c(9,1,3,7),2), R 4.x
		expect(fisherExact(56, 70, 48, 80)).toBeCloseTo(0.0125211297492092, 12);
		expect(fisherExact(9, 10, 3, 10)).toBeCloseTo(0.0197666110978804, 12);
	});

	it('no change: p = 1 and an interval around 0', () => {
		const t = twoProportionTest(3, 30, 3, 30);
		expect(t.diff).toBe(0);
		expect(t.p_value).toBeCloseTo(1, 12);
		expect(t.significant).toBe(false);
		expect(t.ci_low).toBeCloseTo(-t.ci_high, 12);
	});

	it('empty or invalid groups give NaN and never significant', () => {
		const t = twoProportionTest(0, 0, 1, 5);
		expect(t.p_value).toBeNaN();
		expect(t.significant).toBe(false);
		expect(twoProportionTest(6, 5, 1, 5).diff).toBeNaN();
	});
});
