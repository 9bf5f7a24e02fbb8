// Week arithmetic on Mondays written YYYY-MM-DD, in UTC. Pure.
const DAY_MS = 86_400_000;

const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export function addDays(d: string, n: number): string {
	return iso(dayMs(d) + n * DAY_MS);
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(d: string): number {
	return (new Date(dayMs(d)).getUTCDay() + 6) % 7;
}

/** The Monday of the week a day falls in. */
export function mondayOf(d: string): string {
	return addDays(d, -weekday(d));
}

/** Whole weeks from Monday a to Monday b. */
export function weeksBetween(a: string, b: string): number {
	return Math.round((dayMs(b) - dayMs(a)) / (7 * DAY_MS));
}

/** ISO 8601 week label of a Monday: '2026-W27' (the week belongs to the year of its Thursday). */
export function isoWeek(monday: string): string {
	const thursday = new Date(dayMs(addDays(monday, 3)));
	const year = thursday.getUTCFullYear();
	const jan1 = Date.UTC(year, 0, 1);
	const week = Math.floor((thursday.getTime() - jan1) / DAY_MS / 7) + 1;
	return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The first Monday on or after the first day of a month 'YYYY-MM'. */
export function firstMondayOfMonth(month: string): string {
	const first = `${month}-01`;
	return addDays(first, (7 - weekday(first)) % 7);
}
