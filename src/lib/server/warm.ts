// A server just started has read nothing: its first visitor would wait while DuckDB loads the blocks the overview's
// queries read (and the query code runs for the first time), on the cores the browser needs to compile the page's
// scripts (bench/README.md: meta, kpis and load_month took 918 / 918 / 518 ms on the server's first page at 10M,
// against 74 / 307 / 22 warm). So with FIELDLOOP_WARM=1 (off by default: see hooks.server.ts) the server opens the warehouse and asks the overview's data sources with the
// default filters as soon as it listens (hooks.server.ts's init), through the same handler as a request: the blocks
// are then in DuckDB's buffer pool, and with the result cache on (the default) the answers are in it too.
// Nothing waits for this: a request that comes first runs as usual, and a warehouse that cannot be opened yet (none
// loaded, held by an ingest) is left to the requests, which say so.
import { layoutUrls, overviewUrls } from '$lib/overview';
import { runQuery } from './api/respond';
import { config } from './config';
import { holdShutdown } from './store';

/** The first page's sources asked once, in parallel as the browser asks them; resolves to each address's status. */
export async function warmFirstPage(): Promise<{ url: string; status: number }[]> {
	if (!config().env.warm) return [];
	const urls = [...layoutUrls(), ...overviewUrls('')];
	return holdShutdown(
		Promise.all(
			urls.map(async (url) => {
				const u = new URL(url, 'http://warm.invalid');
				const res = await runQuery(u.pathname.replace(/^\/api\//, ''), u.searchParams);
				await res.arrayBuffer();
				return { url, status: res.status };
			})
		)
	);
}
