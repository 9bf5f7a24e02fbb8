// Runs a named query for a request: filters from the URL, the default date
// range, a cache keyed on the snapshot version, and the response encoding.
import { tableFromJSON, tableToIPC, Table } from 'apache-arrow';
import { lastCompleteMonth } from '../metrics/faults';
import { defaultRange } from '../../months';
import { DIMENSION_FILTERS, FilterError, parseFilters, valuesOf, type Filters } from '../metrics/filters';
import { config } from '../config';
import type { Warehouse } from '../warehouse';
import { QUERIES, type QueryResult } from './queries';
import { BusyError, NoDataError, reader } from './reader';

/** Queries that look at the whole history when no date range is chosen (full years, forecasts, metadata). */
const WHOLE_HISTORY = new Set([
	'meta',
	'peak_to_off',
	'seasonal_forecast',
	'staffing_plan',
	'staffing_breakdown',
	'staffing_backtest',
	'status',
	'rejects',
	'review',
	'emerging'
]);
const CACHE_MAX = 500;
const cache = new Map<string, { body: Uint8Array | string; type: string }>();
const defaultRanges = new Map<number, { from: string; to: string } | null>();

export const ARROW_TYPE = 'application/vnd.apache.arrow.stream';

/** The default date range: the twelve complete months up to the last complete month of data. */
export function defaultRangeFor(lastMonth: string | null): { from: string; to: string } | null {
	if (!lastMonth) return null;
	return defaultRange(lastMonth);
}

/** A data source's answer as sent: JSON, or an Arrow IPC stream of its rows (read in the browser by src/lib/client/arrow.ts). */
export function encode(result: QueryResult): { body: Uint8Array | string; type: string } {
	if (result.kind === 'json') return { body: JSON.stringify(result.body), type: 'application/json' };
	const table = result.rows.length ? tableFromJSON(result.rows) : new Table();
	return { body: tableToIPC(table, 'stream'), type: ARROW_TYPE };
}

function cacheKey(version: number, name: string, params: URLSearchParams): string {
	const sorted = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `${version}|${name}|${new URLSearchParams(sorted).toString()}`;
}

const known = new Map<string, Set<string>>();

/**
 * A filter value must be one the warehouse holds: a link can only narrow to what
 * exists, and anything else (a typo, an injection attempt) is a 400 that says so.
 */
async function checkKnownValues(wh: Warehouse, version: number, f: Filters): Promise<void> {
	for (const key of DIMENSION_FILTERS) {
		const values = valuesOf(f[key]);
		if (!values.length || key === 'team_type') continue;
		const k = `${version}|${key}`;
		if (!known.has(k)) {
			const rows = await wh.all<{ v: string }>(`SELECT value AS v FROM filter_options WHERE dim = $dim`, { dim: key });
			known.set(k, new Set(rows.map((r) => r.v)));
		}
		for (const v of values) if (!known.get(k)!.has(v)) throw new FilterError(`unknown ${key}: ${JSON.stringify(v.slice(0, 60))}`);
	}
}

/** The URL's filters, validated, with the default date range where the data source needs one. */
export async function effectiveFilters(wh: Warehouse, version: number, name: string, params: URLSearchParams): Promise<Filters> {
	const filters = parseFilters(params);
	await checkKnownValues(wh, version, filters);
	if (!filters.from && !filters.to && !WHOLE_HISTORY.has(name)) {
		if (!defaultRanges.has(version)) defaultRanges.set(version, defaultRangeFor(await lastCompleteMonth(wh)));
		Object.assign(filters, defaultRanges.get(version) ?? {});
	}
	return filters;
}

export async function runQuery(name: string, params: URLSearchParams): Promise<Response> {
	const started = performance.now();
	const handler = Object.hasOwn(QUERIES, name) ? QUERIES[name] : undefined;
	if (!handler) return Response.json({ error: `unknown data source ${JSON.stringify(name.slice(0, 40))}` }, { status: 400 });
	try {
		const { wh, version } = await reader();
		const key = cacheKey(version, name, params);
		let hit = cache.get(key);
		const fromCache = !!hit;
		if (!hit) {
			hit = encode(await handler(wh, await effectiveFilters(wh, version, name, params), params));
			// FIELDLOOP_NO_CACHE=1 turns the result cache off (the benchmark measures the queries themselves)
			if (config().env.cache) {
				cache.set(key, hit);
				if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
			}
		}
		return new Response(hit.body as BodyInit, {
			headers: {
				'content-type': hit.type,
				'cache-control': 'no-store',
				'x-warehouse-version': String(version),
				'server-timing': `query;desc="${fromCache ? 'cache' : 'duckdb'}";dur=${(performance.now() - started).toFixed(1)}`
			}
		});
	} catch (err) {
		if (err instanceof FilterError) return Response.json({ error: err.message }, { status: 400 });
		if (err instanceof NoDataError) return Response.json({ error: err.message }, { status: 503 });
		if (err instanceof BusyError) return Response.json({ error: err.message }, { status: 503, headers: { 'retry-after': '5' } });
		console.error(`query ${name} failed:`, err);
		return Response.json({ error: 'the query failed on the server; see the server log' }, { status: 500 });
	}
}
