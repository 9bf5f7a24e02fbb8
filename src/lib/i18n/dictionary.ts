// The one dictionary: every user-visible string of the pages, the Markdown
// report, the findings and the command line, in Chinese and English. The
// entries live in JSON beside this file, one namespace per page plus the
// vocabulary of data words; this module joins them and types the keys.
import cases from './dictionary/cases.json';
import common from './dictionary/common.json';
import overviewReworkCustomers from './dictionary/overview-rework-customers.json';
import periodReview from './dictionary/period-review.json';
import reviewDataCli from './dictionary/review-data-cli.json';
import seasonalFaults from './dictionary/seasonal-faults.json';
import vocabulary from './dictionary/vocabulary.json';

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

export const DICTIONARY = {
	...common,
	...vocabulary,
	...overviewReworkCustomers,
	...seasonalFaults,
	...reviewDataCli,
	...cases,
	...periodReview
};

/** Every entry has both languages: an entry without one does not compile (and tests/unit/i18n.test.ts fails). */
export const ENTRIES: Record<string, Record<string, Record<Lang, string>>> = DICTIONARY;

export type Namespace = keyof typeof DICTIONARY;
/** A dictionary key, 'namespace.name', checked at compile time. */
export type Key = { [N in Namespace]: `${N}.${Extract<keyof (typeof DICTIONARY)[N], string>}` }[Namespace];
/** The names in one namespace. */
export type NameIn<N extends Namespace> = Extract<keyof (typeof DICTIONARY)[N], string>;

/** Values for {placeholders}: the one interpolation rule is `{name}` → String(value); an unknown name stays as written. */
export type Vars = Record<string, string | number>;

export function interpolate(text: string, vars?: Vars): string {
	if (!vars) return text;
	return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole));
}

/** The text of an entry in a language, with its placeholders filled. */
export function translate(lang: Lang, key: Key, vars?: Vars): string {
	const dot = key.indexOf('.');
	const entry = ENTRIES[key.slice(0, dot)]?.[key.slice(dot + 1)];
	return entry ? interpolate(entry[lang], vars) : key;
}

/** A name looked up at run time (a data value, a KPI name from the server): undefined when the namespace does not hold it. */
export function lookup(lang: Lang, ns: Namespace, name: string, vars?: Vars): string | undefined {
	const entry = Object.hasOwn(ENTRIES[ns], name) ? ENTRIES[ns][name] : undefined;
	return entry ? interpolate(entry[lang], vars) : undefined;
}
