// The sample's calendar: every day is an integer index; its strings are formatted once.

const MS_PER_DAY = 86_400_000;
export const MINUTES_PER_DAY = 1440;
/** Purchases go back 8 years and production dates a bit further. */
const CALENDAR_DAYS_BEFORE_START = 3650;
const CALENDAR_DAYS_AFTER_END = 45;

export class Calendar {
	readonly iso: string[] = [];
	readonly slash: string[] = [];
	readonly chinese: string[] = [];
	readonly year: Int16Array;
	readonly month: Int8Array; // 1–12
	readonly dom: Int8Array;
	readonly weekday: Int8Array; // 0 = Sunday
	/** yyyymmdd as a number, for calendar comparisons */
	readonly key: Int32Array;
	/** day index of the first day of the sample window */
	readonly startDay: number;
	readonly endDay: number;

	constructor(start: string, months: number) {
		const [y, m, d] = parseIsoDate(start);
		const startMs = Date.UTC(y, m - 1, d);
		const endMs = Date.UTC(y, m - 1 + months, d);
		const windowDays = Math.round((endMs - startMs) / MS_PER_DAY);
		const total = CALENDAR_DAYS_BEFORE_START + windowDays + CALENDAR_DAYS_AFTER_END;
		this.startDay = CALENDAR_DAYS_BEFORE_START;
		this.endDay = CALENDAR_DAYS_BEFORE_START + windowDays;
		this.year = new Int16Array(total);
		this.month = new Int8Array(total);
		this.dom = new Int8Array(total);
		this.weekday = new Int8Array(total);
		this.key = new Int32Array(total);
		for (let i = 0; i < total; i++) {
			const date = new Date(startMs + (i - CALENDAR_DAYS_BEFORE_START) * MS_PER_DAY);
			const yy = date.getUTCFullYear();
			const mm = date.getUTCMonth() + 1;
			const dd = date.getUTCDate();
			this.year[i] = yy;
			this.month[i] = mm;
			this.dom[i] = dd;
			this.weekday[i] = date.getUTCDay();
			this.key[i] = yy * 10000 + mm * 100 + dd;
			this.iso.push(`${yy}-${pad2(mm)}-${pad2(dd)}`);
			this.slash.push(`${yy}/${mm}/${dd}`);
			this.chinese.push(`${yy}年${mm}月${dd}日`);
		}
	}

	/** Bought less than `years` calendar years before `day`. */
	within(purchaseDay: number, day: number, years: number): boolean {
		return this.key[purchaseDay] > this.key[day] - years * 10000;
	}

	/** 0-based month number within the sample window */
	windowMonth(day: number): number {
		return (this.year[day] - this.year[this.startDay]) * 12 + this.month[day] - this.month[this.startDay];
	}
}

function parseIsoDate(text: string): [number, number, number] {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!match) throw new Error(`start must look like 2023-11-01, got "${text}"`);
	return [Number(match[1]), Number(match[2]), Number(match[3])];
}

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));
export function pad2(n: number): string {
	return PAD2[n];
}

/**
 * Exports mix date styles, even within one file; each row uses one style throughout.
 * Style 0: `2026-07-01 14:30` / `2026-07-01`; 1: `2026/7/1 14:30:00` / `2026/7/1`;
 * 2: `2026-07-01 14:30:00` / `2026年7月1日`.
 */
export const DATE_STYLE_WEIGHTS = [0.55, 0.3, 0.15];

export class DateFormatter {
	constructor(private cal: Calendar) {}

	date(day: number, style: number): string {
		if (style === 0) return this.cal.iso[day];
		if (style === 1) return this.cal.slash[day];
		return this.cal.chinese[day];
	}

	/** `t` is minutes since calendar day 0 */
	timestamp(t: number, style: number): string {
		const day = Math.floor(t / MINUTES_PER_DAY);
		const minuteOfDay = t - day * MINUTES_PER_DAY;
		const hhmm = `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`;
		if (style === 0) return `${this.cal.iso[day]} ${hhmm}`;
		const seconds = pad2((t * 37 + 11) % 60); // systems that keep seconds; derived so it stays deterministic
		if (style === 1) return `${this.cal.slash[day]} ${hhmm}:${seconds}`;
		return `${this.cal.iso[day]} ${hhmm}:${seconds}`;
	}
}

/** `2024-03B`: production month plus the ten-day part of the month (A/B/C). */
export function batchOf(cal: Calendar, day: number): string {
	const part = cal.dom[day] <= 10 ? 'A' : cal.dom[day] <= 20 ? 'B' : 'C';
	return `${cal.year[day]}-${pad2(cal.month[day])}${part}`;
}
