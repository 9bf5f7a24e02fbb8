/**
 * Distribution functions used by the control limits, the comparisons and the
 * surveillance algorithms. Pure, dependency-free; accuracy notes per function.
 */

const LANCZOS = [
	0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905,
	-0.13857109526572012, 0.000009984369578019572, 1.5056327351493116e-7
];

/**
 * ln Γ(x) for x > 0: Lanczos approximation, g = 7, n = 9 (P. Godfrey's
 * coefficients; Numerical Recipes 3rd ed. §6.1), relative error ≈ 1e-15.
 * Integers below 171 are computed as exact log-factorials.
 */
export function lnGamma(x: number): number {
	if (Number.isInteger(x) && x > 0 && x < 171) {
		let f = 1;
		for (let i = 2; i < x; i++) f *= i;
		return Math.log(f);
	}
	if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
	const z = x - 1;
	let a = LANCZOS[0];
	const t = z + 7.5;
	for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
	return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln C(n, k). */
export function lnChoose(n: number, k: number): number {
	return lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);
}

/** Continued fraction for the incomplete beta function (Numerical Recipes §6.4, modified Lentz). */
function betacf(a: number, b: number, x: number): number {
	const FPMIN = 1e-300;
	const qab = a + b;
	const qap = a + 1;
	const qam = a - 1;
	let c = 1;
	let d = 1 - (qab * x) / qap;
	if (Math.abs(d) < FPMIN) d = FPMIN;
	d = 1 / d;
	let h = d;
	for (let m = 1; m <= 10000; m++) {
		const m2 = 2 * m;
		let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < FPMIN) d = FPMIN;
		c = 1 + aa / c;
		if (Math.abs(c) < FPMIN) c = FPMIN;
		d = 1 / d;
		h *= d * c;
		aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < FPMIN) d = FPMIN;
		c = 1 + aa / c;
		if (Math.abs(c) < FPMIN) c = FPMIN;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < 1e-16) break;
	}
	return h;
}

/** Regularised incomplete beta I_x(a, b) (Numerical Recipes §6.4); ≈ 1e-13 relative. */
export function betaInc(x: number, a: number, b: number): number {
	if (x <= 0) return 0;
	if (x >= 1) return 1;
	const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
	if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betacf(a, b, x)) / a;
	return 1 - (Math.exp(lnFront) * betacf(b, a, 1 - x)) / b;
}

/** Upper-tail complement of betaInc, computed without cancellation: 1 − I_x(a, b) = I_{1−x}(b, a). */
function betaIncUpper(x: number, a: number, b: number): number {
	return betaInc(1 - x, b, a);
}

/** P(Y = k) for Y ~ Binomial(n, p). */
export function binomPmf(k: number, n: number, p: number): number {
	if (k < 0 || k > n || !Number.isInteger(k)) return 0;
	if (p === 0) return k === 0 ? 1 : 0;
	if (p === 1) return k === n ? 1 : 0;
	return Math.exp(lnChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(Y ≤ k) for Y ~ Binomial(n, p) = I_{1−p}(n − k, k + 1). */
export function binomCdf(k: number, n: number, p: number): number {
	if (k < 0) return 0;
	if (k >= n) return 1;
	const kk = Math.floor(k);
	if (p <= 0) return 1;
	if (p >= 1) return 0;
	// I_{1−p}(n−k, k+1); use the side that is a small number for accuracy in the tails
	return betaIncUpper(p, kk + 1, n - kk);
}

/** P(Y ≥ k) for Y ~ Binomial(n, p) = I_p(k, n − k + 1), without cancellation. */
export function binomUpper(k: number, n: number, p: number): number {
	if (k <= 0) return 1;
	if (k > n) return 0;
	if (p <= 0) return 0;
	if (p >= 1) return 1;
	return betaInc(p, Math.ceil(k), n - Math.ceil(k) + 1);
}

/** Regularised lower incomplete gamma P(a, x) (Numerical Recipes §6.2: series below a + 1, continued fraction above). */
export function gammaP(a: number, x: number): number {
	if (x <= 0) return 0;
	if (x < a + 1) {
		let ap = a;
		let sum = 1 / a;
		let del = sum;
		for (let n = 0; n < 100000; n++) {
			ap += 1;
			del *= x / ap;
			sum += del;
			if (Math.abs(del) < Math.abs(sum) * 1e-16) break;
		}
		return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
	}
	return 1 - gammaQcf(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x). */
export function gammaQ(a: number, x: number): number {
	if (x <= 0) return 1;
	if (x < a + 1) return 1 - gammaP(a, x);
	return gammaQcf(a, x);
}

function gammaQcf(a: number, x: number): number {
	const FPMIN = 1e-300;
	let b = x + 1 - a;
	let c = 1 / FPMIN;
	let d = 1 / b;
	let h = d;
	for (let i = 1; i < 100000; i++) {
		const an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (Math.abs(d) < FPMIN) d = FPMIN;
		c = b + an / c;
		if (Math.abs(c) < FPMIN) c = FPMIN;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < 1e-16) break;
	}
	return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** P(X > x) for X ~ χ²(df). */
export function chiSquareUpper(x: number, df: number): number {
	return gammaQ(df / 2, x / 2);
}

/**
 * Φ⁻¹(p), the standard normal quantile: Wichura's algorithm AS 241 (PPND16,
 * Applied Statistics 37:477, 1988), relative error ≈ 1e-16 — the algorithm R's
 * qnorm uses.
 */
export function normalQuantile(p: number): number {
	if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
	const q = p - 0.5;
	if (Math.abs(q) <= 0.425) {
		const r = 0.180625 - q * q;
		return (
			(q *
				(((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) * r + 13731.69376550946) * r +
					1971.5909503065513) *
					r +
					133.14166789178438) *
					r +
					3.3871328727963665)) /
			(((((((r * 5226.495278852546 + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) * r + 5394.196021424751) * r +
				687.1870074920579) *
				r +
				42.31333070160091) *
				r +
				1)
		);
	}
	let r = q < 0 ? p : 1 - p;
	r = Math.sqrt(-Math.log(r));
	let val: number;
	if (r <= 5) {
		r -= 1.6;
		val =
			(((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r + 1.2704582524523684) * r +
				3.6478483247632045) *
				r +
				5.769497221460691) *
				r +
				4.630337846156546) *
				r +
				1.4234371107496835) /
			(((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r + 0.14810397642748008) * r +
				0.6897673349851) *
				r +
				1.6763848301838038) *
				r +
				2.053191626637759) *
				r +
				1);
	} else {
		r -= 5;
		val =
			(((((((r * 2.0103343992922881e-7 + 0.000027115555687434876) * r + 0.0012426609473880784) * r + 0.026532189526576124) * r +
				0.29656057182850487) *
				r +
				1.7848265399172913) *
				r +
				5.463784911164114) *
				r +
				6.657904643501103) /
			(((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 0.000018463183175100548) * r + 0.0007868691311456133) * r +
				0.014875361290850615) *
				r +
				0.1369298809227358) *
				r +
				0.599832206555888) *
				r +
				1);
	}
	return q < 0 ? -val : val;
}

/** Φ(x), the standard normal distribution function, via erfc (W. J. Cody's rational approximations through gammaQ(½, x²/2)). */
export function normalCdf(x: number): number {
	if (x === Infinity) return 1;
	if (x === -Infinity) return 0;
	const h = 0.5 * gammaQ(0.5, (x * x) / 2);
	return x >= 0 ? 1 - h : h;
}

/**
 * P(X ≤ k) for X ~ negative binomial with mean μ and size r (variance μ + μ²/r),
 * R's pnbinom(k, size = r, mu = μ) = I_{r/(r+μ)}(r, k + 1).
 */
export function nbinomCdf(k: number, size: number, mu: number): number {
	if (k < 0) return 0;
	if (mu <= 0) return 1;
	return betaInc(size / (size + mu), size, Math.floor(k) + 1);
}

/** P(X ≥ k) for X ~ negative binomial(size, μ), computed as the complement's other side: I_{μ/(r+μ)}(k, r). */
export function nbinomUpper(k: number, size: number, mu: number): number {
	if (k <= 0) return 1;
	if (mu <= 0) return 0;
	return betaInc(mu / (size + mu), Math.ceil(k), size);
}

/**
 * The smallest integer k with P(X ≤ k) ≥ p for X ~ negative binomial(size, μ),
 * as R's qnbinom(p, size, mu = μ) (R adds a relative fuzz of 64·ε to p, which we copy).
 */
export function nbinomQuantile(p: number, size: number, mu: number): number {
	if (!(p >= 0 && p <= 1) || !(size > 0) || !(mu >= 0)) return NaN;
	if (mu === 0) return 0;
	if (p === 1) return Infinity;
	const target = p * (1 - 64 * Number.EPSILON);
	let hi = Math.max(1, Math.ceil(mu));
	while (nbinomCdf(hi, size, mu) < target) hi *= 2;
	let lo = -1; // cdf(lo) < target (cdf(-1) = 0)
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		if (nbinomCdf(mid, size, mu) >= target) hi = mid;
		else lo = mid;
	}
	return hi;
}

/** P(X ≥ k) for X ~ Poisson(λ) = P(k, λ). */
export function poissonUpper(k: number, lambda: number): number {
	if (k <= 0) return 1;
	if (lambda <= 0) return 0;
	return gammaP(Math.ceil(k), lambda);
}
