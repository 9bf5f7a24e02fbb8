// Fetches a named data source: Arrow IPC for chart series, JSON for small payloads.
import { tableFromIPC } from 'apache-arrow';

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

export async function fetchRows<T = Record<string, unknown>>(name: string, query: string): Promise<T[]> {
	const res = await get(`/api/${name}${query}`);
	const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
	return table.toArray().map((r) => r.toJSON() as T);
}

export async function fetchJson<T>(name: string, query: string): Promise<T> {
	return (await (await get(`/api/${name}${query}`)).json()) as T;
}
