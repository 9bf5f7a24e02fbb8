// The fault Pareto and its unrecorded count come from one scan of the filter's repairs
// (src/lib/server/metrics/faults.ts faultPareto): worked out by hand on a small file, including a filter
// whose repairs have no component at all (an empty Pareto that still reports them), from the rollup and
// from the facts alike.
import { describe, expect, it } from 'vitest';
import { faultPareto } from '../../src/lib/server/metrics/faults';
import { fromFacts } from '../../src/lib/server/rollup';
import { JUNE_FAULTS } from './fixtures/fault-unrecorded';
import { ticketsWarehouse } from './helpers/tickets-warehouse';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('fault-pareto');

// the rows: tests/unit/fixtures/fault-unrecorded.ts (East, June: 4 repairs recorded, 2 not; North: 2 not)
const rows = JUNE_FAULTS;
const JUNE = { from: '2026-06-01', to: '2026-06-30' };

describe('fault Pareto with its unrecorded count, one scan', () => {
	const hand = ticketsWarehouse(tempDir, rows);

	for (const [path, run] of [
		['routed', <R>(f: () => Promise<R>) => f()],
		['facts', fromFacts]
	] as const)
		it(`by component and by code, East and North (${path})`, async () => {
			const { wh } = hand;
			const comp = await run(() => faultPareto(wh, { ...JUNE, region: 'East' }, 'component'));
			expect(comp).toEqual({
				rows: [
					{ key: '电容', count: 3, share: 0.75, cumulative_share: 0.75 },
					{ key: '压缩机', count: 1, share: 0.25, cumulative_share: 1 }
				],
				unrecorded: 2
			});
			const code = await run(() => faultPareto(wh, { ...JUNE, region: 'East' }, 'code'));
			expect(code.rows.map((r) => [r.key, r.count])).toEqual([
				['E1', 2],
				['E2', 1],
				['E3', 1]
			]);
			expect(code.unrecorded).toBe(2);
			// North: both repairs unrecorded, so no Pareto row, and the count is still reported
			expect(await run(() => faultPareto(wh, { ...JUNE, region: 'North' }, 'component'))).toEqual({ rows: [], unrecorded: 2 });
			// no repair at all in the filter
			expect(await run(() => faultPareto(wh, { from: '2026-07-01', to: '2026-07-31' }, 'code'))).toEqual({ rows: [], unrecorded: 0 });
		});
});
