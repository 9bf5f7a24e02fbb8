// Two failure rates (events per unit of exposure) compared exactly: given the
// total n = x₁ + x₂, x₁ ~ Binomial(n, θT₁ / (θT₁ + T₂)) where θ is the rate
// ratio, so the test of θ = 1 and the interval for θ come from the binomial
// (the conditional test; Przyborowski & Wilenski 1940). The same numbers as R's
// poisson.test(c(x1, x2), c(T1, T2)): binom.test's two-sided p (the sum of the
// outcomes no likelier than the one seen) and its Clopper–Pearson interval.
import { betaInc, binomCdf, binomPmf, binomUpper, normalQuantile } from './distributions';

export interface RateRatioTest {
	/** (x₁ / T₁) ÷ (x₂ / T₂); NaN when x₂ = 0 and x₁ = 0, Infinity when only x₂ = 0 */
	ratio: number;
	ci_low: number;
	ci_high: number;
	/** two-sided exact p of θ = 1 */
	p_value: number;
}

/** Two-sided p of binom.test(x, n, p) in R: P of every outcome no more likely than x (relative tolerance 1e-7). */
export function binomTestTwoSided(x: number, n: number, p: number): number {
	if (n === 0) return 1;
	const d = binomPmf(x, n, p);
	const m = n * p;
	const relErr = 1 + 1e-7;
	if (x === m) return 1;
	if (x < m) {
		let y = 0;
		for (let i = Math.ceil(m); i <= n; i++) if (binomPmf(i, n, p) <= d * relErr) y++;
		return Math.min(1, binomCdf(x, n, p) + binomUpper(n - y + 1, n, p));
	}
	let y = 0;
	for (let i = 0; i <= Math.floor(m); i++) if (binomPmf(i, n, p) <= d * relErr) y++;
	return Math.min(1, binomCdf(y - 1, n, p) + binomUpper(x, n, p));
}

/** The q-quantile of Beta(a, b), by bisection on the regularised incomplete beta (to double precision). */
export function betaQuantile(q: number, a: number, b: number): number {
	let lo = 0;
	let hi = 1;
	for (let i = 0; i < 200 && hi - lo > 1e-17; i++) {
		const mid = (lo + hi) / 2;
		if (betaInc(mid, a, b) < q) lo = mid;
		else hi = mid;
	}
	return (lo + hi) / 2;
}

/** Clopper–Pearson interval for a binomial proportion x / n. */
export function clopperPearson(x: number, n: number, level = 0.95): { low: number; high: number } {
	const alpha = 1 - level;
	return {
		low: x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1),
		high: x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x)
	};
}

/** The exact conditional test of rate 1 (x1 events in t1) against rate 2 (x2 in t2), with its interval for the ratio. */
export function rateRatioTest(x1: number, t1: number, x2: number, t2: number, level = 0.95): RateRatioTest {
	const n = x1 + x2;
	const ratio = x1 / t1 / (x2 / t2);
	if (n === 0) return { ratio: NaN, ci_low: 0, ci_high: Infinity, p_value: 1 };
	const p0 = t1 / (t1 + t2);
	const ci = clopperPearson(x1, n, level);
	const toRatio = (p: number) => (p >= 1 ? Infinity : (p / (1 - p)) * (t2 / t1));
	return { ratio, ci_low: toRatio(ci.low), ci_high: toRatio(ci.high), p_value: binomTestTwoSided(x1, n, p0) };
}

export interface ExposureNeed {
	/** further unit-months of the new units needed (0: the exposure already suffices) */
	after: number;
	/** further unit-months of the old units needed (usually 0: they are the long history) */
	before: number;
}

/**
 * How much more exposure the comparison needs to tell `ratio` (a halving: 0.5)
 * from no change with a two-sided test at `alpha` and the given power, when the
 * old units fail at `rateBefore` per unit of exposure. Wald on the log ratio:
 * Var(log θ̂) ≈ 1/E₁ + 1/E₂ with E the expected events, so the exposure is
 * enough when (z₁₋α/₂ + z_power)² · (1/(θ r T₁) + 1/(r T₂)) ≤ (log θ)².
 * When the old units' own events already use half that budget, both sides are
 * asked for the exposure an even split would need. null: no old failures to
 * size the question from.
 */
export function exposureNeeded(
	rateBefore: number,
	tBefore: number,
	tAfter: number,
	ratio = 0.5,
	alpha = 0.05,
	power = 0.8
): ExposureNeed | null {
	if (!(rateBefore > 0)) return null;
	const z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
	const budget = Math.log(ratio) ** 2 / z ** 2;
	const usedBefore = tBefore > 0 ? 1 / (rateBefore * tBefore) : Infinity;
	if (usedBefore < budget / 2) {
		const need = 1 / (ratio * rateBefore * (budget - usedBefore));
		return { after: Math.max(0, Math.ceil(need - tAfter)), before: 0 };
	}
	const each = (1 / ratio + 1) / (rateBefore * budget);
	return { after: Math.max(0, Math.ceil(each - tAfter)), before: Math.max(0, Math.ceil(each - tBefore)) };
}
