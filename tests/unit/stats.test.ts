import { describe, expect, it } from 'vitest';
import { Z95, paretoShares, pChartLimits, poissonUpperTail, wilsonInterval } from '../../src/lib/stats';

/** |got − want| ≤ tol·|want| */
function expectRel(got: number, want: number, tol = 1e-9) {
	expect(Number.isFinite(got)).toBe(true);
	expect(Math.abs(got - want)).toBeLessThanOrEqual(tol * Math.abs(want));
}

/** Independent check: Wilson bounds are the roots π of (p̂ − π)² = z²·π(1−π)/n. */
function wilsonResidual(x: number, n: number, pi: number, z = Z95) {
	const p = x / n;
	return (p - pi) ** 2 - (z * z * pi * (1 - pi)) / n;
}

describe('wilsonInterval', () => {
	it('40/200 at 95 %', () => {
		// p̂ = 0.2, z² = 3.841458820694124, z²/n = 0.01920729410, z²/2n = 0.00960364705
		// centre = (0.2 + 0.00960364705) / 1.01920729410 = 0.2056535879
		// half   = z·√(0.16/200 + 3.8414588/160000) / 1.0192072941
		//        = 1.959963985·√0.000824009118 / 1.0192072941 = 0.0552015786
		// → low 0.1504520093, high 0.2608551866 (mpmath: 0.15045200926098116, 0.26085518656537878)
		const { low, high } = wilsonInterval(40, 200);
		expect(low).toBeCloseTo(0.15045200926098116, 12);
		expect(high).toBeCloseTo(0.26085518656537878, 12);
		expect(Math.abs(wilsonResidual(40, 200, low))).toBeLessThan(1e-15);
		expect(Math.abs(wilsonResidual(40, 200, high))).toBeLessThan(1e-15);
	});

	it('1/2 at 95 % is symmetric about 1/2', () => {
		// p̂ = 0.5 → centre = (0.5 + z²/4)/(1 + z²/2) = 0.5 exactly.
		// half = z·√(0.25/2 + z²/16)/(1 + z²/2) = 1.959963985·√0.365091176/2.920729410
		//      = 1.959963985·0.604227420/2.920729410 = 0.405468794
		// → 0.094531206, 0.905468794
		const { low, high } = wilsonInterval(1, 2);
		expect(low).toBeCloseTo(0.09453120573423073, 12);
		expect(high).toBeCloseTo(0.90546879426576927, 12);
		expect(low + high).toBeCloseTo(1, 15);
	});

	it('0/10 and 10/10 touch the boundary', () => {
		// x = 0: centre = half = (z²/2n)/(1+z²/n) → low 0, high = (z²/n)/(1+z²/n)
		//       = 0.3841458821/1.3841458821 = 0.2775327999
		expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.2775327998628892, 12) });
		const full = wilsonInterval(10, 10);
		expect(full.high).toBe(1);
		expect(full.low).toBeCloseTo(1 - 0.2775327998628892, 12);
	});

	it('a wider z gives a wider interval (z = 1 → roughly ±1 s.e.)', () => {
		// z = 1, 50/100: centre 0.5, half = √(0.0025 + 0.000025)/1.01 = 0.0502493781/1.01 = 0.0497518595
		const { low, high } = wilsonInterval(50, 100, 1);
		expect(low).toBeCloseTo(0.5 - 0.04975185951049946, 12);
		expect(high).toBeCloseTo(0.5 + 0.04975185951049946, 12);
	});

	it('n = 0 and invalid input give NaN', () => {
		expect(wilsonInterval(0, 0)).toEqual({ low: NaN, high: NaN });
		expect(wilsonInterval(3, 2)).toEqual({ low: NaN, high: NaN });
		expect(wilsonInterval(-1, 5)).toEqual({ low: NaN, high: NaN });
	});
});

describe('pChartLimits', () => {
	it('p̄ = 0.1, n = 100 → 0.1 ± 3·0.03', () => {
		// σ = √(0.1·0.9/100) = √0.0009 = 0.03; 3σ = 0.09 → [0.01, 0.19]
		const { lcl, ucl } = pChartLimits(0.1, 100);
		expect(lcl).toBeCloseTo(0.01, 14);
		expect(ucl).toBeCloseTo(0.19, 14);
	});

	it('clamps the lower limit at 0 and the upper at 1', () => {
		// p̄ = 0.02, n = 50: σ = √(0.0196/50) = √0.000392 = 0.0197989899; 3σ = 0.0593969696
		// LCL = 0.02 − 0.0594 < 0 → 0; UCL = 0.0793969696
		expect(pChartLimits(0.02, 50)).toEqual({ lcl: 0, ucl: expect.closeTo(0.07939696961966999, 14) });
		// p̄ = 0.99, n = 10: σ = √(0.0099/10) = √0.00099 = 0.0314642654; 3σ = 0.0943927963
		// UCL = 1.0843927963 → 1; LCL = 0.99 − 0.0943927963 = 0.8956072037 (mpmath: 0.89560720366468636)
		expect(pChartLimits(0.99, 10)).toEqual({ lcl: expect.closeTo(0.8956072036646864, 14), ucl: 1 });
	});

	it('degenerate p̄ = 0 has zero-width limits; n ≤ 0 is NaN', () => {
		expect(pChartLimits(0, 40)).toEqual({ lcl: 0, ucl: 0 });
		expect(pChartLimits(0.1, 0)).toEqual({ lcl: NaN, ucl: NaN });
	});
});

describe('poissonUpperTail', () => {
	/** P(X ≥ k) by direct summation Σ_{j=k}^{k+400} e^−λ λ^j / j!, with j! built by exact multiplication. */
	function directTail(k: number, lambda: number): number {
		let fact = 1;
		for (let i = 2; i <= k; i++) fact *= i; // exact for k ≤ 18, correctly rounded-ish up to 170
		let term = (Math.exp(-lambda) * lambda ** k) / fact;
		let total = 0;
		for (let j = k; j < k + 400; j++) {
			total += term;
			term *= lambda / (j + 1);
		}
		return total;
	}

	it('k ≤ 0 → 1, λ = 0 → 0, λ < 0 → NaN', () => {
		expect(poissonUpperTail(0, 3)).toBe(1);
		expect(poissonUpperTail(-2, 3)).toBe(1);
		expect(poissonUpperTail(1, 0)).toBe(0);
		expect(poissonUpperTail(1, -1)).toBeNaN();
	});

	it('P(X ≥ 5 | λ = 1) = 1 − e⁻¹(1 + 1 + 1/2 + 1/6 + 1/24)', () => {
		// 1 + 1 + 0.5 + 0.1666… + 0.041666… = 2.708333…; e⁻¹·2.708333… = 0.996340153172656
		// → 0.00365984682734371 (mpmath: 0.0036598468273437123455)
		const byHand = 1 - Math.exp(-1) * (1 + 1 + 1 / 2 + 1 / 6 + 1 / 24);
		expectRel(poissonUpperTail(5, 1), byHand, 1e-12);
		expectRel(poissonUpperTail(5, 1), 0.0036598468273437123455, 1e-13);
	});

	it('P(X ≥ 30 | λ = 10) by direct summation', () => {
		// e⁻¹⁰·10³⁰/30! = 4.5399929762e-5 · 1e30 / 2.6525285981e32 = 1.7115122e-7 is the first term;
		// the ratios 10/31, 10/32, … add ~46.7 % → 2.50995e-7 (mpmath: 2.5099512015279078234e-7)
		const want = directTail(30, 10);
		expectRel(want, 2.5099512015279078234e-7, 1e-12); // the loop itself is right
		expectRel(poissonUpperTail(30, 10), want, 1e-9);
		expectRel(poissonUpperTail(30, 10), 2.5099512015279078234e-7, 1e-12);
	});

	it('tiny λ: P(X ≥ 1 | 1e-3) = 1 − e^−λ, P(X ≥ 3 | 1e-3) ≈ λ³/6', () => {
		// 1 − e^−0.001 = 0.001 − 0.0000005 + 1.6667e-10 − … = 9.99500166625e-4 (use −expm1 to avoid cancellation)
		expectRel(poissonUpperTail(1, 1e-3), -Math.expm1(-1e-3), 1e-14);
		// λ³/6·e^−λ·(1 + λ/4 + λ²/20 + …) = 1.6666667e-10 · 0.9990005 · 1.00025 = 1.6654172e-10
		expectRel(poissonUpperTail(3, 1e-3), directTail(3, 1e-3), 1e-12);
		expectRel(poissonUpperTail(3, 1e-3), 1.6654171665278075345e-10, 1e-12);
	});

	it('agrees with direct summation over a grid of small cases', () => {
		for (const lambda of [0.3, 1, 2.5, 7, 20, 60]) {
			for (const k of [1, 2, 3, 5, 8, 13, 21, 34, 55, 89]) {
				expectRel(poissonUpperTail(k, lambda), directTail(k, lambda), 1e-9);
			}
		}
	});

	it('successive tails differ by exactly the point probability', () => {
		// P(X ≥ k) − P(X ≥ k+1) = P(X = k) = exp(−λ + k ln λ − ln k!), ln k! by summing logs
		const lambda = 250;
		for (const k of [200, 249, 250, 251, 300]) {
			let lnFact = 0;
			for (let i = 2; i <= k; i++) lnFact += Math.log(i);
			const pmf = Math.exp(-lambda + k * Math.log(lambda) - lnFact);
			const diff = poissonUpperTail(k, lambda) - poissonUpperTail(k + 1, lambda);
			expectRel(diff, pmf, 1e-8); // the difference of two ~0.5 numbers: absolute error ~1e-16
		}
	});

	it('large k and λ match high-precision values (mpmath gammainc, 40 digits)', () => {
		expectRel(poissonUpperTail(10000, 10000), 0.50132980833995520038, 1e-9);
		expectRel(poissonUpperTail(10201, 10000), 0.022749242009095960534, 1e-9);
		expectRel(poissonUpperTail(3000, 2900), 0.032859991921120974345, 1e-9);
		// far tail: the value is ~1e-170, still relative 1e-9
		expectRel(poissonUpperTail(2000, 1000), 3.058192080168756795e-170, 1e-9);
	});

	it('rounds a non-integer k up', () => {
		expect(poissonUpperTail(4.2, 1)).toBe(poissonUpperTail(5, 1));
	});
});

describe('paretoShares', () => {
	it('cumulative shares of a sorted list', () => {
		// total 50 + 30 + 15 + 5 = 100 → 0.5, 0.8, 0.95, 1
		const s = paretoShares([50, 30, 15, 5]);
		expect(s).toHaveLength(4);
		expect(s[0]).toBeCloseTo(0.5, 15);
		expect(s[1]).toBeCloseTo(0.8, 15);
		expect(s[2]).toBeCloseTo(0.95, 15);
		expect(s[3]).toBe(1);
	});

	it('last share is exactly 1 even when floats do not add up', () => {
		// 0.1 + 0.2 + 0.3 … in binary does not sum exactly; the last share is forced to 1
		const s = paretoShares([0.3, 0.2, 0.1, 0.1, 0.1]);
		expect(s[s.length - 1]).toBe(1);
		expect(s[0]).toBeCloseTo(0.3 / 0.8, 15);
	});

	it('empty → [], all zero → zeros, single → [1]', () => {
		expect(paretoShares([])).toEqual([]);
		expect(paretoShares([0, 0])).toEqual([0, 0]);
		expect(paretoShares([7])).toEqual([1]);
	});
});
