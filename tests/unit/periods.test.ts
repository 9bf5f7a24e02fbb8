// Review periods worked by hand from the calendar: 1 January 2026 is a Thursday
// (so 2026 has 53 ISO weeks and week 1 starts on Monday 29 December 2025),
// 1 January 2025 a Wednesday in a common year (52 weeks), 1 January 2020 a
// Wednesday in a leap year (53 weeks), 1 January 2024 a Monday (52 weeks).
import { describe, expect, it } from 'vitest';
import {
	isoWeekOf,
	isoWeeksInYear,
	lastYearPeriod,
	monthsOf,
	nextPeriod,
	parsePeriod,
	period,
	periodOf,
	previousPeriod
} from '../../src/lib/periods';

const span = (s: string) => {
	const p = period(s);
	return [p.kind, p.from, p.to];
};

describe('periods', () => {
	it('reads weeks, months and quarters and refuses anything else', () => {
		expect(span('2026-W42')).toEqual(['week', '2026-10-12', '2026-10-18']);
		expect(span('2026-W01')).toEqual(['week', '2025-12-29', '2026-01-04']);
		expect(span('2026-W53')).toEqual(['week', '2026-12-28', '2027-01-03']);
		expect(span('2026-10')).toEqual(['month', '2026-10-01', '2026-10-31']);
		expect(span('2024-02')).toEqual(['month', '2024-02-01', '2024-02-29']);
		expect(span('2024-Q1')).toEqual(['quarter', '2024-01-01', '2024-03-31']);
		expect(span('2026-Q3')).toEqual(['quarter', '2026-07-01', '2026-09-30']);
		for (const bad of [
			'2025-W53',
			'2026-W00',
			'2026-W54',
			'2026-Q0',
			'2026-Q5',
			'2026-13',
			'2026-00',
			'2026-W4',
			'26-10',
			'2026-10-01',
			''
		])
			expect(parsePeriod(bad), bad).toBeNull();
		expect(() => period('2026-Q5')).toThrow(/not a period/);
	});

	it('counts ISO weeks and finds the week of a day at the year ends', () => {
		expect([2015, 2020, 2024, 2025, 2026].map(isoWeeksInYear)).toEqual([53, 53, 52, 52, 53]);
		expect(isoWeekOf('2027-01-01')).toEqual({ year: 2026, week: 53 });
		expect(isoWeekOf('2027-01-04')).toEqual({ year: 2027, week: 1 });
		expect(isoWeekOf('2024-12-30')).toEqual({ year: 2025, week: 1 });
		expect(isoWeekOf('2021-01-03')).toEqual({ year: 2020, week: 53 });
		expect(isoWeekOf('2025-12-28')).toEqual({ year: 2025, week: 52 });
		expect(periodOf('week', '2026-10-15').key).toBe('2026-W42');
		expect(periodOf('quarter', '2026-08-15').key).toBe('2026-Q3');
		expect(periodOf('month', '2026-08-15').key).toBe('2026-08');
	});

	it('steps to the previous and next period of the same kind', () => {
		expect(previousPeriod(period('2026-W01')).key).toBe('2025-W52');
		expect(previousPeriod(period('2026-W01')).from).toBe('2025-12-22');
		expect(nextPeriod(period('2026-W52')).key).toBe('2026-W53');
		expect(nextPeriod(period('2026-W53')).key).toBe('2027-W01');
		expect(nextPeriod(period('2026-W53')).from).toBe('2027-01-04');
		expect(previousPeriod(period('2026-01')).key).toBe('2025-12');
		expect(nextPeriod(period('2026-12')).key).toBe('2027-01');
		expect(previousPeriod(period('2026-Q1')).key).toBe('2025-Q4');
		expect(previousPeriod(period('2026-Q1')).from).toBe('2025-10-01');
		expect(nextPeriod(period('2026-Q4')).key).toBe('2027-Q1');
	});

	it('takes the same period a year earlier', () => {
		expect(lastYearPeriod(period('2026-W42')).key).toBe('2025-W42');
		expect(lastYearPeriod(period('2026-W42')).from).toBe('2025-10-13');
		// 2025 has no week 53: its last week stands in
		expect(lastYearPeriod(period('2026-W53')).key).toBe('2025-W52');
		expect(lastYearPeriod(period('2026-10')).key).toBe('2025-10');
		expect(lastYearPeriod(period('2026-Q3'))).toMatchObject({ key: '2025-Q3', from: '2025-07-01', to: '2025-09-30' });
	});

	it('lists the months a period touches', () => {
		expect(monthsOf(period('2026-Q3'))).toEqual(['2026-07', '2026-08', '2026-09']);
		expect(monthsOf(period('2026-W53'))).toEqual(['2026-12', '2027-01']);
		expect(monthsOf(period('2026-W42'))).toEqual(['2026-10']);
		expect(monthsOf(period('2026-10'))).toEqual(['2026-10']);
	});
});
