// The generated sample's warehouse and its filter bar's values, set up before a describe's tests and closed after.
import { afterAll, beforeAll } from 'vitest';
import type { Warehouse } from '../../../src/lib/server/warehouse';
import { sampleWarehouse } from './sample-warehouse';

export interface SampleWithOptions {
	wh: Warehouse;
	/** filter_options' values by dimension, sorted */
	options: Record<string, string[]>;
}

/** Registers the hooks; the returned object is filled in before the first test runs. */
export function sampleWithOptions(dir: () => string, tickets: number, seed: number): SampleWithOptions {
	const s = {} as SampleWithOptions;
	beforeAll(async () => {
		s.wh = await sampleWarehouse(dir(), tickets, seed);
		s.options = {};
		for (const r of await s.wh.all<{ dim: string; value: string }>(`SELECT dim, value FROM filter_options ORDER BY 1, 2`))
			(s.options[r.dim] ??= []).push(r.value);
	}, 120_000);
	afterAll(() => s.wh?.close());
	return s;
}
