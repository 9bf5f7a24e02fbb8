// Data words: the values the data itself carries (ticket and team types,
// tenure bands, responsibility, rework reasons, fault components and part
// names, reject rules), shown in the reader's language where the vocabulary
// knows them and as the data wrote them where it does not.
import { lookup, type Lang } from './dictionary';

export type DataWord = 'ticket_type' | 'team_type' | 'tenure' | 'responsibility' | 'reason' | 'component';

/** What labels depending on the settings need: the tenure bands' day counts. */
export interface VocabularySettings {
	tenure_days: { new_below: number; developing_below: number };
}

function span(days: number, lang: Lang): string {
	if (days % 365 === 0) return lookup(lang, 'common', days === 365 ? 'one_year' : 'n_years', { n: days / 365 })!;
	return lookup(lang, 'common', 'n_days', { n: days })!;
}

/** A data value in the reader's language; null is '(none)'. Tenure bands carry the settings' day counts. */
export function term(lang: Lang, kind: DataWord, value: string | null | undefined, settings?: VocabularySettings | null): string {
	if (value === null || value === undefined || value === '') return lookup(lang, 'common', 'none')!;
	if (kind === 'tenure' && settings) {
		const { new_below, developing_below } = settings.tenure_days;
		return lookup(lang, 'tenure', value, { new_below, last: developing_below - 1, span: span(developing_below, lang) }) ?? value;
	}
	if (kind === 'tenure') return lookup(lang, 'tenure', `${value}_short`) ?? value;
	return lookup(lang, kind, value) ?? value;
}

/** How the warehouse words each reject rule (src/lib/server/ingest/), with the dictionary entry that says it in either language. */
const RULES: [RegExp, string][] = [
	[/^required value is missing$/, 'required'],
	[/^not a valid date \(accepted: .*\)$/, 'date'],
	[/^not a number$/, 'number'],
	[/^not a whole number$/, 'whole_number'],
	[/^not a whole number from (?<min>\S+) to (?<max>\S+)$/, 'whole_number_range'],
	[/^must be ≥ (?<n>\S+)$/, 'at_least'],
	[/^must be ≤ (?<n>\S+)$/, 'at_most'],
	[/^not one of (?<words>.+)$/, 'one_of'],
	[/^date is in the future$/, 'future'],
	[/^duplicate id in this file$/, 'duplicate'],
	[/^duplicate id in this file \(first on line (?<line>\d+)\)$/, 'duplicate_first'],
	[/^no ticket with this id in the warehouse$/, 'no_ticket'],
	[/^malformed CSV row: too few fields \((?<detail>.*)\)$/s, 'too_few_fields'],
	[/^malformed CSV row: too many fields \((?<detail>.*)\)$/s, 'too_many_fields'],
	[/^malformed CSV row: an unclosed or stray quote \((?<detail>.*)\)$/s, 'stray_quote'],
	[/^malformed CSV row: not valid UTF-8 text/, 'bad_encoding'],
	[/^malformed CSV row: (?<detail>.*)$/s, 'malformed'],
	[/^line (?<line>\d+): a quote opened here is never closed, so the (?<n>\d+) lines after/, 'unclosed_quote']
];

/** A reject rule in the reader's language (the warehouse keeps it in English); a rule the list does not know stays as written. */
export function rejectRule(lang: Lang, rule: string): string {
	for (const [re, name] of RULES) {
		const m = re.exec(rule);
		if (m) return lookup(lang, 'reject', name, { ...m.groups }) ?? rule;
	}
	return rule;
}
