// Calendar arithmetic on months ('YYYY-MM') and days ('YYYY-MM-DD'), in UTC.
// Pure and dependency-free: the server's filters and metrics and the browser's
// filter bar use the same functions. Display (a month's name in zh or en)
// belongs to the i18n formatters, not here.

const DAY_MS = 86_400_000;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

const pad2 = (n: number) => String(n).padStart(2, '0');
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isValidDate(s: string): boolean {
	if (!DATE_RE.test(s)) return false;
	const t = dayMs(s);
	return !Number.isNaN(t) && isoDay(t) === s;
}

/** A month written YYYY-MM, 01–12. */
export function isValidMonth(s: string): boolean {
	return MONTH_RE.test(s) && isValidDate(`${s}-01`);
}

/** The month a day or timestamp ('2026-06-15', '2026-06-15 08:00') falls in. */
export function monthOf(date: string): string {
	return date.slice(0, 7);
}

/** Months since year 0 (y × 12 + m − 1): a month as a number, for spans and series. Throws on a malformed month. */
export function monthIndex(month: string): number {
	const m = MONTH_RE.exec(month);
	const mm = m ? Number(m[2]) : 0;
	if (!m || mm < 1 || mm > 12) throw new Error(`Invalid month "${month}": expected 'YYYY-MM'`);
	return Number(m[1]) * 12 + mm - 1;
}

/** The inverse of monthIndex: 24317 → '2026-06'. */
export function monthFromIndex(index: number): string {
	return `${String(Math.floor(index / 12)).padStart(4, '0')}-${pad2((index % 12) + 1)}`;
}

/** The month `delta` months later (earlier when negative): addMonths('2026-01', -1) = '2025-12'. */
export function addMonths(month: string, delta: number): string {
	return monthFromIndex(monthIndex(month) + delta);
}

/** Whole months from `from` to `to` (negative when `to` is earlier): monthsBetween('2025-11', '2026-02') = 3. */
export function monthsBetween(from: string, to: string): number {
	return monthIndex(to) - monthIndex(from);
}

/** Every month from `first` to `last`, both included; [] when last is before first. */
export function monthSeq(first: string, last: string): string[] {
	const a = monthIndex(first);
	return Array.from({ length: Math.max(0, monthIndex(last) - a + 1) }, (_, i) => monthFromIndex(a + i));
}

export function daysInMonth(month: string): number {
	const i = monthIndex(month);
	return new Date(Date.UTC(Math.floor(i / 12), (i % 12) + 1, 0)).getUTCDate();
}

/** First and last day of a month: monthRange('2024-02') = { from: '2024-02-01', to: '2024-02-29' }. */
export function monthRange(month: string): { from: string; to: string } {
	return { from: `${month}-01`, to: `${month}-${pad2(daysInMonth(month))}` };
}

/** The last day of a month, YYYY-MM-DD. */
export function monthEnd(month: string): string {
	return monthRange(month).to;
}

/** First day of `first` to last day of `last`. */
export function monthsRange(first: string, last: string): { from: string; to: string } {
	return { from: monthRange(first).from, to: monthRange(last).to };
}

/** The `count` months ending with `last` (the default range is trailingMonths(lastComplete, 12)). */
export function trailingMonths(last: string, count: number): { from: string; to: string } {
	return monthsRange(addMonths(last, -(count - 1)), last);
}

/** The dashboard's default range: the twelve complete months up to the last complete one. */
export function defaultRange(lastComplete: string): { from: string; to: string } {
	return trailingMonths(lastComplete, 12);
}

/** A span that starts on a month's first day and ends on a month's last day. */
export function isWholeMonths(r: { from: string; to: string }): boolean {
	return r.from.endsWith('-01') && monthEnd(monthOf(r.to)) === r.to;
}

/** The day `n` days later (earlier when negative). */
export function addDays(date: string, n: number): string {
	return isoDay(dayMs(date) + n * DAY_MS);
}

/** Days from `from` to `to` (0 for the same day). */
export function daysBetween(from: string, to: string): number {
	return Math.round((dayMs(to) - dayMs(from)) / DAY_MS);
}

/** Days of the span first … last (inclusive) that lie inside lo … hi (inclusive); 0 when they do not meet. */
export function daysCovered(first: string, last: string, lo: string, hi: string): number {
	const a = first > lo ? first : lo;
	const b = last < hi ? last : hi;
	return a <= b ? daysBetween(a, b) + 1 : 0;
}

/** The first Monday on or after a day. */
export function mondayOnOrAfter(date: string): string {
	const dow = new Date(dayMs(date)).getUTCDay();
	return addDays(date, (8 - dow) % 7);
}

/** The same day a year earlier; 29 February becomes 28 February. */
export function sameDayLastYear(date: string): string {
	const y = Number(date.slice(0, 4)) - 1;
	const month = `${String(y).padStart(4, '0')}-${date.slice(5, 7)}`;
	const day = Math.min(Number(date.slice(8, 10)), daysInMonth(month));
	return `${month}-${pad2(day)}`;
}

/**
 * The span to compare a span with. 'previous': the span just before, of equal
 * length — whole months step back by whole months (Q2 → Q1, June → May), any
 * other span by its length in days. 'last_year': the same dates a year earlier —
 * whole months map to whole months (February 2025 → 1–29 February 2024).
 */
export function shiftRange(r: { from: string; to: string }, how: 'previous' | 'last_year'): { from: string; to: string } {
	const whole = isWholeMonths(r);
	const first = monthOf(r.from);
	const last = monthOf(r.to);
	if (how === 'last_year')
		return whole ? monthsRange(addMonths(first, -12), addMonths(last, -12)) : { from: sameDayLastYear(r.from), to: sameDayLastYear(r.to) };
	if (whole) {
		const months = monthsBetween(first, last) + 1;
		return monthsRange(addMonths(first, -months), addMonths(last, -months));
	}
	const days = daysBetween(r.from, r.to) + 1;
	return { from: addDays(r.from, -days), to: addDays(r.to, -days) };
}
