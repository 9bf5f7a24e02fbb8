/**
 * The (improved) Farrington outbreak-detection algorithm as R's
 * surveillance::farringtonFlexible (package version 1.20.3) computes it, for a
 * series with `freq` periods a year indexed 1, 2, … (an sts object without
 * epochAsDate). Sources: C. P. Farrington, N. J. Andrews, A. D. Beale,
 * M. A. Catchpole (1996), "A statistical algorithm for the early detection of
 * outbreaks of infectious disease", JRSS A 159:547–563; A. Noufaily,
 * D. G. Enki, P. Farrington, P. Garthwaite, N. Andrews, A. Charlett (2013),
 * "An improved algorithm for outbreak detection in multiple surveillance
 * systems", Statistics in Medicine 32:1206–1222. Checked against R by
 * tests/unit/farrington.test.ts with fixtures from scripts/r/farrington-fixtures.R.
 */
import { nbinomQuantile, nbinomUpper, normalCdf, normalQuantile, poissonUpper } from './distributions';
import { glmQuasiPoisson, tTwoSided, type GlmFit } from './glm';

export interface FarringtonOptions {
	/** years back (default 5) */
	b?: number;
	/** half-window in periods around each reference period (default 3) */
	w?: number;
	/** periods a year (default 12: months) */
	freq?: number;
	reweight?: boolean;
	/** Anscombe residuals above this are down-weighted (default 2.58; Farrington 1996 used 1) */
	weightsThreshold?: number;
	alpha?: number;
	trend?: boolean;
	pThresholdTrend?: number;
	/** no alarm unless the last limit54[1] periods hold at least limit54[0] cases (default [5, 4]) */
	limit54?: [number, number];
	powertrans?: '2/3' | '1/2' | 'none';
	populationOffset?: boolean;
	/** seasonal factor levels (default 1: none) */
	noPeriods?: number;
	/** the last periods left out of the baseline (default w) */
	pastWeeksNotIncluded?: number;
	thresholdMethod?: 'delta' | 'nbPlugin' | 'muan';
}

export interface FarringtonPoint {
	/** 1-based index of the period in the series */
	index: number;
	/** null where the limit54 rule leaves no threshold, or the model did not fit */
	upperbound: number | null;
	alarm: boolean;
	/** the fitted mean for the period (null as upperbound) */
	expected: number | null;
	/** (y − fit) ÷ (threshold − fit); an alarm needs > 1 */
	score: number | null;
	/** exceedance probability P(Y ≥ y) under the fitted model (upper normal tail for 'delta') */
	pvalue: number | null;
	phi: number | null;
	trend: boolean;
}

type Req = Required<Omit<FarringtonOptions, 'pastWeeksNotIncluded'>> & { pastWeeksNotIncluded: number };

function withDefaults(o: FarringtonOptions): Req {
	const w = o.w ?? 3;
	return {
		b: o.b ?? 5,
		w,
		freq: o.freq ?? 12,
		reweight: o.reweight ?? true,
		weightsThreshold: o.weightsThreshold ?? 2.58,
		alpha: o.alpha ?? 0.05,
		trend: o.trend ?? true,
		pThresholdTrend: o.pThresholdTrend ?? 0.05,
		limit54: o.limit54 ?? [5, 4],
		powertrans: o.powertrans ?? '2/3',
		populationOffset: o.populationOffset ?? false,
		noPeriods: o.noPeriods ?? 1,
		pastWeeksNotIncluded: o.pastWeeksNotIncluded ?? w,
		thresholdMethod: o.thresholdMethod ?? 'delta'
	};
}

/** R's a:b (descending when b < a). */
function colon(a: number, b: number): number[] {
	const out: number[] = [];
	if (a <= b) for (let i = a; i <= b; i++) out.push(i);
	else for (let i = a; i >= b; i--) out.push(i);
	return out;
}

/**
 * surveillance:::blocks: the seasonal factor level of each period (1-based
 * array, index 0 unused; NaN = not in the baseline). The windows k − i·freq ± w
 * get level p (= noPeriods); the stretch between consecutive windows is cut
 * into p − 1 blocks, levels 1 … p − 1, the first ones one longer when it does
 * not divide evenly.
 */
export function seasonalBlocks(T: number, k: number, b: number, w: number, p: number, freq: number): number[] {
	const f = new Array(T + 1).fill(NaN);
	const set = (idx: number[], v: number) => {
		for (const i of idx) if (i >= 1) f[i] = v;
	};
	set(colon(k - w, k), p);
	const refs = Array.from({ length: b + 1 }, (_, i) => k - i * freq);
	for (let i = 1; i <= b; i++) {
		const ref = refs[i];
		set(colon(ref - w, ref + w), p);
		if (p !== 1) {
			const period = refs[i - 1] - 2 * w - 1 - ref;
			if (period < p - (2 * w + 1)) throw new Error('Number of factors too big!');
			const len = Math.floor(period / (p - 1));
			const rest = period % (p - 1);
			const lengths = [0, ...Array.from({ length: p - 1 }, (_, j) => len + (j < rest ? 1 : 0))];
			const cum: number[] = [];
			lengths.reduce((acc, v) => (cum.push(acc + v), acc + v), 0);
			for (let j = 1; j <= p - 1; j++) set(colon(ref + w + 1 + cum[j - 1], ref + w + 1 + cum[j] - 1), j);
		}
	}
	return f.slice(0, T + 1);
}

interface Design {
	X: number[][];
	y: number[];
	offset: number[] | undefined;
	x0: number[];
	offset0: number;
}

function design(
	data: { y: number; t: number; pop: number; level: number }[],
	levels: number[],
	trend: boolean,
	o: Req,
	k: number,
	popNow: number
): Design {
	const row = (t: number, level: number) => {
		const r = [1];
		if (trend) r.push(t);
		if (o.noPeriods !== 1) for (const l of levels.slice(1)) r.push(level === l ? 1 : 0);
		return r;
	};
	return {
		X: data.map((d) => row(d.t, d.level)),
		y: data.map((d) => d.y),
		offset: o.populationOffset ? data.map((d) => Math.log(d.pop)) : undefined,
		x0: row(k, o.noPeriods),
		offset0: o.populationOffset ? Math.log(popNow) : 0
	};
}

/** algo.farrington.assign.weights */
function weights(s: number[], threshold: number): number[] {
	const denom = s.reduce((a, v) => a + (v > threshold ? v ** -2 : 1), 0);
	const gamma = s.length / denom;
	return s.map((v) => (v > threshold ? gamma * v ** -2 : gamma));
}

/** algo.farrington.fitGLM.flexible: fit, then refit with Anscombe-residual weights. */
function fitFlexible(
	d: Design,
	trendRequested: boolean,
	o: Req,
	build: (trend: boolean) => Design
): { fit: GlmFit; phi: number; trend: boolean; seDispersion: number } | null {
	let dd = d;
	let trend = trendRequested;
	let m = glmQuasiPoisson(dd.X, dd.y, dd.offset);
	if (!m || !m.converged) {
		if (trend) {
			trend = false;
			dd = build(false);
			m = glmQuasiPoisson(dd.X, dd.y, dd.offset);
		}
		if (!m || !m.converged) return null;
	}
	let phi = Math.max(m.dispersion, 1);
	if (o.reweight) {
		const mu = m.mu;
		const s = dd.y.map((y, i) => (1.5 * (y ** (2 / 3) * mu[i] ** (-1 / 6) - mu[i] ** 0.5)) / Math.sqrt(phi * (1 - m!.hat[i])));
		const omega = weights(s, o.weightsThreshold);
		const m2 = glmQuasiPoisson(dd.X, dd.y, dd.offset, omega);
		if (!m2) return null;
		m = m2;
		phi = Math.max(m.dispersion, 1);
		// R then stores the prior weights ω in model$weights, the slot summary.glm reads the
		// working weights from; the dispersion behind the prediction's standard error and the
		// trend's t-test becomes Σ ω·((y − μ)/μ)² / (n − p). Reproduced as R computes it.
		const seDispersion = dd.y.reduce((a, y, i) => a + omega[i] * ((y - m!.mu[i]) / m!.mu[i]) ** 2, 0) / m.dfResidual;
		return { fit: m, phi, trend, seDispersion };
	}
	return { fit: m, phi, trend, seDispersion: m.dispersion };
}

function predict(fit: GlmFit, d: Design, dispersion: number): { eta: number; seEta: number } {
	const eta = d.x0.reduce((a, v, j) => a + v * fit.coef[j], 0) + d.offset0;
	let q = 0;
	for (let a = 0; a < d.x0.length; a++) for (let b = 0; b < d.x0.length; b++) q += d.x0[a] * fit.covUnscaled[a][b] * d.x0[b];
	return { eta, seEta: Math.sqrt(q * dispersion) };
}

/**
 * Run the algorithm on `observed` (counts per period, oldest first) at the
 * 1-based periods `range` (default: every period with b full years of history
 * plus the window, as R's default range freq·b + w + 1 … T). `population`
 * (same length) is used only with populationOffset.
 */
export function farringtonFlexible(
	observed: number[],
	options: FarringtonOptions = {},
	range?: number[],
	population?: number[]
): FarringtonPoint[] {
	const o = withDefaults(options);
	const T = observed.length;
	const first = o.freq * o.b + o.w + 1;
	const ks = range ?? colon(first, T);
	const pop = population ?? new Array(T).fill(1);
	const typeLink = o.thresholdMethod !== 'delta';
	return ks.map((k) => {
		const none: FarringtonPoint = {
			index: k,
			upperbound: null,
			alarm: false,
			expected: null,
			score: null,
			pvalue: null,
			phi: null,
			trend: false
		};
		if (k < first || k > T) return none;
		const blocks = seasonalBlocks(T, k, o.b, o.w, o.noPeriods, o.freq);
		for (const i of colon(k - o.pastWeeksNotIncluded, k)) if (i >= 1) blocks[i] = NaN;
		const data: { y: number; t: number; pop: number; level: number }[] = [];
		for (let i = 1; i <= T; i++) {
			if (Number.isNaN(blocks[i]) || observed[i - 1] == null || Number.isNaN(observed[i - 1])) continue;
			data.push({ y: observed[i - 1], t: i, pop: pop[i - 1], level: blocks[i] });
		}
		const levels = [...new Set(data.map((d) => d.level))].sort((a, b) => a - b);
		const build = (trend: boolean) => design(data, levels, trend, o, k, pop[k - 1]);

		let res = fitFlexible(build(o.trend), o.trend, o, build);
		if (!res) return none;
		let doTrend = false;
		if (res.trend) {
			const d = build(true);
			const pr = predict(res.fit, d, res.seDispersion);
			const se = Math.sqrt(res.fit.covUnscaled[1][1] * res.seDispersion);
			const significant = tTwoSided(res.fit.coef[1] / se, res.fit.dfResidual) < o.pThresholdTrend;
			const noExtrapolation = Math.exp(pr.eta) <= Math.max(...d.y);
			doTrend = o.b >= 3 && significant && noExtrapolation;
			if (!doTrend) {
				res = fitFlexible(build(false), false, o, build);
				if (!res) return none;
			}
		}
		const d = build(doTrend);
		const { eta, seEta } = predict(res.fit, d, res.seDispersion);
		const phi = res.phi;
		const y = observed[k - 1];
		let upper: number;
		let prob: number;
		let predFit: number;
		if (!typeLink) {
			const mu0 = Math.exp(eta);
			const seFit = seEta * mu0;
			predFit = mu0;
			const tau = phi + (seFit * seFit) / mu0;
			const [se, exponent] =
				o.powertrans === '2/3'
					? [Math.sqrt((4 / 9) * mu0 ** (1 / 3) * tau), 2 / 3]
					: o.powertrans === '1/2'
						? [Math.sqrt(0.25 * tau), 0.5]
						: [Math.sqrt(mu0 * tau), 1];
			upper = (mu0 ** exponent + normalQuantile(1 - o.alpha) * se) ** (1 / exponent);
			prob = normalCdf(-(y ** exponent - mu0 ** exponent) / se);
		} else {
			predFit = eta;
			const mu0q = o.thresholdMethod === 'nbPlugin' ? Math.exp(eta) : Math.exp(eta + normalQuantile(1 - o.alpha) * seEta);
			if (!Number.isFinite(mu0q)) return none;
			if (phi > 1) {
				upper = nbinomQuantile(1 - o.alpha, mu0q / (phi - 1), mu0q);
				prob = nbinomUpper(y, mu0q / (phi - 1), mu0q);
			} else {
				upper = poissonQuantile(1 - o.alpha, mu0q);
				prob = poissonUpper(y, mu0q);
			}
		}
		const score = (y - predFit) / (upper - predFit);
		const recent = colon(k - o.limit54[1] + 1, k).reduce((a, i) => a + (observed[i - 1] ?? 0), 0);
		const enough = recent >= o.limit54[0];
		return {
			index: k,
			upperbound: enough ? upper : null,
			alarm: enough && score > 1 && y !== 0,
			expected: enough ? Math.exp(eta) : null,
			score,
			pvalue: prob,
			phi,
			trend: doTrend
		};
	});
}

/** R's qpois(p, λ): the smallest k with P(X ≤ k) ≥ p. */
function poissonQuantile(p: number, lambda: number): number {
	const target = p * (1 - 64 * Number.EPSILON);
	let k = 0;
	while (1 - poissonUpper(k + 1, lambda) < target) k++;
	return k;
}
