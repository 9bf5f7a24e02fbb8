// A warehouse loaded from hand-made ticket rows (fixtures/metrics-fixture.ts ticketsCsv), set up before a
// describe's tests and closed after.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { ingestFiles } from '../../../src/lib/server/ingest/index';
import { Warehouse } from '../../../src/lib/server/warehouse';
import { ticketsCsv, type T } from '../fixtures/metrics-fixture';

/** Registers the hooks; the returned object's wh is open from the first test on. */
export function ticketsWarehouse(dir: () => string, rows: T[]): { wh: Warehouse } {
	const s = {} as { wh: Warehouse };
	beforeAll(async () => {
		const d = dir();
		fs.writeFileSync(path.join(d, 'tickets.csv'), ticketsCsv(rows));
		s.wh = await Warehouse.open(path.join(d, 'w.duckdb'));
		expect((await ingestFiles(s.wh, [d])).ok).toBe(true);
	}, 60_000);
	afterAll(() => s.wh?.close());
	return s;
}
