// A warehouse loaded with the generated sample (scripts/sample: three years from 2023-11), for tests that compare
// one way of computing a figure with another on realistic data.
import path from 'node:path';
import { expect } from 'vitest';
import { generateSample } from '../../../scripts/sample/index';
import { ingestFiles } from '../../../src/lib/server/ingest/index';
import { Warehouse } from '../../../src/lib/server/warehouse';

/** Generates `tickets` sample tickets (with their technicians, rework and parts) in `dir` and loads them into dir/w.duckdb. */
export async function sampleWarehouse(dir: string, tickets: number, seed: number): Promise<Warehouse> {
	await generateSample({ outDir: path.join(dir, 'sample'), tickets, seed });
	const wh = await Warehouse.open(path.join(dir, 'w.duckdb'));
	const files = ['technicians.csv', 'tickets.csv', 'rework.csv', 'parts.csv'].map((f) => path.join(dir, 'sample', f));
	expect((await ingestFiles(wh, files)).ok).toBe(true);
	return wh;
}
