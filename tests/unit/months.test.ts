// src/lib/months.ts: every answer worked out from a calendar.
import { describe, expect, it } from 'vitest';
import {
	daysCovered,
	addDays,
	addMonths,
	daysBetween,
	daysInMonth,
	isValidDate,
	isValidMonth,
	isWholeMonths,
	mondayOnOrAfter,
	monthEnd,
	monthFromIndex,
	monthIndex,
	monthOf,
	monthRange,
	monthSeq,
	monthsBetween,
	monthsRange,
	sameDayLastYear,
	shiftRange,
	trailingMonths,
	defaultRange
} from '../../src/lib/months';

describe('validation', () => {
	it('accepts real days and months only', () => {
		expect(['2026-06-30', '2024-02-29', '2000-02-29'].map(isValidDate)).toEqual([true, true, true]);
		// 31 June, 29 Feb of a non-leap year (1900 is not leap), month 13, no zero padding, trailing time
		expect(['2026-06-31', '2025-02-29', '1900-02-29', '2026-13-01', '2026-6-1', '2026-06-01T00:00'].map(isValidDate)).toEqual([
			false,
			false,
			false,
			false,
			false,
			false
		]);
		expect(['2026-01', '2026-12'].map(isValidMonth)).toEqual([true, true]);
		expect(['2026-00', '2026-13', '2026-1', '2026-01-01', ''].map(isValidMonth)).toEqual([false, false, false, false, false]);
	});
	it('monthIndex refuses a malformed month', () => {
		expect(() => monthIndex('2026-13')).toThrow(/Invalid month "2026-13"/);
		expect(() => monthIndex('June')).toThrow(/expected 'YYYY-MM'/);
	});
});

describe('months as numbers', () => {
	it('monthIndex and monthFromIndex are y × 12 + m − 1 and back', () => {
		// 2026 × 12 + 5 = 24317
		expect(monthIndex('2026-06')).toBe(24317);
		expect(monthFromIndex(24317)).toBe('2026-06');
		// 24300 = 2025 × 12 + 0 → January 2025; 24311 → December 2025
		expect(monthFromIndex(24300)).toBe('2025-01');
		expect(monthFromIndex(24311)).toBe('2025-12');
		expect(monthFromIndex(12 * 999 + 2)).toBe('0999-03');
	});
	it('addMonths crosses year ends both ways', () => {
		expect(addMonths('2026-01', -1)).toBe('2025-12');
		expect(addMonths('2025-12', 1)).toBe('2026-01');
		expect(addMonths('2026-10', -11)).toBe('2025-11');
		expect(addMonths('2026-03', -27)).toBe('2023-12');
		expect(addMonths('2026-03', 0)).toBe('2026-03');
	});
	it('monthsBetween and monthSeq', () => {
		expect(monthsBetween('2025-11', '2026-02')).toBe(3);
		expect(monthsBetween('2026-02', '2025-11')).toBe(-3);
		expect(monthSeq('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		expect(monthSeq('2026-02', '2026-02')).toEqual(['2026-02']);
		expect(monthSeq('2026-03', '2026-02')).toEqual([]);
	});
	it('monthOf takes the month of a day or a timestamp', () => {
		expect(monthOf('2026-06-15')).toBe('2026-06');
		expect(monthOf('2026-06-15 08:30')).toBe('2026-06');
	});
});

describe('month ends', () => {
	it('knows 28, 29, 30 and 31', () => {
		expect(['2025-02', '2024-02', '1900-02', '2000-02', '2026-04', '2026-12'].map(daysInMonth)).toEqual([28, 29, 28, 29, 30, 31]);
		expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
		expect(monthEnd('2026-06')).toBe('2026-06-30');
		expect(monthsRange('2025-11', '2026-02')).toEqual({ from: '2025-11-01', to: '2026-02-28' });
	});
	it('trailingMonths: the default twelve months up to October 2026 start in November 2025', () => {
		expect(trailingMonths('2026-10', 12)).toEqual({ from: '2025-11-01', to: '2026-10-31' });
		expect(trailingMonths('2026-02', 1)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
		expect(defaultRange('2026-10')).toEqual({ from: '2025-11-01', to: '2026-10-31' });
	});
	it('isWholeMonths needs a first day and a last day', () => {
		expect(isWholeMonths({ from: '2026-04-01', to: '2026-06-30' })).toBe(true);
		expect(isWholeMonths({ from: '2024-02-01', to: '2024-02-29' })).toBe(true);
		expect(isWholeMonths({ from: '2024-02-01', to: '2024-02-28' })).toBe(false);
		expect(isWholeMonths({ from: '2026-04-02', to: '2026-06-30' })).toBe(false);
	});
});

describe('days', () => {
	it('addDays, daysBetween', () => {
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
		expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
		expect(daysBetween('2026-06-01', '2026-06-30')).toBe(29);
		expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
	});
	it('mondayOnOrAfter: 1 Nov 2026 is a Sunday, 2 Nov a Monday', () => {
		expect(mondayOnOrAfter('2026-11-01')).toBe('2026-11-02');
		expect(mondayOnOrAfter('2026-11-02')).toBe('2026-11-02');
		// 3 Nov is a Tuesday: six days on
		expect(mondayOnOrAfter('2026-11-03')).toBe('2026-11-09');
	});
	it('sameDayLastYear turns 29 February into 28 February', () => {
		expect(sameDayLastYear('2024-02-29')).toBe('2023-02-28');
		expect(sameDayLastYear('2026-06-15')).toBe('2025-06-15');
	});
});

describe('shiftRange', () => {
	it('previous: whole months step back by whole months', () => {
		expect(shiftRange({ from: '2026-06-01', to: '2026-06-30' }, 'previous')).toEqual({ from: '2026-05-01', to: '2026-05-31' });
		// March is 31 days, February 28: still the whole of February
		expect(shiftRange({ from: '2026-03-01', to: '2026-03-31' }, 'previous')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
		// a quarter → the quarter before, across the year end
		expect(shiftRange({ from: '2026-01-01', to: '2026-03-31' }, 'previous')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
	});
	it('previous: any other span steps back by its length in days', () => {
		// 10–19 June is 10 days → 31 May – 9 June
		expect(shiftRange({ from: '2026-06-10', to: '2026-06-19' }, 'previous')).toEqual({ from: '2026-05-31', to: '2026-06-09' });
	});
	it('last_year: whole months to whole months, other spans day by day', () => {
		expect(shiftRange({ from: '2025-02-01', to: '2025-02-28' }, 'last_year')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
		expect(shiftRange({ from: '2024-02-10', to: '2024-02-29' }, 'last_year')).toEqual({ from: '2023-02-10', to: '2023-02-28' });
		expect(shiftRange({ from: '2026-06-10', to: '2026-06-19' }, 'last_year')).toEqual({ from: '2025-06-10', to: '2025-06-19' });
	});
});

describe('daysCovered', () => {
	it('the days of a week inside a range: cut at either end, whole, or none', () => {
		// the week of Monday 2025-10-27 against the default range from Saturday 2025-11-01: Saturday and Sunday
		expect(daysCovered('2025-10-27', '2025-11-02', '2025-11-01', '2026-10-31')).toBe(2);
		// the week of Monday 2026-10-26 against a range ending Saturday 2026-10-31: Monday to Saturday
		expect(daysCovered('2026-10-26', '2026-11-01', '2025-11-01', '2026-10-31')).toBe(6);
		expect(daysCovered('2026-06-01', '2026-06-07', '2025-11-01', '2026-10-31')).toBe(7);
		expect(daysCovered('2026-11-02', '2026-11-08', '2025-11-01', '2026-10-31')).toBe(0);
		expect(daysCovered('2024-02-26', '2024-03-03', '2024-02-29', '2024-02-29')).toBe(1);
	});
});
