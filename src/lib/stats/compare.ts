/**
 * Is a change between two proportions bigger than chance? (docs/METRICS.md §
 * Comparisons.)
 *  - p-value: Fisher's exact test, two-sided, summing the hypergeometric
 *    probabilities no larger than the observed one (R. A. Fisher, "Statistical
 *    Methods for Research Workers", 1925, §21.02; the same rule and the same
 *    relative tolerance 1e-7 as R's fisher.test), valid at any n;
 *  - interval: Newcombe's hybrid score interval for p1 − p2 from the two Wilson
 *    intervals (R. G. Newcombe, 1998, "Interval estimation for the difference
 *    between independent proportions", Statistics in Medicine 17:873, method 10);
 *  - significant: p < 0.05. The interval and the test are separate procedures,
 *    so at the margin one can exclude 0 while the other is just above 0.05; the
 *    verdict follows the test.
 */
import { wilsonInterval } from './index';

export interface ProportionTest {
	/** p1 − p2, where p_i = k_i / n_i */
	diff: number;
	p_value: number;
	/** 95 % interval for p1 − p2 */
	ci_low: number;
	ci_high: number;
	significant: boolean;
}

/** Below this log-ratio to the mode a term adds nothing to the sum (e^-745 is 0 in floating point). */
const NEGLIGIBLE = -750;

/**
 * Two-sided Fisher exact p-value for the 2 × 2 table [[k1, n1 − k1], [k2, n2 − k2]]. As R's fisher.test: the
 * hypergeometric probabilities of the table's support, divided by their sum, and the sum of those no larger than
 * the observed one. Each term is found from its neighbour by their ratio (integers exact below 2^53, one rounding and
 * one log a term), d(x + 1) / d(x) = (n1 − x)(m − x) / ((x + 1)(n2 − m + x + 1)), from the mode outwards until the
 * terms fall below what a double holds: at 10M tickets a few thousand terms (summing every term of the support with
 * ln Γ took 30–600 ms a test, and the KPI tiles make twelve).
 */
export function fisherExact(k1: number, n1: number, k2: number, n2: number): number {
	const m = k1 + k2; // events in both groups
	const N = n1 + n2;
	const lo = Math.max(0, m - n2);
	const hi = Math.min(m, n1);
	const mode = Math.min(hi, Math.max(lo, Math.floor(((m + 1) * (n1 + 1)) / (N + 2))));
	// ln d(x) − ln d(mode): up[i] for x = mode + i, down[i] for x = mode − i
	const up = [0];
	for (let x = mode; x < hi && up[up.length - 1] > NEGLIGIBLE; x++)
		up.push(up[up.length - 1] + Math.log(((n1 - x) * (m - x)) / ((x + 1) * (n2 - m + x + 1))));
	const down = [0];
	for (let x = mode; x > lo && down[down.length - 1] > NEGLIGIBLE; x--)
		down.push(down[down.length - 1] + Math.log((x * (n2 - m + x)) / ((n1 - x + 1) * (m - x + 1))));
	const observed = k1 >= mode ? up[k1 - mode] : down[mode - k1];
	// (a table further out than the terms a double holds: every term at least as extreme is 0 too)
	if (observed === undefined) return 0;
	// R: sum(d[d <= d[x - lo + 1] * relErr]) with relErr = 1 + 1e-7
	const cutoff = observed + Math.log1p(1e-7);
	let total = 0;
	let p = 0;
	for (const lr of [...down.slice(1).reverse(), ...up]) {
		const d = Math.exp(lr);
		total += d;
		if (lr <= cutoff) p += d;
	}
	return Math.min(1, p / total);
}

export function twoProportionTest(k1: number, n1: number, k2: number, n2: number): ProportionTest {
	const ok = (k: number, n: number) => Number.isInteger(k) && Number.isInteger(n) && n > 0 && k >= 0 && k <= n;
	if (!ok(k1, n1) || !ok(k2, n2)) return { diff: NaN, p_value: NaN, ci_low: NaN, ci_high: NaN, significant: false };
	const p1 = k1 / n1;
	const p2 = k2 / n2;
	const w1 = wilsonInterval(k1, n1);
	const w2 = wilsonInterval(k2, n2);
	const diff = p1 - p2;
	const p_value = fisherExact(k1, n1, k2, n2);
	return {
		diff,
		p_value,
		ci_low: diff - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
		ci_high: diff + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
		significant: p_value < 0.05
	};
}
