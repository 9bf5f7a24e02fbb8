// The monthly review: every figure the meeting looks at, for one month, built
// from the metric layer (the dashboard's review page uses the same object).
import type { PeakToOffRow, TimeToComplete } from '../api/rows';
import type { KpiName } from '../kpi';
import { monthRange } from '../months';
import type { ProportionTest } from '../stats/compare';
import { settings as configured } from './config';
import type { Settings } from './settings';
import type { Warehouse } from './warehouse';
import { emergingIssues, faultPareto, type EmergingIssue } from './metrics/faults';
import type { Filters } from './metrics/filters';
import { kpis, type Kpi } from './metrics/kpis';
import { dataSpan, FOLLOWUP_KPIS, groupsWithMaturity, nowcast, type GroupMaturity, type Maturity, type Nowcast } from './metrics/maturity';
import type { GroupRate } from './metrics/rate';
import { reworkBy } from './metrics/rework';
import { peakToOffByYear } from './metrics/seasonal';
import { timeToComplete } from './metrics/service';

/** provisional, open_share, window_days, final_on, not_enough_history, short_history_share: see metrics/maturity.ts */
export interface ReportKpi extends Maturity, Pick<Kpi, 'numerator' | 'denominator' | 'value' | 'target' | 'meets_target' | 'previous'> {
	same_month_last_year: number | null;
	/** the compared figure is itself still provisional */
	previous_provisional: boolean;
	same_month_last_year_provisional: boolean;
	/** expected final value of a provisional follow-up rate (an estimate; the recorded figure stays value) */
	nowcast: Nowcast | null;
}

export interface MonthlyReport {
	month: string;
	filters: Filters;
	kpis: Record<KpiName, ReportKpi>;
	/** each KPI's change against last month and the same month last year: Fisher's exact test and the 95 % interval of the difference */
	kpi_changes: Record<KpiName, { previous: ProportionTest | null; same_month_last_year: ProportionTest | null }>;
	rework_by_team_type: (GroupRate & GroupMaturity)[];
	rework_by_tenure: (GroupRate & GroupMaturity)[];
	fault_pareto: { fault_component: string; count: number; share: number; cumulative_share: number }[];
	emerging_issues: EmergingIssue[];
	peak_to_off_by_year: Record<string, number>;
	peak_to_off_detail: PeakToOffRow[];
	time_to_complete: TimeToComplete;
	new_installer_rework_crisis: number;
}

function toReportKpi(k: Kpi): ReportKpi {
	return {
		numerator: k.numerator,
		denominator: k.denominator,
		value: k.value,
		...(k.target ? { target: k.target } : {}),
		meets_target: k.meets_target,
		previous: k.previous,
		same_month_last_year: k.same_period_last_year,
		provisional: k.provisional,
		open_share: k.open_share,
		window_days: k.window_days,
		final_on: k.final_on,
		not_enough_history: k.not_enough_history,
		short_history_share: k.short_history_share,
		previous_provisional: k.previous_provisional,
		same_month_last_year_provisional: k.same_period_last_year_provisional,
		nowcast: null
	};
}

export async function monthlyReport(wh: Warehouse, month: string, dims: Filters = {}, s: Settings = configured()): Promise<MonthlyReport> {
	const f: Filters = { ...dims, ...monthRange(month) };
	// independent figures, each on a connection of its own, side by side
	const [k, pareto, peaks, byTeamType, byTenure, emerging, ttc] = await Promise.all([
		kpis(wh, f, s),
		wh.aside((c) => faultPareto(c, f, 'component')),
		wh.aside((c) => peakToOffByYear(c, { ...dims, from: undefined, to: undefined })),
		wh.aside((c) => groupsWithMaturity(c, f, s.rework_followup_days, (c2, g) => reworkBy(c2, g, 'team_type', s))),
		wh.aside((c) => groupsWithMaturity(c, f, s.rework_followup_days, (c2, g) => reworkBy(c2, g, 'tenure', s))),
		wh.aside((c) => emergingIssues(c, dims, month, s)),
		wh.aside((c) => timeToComplete(c, f))
	]);
	const reportKpis = Object.fromEntries(Object.entries(k).map(([n, v]) => [n, toReportKpi(v)])) as Record<KpiName, ReportKpi>;
	// a provisional follow-up rate also gets its expected final value, labelled as an estimate
	const span = await dataSpan(wh);
	for (const name of FOLLOWUP_KPIS)
		if (span && reportKpis[name].provisional) reportKpis[name].nowcast = await nowcast(wh, f, name, s, span);
	return {
		month,
		filters: f,
		kpis: reportKpis,
		kpi_changes: Object.fromEntries(
			Object.entries(k).map(([n, v]) => [n, { previous: v.previous_change, same_month_last_year: v.same_period_last_year_change }])
		) as MonthlyReport['kpi_changes'],
		rework_by_team_type: byTeamType,
		rework_by_tenure: byTenure,
		fault_pareto: pareto.rows.map((r) => ({
			fault_component: r.key,
			count: r.count,
			share: r.share,
			cumulative_share: r.cumulative_share
		})),
		emerging_issues: emerging,
		peak_to_off_by_year: Object.fromEntries(peaks.map((p) => [String(p.year), p.ratio])),
		peak_to_off_detail: peaks,
		time_to_complete: ttc,
		new_installer_rework_crisis: s.new_installer_rework_crisis
	};
}
