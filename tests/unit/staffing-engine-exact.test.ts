// The staffing engine's one-pass forms give the very numbers of their definitions: demandModel (no object per
// forecast error) equals the model worked out from rollingOriginErrors' list, and expectedOnTime /
// techniciansNeeded (Erlang B continued from the last head-count) equal the sum of onTimeShare over days and bands
// and the search that asks it anew for each head-count — toBe, not toBeCloseTo, on seeded random inputs from a
// few jobs a week to a national week (tens of thousands of jobs, thousands of technicians).
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../scripts/sample/random';
import { expectedOnTime, offeredLoad, techniciansNeeded, type CapacityInputs } from '../../src/lib/server/staffing/capacity';
import { demandModel, quantileSorted, rollingOriginErrors, SEASON_WEEKS } from '../../src/lib/server/staffing/demand';
import { onTimeShare } from '../../src/lib/server/staffing/erlang';

/** demandModel as defined: from the list of rolling-origin errors. */
function modelFromErrors(values: number[], lastObserved: number) {
	const all = rollingOriginErrors(values, lastObserved).filter((e) => e.forecast > 0);
	const grown = all.filter((e) => e.origin + 1 >= 2 * SEASON_WEEKS);
	const used = grown.length >= 20 ? grown : all;
	const ratios = used.map((e) => e.actual / e.forecast).sort((a, b) => a - b);
	if (used.length === 0) return { ratios, with_growth_only: false, backtest: null };
	const pct = used.filter((e) => e.actual > 0).map((e) => Math.abs(e.actual - e.forecast) / e.actual);
	return {
		ratios,
		with_growth_only: used === grown,
		backtest: {
			origins: new Set(used.map((e) => e.origin)).size,
			forecasts: used.length,
			mape: pct.length ? pct.reduce((a, b) => a + b, 0) / pct.length : NaN,
			bias: quantileSorted(ratios, 0.5) - 1
		}
	};
}

/** expectedOnTime as defined: onTimeShare per day and band, weighted. */
function onTimeByDefinition(n: number, jobs: number, c: CapacityInputs): number {
	if (jobs <= 0) return 1;
	const a = offeredLoad(jobs, c);
	let total = 0;
	for (const share of c.dayShares) {
		for (const b of c.bands)
			total += share * b.share * onTimeShare(n, a * 7 * share, (b.hours * c.technicianHoursPerWeek) / 168 / c.hoursPerJob);
	}
	return total;
}

describe('the staffing engine in one pass gives the numbers of its definitions', () => {
	const r = mulberry32(90210);

	it('demandModel equals the model from the list of rolling-origin errors', () => {
		let grownOnly = 0;
		for (let k = 0; k < 60; k++) {
			const weeks = 52 + Math.floor(r() * 160);
			const scale = [3, 40, 700, 60_000][k % 4];
			// seasonal, growing, with empty weeks now and then (a zero forecast is left out)
			const values = Array.from({ length: weeks }, (_, i) =>
				r() < 0.05 ? 0 : Math.round(scale * (1 + 0.5 * Math.sin((2 * Math.PI * i) / 52)) * (1 + i / 300) * (0.7 + 0.6 * r()))
			);
			const last = weeks - 1 - Math.floor(r() * 3);
			const fast = demandModel(values, last);
			expect(fast, `${k}: ${weeks} weeks of ~${scale}`).toEqual(modelFromErrors(values, last));
			if (fast.with_growth_only) grownOnly++;
		}
		expect(grownOnly).toBeGreaterThan(10);
		// a history of exactly 52 weeks has no error to learn from
		expect(demandModel(new Array(52).fill(10), 51)).toEqual({ ratios: [], with_growth_only: false, backtest: null });
	});

	it('expectedOnTime and techniciansNeeded equal the sums and the search by definition', () => {
		for (let k = 0; k < 40; k++) {
			const jobs = [0, 5, 84, 900, 64_000][k % 5] * (0.5 + r());
			const raw = Array.from({ length: 7 }, () => 0.3 + r());
			const sum = raw.reduce((a, b) => a + b, 0);
			const c: CapacityInputs = {
				hoursPerJob: 1 + 2 * r(),
				technicianHoursPerWeek: 40 + 20 * r(),
				dayShares: raw.map((x) => x / sum),
				bands: [
					{ share: 0.7, hours: 24 },
					{ share: 0.3, hours: 48 }
				],
				onTimeTarget: 0.8 + 0.19 * r(),
				maxUtilisation: 0.7 + 0.3 * r()
			};
			const need = techniciansNeeded(jobs, c);
			// the search by definition: every head-count from the busiest day's load up, asked anew
			let onTimeN = 0;
			if (jobs > 0) {
				onTimeN = Math.max(1, Math.floor(offeredLoad(jobs, c) * 7 * Math.max(...c.dayShares)) + 1);
				while (onTimeByDefinition(onTimeN, jobs, c) < c.onTimeTarget) onTimeN++;
			}
			const what = `${k}: ${jobs.toFixed(0)} jobs`;
			expect(need.technicians_for_on_time, what).toBe(onTimeN);
			expect(need.expected_on_time, what).toBe(onTimeByDefinition(need.technicians, jobs, c));
			for (const n of [1, need.technicians - 3, need.technicians, need.technicians + 17].filter((x) => x >= 1))
				expect(expectedOnTime(n, jobs, c), `${what}, ${n} technicians`).toBe(onTimeByDefinition(n, jobs, c));
		}
	});
});
