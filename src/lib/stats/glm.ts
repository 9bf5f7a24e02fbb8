/**
 * Quasi-Poisson log-linear GLM fitted by iteratively reweighted least squares,
 * step for step as R's glm.fit does it (start μ = y + 0.1; stop when the
 * deviance changes by less than 1e-8 relative; at most 25 iterations), so the
 * surveillance algorithms built on it reproduce R's numbers (docs/METRICS.md §
 * Emerging issues).
 */
import { betaInc } from './distributions';

export interface GlmFit {
	converged: boolean;
	coef: number[];
	/** fitted means */
	mu: number[];
	/** IRLS working weights of the last iteration (R's model$weights) */
	working: number[];
	/** (XᵀWX)⁻¹ with those weights (R's summary()$cov.unscaled) */
	covUnscaled: number[][];
	/** Pearson dispersion Σ prior·(y − μ)²/μ ÷ (n − p), with the last iteration's weights as R computes it */
	dispersion: number;
	dfResidual: number;
	/** leverages h_i of the last weighted least-squares step */
	hat: number[];
}

/** Solve A x = b for a small symmetric positive-definite A (Gaussian elimination, partial pivoting); also returns A⁻¹. */
function solveWithInverse(A: number[][], b: number[]): { x: number[]; inv: number[][] } | null {
	const n = A.length;
	const M = A.map((row, i) => [...row, b[i], ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
	for (let c = 0; c < n; c++) {
		let piv = c;
		for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
		if (!(Math.abs(M[piv][c]) > 0)) return null;
		[M[c], M[piv]] = [M[piv], M[c]];
		const d = M[c][c];
		for (let j = c; j < 2 * n + 1; j++) M[c][j] /= d;
		for (let r = 0; r < n; r++) {
			if (r === c) continue;
			const f = M[r][c];
			if (f === 0) continue;
			for (let j = c; j < 2 * n + 1; j++) M[r][j] -= f * M[c][j];
		}
	}
	return { x: M.map((row) => row[n]), inv: M.map((row) => row.slice(n + 1)) };
}

const EPS = Number.EPSILON;

function poissonDeviance(y: number[], mu: number[], wt: number[]): number {
	let d = 0;
	for (let i = 0; i < y.length; i++) d += 2 * wt[i] * (y[i] > 0 ? y[i] * Math.log(y[i] / mu[i]) - (y[i] - mu[i]) : mu[i]);
	return d;
}

/**
 * Fit log E[y] = offset + Xβ with variance φ·μ. X rows are observations;
 * `prior` are prior weights (1 when absent).
 */
export function glmQuasiPoisson(X: number[][], y: number[], offset?: number[], prior?: number[]): GlmFit | null {
	const n = y.length;
	const p = X[0]?.length ?? 0;
	const off = offset ?? new Array(n).fill(0);
	const wt = prior ?? new Array(n).fill(1);
	let mu = y.map((v) => v + 0.1);
	let eta = mu.map(Math.log);
	let devold = poissonDeviance(y, mu, wt);
	let coef: number[] = new Array(p).fill(0);
	let w2: number[] = [];
	let inv: number[][] = [];
	let converged = false;
	for (let iter = 1; iter <= 25; iter++) {
		const muEta = eta.map((e) => Math.max(Math.exp(e), EPS));
		const z = eta.map((e, i) => e - off[i] + (y[i] - mu[i]) / muEta[i]);
		w2 = muEta.map((m, i) => (wt[i] * m * m) / mu[i]);
		const XtWX = Array.from({ length: p }, () => new Array(p).fill(0));
		const XtWz = new Array(p).fill(0);
		for (let i = 0; i < n; i++) {
			const xi = X[i];
			for (let a = 0; a < p; a++) {
				XtWz[a] += w2[i] * xi[a] * z[i];
				for (let b = 0; b <= a; b++) XtWX[a][b] += w2[i] * xi[a] * xi[b];
			}
		}
		for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) XtWX[a][b] = XtWX[b][a];
		const s = solveWithInverse(XtWX, XtWz);
		if (!s) return null;
		coef = s.x;
		inv = s.inv;
		eta = X.map((xi, i) => xi.reduce((acc, v, j) => acc + v * coef[j], 0) + off[i]);
		mu = eta.map((e) => Math.max(Math.exp(e), EPS));
		const dev = poissonDeviance(y, mu, wt);
		if (!Number.isFinite(dev)) return null;
		if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < 1e-8) {
			converged = true;
			break;
		}
		devold = dev;
	}
	const dfResidual = n - p;
	let pearson = 0;
	for (let i = 0; i < n; i++) {
		const r = (y[i] - mu[i]) / Math.max(mu[i], EPS);
		pearson += w2[i] * r * r;
	}
	const hat = X.map((xi, i) => {
		let q = 0;
		for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) q += xi[a] * inv[a][b] * xi[b];
		return w2[i] * q;
	});
	return { converged, coef, mu, working: w2, covUnscaled: inv, dispersion: pearson / dfResidual, dfResidual, hat };
}

/** Two-sided p-value of a t statistic with ν degrees of freedom: P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, ½). */
export function tTwoSided(t: number, df: number): number {
	if (!(df > 0) || !Number.isFinite(t)) return NaN;
	return betaInc(df / (df + t * t), df / 2, 0.5);
}
