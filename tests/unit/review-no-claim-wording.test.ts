// Where the review has nothing to claim it says why, not a figure: the emerging-issue check states its test level only
// when it tested something (with no model × component pair old enough to test, "0 pairs tested … each pair at
// α = 0.5000" would state a level no test ran at; src/lib/report/sections.ts emergingChecked), and a provisional rate
// with no estimate of its final value says so (findings.ts; it used to read "…follow-up window; provisional.").
import { describe, expect, it } from 'vitest';
import { locale } from '../../src/lib/i18n';
import { findings } from '../../src/lib/report/findings';
import { emergingChecked } from '../../src/lib/report/sections';
import { reportMarkdown } from '../../src/lib/report/markdown';
import { periodReport } from '../../src/lib/server/report';
import { JUNE_FAULTS } from './fixtures/fault-unrecorded';
import { ticketsWarehouse } from './helpers/tickets-warehouse';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('review-emerging-check');

describe('what the review says when it has nothing to claim', () => {
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

	it('a provisional rate whose final value cannot be estimated yet (every job still open, no delays to learn from)', async () => {
		const r = await periodReport(hand.wh, '2026-06');
		expect(r.kpis.repeat_visit_rate.nowcast?.value ?? null).toBeNull();
		expect(findings(r, locale('en'))).toContain(
			'Repeat-visit rate 0.0% (0/8) is provisional: 100% of its jobs are still inside the follow-up window; no estimate of its final value yet: too few earlier jobs have come through their follow-up window to learn from. No change is claimed until it is final on 2026-07-10.'
		);
		expect(findings(r, locale('zh'))).toContain(
			'重复维修率 0.0%（0/8）尚未定稿：100% 的工单仍在回访期内；暂无最终值估计：走完回访期的历史工单太少，无从估计。2026-07-10 定稿前不对其变化下结论。'
		);
	});
});
