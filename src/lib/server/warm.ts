// A server just started has read nothing: its first visitor would wait while DuckDB loads the blocks the overview's
// queries read (and the query code runs for the first time), on the cores the browser needs to compile the page's
// scripts (bench/README.md: meta, kpis and load_month took 918 / 918 / 518 ms on the server's first page at 10M,
// against 74 / 307 / 22 warm). So (unless FIELDLOOP_WARM=0) the server opens the warehouse and asks the overview's
// data sources with the default filters as soon as it listens (hooks.server.ts's init), through the same handler as a
// request: the blocks are then in DuckDB's buffer pool, and with the result cache on (the default) the answers are in
// it too. Nothing waits for this: a request that comes first runs as usual, and a warehouse that cannot be opened yet
// (held by an ingest) is left to the requests, which say so. A warehouse that does not exist yet is not touched:
// opening it would make it, and the server would hold it from its start instead of from its first request (the first
// upload or ingest makes it, as without the warm-up).
import { existsSync } from 'node:fs';
import { layoutUrls, overviewUrls } from '$lib/overview';
import { runQuery } from './api/respond';
import { config } from './config';
import { holdShutdown } from './store';

/** The first page's sources asked once, in parallel as the browser asks them; resolves to each address's status. */
export async function warmFirstPage(): Promise<{ url: string; status: number }[]> {
	const { warm, db } = config().env;
	if (!warm || !existsSync(db)) return [];
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
