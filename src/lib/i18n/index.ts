// One i18n module: the typed dictionary, one t(key, vars), the data-word
// vocabulary and the locale-aware formatters, bound to a language by locale().
// The pages get theirs from $lib/client/lang.svelte; the report and the
// command line call locale(lang, settings) themselves.
import { translate, lookup, type Key, type Lang, type Vars } from './dictionary';
import { frac, interval, monthLabel, monthName, num, pct, points, pValue, pValueText, targetText } from './format';
import { rejectRule, term, type DataWord, type VocabularySettings } from './vocabulary';

export { DICTIONARY, ENTRIES, LANGS, interpolate, lookup, translate, type Key, type Lang, type Namespace, type Vars } from './dictionary';
export { frac, interval, monthLabel, monthName, num, pct, points, pValue, pValueText, targetText } from './format';
export { rejectRule, term, type DataWord, type VocabularySettings } from './vocabulary';

export type Target = { min: number } | { max: number };

/** Everything a page, chart or report needs to speak one language. */
export interface Locale {
	lang: Lang;
	/** the tenure bands' day counts from the settings, when known */
	tenureDays: VocabularySettings['tenure_days'] | null;
	t: (key: Key, vars?: Vars) => string;
	/** a data value (team type, tenure band, reason, component…) in this language */
	term: (kind: DataWord, value: string | null | undefined) => string;
	/** a KPI's name from its code */
	kpi: (name: string) => string;
	rule: (rule: string) => string;
	pct: (v: number | null | undefined, digits?: number) => string;
	num: (v: number | null | undefined, digits?: number) => string;
	frac: (numerator: number, denominator: number) => string;
	interval: (low: number | null, high: number | null) => string;
	month: (month: string) => string;
	monthName: (m: number) => string;
	pValue: (p: number) => string;
	pValueText: (p: number) => string;
	target: (target: Target | undefined) => string;
	/** a change in a rate, in percentage points: '+1.2 pts' / '+1.2 个百分点' */
	delta: (v: number | null, other: number | null) => string;
	/** a date range: '2026-01-01 – 2026-12-31' */
	range: (from: string | undefined, to: string | undefined) => string;
}

export function locale(lang: Lang, settings?: VocabularySettings | null): Locale {
	const t = (key: Key, vars?: Vars) => translate(lang, key, vars);
	return {
		lang,
		tenureDays: settings?.tenure_days ?? null,
		t,
		term: (kind, value) => term(lang, kind, value, settings),
		kpi: (name) => lookup(lang, 'kpi', name) ?? name,
		rule: (rule) => rejectRule(lang, rule),
		pct: (v, digits) => pct(v, lang, digits),
		num: (v, digits) => num(v, lang, digits),
		frac: (n, d) => frac(n, d, lang),
		interval: (low, high) => interval(low, high, lang),
		month: (month) => monthLabel(month, lang),
		monthName: (m) => monthName(m, lang),
		pValue,
		pValueText,
		target: (target) => targetText(target, lang),
		delta: (v, other) => {
			const d = points(v, other);
			return d === null ? '—' : t('common.pp', { d });
		},
		range: (from, to) => (from || to ? t('common.range', { from: from ?? '…', to: to ?? '…' }) : '')
	};
}
