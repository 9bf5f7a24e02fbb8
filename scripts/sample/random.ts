// Seeded random numbers (mulberry32) and the draws the sample makes from them.

export type Rand = () => number;

export function mulberry32(seed: number): Rand {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function randInt(rand: Rand, min: number, max: number): number {
	return min + Math.floor(rand() * (max - min + 1));
}

export function pick<T>(rand: Rand, items: readonly T[]): T {
	return items[Math.floor(rand() * items.length)];
}

/** Index into `weights` chosen with probability proportional to its weight. */
export function pickIndex(rand: Rand, weights: readonly number[], total: number): number {
	let r = rand() * total;
	for (let i = 0; i < weights.length - 1; i++) {
		r -= weights[i];
		if (r < 0) return i;
	}
	return weights.length - 1;
}

export function sum(values: readonly number[]): number {
	return values.reduce((a, b) => a + b, 0);
}

export function shuffle<T>(rand: Rand, items: T[]): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[items[i], items[j]] = [items[j], items[i]];
	}
	return items;
}
