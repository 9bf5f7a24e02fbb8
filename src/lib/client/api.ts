// The pages' one way to the server: source(name, params, filters) asks a data
// source of the contract (src/lib/api/contract.ts) and resolves to its typed
// rows — Arrow IPC for series, JSON for small payloads, as the contract says.
// During server rendering it never resolves (the pages load data in the browser).
import { browser } from '$app/environment';
import { readArrowRows } from './arrow';
import { SOURCES, type SourceData, type SourceName, type SourceParams } from '$lib/api/contract';

export class ApiError extends Error {}

async function get(path: string): Promise<Response> {
	const res = await fetch(path);
	if (!res.ok) {
		let message = `${res.status} ${res.statusText}`;
		try {
			message = ((await res.json()) as { error?: string }).error ?? message;
		} catch {
			/* not JSON */
		}
		throw new ApiError(message);
	}
	return res;
}

const never = new Promise<never>(() => {});

/** The query string of a data source's call: the filters' query string (from filterQuery) with the parameters set on it. */
export function sourceQuery(params: Record<string, string | number | null | undefined>, filters = ''): string {
	const p = new URLSearchParams(filters);
	for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
	const s = p.toString();
	return s ? `?${s}` : '';
}

/** The address source(name, params, filters) fetches: a page's <link rel="preload"> must name exactly this one to be used. */
export function sourceUrl<N extends SourceName>(name: N, params: SourceParams<N>, filters = ''): string {
	return `/api/${name}${sourceQuery(params as Record<string, string | number | null | undefined>, filters)}`;
}

/**
 * An Arrow answer's rows: read by ./arrow (the server's flat columns) without loading apache-arrow, which is fetched
 * only for a stream that reader does not know.
 */
export async function arrowRows(bytes: Uint8Array): Promise<Record<string, unknown>[]> {
	const rows = readArrowRows(bytes);
	if (rows) return rows;
	const { tableFromIPC } = await import('apache-arrow');
	return tableFromIPC(bytes)
		.toArray()
		.map((r) => r.toJSON());
}

/** A data source's rows for the filters (a query string from filterQuery) and its own parameters. */
export function source<N extends SourceName>(name: N, params: SourceParams<N>, filters = ''): Promise<SourceData[N]> {
	if (!browser) return never;
	return get(sourceUrl(name, params, filters)).then(async (res) =>
		SOURCES[name].format === 'arrow'
			? ((await arrowRows(new Uint8Array(await res.arrayBuffer()))) as unknown as SourceData[N])
			: ((await res.json()) as SourceData[N])
	);
}

/** Whether the server takes uploads (ADMIN_TOKEN set). */
export function uploadEnabled(): Promise<{ enabled: boolean }> {
	if (!browser) return never;
	return get('/api/upload').then((res) => res.json() as Promise<{ enabled: boolean }>);
}
