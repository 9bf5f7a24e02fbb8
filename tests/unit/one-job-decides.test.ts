// A rate's verdict against its target is withheld when one job counted the other way would reverse it
// (src/lib/kpi.ts oneJobDecides): cases worked out by hand, and the review's table and findings on a small file.
import { describe, expect, it } from 'vitest';
import { locale } from '../../src/lib/i18n';
import { oneJobDecides } from '../../src/lib/kpi';
import { findings } from '../../src/lib/report/findings';
import { reportMarkdown } from '../../src/lib/report/markdown';
import { periodReport } from '../../src/lib/server/report';
import type { T } from './fixtures/metrics-fixture';
import { ticketsWarehouse } from './helpers/tickets-warehouse';
import { tempDirMaker } from './helpers/temp-dir';

const at = (numerator: number, denominator: number, target: { min: number } | { max: number }) =>
	oneJobDecides({ numerator, denominator, target });

describe('one job decides the verdict', () => {
	it('at least a share (repeat customers >= 10%, on time >= 90%, satisfaction >= 85%)', () => {
		expect(at(0, 1, { min: 0.1 })).toBe(true); // 0/1 misses; 1/1 would meet
		expect(at(0, 9, { min: 0.1 })).toBe(true); // 1/9 = 11.1% would meet
		expect(at(0, 11, { min: 0.1 })).toBe(false); // 1/11 = 9.09% still misses
		expect(at(9, 10, { min: 0.85 })).toBe(true); // 8/10 = 80% would miss
		expect(at(900, 1000, { min: 0.9 })).toBe(true); // 899/1000 would miss: on the line
		expect(at(901, 1000, { min: 0.9 })).toBe(false); // 900/1000 still meets
		expect(at(898, 1000, { min: 0.9 })).toBe(false); // 899/1000 still misses
	});

	it('under a share (rework < 5%, complaints < 3%)', () => {
		expect(at(12, 200, { max: 0.05 })).toBe(false); // 11/200 = 5.5% still misses
		expect(at(0, 8, { max: 0.03 })).toBe(true); // 1/8 = 12.5% would miss
		expect(at(0, 33, { max: 0.03 })).toBe(true); // 1/33 = 3.03% would miss
		expect(at(0, 34, { max: 0.03 })).toBe(false); // 1/34 = 2.94% still meets
		expect(at(10, 200, { max: 0.05 })).toBe(true); // 10/200 = 5% misses (< 5% is the target); 9/200 would meet
		expect(at(1, 1, { max: 0.05 })).toBe(true); // 0/1 would meet
	});

	it('no jobs or no target: nothing to withhold', () => {
		expect(oneJobDecides({ numerator: 0, denominator: 0, target: { min: 0.9 } })).toBe(false);
		expect(oneJobDecides({ numerator: 3, denominator: 5 })).toBe(false);
	});
});

// The review of a month with one install (a first-time customer): repeat customers 0 of 1 "misses >= 10%",
// but one repeat customer would meet it, so the review neither marks nor names it. With eleven first-time
// customers (0 of 11; one more repeat would be 1/11 = 9.1%, still a miss) the miss stands.
describe('the review withholds a verdict one job would reverse', () => {
	const tempDir = tempDirMaker('one-job-decides');
	const installs = (month: string, n: number): T[] =>
		Array.from({ length: n }, (_, i) => ({
			id: `I${month}-${i}`,
			created: `2026-${month}-${String(i + 2).padStart(2, '0')} 09:00`,
			type: 'install',
			cust: `C${month}-${i}`,
			region: 'East'
		}));
	const hand = ticketsWarehouse(tempDir, [...installs('06', 1), ...installs('07', 11)]);
	const en = locale('en');
	const row = (md: string) => md.split('\n').find((l) => l.startsWith('| Repeat-customer share |'));

	it('June: 0 of 1, no mark, no finding', async () => {
		const r = await periodReport(hand.wh, '2026-06');
		expect(r.kpis.repeat_customer_share).toMatchObject({ numerator: 0, denominator: 1, meets_target: false });
		expect(row(reportMarkdown(r, en))).toBe('| Repeat-customer share | 0.0% | 0/1 | ≥ 10% (one job decides: no verdict) | — | — |');
		expect(findings(r, en).filter((s) => s.startsWith('Repeat-customer share'))).toEqual([]);
		// (and a history without a whole calendar year has no peak-to-off ratio to tabulate)
		expect(reportMarkdown(r, en)).toContain(
			'## Peak-to-off-season ratio\n\nNo calendar year in the data has all twelve months yet: no peak-to-off-season ratio.\n'
		);
	});

	it('July: 0 of 11, the miss is marked and named', async () => {
		const r = await periodReport(hand.wh, '2026-07');
		expect(r.kpis.repeat_customer_share).toMatchObject({ numerator: 0, denominator: 11, meets_target: false });
		expect(row(reportMarkdown(r, en))).toBe('| Repeat-customer share | 0.0% | 0/11 | ≥ 10% ✗ | 0.0% (no significant change) | — |');
		expect(findings(r, en).filter((s) => s.startsWith('Repeat-customer share'))).toHaveLength(1);
	});
});
