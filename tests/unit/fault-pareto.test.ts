// The fault Pareto and its unrecorded count come from one scan of the filter's repairs
// (src/lib/server/metrics/faults.ts faultPareto): worked out by hand on a small file, including a filter
// whose repairs have no component at all (an empty Pareto that still reports them), from the rollup and
// from the facts alike.
import { describe, expect, it } from 'vitest';
import { faultPareto } from '../../src/lib/server/metrics/faults';
import { fromFacts } from '../../src/lib/server/rollup';
import type { T } from './fixtures/metrics-fixture';
import { ticketsWarehouse } from './helpers/tickets-warehouse';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('fault-pareto');

// East, June: 3 repairs 电容 (codes E1, E1, E2), 1 repair 压缩机 (E3), 2 repairs with neither, 1 install with a
// component (not a repair). North, June: 2 repairs with neither component nor code.
const rows: T[] = [
	{ id: 'P1', created: '2026-06-02 09:00', type: 'repair', cust: 'C1', region: 'East', component: '电容', code: 'E1' },
	{ id: 'P2', created: '2026-06-03 09:00', type: 'repair', cust: 'C2', region: 'East', component: '电容', code: 'E1' },
	{ id: 'P3', created: '2026-06-04 09:00', type: 'repair', cust: 'C3', region: 'East', component: '电容', code: 'E2' },
	{ id: 'P4', created: '2026-06-05 09:00', type: 'repair', cust: 'C4', region: 'East', component: '压缩机', code: 'E3' },
	{ id: 'P5', created: '2026-06-06 09:00', type: 'repair', cust: 'C5', region: 'East' },
	{ id: 'P6', created: '2026-06-07 09:00', type: 'repair', cust: 'C6', region: 'East' },
	{ id: 'P7', created: '2026-06-08 09:00', type: 'install', cust: 'C7', region: 'East', component: '电容' },
	{ id: 'P8', created: '2026-06-09 09:00', type: 'repair', cust: 'C8', region: 'North' },
	{ id: 'P9', created: '2026-06-10 09:00', type: 'repair', cust: 'C9', region: 'North' }
];
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
