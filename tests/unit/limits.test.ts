import { describe, expect, it } from 'vitest';
import { exactLimits, groupVerdict, overdispersedLimits, overdispersion, TAIL_3SIGMA } from '../../src/lib/stats/limits';
import { pChartLimits } from '../../src/lib/stats';

// Binomial probabilities written out term by term, independent of the code's incomplete beta.
function choose(n: number, k: number): number {
	let c = 1;
	for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
	return c;
}
const pmf = (j: number, n: number, p: number) => choose(n, j) * p ** j * (1 - p) ** (n - j);
const cdf = (r: number, n: number, p: number) => Array.from({ length: r + 1 }, (_, j) => pmf(j, n, p)).reduce((a, b) => a + b, 0);

describe('exactLimits (Spiegelhalter 2005, A.1.1)', () => {
	it('n = 1: the upper limit interpolates inside the single step, the lower clamps at 0', () => {
		// P(Y ≤ 0) = 0.922 < 0.99865 ≤ P(Y ≤ 1) = 1, so r = 1 and α = (1 − 0.99865) / 0.078
		const l = exactLimits(1, 0.078);
		expect(l.upper).toBeCloseTo(1 - 0.00135 / 0.078, 12);
		expect(l.lower).toBe(0);
	});

	it('n = 4 at p̄ = 0.078: r = 3 on the upper side', () => {
		const p = 0.078;
		expect(cdf(2, 4, p)).toBeLessThan(1 - TAIL_3SIGMA); // 0.998213
		expect(cdf(3, 4, p)).toBeGreaterThanOrEqual(1 - TAIL_3SIGMA); // 0.999963
		const alpha = (cdf(3, 4, p) - (1 - TAIL_3SIGMA)) / pmf(3, 4, p);
		const l = exactLimits(4, p);
		expect(l.upper).toBeCloseTo((3 - alpha) / 4, 12);
		expect(l.upper).toBeCloseTo(0.56245, 4);
		expect(l.lower).toBe(0);
	});

	it('n = 5 at p̄ = 0.075: r = 3 on the upper side', () => {
		const p = 0.075;
		expect(cdf(2, 5, p)).toBeLessThan(1 - TAIL_3SIGMA);
		expect(cdf(3, 5, p)).toBeGreaterThanOrEqual(1 - TAIL_3SIGMA);
		const alpha = (cdf(3, 5, p) - (1 - TAIL_3SIGMA)) / pmf(3, 5, p);
		expect(exactLimits(5, p).upper).toBeCloseTo((3 - alpha) / 5, 12);
	});

	it('large n: matches the interpolation computed in R with qbinom/pbinom/dbinom', () => {
		// n = 10 000, p = 0.3 (R 4.x): r = qbinom(p, n, p0); limit = (r − (pbinom(r) − p)/dbinom(r)) / n
		// lower: r = 2863 → 0.286255983951989; upper: r = 3138 → 0.313750697017505
		const l = exactLimits(10000, 0.3);
		expect(l.lower).toBeCloseTo(0.286255983951989, 9);
		expect(l.upper).toBeCloseTo(0.313750697017505, 9);
		// and within a step or two of the normal approximation p ± 3σ
		const n = pChartLimits(0.3, 10000);
		expect(Math.abs(l.upper - n.ucl)).toBeLessThan(5e-4);
		expect(Math.abs(l.lower - n.lcl)).toBeLessThan(5e-4);
	});

	it('invalid input gives NaN limits', () => {
		expect(exactLimits(0, 0.1).upper).toBeNaN();
		expect(exactLimits(3, 1.2).lower).toBeNaN();
		expect(exactLimits(2.5, 0.1).lower).toBeNaN();
	});
});

describe('groupVerdict', () => {
	it('a single rework on a single job is never flagged, whatever the target', () => {
		for (const p of [0.0001, 0.001, 0.03, 0.078, 0.5]) expect(groupVerdict(1, 1, p)).toBe('too_few');
		expect(groupVerdict(0, 1, 0.999)).toBe('too_few');
	});

	it('2/4 at p̄ = 0.078: exact tail 0.0328 is not a 3σ signal, though the normal p-chart limit flags it', () => {
		const tail = 1 - cdf(1, 4, 0.078);
		expect(tail).toBeCloseTo(0.0328186, 6);
		expect(pChartLimits(0.078, 4).ucl).toBeLessThan(0.5); // the old verdict: 0.480 → flagged
		expect(groupVerdict(2, 4, 0.078)).toBe('within');
	});

	it('4/5 at p̄ = 0.075: exact tail 1.49e-4 is above', () => {
		const tail = pmf(4, 5, 0.075) + pmf(5, 5, 0.075);
		expect(tail).toBeCloseTo(0.000148711, 8);
		expect(groupVerdict(4, 5, 0.075)).toBe('above');
		expect(groupVerdict(3, 5, 0.075)).toBe('within'); // P(Y ≥ 3) = 0.0038
	});

	it('too few when no outcome could reach the tail on either side', () => {
		// n = 2 at 0.078: 0.078² = 0.0061 and 0.922² = 0.85 are both above 0.00135
		expect(groupVerdict(2, 2, 0.078)).toBe('too_few');
		// n = 3: 0.078³ = 0.00047, so 3/3 is judgeable
		expect(groupVerdict(3, 3, 0.078)).toBe('above');
		expect(groupVerdict(1, 3, 0.078)).toBe('within');
		expect(groupVerdict(30, 40, 0.5, { minN: 50 })).toBe('too_few');
	});

	it('below: 0/100 at p̄ = 0.1 (P = 0.9¹⁰⁰ = 2.66e-5)', () => {
		expect(0.9 ** 100).toBeLessThan(TAIL_3SIGMA);
		expect(groupVerdict(0, 100, 0.1)).toBe('below');
		expect(groupVerdict(1, 100, 0.1)).toBe('below'); // + 100·0.1·0.9⁹⁹ = 2.95e-4 → 3.2e-4
		expect(groupVerdict(3, 100, 0.1)).toBe('within'); // P(Y ≤ 3) = 0.0078
	});

	it('overdispersion widens the limits: 0/100 is within at φ = 7.2', () => {
		const l = exactLimits(100, 0.1);
		const w = overdispersedLimits(100, 0.1, 7.2);
		expect(w.upper - 0.1).toBeCloseTo(Math.sqrt(7.2) * (l.upper - 0.1), 12);
		expect(w.lower).toBe(0);
		expect(groupVerdict(0, 100, 0.1, { phi: 7.2 })).toBe('within');
		// 40/100: P(Y ≥ 40) ≈ 1e-15 and 0.40 > 0.1 + √7.2·(upper − 0.1) ≈ 0.33
		expect(w.upper).toBeLessThan(0.4);
		expect(groupVerdict(40, 100, 0.1, { phi: 7.2 })).toBe('above');
		expect(groupVerdict(25, 100, 0.1, { phi: 7.2 })).toBe('within');
		expect(groupVerdict(25, 100, 0.1)).toBe('above');
	});
});

describe('overdispersion (Spiegelhalter 2005 §3.2)', () => {
	// p0 = 0.2, n = 100: σ = 0.04, so k = 20 + 4z
	const at = (zs: number[]) => zs.map((z) => ({ k: 20 + 4 * z, n: 100 }));

	it('winsorises the top and bottom 10 % before averaging z²', () => {
		// z = −4, −2, 0×6, 2, 4 → −2, −2, 0×6, 2, 2: Σz² = 16, φ = 1.6; 10·1.6 = 16 < χ²₁₀(0.95) = 18.31
		const r = overdispersion(at([0, 0, 0, 0, 0, 0, 2, -2, 4, -4]), 0.2);
		expect(r.phi).toBeCloseTo(1.6, 12);
		expect(r.used).toBe(false);
	});

	it('is used when I·φ exceeds the χ²_I 95 % point', () => {
		// z = ±3 ×4, 0 ×2: φ = 72/10 = 7.2
		const r = overdispersion(at([3, 3, 3, 3, -3, -3, -3, -3, 0, 0]), 0.2);
		expect(r.phi).toBeCloseTo(7.2, 12);
		expect(r.used).toBe(true);
	});

	it('just either side of the χ² 95 % point (18.307 for 10 groups)', () => {
		// without winsorising effect: all |z| equal, φ = z²
		const z18 = Math.sqrt(1.84); // Iφ = 18.4 > 18.307
		const z17 = Math.sqrt(1.82); // Iφ = 18.2 < 18.307
		const mk = (z: number) => Array.from({ length: 10 }, (_, i) => ({ k: 20 + 4 * (i % 2 ? z : -z), n: 100 }));
		expect(overdispersion(mk(z18), 0.2).used).toBe(true);
		expect(overdispersion(mk(z17), 0.2).used).toBe(false);
	});

	it('degenerate input: one group or p0 at 0', () => {
		expect(overdispersion([{ k: 5, n: 10 }], 0.2)).toEqual({ phi: 1, used: false });
		expect(overdispersion(at([1, 2]), 0)).toEqual({ phi: 1, used: false });
	});
});
