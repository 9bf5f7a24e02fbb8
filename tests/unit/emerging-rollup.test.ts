// The emerging-issue check reads the months its windows span from the rollup
// (src/lib/server/metrics/faults.ts emergingChecks), and where each model's
// history starts from those months (plus one look before them): every check
// equals the one computed from ticket_facts, and each pair's history starts
// where the whole history says (worked out by hand on a small file, and by a
// whole-history query on the sample).
import { describe, expect, it } from 'vitest';
import { addMonths, monthSeq } from '../../src/lib/months';
import { byMonth, emergingCheck, emergingChecks, lastCompleteMonth, type EmergingCheck } from '../../src/lib/server/metrics/faults';
import type { Filters } from '../../src/lib/server/metrics/filters';
import { fromFacts, onlyTiers, route } from '../../src/lib/server/rollup';
import { DEFAULT_SETTINGS } from '../../src/lib/server/settings';
import type { T } from './fixtures/metrics-fixture';
import { sampleWithOptions } from './helpers/sample-options';
import { ticketsWarehouse } from './helpers/tickets-warehouse';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('emerging-rollup');

/** Each pair's first history month, by model × component. */
const starts = (c: EmergingCheck) =>
	Object.fromEntries(c.pairs.map((p) => [`${p.product_model} ${p.fault_component}`, p.history[0].month]));

describe('the check on a hand-made history: where each history starts', () => {
	// A: repairs every month from 2023-01 (X 3, Y 1). B: X 2 a month in 2023-01…03, nothing, then X 2 a month from
	// 2025-01. C: X 1 a month from 2024-06. D: one install in 2023-02, then X 1 a month from 2025-03.
	const rows: T[] = [];
	let n = 0;
	const add = (month: string, model: string, type: T['type'], count: number, component?: string) => {
		for (let i = 0; i < count; i++)
			rows.push({
				id: `E${String(++n).padStart(5, '0')}`,
				created: `${month}-${String(2 + i).padStart(2, '0')} 09:00`,
				type,
				cust: `C${n}`,
				region: 'East',
				model,
				component
			});
	};
	for (const m of monthSeq('2023-01', '2025-08')) {
		add(m, 'A', 'repair', 3, 'X');
		add(m, 'A', 'repair', 1, 'Y');
		if (m <= '2023-03' || m >= '2025-01') add(m, 'B', 'repair', 2, 'X');
		if (m >= '2024-06') add(m, 'C', 'repair', 1, 'X');
		if (m === '2023-02') add(m, 'D', 'install', 1);
		if (m >= '2025-03') add(m, 'D', 'repair', 1, 'X');
	}

	const hand = ticketsWarehouse(tempDir, rows);

	it('2025-08 (window from 2023-07): B and D started before it, so their histories start with the window; C in 2024-06', async () => {
		const { wh } = hand;
		const check = await emergingCheck(wh, {}, '2025-08', DEFAULT_SETTINGS);
		expect(starts(check)).toEqual({ 'A X': '2023-07', 'A Y': '2023-07', 'B X': '2023-07', 'C X': '2024-06', 'D X': '2023-07' });
		// B: nothing in 2023-07…2024-12 (18 months), then 2 a month 2025-01…08
		const b = check.pairs.find((p) => p.product_model === 'B')!;
		expect(b.history.map((h) => h.count)).toEqual([...new Array(18).fill(0), ...new Array(8).fill(2)]);
		expect(check.pairs.find((p) => p.product_model === 'D')!.history.map((h) => h.count)).toEqual([
			...new Array(20).fill(0),
			...new Array(6).fill(1)
		]);
	});

	it('2024-03 (window from 2022-02): every history starts with the data, 2023-01; C and D have no repair yet', async () => {
		const { wh } = hand;
		const check = await emergingCheck(wh, {}, '2024-03', DEFAULT_SETTINGS);
		expect(starts(check)).toEqual({ 'A X': '2023-01', 'A Y': '2023-01', 'B X': '2023-01' });
		expect(check.pairs.find((p) => p.product_model === 'B')!.history.map((h) => h.count)).toEqual([2, 2, 2, ...new Array(12).fill(0)]);
	});

	it('a quarter read at once equals its months read one by one, and the rollup equals the facts', async () => {
		const { wh } = hand;
		const months = ['2025-06', '2025-07', '2025-08'];
		// the months the windows span are whole months: the month tier answers
		expect((await route(wh, { from: '2023-05-01', to: '2025-08-31' }, byMonth(['product_model', 'fault_component']))).table).toBe(
			'ticket_rollup_month'
		);
		const together = await emergingChecks(wh, {}, months, DEFAULT_SETTINGS);
		for (const [i, m] of months.entries()) expect(together[i]).toEqual(await emergingCheck(wh, {}, m, DEFAULT_SETTINGS));
		expect(together).toEqual(await fromFacts(() => emergingChecks(wh, {}, months, DEFAULT_SETTINGS)));
	});
});

describe('the check on the sample: the rollup equals the facts', () => {
	const sample = sampleWithOptions(tempDir, 6000, 23);

	it('the last complete month is the facts’ one', async () => {
		const { wh } = sample;
		const facts = await fromFacts(() => lastCompleteMonth(wh));
		expect(facts).toMatch(/^\d{4}-\d{2}$/);
		expect(await lastCompleteMonth(wh)).toBe(facts);
	});

	it('every scope and month: the same check from the rollup as from the facts, and histories start where the whole history says', async () => {
		const { wh, options } = sample;
		const last = (await lastCompleteMonth(wh))!;
		const months = [last, addMonths(last, -1), addMonths(last, -2), addMonths(last, -14)];
		const scopes: Filters[] = [
			{},
			{ region: options.region[0] },
			{ region: [options.region[1], options.region[2]] },
			{ city: options.city[0] },
			{ team: options.team[0] },
			{ team_type: 'outsourced' },
			{ model: options.model[0] },
			{ region: options.region[0], model: options.model[1] },
			{ technician: options.technician[0] }
		];
		// the whole history, read directly: the data's first month and each model's
		const data = await wh.one<{ m: string }>(`SELECT strftime(min(created_at), '%Y-%m') AS m FROM tickets`);
		const model = new Map(
			(
				await wh.all<{ product_model: string; m: string }>(
					`SELECT product_model, strftime(min(created_at), '%Y-%m') AS m FROM tickets WHERE product_model IS NOT NULL GROUP BY 1`
				)
			).map((r) => [r.product_model, r.m])
		);
		let pairs = 0;
		for (const f of scopes) {
			const rolled = await emergingChecks(wh, f, months, DEFAULT_SETTINGS);
			expect(rolled, JSON.stringify(f)).toEqual(await fromFacts(() => emergingChecks(wh, f, months, DEFAULT_SETTINGS)));
			// and from the day tier alone (a warehouse without the month tier, or a settings change that drops it)
			onlyTiers(['ticket_rollup']);
			try {
				expect(await emergingChecks(wh, f, months, DEFAULT_SETTINGS), `day tier ${JSON.stringify(f)}`).toEqual(rolled);
			} finally {
				onlyTiers(null);
			}
			for (const c of rolled)
				for (const p of c.pairs) {
					const first = addMonths(c.month, -DEFAULT_SETTINGS.emerging.history_months - 1);
					expect(p.history[0].month, `${c.month} ${p.product_model} ${p.fault_component}`).toBe(
						[first, data.m, model.get(p.product_model)!].sort().at(-1)
					);
					pairs++;
				}
		}
		expect(pairs).toBeGreaterThan(100);
	}, 120_000);
});
