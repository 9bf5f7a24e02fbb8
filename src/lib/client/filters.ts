// Filters live in the URL, the one source of truth: reading parses the URL,
// changing one writes a new URL (a history entry, so back/forward work). A
// default is never written to the URL. Region and model take several values,
// each its own parameter (?region=上海&region=江苏), so a link keeps them all.
import { goto } from '$app/navigation';
import { MULTI_VALUE_FILTERS, type MultiValueFilter } from '$lib/api/params';

export const FILTER_KEYS = ['from', 'to', 'region', 'city', 'model', 'team', 'team_type'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type UrlFilters = Partial<Record<Exclude<FilterKey, MultiValueFilter>, string> & Record<MultiValueFilter, string[]>>;
/** A change to the URL's filters: a value, a list (multi-value filters), or null to take the filter off. */
export type FilterChanges = Partial<Record<string, string | readonly string[] | null>>;

export const isMultiValue = (k: string): k is MultiValueFilter => (MULTI_VALUE_FILTERS as readonly string[]).includes(k);

/** A filter's values as a list (none when it is not set). */
export function filterValues(f: UrlFilters, k: FilterKey): string[] {
	const v = f[k];
	return v === undefined ? [] : typeof v === 'string' ? [v] : v;
}

export function readFilters(url: URL): UrlFilters {
	const f: Record<string, string | string[]> = {};
	for (const k of FILTER_KEYS) {
		const vs = [...new Set(url.searchParams.getAll(k).filter(Boolean))];
		if (vs.length) f[k] = isMultiValue(k) ? vs : vs[0];
	}
	return f as UrlFilters;
}

/** The query string of the filters alone (plus extra params), for API calls and links. */
export function filterQuery(f: UrlFilters, extra: Record<string, string | number | null | undefined> = {}): string {
	const p = new URLSearchParams();
	for (const k of FILTER_KEYS) for (const v of filterValues(f, k)) p.append(k, v);
	for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
	const s = p.toString();
	return s ? `?${s}` : '';
}

export function withFilters(url: URL, changes: FilterChanges): string {
	const next = new URL(url);
	for (const [k, v] of Object.entries(changes)) {
		next.searchParams.delete(k);
		for (const one of v === null || v === undefined ? [] : typeof v === 'string' ? [v] : v)
			if (one !== '') next.searchParams.append(k, one);
	}
	return next.pathname + next.search;
}

export function setFilters(url: URL, changes: FilterChanges): Promise<void> {
	return goto(withFilters(url, changes), { keepFocus: true, noScroll: true });
}
