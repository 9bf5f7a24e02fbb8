/**
 * Emerging issues: which (model, component) pairs have more repairs this month
 * than they should (docs/METRICS.md § Emerging issues).
 *
 * Method "component_share" — a disproportionality test that borrows strength
 * across the models sharing a component. Given the component's repairs this
 * month, C_t (all models), a pair's count is Y_t | C_t ~ Binomial(C_t, π_t)
 * while nothing has changed, π being the pair's share of its component's
 * repairs (as pharmacovigilance's proportional reporting ratio compares a
 * drug's share of an event with its history; S. J. W. Evans et al. 2001,
 * Pharmacoepidemiol Drug Saf 10:483). Conditioning on C_t removes whatever the
 * models share: the component's own season (capacitors in the heat, valves in
 * the heating season), weather, the size of the month, so no seasonal model is
 * fitted at all. Three refinements:
 *  - π is estimated from the pair's own baseline months (up to `baselineMonths`
 *    before the month), after leaving out months that were already outliers
 *    (standardised residual > 2.58, as Farrington's reweighting does), with a
 *    Jeffreys ½ added, and scaled by each model's units in service when known;
 *  - the month-to-month variation of shares beyond binomial is estimated from
 *    the data, pooled over all pairs (moment estimate of the beta-binomial
 *    intra-class correlation ρ; D. A. Williams 1982, Applied Statistics 31:144),
 *    and together with the uncertainty of π̂ it makes the test beta-binomial:
 *    Y_t ~ BetaBinomial(C_t, π·M, (1 − π)·M), 1/(M + 1) = ρ + 1/(N_B + 1);
 *  - the alarms are controlled across the pairs tested in the month: each pair
 *    is tested at α = F / m for a stated F expected false alarms a month over
 *    the m pairs (default F = 0.2), or with Benjamini–Hochberg at level q.
 * A component with a single model has no share to test; that pair is tested on
 * its own history with the improved Farrington algorithm (Noufaily et al.
 * 2013: quasi-Poisson GLM, seasonal factor, down-weighting, negative-binomial
 * threshold; ./farrington.ts) at the same α.
 * A pair with fewer than `minBaselineMonths` months of history, or none of its
 * component's repairs in the baseline, is "not_enough_history", never an alarm.
 */
import { lnChoose, lnGamma, nbinomUpper, poissonUpper } from './distributions';
import { farringtonFlexible } from './farrington';

export interface PairHistory {
	model: string;
	component: string;
	/** repairs per month, oldest first; all pairs share one month axis */
	counts: number[];
	/** first month index the pair's model was in the field (default 0) */
	start?: number;
}

export interface EmergingOptions {
	/** most baseline months before the tested month (default 24) */
	baselineMonths?: number;
	/** fewest baseline months a pair needs (default 12) */
	minBaselineMonths?: number;
	/** an alarm needs at least this many repairs in the month (default 3) */
	minCases?: number;
	/** multiplicity control: 'rate' tests each pair at F/m; 'bh' is Benjamini–Hochberg at q (default 'rate') */
	control?: 'rate' | 'bh';
	/** F, the expected false alarms a month across all pairs tested, for control 'rate' (default 0.5) */
	falseAlarmsPerMonth?: number;
	/** q, the false-discovery rate, for control 'bh' (default 0.05) */
	q?: number;
	/** units in service per model per month (same month axis), where known */
	exposure?: Map<string, number[]>;
}

export type EmergingStatus = 'alarm' | 'no_alarm' | 'not_enough_history';

export interface EmergingVerdict {
	model: string;
	component: string;
	/** 'component_share' (the pair's share of its component's repairs), or 'farrington' for a component only one model has */
	method: 'component_share' | 'farrington';
	/** 'alarm'; 'no_alarm'; 'not_enough_history' (fewer baseline months than the method needs: never an alarm) */
	status: EmergingStatus;
	observed: number;
	/** expected repairs this month if nothing changed (null without enough history) */
	expected: number | null;
	/** the fewest repairs this month that would raise an alarm at the pair's α (null without enough history) */
	threshold: number | null;
	/** exceedance probability P(Y ≥ observed) under "nothing changed" */
	p_value: number | null;
	/** the component's repairs this month (component_share) */
	component_total: number | null;
	/** the pair's share of its component in the baseline, and this month */
	baseline_share: number | null;
	share: number | null;
}

export interface EmergingResult {
	verdicts: EmergingVerdict[];
	/** pairs with enough history, tested together */
	tested: number;
	/** the per-pair level used (for 'bh': the largest p-value that alarmed, or q/m when none did) */
	alpha: number;
	control: 'rate' | 'bh';
	/** pooled extra-binomial variation of the monthly shares: ρ = κ·π(1 − π) per pair (κ ≈ 1/size of a negative binomial) */
	kappa: number;
}

const OUTLIER_Z = 2.58;
/** a month must itself be this unlikely before the two-month test applies */
const SUSTAINED_GATE = 0.1;
/** the month before the tested one stays out of the baseline, so a rise that began then does not raise its own expectation */
const GUARD = 1;
/** the share of α spent on the one-month test; the rest goes to the two-month test (a weighted Bonferroni split) */
const SINGLE_SHARE = 0.3;

function lnBeta(a: number, b: number): number {
	return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/**
 * P(Y ≥ y) for Y ~ BetaBinomial(n, a, b). One point probability in log space,
 * the rest by the ratio pmf(j + 1)/pmf(j) = (n − j)(j + a) / ((j + 1)(n − j − 1 + b)),
 * summed away from the mean until the terms vanish: upward from y when y is
 * above the mean, else 1 − the sum downward from y − 1 (then the answer is
 * large and the subtraction costs no relative precision that matters).
 */
export function betaBinomialUpper(y: number, n: number, a: number, b: number): number {
	if (y <= 0) return 1;
	if (y > n) return 0;
	const base = lnBeta(a, b);
	const pmf = (j: number) => Math.exp(lnChoose(n, j) + lnBeta(j + a, n - j + b) - base);
	if (y > (n * a) / (a + b)) {
		let t = pmf(y);
		let p = 0;
		for (let j = y; j <= n; j++) {
			p += t;
			if (t <= p * 1e-17) break;
			t *= ((n - j) * (j + a)) / ((j + 1) * (n - j - 1 + b));
		}
		return Math.min(1, p);
	}
	let t = pmf(y - 1);
	let q = 0;
	for (let j = y - 1; j >= 0; j--) {
		q += t;
		if (t <= q * 1e-17) break;
		t *= (j * (n - j + b)) / ((n - j + 1) * (j - 1 + a));
	}
	return Math.min(1, Math.max(0, 1 - q));
}

/** The fewest counts y ≥ 1 with P(Y ≥ y) < α, given the upper-tail function; n is the largest possible count. */
function smallestAlarming(tail: (y: number) => number, alpha: number, n: number): number | null {
	let lo = 0; // tail(0) = 1 ≥ α
	let hi = n;
	if (tail(hi) >= alpha) return null;
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		if (tail(mid) < alpha) hi = mid;
		else lo = mid;
	}
	return hi;
}

interface ShareFit {
	pair: PairHistory;
	months: number[];
	pi: number;
	nB: number;
}

/**
 * Test every pair at month index t. Pairs are grouped by component; months are
 * the indices of each pair's counts.
 */
export function detectEmerging(pairs: PairHistory[], t: number, opts: EmergingOptions = {}): EmergingResult {
	const maxB = opts.baselineMonths ?? 24;
	const minB = opts.minBaselineMonths ?? 12;
	const minCases = opts.minCases ?? 3;
	const control = opts.control ?? 'rate';
	const byComponent = new Map<string, PairHistory[]>();
	for (const p of pairs) {
		if (!byComponent.has(p.component)) byComponent.set(p.component, []);
		byComponent.get(p.component)!.push(p);
	}
	const total = (c: string, m: number) => byComponent.get(c)!.reduce((a, p) => a + (p.counts[m] ?? 0), 0);
	const baselineOf = (p: PairHistory) => {
		const to = t - GUARD; // exclusive
		const from = Math.max(p.start ?? 0, to - maxB);
		return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
	};
	// relative exposure of a model in month m against its baseline mean, normalised over the component's models
	const exposureFactor = (p: PairHistory, m: number, months: number[]) => {
		const u = opts.exposure?.get(p.model);
		if (!u) return 1;
		const mean = months.reduce((a, i) => a + (u[i] ?? 0), 0) / months.length;
		return mean > 0 && (u[m] ?? 0) > 0 ? u[m] / mean : 1;
	};

	const verdicts: EmergingVerdict[] = [];
	const shareFits: ShareFit[] = [];
	const pending: { v: EmergingVerdict; tail: (y: number) => number; n: number }[] = [];
	const empty = (p: PairHistory, method: EmergingVerdict['method']): EmergingVerdict => ({
		model: p.model,
		component: p.component,
		method,
		status: 'not_enough_history',
		observed: p.counts[t] ?? 0,
		expected: null,
		threshold: null,
		p_value: null,
		component_total: null,
		baseline_share: null,
		share: null
	});

	// 1. each pair's baseline share (first pass: all baseline months)
	for (const [c, ps] of byComponent) {
		const single = ps.length === 1;
		for (const p of ps) {
			const months = baselineOf(p);
			if (months.length < minB) {
				verdicts.push(empty(p, single ? 'farrington' : 'component_share'));
				continue;
			}
			if (single) continue; // tested below with Farrington
			const nB = months.reduce((a, m) => a + total(c, m), 0);
			if (nB === 0) {
				verdicts.push(empty(p, 'component_share'));
				continue;
			}
			const yB = months.reduce((a, m) => a + (p.counts[m] ?? 0), 0);
			shareFits.push({ pair: p, months, pi: (yB + 0.5) / (nB + 1), nB });
		}
	}

	// 2. extra-binomial variation of the shares, pooled over all pairs: a pair whose repairs are negative-binomial
	// with size k has, given its component's total, an intra-class correlation ρ ≈ π(1 − π)/k, so we estimate
	// κ = 1/k by moments, E[r²] = 1 + (C − 1)·κ·π(1 − π); outlier months left out, then refit
	const kappaOf = (fits: ShareFit[], keep: (f: ShareFit, m: number) => boolean) => {
		let num = 0;
		let den = 0;
		for (const f of fits)
			for (const m of f.months) {
				if (!keep(f, m)) continue;
				const C = total(f.pair.component, m);
				if (C < 2) continue;
				const r2 = (f.pair.counts[m] - C * f.pi) ** 2 / (C * f.pi * (1 - f.pi));
				num += r2 - 1;
				den += (C - 1) * f.pi * (1 - f.pi);
			}
		return den > 0 ? Math.max(0, num / den) : 0;
	};
	let kappa = kappaOf(shareFits, () => true);
	const rhoFor = (f: ShareFit, k: number) => Math.min(0.5, k * f.pi * (1 - f.pi));
	const outlier = (f: ShareFit, m: number, k: number) => {
		const C = total(f.pair.component, m);
		if (C === 0) return false;
		const v = C * f.pi * (1 - f.pi) * (1 + (C - 1) * rhoFor(f, k));
		return (f.pair.counts[m] - C * f.pi) / Math.sqrt(v) > OUTLIER_Z;
	};
	const kept = new Map<ShareFit, Set<number>>();
	for (const f of shareFits) {
		const keep = new Set(f.months.filter((m) => !outlier(f, m, kappa)));
		kept.set(f, keep);
		const ms = [...keep];
		const nB = ms.reduce((a, m) => a + total(f.pair.component, m), 0);
		const yB = ms.reduce((a, m) => a + f.pair.counts[m], 0);
		f.pi = (yB + 0.5) / (nB + 1);
		f.nB = nB;
	}
	kappa = kappaOf(shareFits, (f, m) => kept.get(f)!.has(m));

	// 3. this month's share test, with exposure-adjusted shares normalised within the component
	for (const c of byComponent.keys()) {
		const fits = shareFits.filter((f) => f.pair.component === c);
		if (fits.length === 0) continue;
		const C = total(c, t);
		const raw = fits.map((f) => f.pi * exposureFactor(f.pair, t, f.months));
		const sumRaw = raw.reduce((a, v) => a + v, 0);
		// the pairs without enough history keep their share out of the normalisation
		const sumPi = fits.reduce((a, f) => a + f.pi, 0);
		fits.forEach((f, i) => {
			const pi = Math.min(1 - 1e-9, Math.max(1e-9, (raw[i] / sumRaw) * sumPi));
			const M = 1 / (rhoFor(f, kappa) + 1 / (f.nB + 1)) - 1;
			const a = pi * M;
			const b = (1 - pi) * M;
			const y = f.pair.counts[t] ?? 0;
			const prev = t - 1 >= (f.pair.start ?? 0) ? { y: f.pair.counts[t - 1] ?? 0, C: total(c, t - 1) } : null;
			// one month alone, or — when this month is itself above expectation (P < 0.1) — this month and the
			// last together, for a rise that has lasted two months; Bonferroni over the two tests
			const tail = (k: number) => {
				const p1 = betaBinomialUpper(k, C, a, b);
				const p2 = prev && p1 < SUSTAINED_GATE ? betaBinomialUpper(k + prev.y, C + prev.C, a, b) : 1;
				return Math.min(1, p1 / SINGLE_SHARE, p2 / (1 - SINGLE_SHARE));
			};
			pending.push({
				v: {
					model: f.pair.model,
					component: c,
					method: 'component_share',
					status: 'no_alarm',
					observed: y,
					expected: C * pi,
					threshold: null,
					p_value: tail(y),
					component_total: C,
					baseline_share: f.pi,
					share: C > 0 ? y / C : null
				},
				tail,
				n: C
			});
		});
	}

	// 4. single-model components: improved Farrington on the pair's own series
	for (const [, ps] of byComponent) {
		if (ps.length !== 1) continue;
		const p = ps[0];
		const months = baselineOf(p);
		if (months.length < minB) continue;
		const w = 1;
		const series = p.counts.slice(months[0], t + 1);
		const k = series.length;
		const b = Math.min(3, Math.floor((k - w - 1) / 12)); // Farrington needs 12·b + w + 1 months
		if (b < 1) {
			verdicts.push(empty(p, 'farrington'));
			continue;
		}
		const fit = farringtonFlexible(series, { b, w, noPeriods: 3, thresholdMethod: 'nbPlugin', limit54: [0, 4] }, [k])[0];
		if (fit.expected === null || fit.phi === null) {
			verdicts.push(empty(p, 'farrington'));
			continue;
		}
		// the nbPlugin model: Y ~ negative binomial with mean μ₀ and variance φ·μ₀ (Poisson when φ = 1)
		const mu0 = fit.expected;
		const phi = fit.phi;
		const tail = (yy: number) => (phi > 1 ? nbinomUpper(yy, mu0 / (phi - 1), mu0) : poissonUpper(yy, mu0));
		const y = p.counts[t] ?? 0;
		pending.push({
			v: {
				model: p.model,
				component: p.component,
				method: 'farrington',
				status: 'no_alarm',
				observed: y,
				expected: mu0,
				threshold: null,
				p_value: tail(y),
				component_total: null,
				baseline_share: null,
				share: null
			},
			tail,
			n: Math.max(1000, Math.ceil(mu0 * 50))
		});
	}

	// 5. multiplicity control across the pairs tested this month
	const m = pending.length;
	let alpha: number;
	if (control === 'bh') {
		const q = opts.q ?? 0.05;
		const sorted = pending
			.map((x) => x.v.p_value ?? 1)
			.slice()
			.sort((a, b) => a - b);
		let kMax = 0;
		sorted.forEach((p, i) => {
			if (p <= ((i + 1) * q) / m) kMax = i + 1;
		});
		alpha = kMax > 0 ? (kMax * q) / m : q / Math.max(m, 1);
	} else {
		alpha = (opts.falseAlarmsPerMonth ?? 0.5) / Math.max(m, 1);
	}
	for (const x of pending) {
		const thr = smallestAlarming(x.tail, control === 'bh' ? alpha * (1 + 1e-12) : alpha, x.n);
		x.v.threshold = thr === null ? null : Math.max(thr, minCases);
		const p = x.v.p_value ?? 1;
		const significant = control === 'bh' ? p <= alpha : p < alpha;
		x.v.status = significant && x.v.observed >= minCases ? 'alarm' : 'no_alarm';
		verdicts.push(x.v);
	}
	return { verdicts, tested: m, alpha, control, kappa };
}
