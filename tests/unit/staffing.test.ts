// The staffing engine's pure parts: Erlang C against the CRAN ErlangC oracle and hand-worked cases, the on-time
// condition and the utilisation ceiling, the demand quantiles, roster activity by week, week labels.
// Expected values are worked by hand from the textbook factorial form
//   C(N, A) = (A^N/N!)·N/(N−A) / (Σ_{k<N} A^k/k! + (A^N/N!)·N/(N−A)),
// which the code does not use (it runs the Erlang B recursion).
import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, onTimeShare } from '../../src/lib/server/staffing/erlang';
import { expectedOnTime, techniciansNeeded, type CapacityInputs } from '../../src/lib/server/staffing/capacity';
import {
	demandQuantile,
	growthAt,
	pointForecast,
	quantileSorted,
	rollingOriginErrors,
	type DemandModel
} from '../../src/lib/server/staffing/demand';
import { activeInWeek, rosterByWeek, type RosterMember } from '../../src/lib/server/staffing/roster';
import { describeBacktest, pearson } from '../../src/lib/server/staffing/backtest';
import { firstMondayOfMonth, isoWeek, mondayOf } from '../../src/lib/server/staffing/weeks';

describe('Erlang C', () => {
	it('matches the CRAN ErlangC example: N = 14, A = 10 → C = 0.1741319', () => {
		expect(erlangC(14, 10)).toBeCloseTo(0.1741319, 7);
	});

	it('is ρ for one server (M/M/1)', () => {
		expect(erlangC(1, 0.3)).toBeCloseTo(0.3, 12);
		expect(erlangC(1, 0.75)).toBeCloseTo(0.75, 12);
	});

	it('N = 2, A = 1: B = (1/2)/(1 + 1 + 1/2) = 0.2, C = 1/(1 + 1 + 1) = 1/3', () => {
		expect(erlangB(2, 1)).toBeCloseTo(0.2, 12);
		expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
	});

	it('N = 3, A = 1: C = (1/6·3/2)/(1 + 1 + 1/2 + 1/4) = 1/11; N = 3, A = 2: C = 4/(1 + 2 + 2 + 4) = 4/9', () => {
		expect(erlangC(3, 1)).toBeCloseTo(1 / 11, 12);
		expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 12);
	});

	it('stays finite where the factorial form overflows (N = 400, A = 380)', () => {
		const c = erlangC(400, 380);
		expect(c).toBeGreaterThan(0);
		expect(c).toBeLessThan(1);
	});

	it('P(wait ≤ t) = 1 − C·e^{−(N−A)t/h}; 0 when A ≥ N; 1 without load', () => {
		expect(onTimeShare(2, 1, 1)).toBeCloseTo(1 - Math.exp(-1) / 3, 12); // 0.8773735
		expect(onTimeShare(3, 1, 1)).toBeCloseTo(1 - Math.exp(-2) / 11, 12); // 0.9876968
		expect(onTimeShare(1, 0.5, 2)).toBeCloseTo(1 - 0.5 * Math.exp(-1), 12);
		expect(onTimeShare(3, 3, 5)).toBe(0);
		expect(onTimeShare(3, 0, 5)).toBe(1);
	});

	it('rejects a fractional head-count or a negative load', () => {
		expect(() => erlangC(2.5, 1)).toThrow(/non-negative integer/);
		expect(() => erlangC(2, -1)).toThrow(/offered load/);
	});
});

// A week of 168 jobs at 1 h each with technicians on all 168 hours: A = 1 erlang, and a promise of 1 hour is t/h = 1.
const flat: CapacityInputs = {
	hoursPerJob: 1,
	technicianHoursPerWeek: 168,
	dayShares: new Array(7).fill(1 / 7),
	bands: [{ share: 1, hours: 1 }],
	onTimeTarget: 0.87,
	maxUtilisation: 1
};

describe('technicians needed: the on-time condition', () => {
	it('takes the smallest N whose expected on-time share meets the target', () => {
		// N = 1 cannot serve A = 1; N = 2 gives 0.8774 ≥ 0.87
		expect(techniciansNeeded(168, flat)).toMatchObject({
			technicians: 2,
			technicians_for_on_time: 2,
			binding: 'on_time',
			utilisation: 0.5
		});
		expect(techniciansNeeded(168, flat).expected_on_time).toBeCloseTo(0.8773735, 7);
		// a target of 0.88 is missed by N = 2 (0.8774) and met by N = 3 (0.9877)
		const n = techniciansNeeded(168, { ...flat, onTimeTarget: 0.88 });
		expect(n.technicians).toBe(3);
		expect(n.expected_on_time).toBeCloseTo(0.9876968, 7);
	});

	it('staffs the chosen demand quantile: P50 needs 2, P80 and P95 need 3', () => {
		// error ratios 0.5, 1, 1.5 around a point forecast of 120 jobs: P50 = 120, P80 = 120 × 1.3 = 156, P95 = 120 × 1.45 = 174
		const model: DemandModel = { ratios: [0.5, 1, 1.5], with_growth_only: true, backtest: null };
		const c = { ...flat, onTimeTarget: 0.9 };
		// N = 2: C(2, A) = A²/(2 + A), on-time = 1 − A²/(2 + A)·e^{−(2 − A)}
		const two = (a: number) => 1 - ((a * a) / (2 + a)) * Math.exp(-(2 - a));
		const p50 = demandQuantile(model, 120, 0.5);
		expect(p50).toBeCloseTo(120, 9);
		expect(two(120 / 168)).toBeCloseTo(0.9480351, 7); // ≥ 0.9
		expect(techniciansNeeded(p50, c)).toMatchObject({ technicians: 2, binding: 'on_time' });
		const p80 = demandQuantile(model, 120, 0.8);
		expect(p80).toBeCloseTo(156, 9);
		expect(two(156 / 168)).toBeCloseTo(0.8991539, 7); // < 0.9: a third technician
		expect(techniciansNeeded(p80, c).technicians).toBe(3);
		expect(techniciansNeeded(p80, c).expected_on_time).toBeCloseTo(0.9904612, 7);
		expect(techniciansNeeded(demandQuantile(model, 120, 0.95), c).technicians).toBe(3);
	});

	it('the utilisation ceiling can ask for more than the promise does, and says so', () => {
		// A = 1 at most 40% busy → ⌈1/0.4⌉ = 3 although 2 meet the on-time target
		expect(techniciansNeeded(168, { ...flat, maxUtilisation: 0.4 })).toMatchObject({
			technicians: 3,
			technicians_for_on_time: 2,
			binding: 'utilisation'
		});
	});

	it('weights each weekday by its jobs: a day with twice the load is served at its own load', () => {
		// Monday 2/7 of the jobs (A = 2), Tuesday none, the rest 1/7 each (A = 1):
		// on-time(3) = 2/7·(1 − 4/9·e^{−1}) + 5/7·(1 − 1/11·e^{−2}) = 0.9444971
		const c = { ...flat, dayShares: [2 / 7, 0, 1 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7] };
		expect(expectedOnTime(3, 168, c)).toBeCloseTo(0.9444971, 7);
		// two technicians cannot keep up on Monday (A = 2): its jobs count as late, 5/7 × 0.8774 = 0.6267 < 0.87
		expect(expectedOnTime(2, 168, c)).toBeCloseTo((5 / 7) * (1 - Math.exp(-1) / 3), 7);
		expect(techniciansNeeded(168, c).technicians).toBe(3);
	});

	it('converts the promise to working time: 24 calendar hours with 48 working hours a week are 24·48/168 working hours', () => {
		// 12 jobs of 2 h against one technician's 48 h week: A = 0.5; t = 24·48/168 = 6.857 working hours, t/h = 3.4286
		const c: CapacityInputs = { ...flat, hoursPerJob: 2, technicianHoursPerWeek: 48, bands: [{ share: 1, hours: 24 }] };
		expect(expectedOnTime(1, 12, c)).toBeCloseTo(1 - 0.5 * Math.exp(-0.5 * ((24 * 48) / 168 / 2)), 12);
	});

	it('mixes promise bands by their share of jobs', () => {
		const c = {
			...flat,
			bands: [
				{ share: 0.75, hours: 1 },
				{ share: 0.25, hours: 2 }
			]
		};
		// N = 2, A = 1: 0.75·(1 − e^{−1}/3) + 0.25·(1 − e^{−2}/3)
		expect(expectedOnTime(2, 168, c)).toBeCloseTo(0.75 * (1 - Math.exp(-1) / 3) + 0.25 * (1 - Math.exp(-2) / 3), 12);
	});

	it('needs nobody for no jobs', () => {
		expect(techniciansNeeded(0, flat)).toEqual({
			technicians: 0,
			technicians_for_on_time: 0,
			expected_on_time: 1,
			utilisation: 0,
			binding: 'none'
		});
	});
});

describe('demand', () => {
	it('quantiles interpolate between order statistics like R type 7', () => {
		expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5); // R: quantile(1:4, 0.5)
		expect(quantileSorted([0.9, 1, 1.1, 1.2, 1.3], 0.8)).toBeCloseTo(1.22, 12); // position 3.2
		expect(quantileSorted([5], 0.95)).toBe(5);
	});

	it('the chosen quantile scales the point forecast by that quantile of the error ratios', () => {
		const model: DemandModel = { ratios: [0.9, 1, 1.1, 1.2, 1.3], with_growth_only: true, backtest: null };
		expect(demandQuantile(model, 100, 0.5)).toBeCloseTo(110, 9);
		expect(demandQuantile(model, 100, 0.8)).toBeCloseTo(122, 9);
		expect(demandQuantile(model, 100, 0.95)).toBeCloseTo(128, 9); // position 3.8 → 1.2 + 0.8·0.1
		expect(demandQuantile({ ratios: [], with_growth_only: false, backtest: null }, 100, 0.8)).toBe(100);
	});

	it('the point forecast is the same week a year earlier averaged with its neighbours, times the growth', () => {
		const year = Array.from({ length: 52 }, (_, i) => i + 1); // 1 … 52
		// g = 1 with one year; week 52 (h = 1) ← week 0 and 1: 1.5; h = 2 ← weeks 0–2: 2; h = 52 ← weeks 50, 51: 51.5
		const f = pointForecast(year, 51, 52);
		expect(f[0]).toBe(1.5);
		expect(f[1]).toBe(2);
		expect(f[51]).toBe(51.5);
		// a year of 1s then a year of 2s: g = 104/52 = 2; h = 1 ← weeks 51–53 (1, 2, 2): 5/3 × 2; h = 2, 3: 2 × 2 = 4
		const two = [...new Array(52).fill(1), ...new Array(52).fill(2)];
		expect(growthAt(two, 103)).toBe(2);
		const f2 = pointForecast(two, 103, 3);
		expect(f2[0]).toBeCloseTo(10 / 3, 12);
		expect(f2.slice(1)).toEqual([4, 4]);
		expect(() => pointForecast(year, 50, 1)).toThrow(/52 weeks/);
	});

	it('rolling-origin errors: every origin with a year behind it, each later observed week up to 52 ahead', () => {
		const v = [...Array.from({ length: 52 }, (_, i) => i + 1), 10, 20];
		// origins 51 and 52: (51 → 52, 53) and (52 → 53)
		const e = rollingOriginErrors(v, 53);
		expect(e.map((x) => [x.origin, x.horizon, x.actual])).toEqual([
			[51, 1, 10],
			[51, 2, 20],
			[52, 1, 20]
		]);
		expect(e[0].forecast).toBe(1.5);
		expect(e[1].forecast).toBe(2);
		expect(e[2].forecast).toBe(2); // origin 52 sees weeks 0–2 too: (1 + 2 + 3)/3
	});
});

describe('roster by week', () => {
	const m = (id: string, hire: string, leave: string | null, type: RosterMember['team_type']): RosterMember => ({
		technician_id: id,
		hire_date: hire,
		leave_date: leave,
		team: 'A',
		team_type: type,
		region: 'R'
	});
	const members = [
		m('T1', '2020-01-01', null, 'internal'),
		m('T2', '2020-01-01', '2026-01-10', 'outsourced'), // leaves on a Saturday
		m('T3', '2026-01-06', null, 'internal'), // hired on a Tuesday
		m('T4', '2026-01-12', null, null), // hired on a Monday, type unknown
		m('T5', '2026-01-19', '2026-01-19', 'outsourced') // one day, a Monday
	];

	it('counts a technician in the weeks whose Monday lies from hire to leave date', () => {
		expect(activeInWeek(members[2], '2026-01-05')).toBe(false);
		expect(activeInWeek(members[2], '2026-01-12')).toBe(true);
		expect(activeInWeek(members[1], '2026-01-05')).toBe(true);
		expect(activeInWeek(members[1], '2026-01-12')).toBe(false);
		expect(rosterByWeek(members, ['2025-12-29', '2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26'])).toEqual([
			{ week_start: '2025-12-29', active: 2, internal: 1, outsourced: 1 },
			{ week_start: '2026-01-05', active: 2, internal: 1, outsourced: 1 },
			{ week_start: '2026-01-12', active: 3, internal: 3, outsourced: 0 },
			{ week_start: '2026-01-19', active: 4, internal: 3, outsourced: 1 },
			{ week_start: '2026-01-26', active: 3, internal: 3, outsourced: 0 }
		]);
	});
});

describe('weeks', () => {
	it('labels ISO weeks by the year of their Thursday', () => {
		expect(isoWeek('2026-06-29')).toBe('2026-W27');
		expect(isoWeek('2024-12-30')).toBe('2025-W01');
		expect(isoWeek('2020-12-28')).toBe('2020-W53');
		expect(isoWeek('2021-01-04')).toBe('2021-W01');
	});

	it('finds Mondays', () => {
		expect(firstMondayOfMonth('2027-06')).toBe('2027-06-07');
		expect(firstMondayOfMonth('2026-06')).toBe('2026-06-01');
		expect(mondayOf('2026-11-01')).toBe('2026-10-26'); // a Sunday
	});
});

describe('backtest summary', () => {
	it('Pearson correlation, and none without spread', () => {
		expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
		expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
		expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
		expect(pearson([1, 2], [1, 2])).toBeNull();
	});

	it('says when the data cannot show what fewer technicians would have done', () => {
		const week = { on_time_share: 0.95 } as never;
		const text = describeBacktest(
			{
				weeks: [week, week],
				below: { weeks: 0, arrived: 0, on_time: 0, on_time_share: null },
				at_or_above: { weeks: 2, arrived: 200, on_time: 190, on_time_share: 0.95 },
				correlation: null
			},
			0.9
		);
		expect(text).toBe(
			'Every week had at least the recommended number of technicians; on-time was 95.0% (0 of 2 weeks under the 90.0% target), so the data cannot show what fewer would have done.'
		);
	});
});
