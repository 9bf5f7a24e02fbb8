// A real dashboard for browser tests: a sample warehouse in a temp dir, served
// by the built server, seen through Debian's Chromium.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { generateSample } from '../../scripts/sample/index';
import { Warehouse } from '../../src/lib/server/warehouse';

/** A warehouse holding a deterministic sample (smaller than npm run sample's, same patterns) */
export async function sampleWarehouse(tickets = 40_000): Promise<{ dir: string; db: string }> {
	const dir = mkdtempSync(join(tmpdir(), 'fl-e2e-'));
	await generateSample({ outDir: join(dir, 'sample'), tickets });
	const db = join(dir, 'warehouse.duckdb');
	const wh = await Warehouse.open(db);
	const result = await ingestFiles(wh, [join(dir, 'sample')]);
	if (!result.ok) throw new Error(`sample ingest failed: ${JSON.stringify(result.files.map((f) => f.error))}`);
	wh.close();
	return { dir, db };
}

export { launchBrowser, startServer, type Server } from '../../scripts/lib/server';
