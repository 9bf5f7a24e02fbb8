// Erlang C (M/M/N queue): the chance a job waits for a free technician, and the
// share of jobs reached within a given time. Pure functions.
//
// Source: A. K. Erlang (1917); formulas as in G. Koole, "Call Center
// Optimization" (2013) ch. 4 and the R package ErlangC / queueing (M/M/c):
//   C(N, A) = P(wait > 0) for N servers and offered load A (erlangs), A < N;
//   P(wait ≤ t) = 1 − C(N, A)·e^{−(N − A)·t/h}, h = mean service time.
// C is computed from Erlang B by the stable recursion
//   B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)),  C = N·B / (N − A·(1 − B)),
// which avoids the factorials of the textbook form (A^N / N! overflows at N ≈ 170).

/** Erlang B: the blocking probability of an M/M/N/N system with offered load A. */
export function erlangB(n: number, a: number): number {
	if (!Number.isInteger(n) || n < 0) throw new Error(`servers must be a non-negative integer, got ${n}`);
	if (!(a >= 0) || !Number.isFinite(a)) throw new Error(`offered load must be a finite number ≥ 0, got ${a}`);
	let b = 1;
	for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
	return b;
}

/** Erlang C: the chance an arriving job waits, P(wait > 0). 1 when A ≥ N (the queue grows without bound). */
export function erlangC(n: number, a: number): number {
	const b = erlangB(n, a);
	if (a === 0) return 0;
	if (a >= n) return 1;
	return (n * b) / (n - a * (1 - b));
}

/**
 * P(wait ≤ t) for N servers, offered load A and wait allowance t in units of the
 * mean service time (t/h). 0 when A ≥ N: the steady state does not exist and the
 * model promises nothing.
 */
export function onTimeShare(n: number, a: number, tOverH: number): number {
	if (a === 0) return 1;
	if (a >= n) return 0;
	return 1 - erlangC(n, a) * Math.exp(-(n - a) * tOverH);
}
