// The review's fault Pareto says how many repairs it leaves out for want of a recorded component, and its
// finding gives the top components' share of the recorded repairs, not of all (src/lib/report/findings.ts,
// sections.ts unrecordedNote), worked out by hand on a small file.
import { describe, expect, it } from 'vitest';
import { locale } from '../../src/lib/i18n';
import { findings } from '../../src/lib/report/findings';
import { reportMarkdown } from '../../src/lib/report/markdown';
import { periodReport } from '../../src/lib/server/report';
import { JUNE_FAULTS } from './fixtures/fault-unrecorded';
import type { T } from './fixtures/metrics-fixture';
import { ticketsWarehouse } from './helpers/tickets-warehouse';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('fault-unrecorded-review');

// June (tests/unit/fixtures/fault-unrecorded.ts), East: 3 repairs 电容, 1 压缩机, 2 without a component, 1 install;
// North: 2 repairs without. July, East: 2 repairs 电容, all recorded.
const rows: T[] = [
	...JUNE_FAULTS,
	{ id: 'Q1', created: '2026-07-02 09:00', type: 'repair', cust: 'C11', region: 'East', component: '电容', code: 'E1' },
	{ id: 'Q2', created: '2026-07-03 09:00', type: 'repair', cust: 'C12', region: 'East', component: '电容', code: 'E2' }
];

describe('the review names the repairs its fault Pareto leaves out', () => {
	const hand = ticketsWarehouse(tempDir, rows);

	it('June, all regions: 4 of 8 repairs unrecorded; the top two are 100% of the recorded ones', async () => {
		const r = await periodReport(hand.wh, '2026-06');
		expect(r.fault_pareto.map((p) => [p.fault_component, p.count])).toEqual([
			['电容', 3],
			['压缩机', 1]
		]);
		expect(r.fault_unrecorded).toBe(4);
		const en = locale('en');
		expect(findings(r, en)).toContain(
			'Top repair faults: Capacitor (3), Compressor (1), together 100.0% of the repairs with a fault component recorded (4 more have none).'
		);
		expect(reportMarkdown(r, en)).toContain('\n\nLeft out above: 4 of the 8 repairs (50.0%) have no fault component recorded.\n');
		const zh = locale('zh');
		expect(findings(r, zh)).toContain('维修故障前三位：电容（3）、压缩机（1），合计占已记录故障部件维修的 100.0%（另有 4 张未记录）。');
		expect(reportMarkdown(r, zh)).toContain('以上未计入：8 张维修工单中有 4 张（50.0%）未记录故障部件。');
	});

	it('June, East: 2 of 6 unrecorded', async () => {
		const r = await periodReport(hand.wh, '2026-06', { region: 'East' });
		expect(r.fault_unrecorded).toBe(2);
		expect(reportMarkdown(r, locale('en'))).toContain('Left out above: 2 of the 6 repairs (33.3%) have no fault component recorded.');
	});

	it('July: every repair recorded, so the finding keeps its plain wording and no note is written', async () => {
		const r = await periodReport(hand.wh, '2026-07');
		expect(r.fault_unrecorded).toBe(0);
		expect(findings(r, locale('en'))).toContain('Top repair faults: Capacitor (2), together 100.0% of repairs.');
		expect(reportMarkdown(r, locale('en'))).not.toContain('Left out above');
	});
});
