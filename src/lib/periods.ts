// Review periods: an ISO week ('2026-W42'), a month ('2026-10') or a quarter
// ('2026-Q3'), each a span of days with a previous period and the same period a
// year earlier. Pure and dependency-free beside months.ts (which holds the day
// and month arithmetic); the report, the review page and the CLI use the same
// functions.
import { addDays, daysInMonth, isValidMonth } from './months';

export type PeriodKind = 'week' | 'month' | 'quarter';

export interface Period {
	kind: PeriodKind;
	/** as written: '2026-W42', '2026-10', '2026-Q3' */
	key: string;
	/** the ISO week-numbering year for a week, the calendar year otherwise */
	year: number;
	/** the week (1–53), month (1–12) or quarter (1–4) */
	n: number;
	/** first and last day, inclusive, YYYY-MM-DD */
	from: string;
	to: string;
}

const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) => String(n).padStart(4, '0');
const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Monday of ISO week 1 of an ISO year: the Monday of the week that holds 4 January. */
function week1Monday(year: number): string {
	const jan4 = `${pad4(year)}-01-04`;
	const dow = (new Date(dayMs(jan4)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
	return addDays(jan4, -dow);
}

/** ISO weeks in an ISO year: 53 when 1 January is a Thursday, or a Wednesday in a leap year; else 52. */
export function isoWeeksInYear(year: number): number {
	return Math.round((dayMs(week1Monday(year + 1)) - dayMs(week1Monday(year))) / (7 * 86_400_000));
}

/** The ISO week a day falls in: isoWeekOf('2027-01-01') = { year: 2026, week: 53 }. */
export function isoWeekOf(date: string): { year: number; week: number } {
	const t = dayMs(date);
	const dow = (new Date(t).getUTCDay() + 6) % 7;
	const thursday = isoDay(t + (3 - dow) * 86_400_000); // the week's Thursday decides its year
	const year = Number(thursday.slice(0, 4));
	return { year, week: Math.round((dayMs(thursday) - dayMs(week1Monday(year))) / (7 * 86_400_000)) + 1 };
}

const weekKey = (year: number, week: number) => `${pad4(year)}-W${pad2(week)}`;
const quarterKey = (year: number, q: number) => `${pad4(year)}-Q${q}`;
const monthKey = (year: number, m: number) => `${pad4(year)}-${pad2(m)}`;

function make(kind: PeriodKind, year: number, n: number): Period {
	if (kind === 'week') {
		const from = addDays(week1Monday(year), (n - 1) * 7);
		return { kind, key: weekKey(year, n), year, n, from, to: addDays(from, 6) };
	}
	if (kind === 'month') {
		const key = monthKey(year, n);
		return { kind, key, year, n, from: `${key}-01`, to: `${key}-${pad2(daysInMonth(key))}` };
	}
	const last = monthKey(year, n * 3);
	return { kind, key: quarterKey(year, n), year, n, from: `${monthKey(year, n * 3 - 2)}-01`, to: `${last}-${pad2(daysInMonth(last))}` };
}

/** A period from its text, or null when it is none of 'YYYY-Www' (a week the year has), 'YYYY-MM', 'YYYY-Qn'. */
export function parsePeriod(s: string): Period | null {
	const w = WEEK_RE.exec(s);
	if (w) {
		const year = Number(w[1]);
		const week = Number(w[2]);
		return week >= 1 && week <= isoWeeksInYear(year) ? make('week', year, week) : null;
	}
	const q = QUARTER_RE.exec(s);
	if (q) return make('quarter', Number(q[1]), Number(q[2]));
	if (isValidMonth(s)) return make('month', Number(s.slice(0, 4)), Number(s.slice(5, 7)));
	return null;
}

export function isValidPeriod(s: string): boolean {
	return parsePeriod(s) !== null;
}

/** parsePeriod that throws, naming what was expected. */
export function period(s: string): Period {
	const p = parsePeriod(s);
	if (!p) throw new Error(`"${s}" is not a period: expected a week YYYY-Www, a month YYYY-MM or a quarter YYYY-Qn`);
	return p;
}

/** The period of a kind that holds a day: periodOf('quarter', '2026-08-15') is 2026-Q3. */
export function periodOf(kind: PeriodKind, date: string): Period {
	if (kind === 'week') {
		const { year, week } = isoWeekOf(date);
		return make('week', year, week);
	}
	const year = Number(date.slice(0, 4));
	const m = Number(date.slice(5, 7));
	return kind === 'month' ? make('month', year, m) : make('quarter', year, Math.ceil(m / 3));
}

/** The period `delta` periods later (earlier when negative), of the same kind. */
export function shiftPeriodBy(p: Period, delta: number): Period {
	if (p.kind === 'week') return periodOf('week', addDays(p.from, delta * 7));
	const per = p.kind === 'month' ? 12 : 4;
	const i = p.year * per + (p.n - 1) + delta;
	return make(p.kind, Math.floor(i / per), (i % per) + 1);
}

export const previousPeriod = (p: Period): Period => shiftPeriodBy(p, -1);
export const nextPeriod = (p: Period): Period => shiftPeriodBy(p, 1);

/** The same period a year earlier: the same week number (week 53 → week 52 in a 52-week year), month or quarter. */
export function lastYearPeriod(p: Period): Period {
	if (p.kind === 'week') return make('week', p.year - 1, Math.min(p.n, isoWeeksInYear(p.year - 1)));
	return make(p.kind, p.year - 1, p.n);
}

/** The months a period touches, in order (a week may touch two). */
export function monthsOf(p: Period): string[] {
	const out: string[] = [];
	for (let m = p.from.slice(0, 7); m <= p.to.slice(0, 7);) {
		out.push(m);
		const y = Number(m.slice(0, 4));
		const n = Number(m.slice(5, 7));
		m = n === 12 ? monthKey(y + 1, 1) : monthKey(y, n + 1);
	}
	return out;
}
