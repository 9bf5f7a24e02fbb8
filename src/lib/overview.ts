// The data sources the first page asks for, by address (sourceUrl: the one source() fetches): every page's metadata
// (+layout.svelte) and the overview's own two (+page.svelte), for the filters' query string. Named once here for the
// pages' preload links and for the server's warm-up when it starts (src/lib/server/warm.ts).
import { sourceUrl } from '$lib/client/api';

/** What every page asks for: the metadata (loadMeta). */
export function layoutUrls(): string[] {
	return [sourceUrl('meta', {})];
}

/** What the overview asks for with the filters `q` (filterQuery): its KPIs and its monthly load. */
export function overviewUrls(q: string): string[] {
	return [sourceUrl('kpis', {}, q), sourceUrl('load_month', {}, q)];
}
