// Locale-aware formatters, pure: the pages, the charts, the findings and the
// Markdown report format numbers, shares, months and p-values the same way.
import type { Lang } from './dictionary';

const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-US' };
const MONTHS_EN = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

const missing = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || Number.isNaN(v);

// one Intl.NumberFormat per language, style and digits, made once: making one costs far more than formatting with it
// (a page of tiles and tables formats hundreds of figures; ~150 ms of the overview's first drawing at 10M under load)
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, style: 'percent' | 'decimal', digits: number): Intl.NumberFormat {
	const key = `${lang}|${style}|${digits}`;
	let f = formats.get(key);
	if (!f)
		formats.set(key, (f = new Intl.NumberFormat(LOCALE[lang], { style, minimumFractionDigits: digits, maximumFractionDigits: digits })));
	return f;
}

/** 0.1234 → '12.3%'. */
export function pct(v: number | null | undefined, lang: Lang = 'en', digits = 1): string {
	if (missing(v)) return '—';
	return numberFormat(lang, 'percent', digits).format(v);
}

/** 12345.6 → '12,346'. */
export function num(v: number | null | undefined, lang: Lang = 'en', digits = 0): string {
	if (missing(v)) return '—';
	return numberFormat(lang, 'decimal', digits).format(v);
}

/** numerator / denominator: '12 / 345'. */
export function frac(numerator: number, denominator: number, lang: Lang = 'en'): string {
	return `${num(numerator, lang)} / ${num(denominator, lang)}`;
}

/** A 95% interval: '1.0% – 2.5%', '—' when unknown. */
export function interval(low: number | null, high: number | null, lang: Lang = 'en'): string {
	return low === null || high === null ? '—' : `${pct(low, lang)} – ${pct(high, lang)}`;
}

/** A calendar month's name: 7 → 'July' / '7月'. */
export function monthName(m: number, lang: Lang): string {
	return lang === 'zh' ? `${m}月` : MONTHS_EN[m - 1];
}

/** A month 'YYYY-MM' for reading: 'July 2026' / '2026年7月'. */
export function monthLabel(month: string, lang: Lang): string {
	const [y, m] = month.split('-').map(Number);
	return lang === 'zh' ? `${y}年${m}月` : `${MONTHS_EN[m - 1]} ${y}`;
}

/** A p-value as a table cell: '< 0.0001' or '0.0012'. */
export function pValue(p: number): string {
	return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}

/** A p-value in a sentence: 'p < 0.0001' or 'p = 0.0012'. */
export function pValueText(p: number): string {
	return p < 0.0001 ? 'p < 0.0001' : `p = ${p.toFixed(4)}`;
}

/** A target as the memos write it: '≥ 90%' (at least) or '< 3%' (under). */
export function targetText(target: { min: number } | { max: number } | undefined, lang: Lang): string {
	if (!target) return '—';
	return 'min' in target ? `≥ ${pct(target.min, lang, 0)}` : `< ${pct(target.max, lang, 0)}`;
}

/** A change in a rate as percentage points, signed: '+1.2' (the unit comes from the dictionary). */
export function points(v: number | null, other: number | null): string | null {
	if (v === null || other === null) return null;
	const d = (v - other) * 100;
	return `${d >= 0 ? '+' : ''}${d.toFixed(1)}`;
}
