/**
 * Exact control limits for proportions and the group verdicts drawn from them
 * (docs/METRICS.md § Control limits). Source: D. J. Spiegelhalter (2005),
 * "Funnel plots for comparing institutional performance", Statistics in
 * Medicine 24:1185–1202, Appendix A.1.1 (exact binomial limits by
 * interpolation) and §3.2 (multiplicative overdispersion, winsorised z²).
 */
import { binomCdf, binomPmf, binomUpper, chiSquareUpper } from './distributions';

/** One-sided tail of a 3σ limit: 1 − Φ(3) = 0.00135. */
export const TAIL_3SIGMA = 0.00135;

/**
 * The p-quantile of Binomial(n, p0), interpolated as in Spiegelhalter (2005)
 * A.1.1: r is the smallest integer with P(Y ≤ r) ≥ p, and
 *   α = (P(Y ≤ r) − p) / (P(Y ≤ r) − P(Y ≤ r − 1)),  limit = (r − α) / n.
 */
function interpolatedQuantile(n: number, p0: number, p: number): number {
	let lo = -1; // P(Y ≤ lo) < p
	let hi = n; // P(Y ≤ n) = 1 ≥ p
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		if (binomCdf(mid, n, p0) >= p) hi = mid;
		else lo = mid;
	}
	const r = hi;
	const fr = binomCdf(r, n, p0);
	const pr = binomPmf(r, n, p0);
	const alpha = pr > 0 ? (fr - p) / pr : 0;
	return (r - alpha) / n;
}

/**
 * Exact binomial control limits for a proportion observed on n cases when the
 * target is p0, each with one-sided tail probability `tail` (default the
 * 3σ-equivalent 0.00135): Spiegelhalter's interpolated quantiles, clamped to
 * [0, 1]. They draw a smooth funnel; the verdict itself (groupVerdict) comes
 * from the exact tail. n ≤ 0, p0 outside [0, 1] or tail outside (0, ½) → NaN.
 */
export function exactLimits(n: number, p0: number, tail = TAIL_3SIGMA): { lower: number; upper: number } {
	if (!Number.isInteger(n) || n <= 0 || !(p0 >= 0 && p0 <= 1) || !(tail > 0 && tail < 0.5)) return { lower: NaN, upper: NaN };
	if (p0 === 0) return { lower: 0, upper: 0 };
	if (p0 === 1) return { lower: 1, upper: 1 };
	return {
		lower: Math.min(1, Math.max(0, interpolatedQuantile(n, p0, tail))),
		upper: Math.min(1, Math.max(0, interpolatedQuantile(n, p0, 1 - tail)))
	};
}

/**
 * Limits widened for overdispersion φ > 1 (Spiegelhalter 2005 §3.2: the
 * variance p0(1−p0)/n becomes φ·p0(1−p0)/n, so the distance of each limit from
 * p0 grows by √φ). φ ≤ 1 leaves the exact limits as they are.
 */
export function overdispersedLimits(n: number, p0: number, phi: number, tail = TAIL_3SIGMA): { lower: number; upper: number } {
	const l = exactLimits(n, p0, tail);
	if (!(phi > 1)) return l;
	const s = Math.sqrt(phi);
	return { lower: Math.max(0, p0 - s * (p0 - l.lower)), upper: Math.min(1, p0 + s * (l.upper - p0)) };
}

export type GroupVerdict = 'above' | 'below' | 'within' | 'too_few';

/**
 * The verdict on k events in n cases against the target p0:
 *  - 'too_few' when n < minN (default 2: one job never judges a group), or when no outcome at this n could be
 *    flagged on either side (p0ⁿ and (1 − p0)ⁿ both above the tail): the
 *    group is too small to judge, whatever happened in it;
 *  - 'above' when the exact upper tail P(Y ≥ k | n, p0) < tail (and, with
 *    φ > 1, k/n is also above the widened limit);
 *  - 'below' likewise with P(Y ≤ k | n, p0) < tail;
 *  - otherwise 'within'.
 * Pass the φ from `overdispersion` only when it reports `used`. A group sitting
 * exactly on a step of the interpolated funnel (k = the quantile r) can be
 * drawn on or just above the line while its exact tail is still above
 * `tail`; such a group is 'within'.
 */
export function groupVerdict(k: number, n: number, p0: number, opts: { phi?: number; minN?: number; tail?: number } = {}): GroupVerdict {
	const tail = opts.tail ?? TAIL_3SIGMA;
	const minN = opts.minN ?? 2;
	if (!Number.isFinite(n) || n <= 0 || n < minN || !(k >= 0 && k <= n) || !(p0 >= 0 && p0 <= 1)) return 'too_few';
	if (Math.pow(p0, n) >= tail && Math.pow(1 - p0, n) >= tail) return 'too_few';
	const phi = opts.phi ?? 1;
	const widened = phi > 1 ? overdispersedLimits(n, p0, phi, tail) : null;
	if (binomUpper(k, n, p0) < tail && (!widened || k / n > widened.upper)) return 'above';
	if (binomCdf(k, n, p0) < tail && (!widened || k / n < widened.lower)) return 'below';
	return 'within';
}

/**
 * Spiegelhalter's (2005, §3.2) multiplicative overdispersion estimate: the
 * z-scores z_i = (k_i/n_i − p0) / √(p0(1 − p0)/n_i) are winsorised (the
 * ⌊0.1·I⌋ smallest set to the next one up, the ⌊0.1·I⌋ largest to the next one
 * down) and φ̂ = Σ z_i² / I. Without overdispersion I·φ̂ ~ χ²_I, so φ̂ is
 * `used` when P(χ²_I > I·φ̂) < 0.05. Groups with n ≤ 0 are ignored; with
 * fewer than 2 groups, or p0 at 0 or 1, φ = 1 and it is not used.
 */
export function overdispersion(groups: { k: number; n: number }[], p0: number): { phi: number; used: boolean } {
	if (!(p0 > 0 && p0 < 1)) return { phi: 1, used: false };
	const z = groups.filter((g) => g.n > 0).map((g) => (g.k / g.n - p0) / Math.sqrt((p0 * (1 - p0)) / g.n));
	const I = z.length;
	if (I < 2) return { phi: 1, used: false };
	z.sort((a, b) => a - b);
	const g = Math.floor(0.1 * I);
	for (let i = 0; i < g; i++) {
		z[i] = z[g];
		z[I - 1 - i] = z[I - 1 - g];
	}
	const phi = z.reduce((a, v) => a + v * v, 0) / I;
	return { phi, used: phi > 1 && chiSquareUpper(I * phi, I) < 0.05 };
}
