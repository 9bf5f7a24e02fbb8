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
		expect(f.points[0]).toEqual({ month: '2024-01', value: 0 });
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
		expect(f.points[0]).toEqual({ month: '2024-07', value: 150 });
		expect(f.points[5]).toEqual({ month: '2024-12', value: 110 });
		expect(f.points[6]).toEqual({ month: '2025-01', value: 100 });
		expect(f.points[11]).toEqual({ month: '2025-06', value: 130 });
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

describe('weeklyStaffing', () => {
	it('a constant June: 300 jobs / 30 days = 10 a day, nothing invented after June', () => {
		// 2024-06-03 is a Monday. Weeks: 06-03, 06-10, 06-17, 06-24 (24…30 are all June) → 7·10 = 70 each;
		// 07-01 is past the last month → 0. Capacity 3 jobs/day × 5 days = 15 per technician-week:
		// ⌈70/15⌉ = ⌈4.67⌉ = 5; ⌈0/15⌉ = 0.
		const rows = weeklyStaffing([{ month: '2024-06', value: 300 }], {
			jobsPerTechnicianPerDay: 3,
			workingDaysPerWeek: 5,
			fromDate: '2024-06-03',
			weeks: 5
		});
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
		const rows = weeklyStaffing(
			[
				{ month: '2024-05', value: 310 },
				{ month: '2024-06', value: 600 }
			],
			{ jobsPerTechnicianPerDay: 4, workingDaysPerWeek: 5, fromDate: '2024-05-27', weeks: 2 }
		);
		expect(rows[0].week_start).toBe('2024-05-27');
		expect(rows[0].jobs).toBeCloseTo(90, 10);
		expect(rows[0].technicians).toBe(5);
		expect(rows[1].jobs).toBeCloseTo(140, 10);
		expect(rows[1].technicians).toBe(7);
	});

	it('February of a leap year has 29 days', () => {
		// 2024-02: 290/29 = 10 a day. Monday 2024-02-26: 26…29 Feb = 4·10 = 40, 1…3 Mar (no data) = 0 → 40.
		const rows = weeklyStaffing([{ month: '2024-02', value: 290 }], {
			jobsPerTechnicianPerDay: 2,
			workingDaysPerWeek: 5,
			fromDate: '2024-02-26',
			weeks: 1
		});
		expect(rows[0].jobs).toBeCloseTo(40, 10);
		expect(rows[0].technicians).toBe(4); // 40 / 10 = 4
	});

	it('works on seasonalForecast output', () => {
		const f = seasonalForecast([...months(2022, Y1), ...months(2023, Y2)]);
		// January 2024 forecast = 121 → 121/31 a day; Monday 2024-01-01 week → 7·121/31 = 27.322580…
		const [row] = weeklyStaffing(f.points, {
			jobsPerTechnicianPerDay: 5,
			workingDaysPerWeek: 5,
			fromDate: '2024-01-01',
			weeks: 1
		});
		expect(row.jobs).toBeCloseTo((7 * 121) / 31, 10);
		expect(row.technicians).toBe(2); // ⌈27.32/25⌉ = 2
	});

	it('rejects a fromDate that is not a Monday, or not a date', () => {
		const opts = { jobsPerTechnicianPerDay: 3, workingDaysPerWeek: 5, weeks: 1 };
		expect(() => weeklyStaffing([], { ...opts, fromDate: '2024-06-04' })).toThrow(/not a Monday/);
		expect(() => weeklyStaffing([], { ...opts, fromDate: '2024-02-30' })).toThrow(/Invalid date/);
	});
});
