// Filters live in the URL, the one source of truth: reading parses the URL,
// changing one writes a new URL (a history entry, so back/forward work). A
// default is never written to the URL.
import { goto } from '$app/navigation';

export const FILTER_KEYS = ['from', 'to', 'region', 'city', 'model', 'team', 'team_type'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type UrlFilters = Partial<Record<FilterKey, string>>;

export function readFilters(url: URL): UrlFilters {
	const f: UrlFilters = {};
	for (const k of FILTER_KEYS) {
		const v = url.searchParams.get(k);
		if (v) f[k] = v;
	}
	return f;
}

/** The query string of the filters alone (plus extra params), for API calls and links. */
export function filterQuery(f: UrlFilters, extra: Record<string, string | number | null | undefined> = {}): string {
	const p = new URLSearchParams();
	for (const k of FILTER_KEYS) if (f[k]) p.set(k, f[k]!);
	for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
	const s = p.toString();
	return s ? `?${s}` : '';
}

export function withFilters(url: URL, changes: Partial<Record<string, string | null>>): string {
	const next = new URL(url);
	for (const [k, v] of Object.entries(changes)) {
		if (v === null || v === undefined || v === '') next.searchParams.delete(k);
		else next.searchParams.set(k, v);
	}
	return next.pathname + next.search;
}

export function setFilters(url: URL, changes: Partial<Record<string, string | null>>): Promise<void> {
	return goto(withFilters(url, changes), { keepFocus: true, noScroll: true });
}
