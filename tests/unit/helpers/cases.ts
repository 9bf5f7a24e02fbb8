// What the cases tests share: a warehouse holding the tickets with a known
// answer (fixtures/cases-data.ts) for the tests of one file or block, and the
// figures a verification answers first (README: `npm run cases -- verify 1 --json`).
import { afterAll, beforeAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingestFiles } from '../../../src/lib/server/ingest/index';
import { Warehouse } from '../../../src/lib/server/warehouse';
import { writeCasesTickets } from '../fixtures/cases-data';

/** The keys a verification's JSON starts with, in this order. */
export const VERIFICATION_FIGURES = [
	'verdict',
	'rate_before',
	'rate_after',
	'ratio',
	'ci_low',
	'ci_high',
	'p_value',
	'unit_months_before',
	'unit_months_after'
] as const;

export interface CasesWarehouse {
	/** the temp folder (removed after the tests) */
	dir: string;
	wh: Warehouse;
}

/**
 * A warehouse file in a temp folder named fl-<prefix>-… with the fixture's tickets
 * ingested: opened before the tests of the calling file or describe block, closed
 * and removed after them. Read its fields inside the tests.
 */
export function casesWarehouse(prefix: string): CasesWarehouse {
	const fx = {} as CasesWarehouse;
	beforeAll(async () => {
		fx.dir = fs.mkdtempSync(path.join(os.tmpdir(), `fl-${prefix}-`));
		fx.wh = await Warehouse.open(path.join(fx.dir, 'wh.duckdb'));
		const r = await ingestFiles(fx.wh, [writeCasesTickets(fx.dir)]);
		if (!r.ok) throw new Error(`the cases fixture did not load: ${JSON.stringify(r.files.map((f) => f.error))}`);
	});
	afterAll(() => {
		fx.wh?.close();
		if (fx.dir) fs.rmSync(fx.dir, { recursive: true, force: true });
	});
	return fx;
}
