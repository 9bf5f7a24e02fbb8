import { describe, expect, it } from 'vitest';
import { seasonalForecast, weeklyStaffing, type MonthlyPoint } from '../../src/lib/server/metrics/forecast';

const months = (year: number, values: number[]): MonthlyPoint[] =>
	values.map((value, i) => ({ month: `${year}-${String(i + 1).padStart(2, '0')}`, value }));

const values = (ps: MonthlyPoint[]) => ps.map((p) => p.value);
const labels = (ps: MonthlyPoint[]) => ps.map((p) => p.month);

function expectAllClose(got: number[], want: number[], digits = 10) {
	expect(got).toHaveLength(want.length);
	got.forEach((g, i) => expect(g, `index ${i}`).toBeCloseTo(want[i], digits));
}

// Year 1 sums to 100+80+120+90+110+130+150+140+100+90+80+110 = 1300.
const Y1 = [100, 80, 120, 90, 110, 130, 150, 140, 100, 90, 80, 110];
// Year 2 is exactly 1.1 × year 1 → sums to 1430.
const Y2 = [110, 88, 132, 99, 121, 143, 165, 154, 110, 99, 88, 121];

describe('seasonalForecast', () => {
	it('24 months growing 10 %: forecast = last year × 1.1, holdout = plain seasonal naive', () => {
		const f = seasonalForecast([...months(2022, Y1), ...months(2023, Y2)]);
		// g = 1430 / 1300 = 1.1
		expect(f.method).toBe('seasonal-naive-with-growth');
		expect(f.growth).toBeCloseTo(1.1, 14);
		expect(labels(f.points)).toEqual([
			'2024-01',
			'2024-02',
			'2024-03',
			'2024-04',
			'2024-05',
			'2024-06',
			'2024-07',
			'2024-08',
			'2024-09',
			'2024-10',
			'2024-11',
			'2024-12'
		]);
		// 110·1.1 = 121, 88·1.1 = 96.8, 132·1.1 = 145.2, 99·1.1 = 108.9, 121·1.1 = 133.1, 143·1.1 = 157.3,
		// 165·1.1 = 181.5, 154·1.1 = 169.4, 110·1.1 = 121, 99·1.1 = 108.9, 88·1.1 = 96.8, 121·1.1 = 133.1
		expectAllClose(values(f.points), [121, 96.8, 145.2, 108.9, 133.1, 157.3, 181.5, 169.4, 121, 108.9, 96.8, 133.1]);

		// Holdout: refit on 2022 only (12 months → g = 1), so the 2023 forecast is the 2022 values.
		// Each month: |1.1·y − y| / (1.1·y) = 0.1/1.1 = 1/11 → MAPE = 1/11 = 0.0909…
		// MAE = mean(0.1·y) = 0.1·1300/12 = 10.8333…
		expect(f.holdout).not.toBeNull();
		const h = f.holdout!;
		expect(h.months).toEqual(months(2023, Y2));
		expect(h.forecast).toEqual(months(2023, Y1));
		expect(h.mape).toBeCloseTo(1 / 11, 14);
		expect(h.mae).toBeCloseTo(130 / 12, 12);
	});

	it('horizon > 12 repeats the last season with the same g', () => {
		const f = seasonalForecast([...months(2022, Y1), ...months(2023, Y2)], 14);
		expect(f.points).toHaveLength(14);
		// months 13 and 14 are 2025-01, 2025-02 = Jan, Feb of 2023 × 1.1 = 121, 96.8
		expect(f.points[12].month).toBe('2025-01');
		expect(f.points[13].month).toBe('2025-02');
		expect(f.points[12].value).toBeCloseTo(121, 10);
		expect(f.points[13].value).toBeCloseTo(96.8, 10);
	});

	it('36 months, unordered, with a missing month filled as 0; holdout uses growth too', () => {
		// 2021: 10 a month (120). 2022: 20 a month (240). 2023: 30 a month except January,
		// which is absent from the input and must count as 0 → 2023 sum = 11·30 = 330.
		const y3 = months(2023, Array(12).fill(30)).filter((p) => p.month !== '2023-01');
		const input = [...y3, ...months(2021, Array(12).fill(10)), ...months(2022, Array(12).fill(20))].reverse();
		const f = seasonalForecast(input);

		// g = 330 / 240 = 1.375 → Jan 2024 = 0·1.375 = 0, other months 30·1.375 = 41.25
		expect(f.growth).toBeCloseTo(1.375, 14);
		expect(f.points[0]).toMatchObject({ month: '2024-01', value: 0 });
		expectAllClose(values(f.points).slice(1), Array(11).fill(41.25));

		// Holdout: refit on 2021–2022 → g = 240/120 = 2 → forecast 2023 = 20·2 = 40 each month.
		// Actual 2023: Jan 0 (excluded from MAPE), others 30: APE = |30−40|/30 = 1/3 → MAPE = 1/3.
		// MAE = (|0−40| + 11·|30−40|)/12 = (40 + 110)/12 = 12.5
		const h = f.holdout!;
		expect(h.months[0]).toEqual({ month: '2023-01', value: 0 });
		expectAllClose(values(h.forecast), Array(12).fill(40));
		expect(h.mape).toBeCloseTo(1 / 3, 14);
		expect(h.mae).toBeCloseTo(12.5, 14);
	});

	it('exactly 12 months: plain seasonal naive, no holdout, crosses the year boundary', () => {
		// Jul 2023 … Jun 2024: forecast Jul 2024 … Jun 2025 equals those values, g = 1.
		const input = [...months(2023, Y1).slice(6), ...months(2024, Y1).slice(0, 6)];
		const f = seasonalForecast(input);
		expect(f.method).toBe('seasonal-naive');
		expect(f.growth).toBe(1);
		expect(f.holdout).toBeNull();
		expect(f.points[0]).toEqual({ month: '2024-07', value: 150, lo80: null, hi80: null, lo95: null, hi95: null });
		expect(f.points[5]).toEqual({ month: '2024-12', value: 110, lo80: null, hi80: null, lo95: null, hi95: null });
		expect(f.points[6]).toEqual({ month: '2025-01', value: 100, lo80: null, hi80: null, lo95: null, hi95: null });
		expect(f.points[11]).toEqual({ month: '2025-06', value: 130, lo80: null, hi80: null, lo95: null, hi95: null });
		// no month has a month a year before it: no residual, no interval; no origin after month 12 to evaluate
		expect(f.residual_sd).toBeNull();
		expect(f.evaluation).toEqual({
			method: 'rolling-origin',
			forecasts: 0,
			origins: 0,
			mae: null,
			mape: null,
			coverage80: null,
			coverage95: null
		});
	});

	it('a previous year of zeros cannot give a growth factor → g = 1', () => {
		const f = seasonalForecast([...months(2022, Array(12).fill(0)), ...months(2023, Y1)]);
		expect(f.growth).toBe(1);
		expect(f.method).toBe('seasonal-naive');
		expect(values(f.points)).toEqual(Y1);
		// holdout: 2022 (all 0) forecasts 2023 as 0 → APE 1 every month, MAE = 1300/12
		expect(f.holdout!.mape).toBe(1);
		expect(f.holdout!.mae).toBeCloseTo(1300 / 12, 12);
	});

	it('rejects short, malformed and duplicated input', () => {
		expect(() => seasonalForecast(months(2023, Y1.slice(0, 11)))).toThrow(/at least 12 consecutive months.*got 11/);
		expect(() => seasonalForecast([])).toThrow(/at least 12 consecutive months/);
		expect(() => seasonalForecast([...months(2023, Y1), { month: '2024-13', value: 1 }])).toThrow(/Invalid month/);
		expect(() => seasonalForecast([...months(2023, Y1), { month: '2023-05', value: 1 }])).toThrow(/Duplicate month 2023-05/);
	});
});

const Z80 = 1.2815515655446004; // standard normal 0.90 quantile
const Z95 = 1.959963984540054; // 0.975 quantile

describe('prediction intervals and error on held-back data (FPP3 §5.5, §5.8, §5.10)', () => {
	// 2022 flat at 100 (1200); 2023 alternates 110, 90 (1200) → g = 1 (estimated, so K = 1)
	const FLAT = Array(12).fill(100);
	const ALT = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 110 : 90));

	it('24 months: σ̂ from the residuals ±10 on 12 − 1 degrees of freedom; √2 wider in the second year ahead', () => {
		const f = seasonalForecast([...months(2022, FLAT), ...months(2023, ALT)], 13);
		expect(f.method).toBe('seasonal-naive-with-growth');
		expect(f.growth).toBe(1);
		// Σe² = 12 · 10² = 1200 → σ̂ = √(1200/11)
		const sd = Math.sqrt(1200 / 11);
		expect(f.residual_sd).toBeCloseTo(sd, 12);
		const jan = f.points[0];
		expect(jan.month).toBe('2024-01');
		expect(jan.value).toBe(110);
		expect(jan.lo80).toBeCloseTo(110 - Z80 * sd, 10);
		expect(jan.hi80).toBeCloseTo(110 + Z80 * sd, 10);
		expect(jan.lo95).toBeCloseTo(110 - Z95 * sd, 10);
		expect(jan.hi95).toBeCloseTo(110 + Z95 * sd, 10);
		// h = 13 (2025-01): k = 1 → σ̂·√2
		expect(f.points[12].month).toBe('2025-01');
		expect(f.points[12].hi95! - f.points[12].value).toBeCloseTo(Z95 * sd * Math.SQRT2, 10);
		expect(f.method_reference).toMatch(/Hyndman & Athanasopoulos.*§5\.2.*§5\.5/);
	});

	it('under three years: rolling origin over every origin from month 12, up to 12 months ahead', () => {
		const f = seasonalForecast([...months(2022, FLAT), ...months(2023, ALT)]);
		// origins o = 12 … 23 (12 of them); each forecasts the months o … 23 → 12 + 11 + … + 1 = 78 forecasts.
		// Every training set is under 24 months (g = 1 by rule), so each forecast of 2023 is 2022's 100: |error| = 10.
		// A target month j of 2023 is forecast from origins 12 … 12 + j → j + 1 times; 110 at even j (1+3+…+11 = 36 times),
		// 90 at odd j (2+4+…+12 = 42 times) → MAPE = (36·10/110 + 42·10/90) / 78.
		// Intervals: origin 12 has no residual (no interval); from origin 13 on every residual is ±10 with K = 0 → σ̂ = 10,
		// 80 % half-width 12.8 > 10 → every actual inside both intervals.
		expect(f.evaluation).toEqual({
			method: 'rolling-origin',
			forecasts: 78,
			origins: 12,
			mae: 10,
			mape: expect.closeTo((36 * (10 / 110) + 42 * (10 / 90)) / 78, 12),
			coverage80: 1,
			coverage95: 1
		});
		// the single held-back season stays as before (compatibility): 2022 forecasts 2023 → MAE 10
		expect(f.holdout!.mae).toBe(10);
	});

	it('three years: the last season held back; σ̂ = 7.5 on 23 degrees of freedom; the lower end cut at 0', () => {
		const y3 = months(2023, Array(12).fill(30)).filter((p) => p.month !== '2023-01');
		const f = seasonalForecast([...months(2021, Array(12).fill(10)), ...months(2022, Array(12).fill(20)), ...y3]);
		// g = 330/240 = 1.375. Residuals y − 1.375·y(−12): 2022: 20 − 13.75 = 6.25 (×12); Jan 2023: 0 − 27.5 = −27.5;
		// Feb–Dec 2023: 30 − 27.5 = 2.5 (×11). Σe² = 468.75 + 756.25 + 68.75 = 1293.75; df = 24 − 1 = 23 → σ̂² = 56.25
		expect(f.residual_sd).toBeCloseTo(7.5, 12);
		expect(f.points[1]).toEqual({
			month: '2024-02',
			value: 41.25,
			lo80: expect.closeTo(41.25 - Z80 * 7.5, 10),
			hi80: expect.closeTo(41.25 + Z80 * 7.5, 10),
			lo95: expect.closeTo(41.25 - Z95 * 7.5, 10),
			hi95: expect.closeTo(41.25 + Z95 * 7.5, 10)
		});
		// January forecasts 0: its lower ends are 0, not negative
		expect(f.points[0].lo80).toBe(0);
		expect(f.points[0].lo95).toBe(0);
		expect(f.points[0].hi80).toBeCloseTo(Z80 * 7.5, 10);
		// Held back 2023: refit on 2021–2022 (g = 2, residuals 20 − 2·10 = 0 → σ̂ = 0, intervals of zero width at 40):
		// actuals 0 and 30 all outside. MAE 12.5 and MAPE 1/3 as the holdout test above.
		expect(f.evaluation).toEqual({
			method: 'holdout-last-season',
			forecasts: 12,
			origins: 1,
			mae: 12.5,
			mape: expect.closeTo(1 / 3, 14),
			coverage80: 0,
			coverage95: 0
		});
	});
});

describe('weeklyStaffing', () => {
	/** weeklyStaffing with the five-day working week every case here plans for */
	const fiveDayWeeks = (
		points: { month: string; value: number }[],
		opts: { jobsPerTechnicianPerDay: number; fromDate: string; weeks: number }
	) => weeklyStaffing(points, { ...opts, workingDaysPerWeek: 5 });

	it('a constant June: 300 jobs / 30 days = 10 a day, nothing invented after June', () => {
		// 2024-06-03 is a Monday. Weeks: 06-03, 06-10, 06-17, 06-24 (24…30 are all June) → 7·10 = 70 each;
		// 07-01 is past the last month → 0. Capacity 3 jobs/day × 5 days = 15 per technician-week:
		// ⌈70/15⌉ = ⌈4.67⌉ = 5; ⌈0/15⌉ = 0.
		const rows = fiveDayWeeks([{ month: '2024-06', value: 300 }], { jobsPerTechnicianPerDay: 3, fromDate: '2024-06-03', weeks: 5 });
		expect(rows.map((r) => r.week_start)).toEqual(['2024-06-03', '2024-06-10', '2024-06-17', '2024-06-24', '2024-07-01']);
		expectAllClose(
			rows.map((r) => r.jobs),
			[70, 70, 70, 70, 0]
		);
		expect(rows.map((r) => r.technicians)).toEqual([5, 5, 5, 5, 0]);
	});

	it('a week straddling two months mixes their daily rates', () => {
		// May: 310/31 = 10 a day; June: 600/30 = 20 a day. Week of Monday 2024-05-27:
		// 27…31 May = 5·10 = 50, 1…2 June = 2·20 = 40 → 90; capacity 4·5 = 20 → ⌈4.5⌉ = 5.
		// Week of 06-03: 7·20 = 140 → 140/20 = 7 exactly → 7 (no extra technician for float noise).
		const rows = fiveDayWeeks(
			[
				{ month: '2024-05', value: 310 },
				{ month: '2024-06', value: 600 }
			],
			{ jobsPerTechnicianPerDay: 4, fromDate: '2024-05-27', weeks: 2 }
		);
		expect(rows[0].week_start).toBe('2024-05-27');
		expect(rows[0].jobs).toBeCloseTo(90, 10);
		expect(rows[0].technicians).toBe(5);
		expect(rows[1].jobs).toBeCloseTo(140, 10);
		expect(rows[1].technicians).toBe(7);
	});

	it('February of a leap year has 29 days', () => {
		// 2024-02: 290/29 = 10 a day. Monday 2024-02-26: 26…29 Feb = 4·10 = 40, 1…3 Mar (no data) = 0 → 40.
		const rows = fiveDayWeeks([{ month: '2024-02', value: 290 }], { jobsPerTechnicianPerDay: 2, fromDate: '2024-02-26', weeks: 1 });
		expect(rows[0].jobs).toBeCloseTo(40, 10);
		expect(rows[0].technicians).toBe(4); // 40 / 10 = 4
	});

	it('works on seasonalForecast output', () => {
		const f = seasonalForecast([...months(2022, Y1), ...months(2023, Y2)]);
		// January 2024 forecast = 121 → 121/31 a day; Monday 2024-01-01 week → 7·121/31 = 27.322580…
		const [row] = fiveDayWeeks(f.points, { jobsPerTechnicianPerDay: 5, fromDate: '2024-01-01', weeks: 1 });
		expect(row.jobs).toBeCloseTo((7 * 121) / 31, 10);
		expect(row.technicians).toBe(2); // ⌈27.32/25⌉ = 2
	});

	it('rejects a fromDate that is not a Monday, or not a date', () => {
		const opts = { jobsPerTechnicianPerDay: 3, weeks: 1 };
		expect(() => fiveDayWeeks([], { ...opts, fromDate: '2024-06-04' })).toThrow(/not a Monday/);
		expect(() => fiveDayWeeks([], { ...opts, fromDate: '2024-02-30' })).toThrow(/Invalid date/);
	});
});
