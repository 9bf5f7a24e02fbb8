// The review's emerging-issue check states its test level only when it tested something: with no model × component
// pair old enough to test, "0 pairs tested … each pair at α = 0.5000" would state a level no test ran at
// (src/lib/report/sections.ts emergingChecked).
import { describe, expect, it } from 'vitest';
import { locale } from '../../src/lib/i18n';
import { emergingChecked } from '../../src/lib/report/sections';
import { reportMarkdown } from '../../src/lib/report/markdown';
import { periodReport } from '../../src/lib/server/report';
import { JUNE_FAULTS } from './fixtures/fault-unrecorded';
import { ticketsWarehouse } from './helpers/tickets-warehouse';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('review-emerging-check');

describe('the emerging-issue check line of the review', () => {
	const hand = ticketsWarehouse(tempDir, JUNE_FAULTS);

	it('one month of data: nothing tested, so no α and no false-alarm rate is stated', async () => {
		const r = await periodReport(hand.wh, '2026-06');
		expect(r.emerging_status?.map((e) => [e.month, e.tested, e.alarms])).toEqual([['2026-06', 0, 0]]);
		const en = reportMarkdown(r, locale('en'));
		expect(en).toContain(
			'Check of June 2026: no model × component pair has enough history to be tested, so no alarm can be raised this month.'
		);
		expect(en).not.toContain('α =');
		const zh = reportMarkdown(r, locale('zh'));
		expect(zh).toContain('没有机型×部件组合的历史数据足以检验，本月无法报警。');
		expect(zh).not.toContain('α =');
	});

	it('pairs tested: the level is the monthly false-alarm budget shared among them (0.5 ÷ 4 = 0.125)', () => {
		const check = {
			month: '2026-06',
			tested: 4,
			alarms: 1,
			alpha: 0.125,
			false_alarms_per_month: 0.5,
			not_enough_history: 2,
			min_history_months: 12
		} as Parameters<typeof emergingChecked>[1];
		expect(emergingChecked(locale('en'), check)).toEqual({
			checked: 'Check of June 2026: 4 model × component pairs tested, 1 alarm(s), each pair at α = 0.1250 for 0.5 false alarm(s) a month.',
			short: '2 pair(s) have under 12 months of history: not enough history, no alarm is raised for them.'
		});
	});
});
