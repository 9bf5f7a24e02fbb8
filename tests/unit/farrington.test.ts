import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { farringtonFlexible, seasonalBlocks, type FarringtonOptions } from '../../src/lib/stats/farrington';

// Fixtures written by R's surveillance::farringtonFlexible (scripts/r/farrington-fixtures.R).
interface Run {
	config: string;
	options: FarringtonOptions & { limit54?: [number, number] };
	series: string;
	range: number[];
	upperbound: (number | null)[];
	alarm: boolean[];
	expected: (number | null)[];
	pvalue: (number | null)[];
	score: (number | null)[];
	phi: (number | null)[];
	trend: boolean[];
}
const fx = JSON.parse(readFileSync(new URL('./fixtures/r/farrington.json', import.meta.url), 'utf8')) as {
	population: number[];
	series: Record<string, number[]>;
	runs: Run[];
};

function close(actual: number | null, expected: number | null, what: string) {
	if (expected === null) {
		expect(actual, what).toBeNull();
		return;
	}
	expect(actual, what).not.toBeNull();
	const tol = Math.max(1e-6 * Math.abs(expected), 1e-12);
	expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs R ${expected}`).toBeLessThanOrEqual(tol);
}

describe('farringtonFlexible matches R surveillance 1.20.3 to 1e-6 relative', () => {
	it('the fixture file covers every configuration and series', () => {
		expect(fx.runs.length).toBe(25);
		expect(new Set(fx.runs.map((r) => r.config)).size).toBe(5);
		// at least one alarm and one trend fit among the fixtures, so both paths are exercised
		expect(fx.runs.some((r) => r.alarm.some(Boolean))).toBe(true);
		expect(fx.runs.some((r) => r.trend.some(Boolean))).toBe(true);
		expect(fx.runs.some((r) => r.upperbound.some((u) => u === null))).toBe(true);
	});

	for (const run of fx.runs) {
		it(`${run.config} on ${run.series}`, () => {
			const y = fx.series[run.series];
			const out = farringtonFlexible(y, run.options, run.range, run.options.populationOffset ? fx.population : undefined);
			expect(out.map((p) => p.index)).toEqual(run.range);
			out.forEach((p, i) => {
				const at = `${run.config}/${run.series} t=${p.index}`;
				close(p.upperbound, run.upperbound[i], `${at} upperbound`);
				close(p.expected, run.expected[i], `${at} expected`);
				expect(p.alarm, `${at} alarm`).toBe(run.alarm[i]);
				close(p.phi, run.phi[i], `${at} phi`);
				close(p.score, run.score[i], `${at} score`);
				close(p.pvalue, run.pvalue[i], `${at} pvalue`);
				expect(p.trend, `${at} trend`).toBe(run.trend[i]);
			});
		});
	}
});

describe('seasonalBlocks (surveillance:::blocks)', () => {
	it('monthly, b = 1, w = 1, 4 levels: the 9 months between windows split 3/3/3', () => {
		// k = 14: windows 13–14 (current) and 12–14 → level 4 … reference 2: 1..3 = level 4, then 4–6, 7–9, 10–12
		const f = seasonalBlocks(14, 14, 1, 1, 4, 12);
		expect(f.slice(1)).toEqual([4, 4, 4, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4]);
	});

	it('uneven split: 10 months into 3 blocks → 4, 3, 3', () => {
		// w = 0: period = 12 − 1 = 11 between refs at 1 and 13 → 11 / 3 = 3 rest 2 → 4, 4, 3
		const f = seasonalBlocks(13, 13, 1, 0, 4, 12);
		expect(f.slice(1)).toEqual([4, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4]);
	});
});
