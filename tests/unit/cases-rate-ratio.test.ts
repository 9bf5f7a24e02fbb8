import { describe, expect, it } from 'vitest';
import { binomTestTwoSided, clopperPearson, exposureNeeded, rateRatioTest } from '../../src/lib/stats/rate-ratio';

describe('rateRatioTest (exact conditional binomial)', () => {
	it('2 against 8 events in equal exposure: p = 2·P(X ≤ 2 | 10, ½) = 2·(1 + 10 + 45)/1024', () => {
		const t = rateRatioTest(2, 1000, 8, 1000);
		expect(t.ratio).toBe(0.25);
		expect(t.p_value).toBeCloseTo(112 / 1024, 14);
		// R 4.x poisson.test(c(2, 8), c(1000, 1000))$conf.int
		expect(t.ci_low).toBeCloseTo(0.0258627449108413, 10);
		expect(t.ci_high).toBeCloseTo(1.25273660233011, 10);
	});

	it('0 against 5 in equal exposure: p = 2/32, upper limit 0.025^(−1/5) − 1 (Clopper–Pearson at x = 0)', () => {
		const t = rateRatioTest(0, 100, 5, 100);
		expect(t.ratio).toBe(0);
		expect(t.p_value).toBeCloseTo(0.0625, 14);
		expect(t.ci_low).toBe(0);
		expect(t.ci_high).toBeCloseTo(Math.pow(0.025, -1 / 5) - 1, 10);
	});

	it('unequal exposure, a real drop: matches R poisson.test(c(30, 100), c(5000, 8000))', () => {
		const t = rateRatioTest(30, 5000, 100, 8000);
		expect(t.ratio).toBeCloseTo(0.48, 14);
		expect(t.p_value).toBeCloseTo(0.000277425317737434, 12);
		expect(t.ci_low).toBeCloseTo(0.308027233522697, 9);
		expect(t.ci_high).toBeCloseTo(0.728158001274984, 9);
	});

	it('no change within noise: matches R poisson.test(c(40, 45), c(2000, 2100))', () => {
		const t = rateRatioTest(40, 2000, 45, 2100);
		expect(t.p_value).toBeCloseTo(0.828381969377524, 12);
		expect(t.ci_low).toBeCloseTo(0.594070207086499, 9);
		expect(t.ci_high).toBeCloseTo(1.46162371788939, 9);
	});

	it('no events at all: no ratio, p = 1', () => {
		const t = rateRatioTest(0, 10, 0, 10);
		expect(Number.isNaN(t.ratio)).toBe(true);
		expect(t.p_value).toBe(1);
	});
});

describe('binomTestTwoSided and clopperPearson', () => {
	it('x = 3 of 4 at p = ½: outcomes 0, 1, 3, 4 are no likelier than 3 → (1 + 4 + 4 + 1)/16', () => {
		expect(binomTestTwoSided(3, 4, 0.5)).toBeCloseTo(10 / 16, 14);
	});
	it('x = n: the lower limit is (α/2)^(1/n), the upper 1', () => {
		const ci = clopperPearson(4, 4);
		expect(ci.low).toBeCloseTo(Math.pow(0.025, 1 / 4), 12);
		expect(ci.high).toBe(1);
	});
});

describe('exposureNeeded (halving against no change, α = 0.05, power 0.8)', () => {
	// (1.959964 + 0.841621)² = 7.848880; (ln 2)² = 0.480453; budget = 0.0612130
	const budget = Math.log(2) ** 2 / (1.959963984540054 + 0.8416212335729143) ** 2;
	it('plenty of old exposure: only the new units are short', () => {
		// r = 0.01/unit-month, T_before = 1e6 → 1/(rT) = 1e-4; need = 1/(0.5 · 0.01 · (budget − 1e-4))
		const need = exposureNeeded(0.01, 1e6, 1000)!;
		expect(need.before).toBe(0);
		expect(need.after).toBe(Math.ceil(1 / (0.005 * (budget - 1e-4)) - 1000));
		expect(need.after).toBeGreaterThan(2000);
		expect(need.after).toBeLessThan(4000);
	});
	it('enough of both: nothing more needed', () => {
		expect(exposureNeeded(0.01, 1e6, 1e6)).toEqual({ after: 0, before: 0 });
	});
	it('too little old exposure: both sides asked for the even split (1/0.5 + 1)/(r·budget)', () => {
		const each = 3 / (0.01 * budget);
		expect(exposureNeeded(0.01, 1000, 0)).toEqual({ after: Math.ceil(each), before: Math.ceil(each - 1000) });
	});
	it('no failures before: no answer', () => {
		expect(exposureNeeded(0, 1000, 1000)).toBeNull();
	});
});
