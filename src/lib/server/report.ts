// The monthly review: every figure the meeting looks at, for one month, built
// from the metric layer (the dashboard's review page uses the same object).
import type { Warehouse } from './warehouse';
import type { KpiName } from './settings';
import { loadSettings } from './settings';
import { emergingIssues, faultPareto, type EmergingIssue } from './metrics/faults';
import { monthRange, type Filters } from './metrics/filters';
import { kpis, type Kpi } from './metrics/kpis';
import type { GroupRate } from './metrics/rate';
import { reworkBy } from './metrics/rework';
import { peakToOffByYear, type PeakToOff } from './metrics/seasonal';
import { timeToComplete, type TimeToComplete } from './metrics/service';

export interface ReportKpi {
	numerator: number;
	denominator: number;
	value: number | null;
	target?: { min: number } | { max: number };
	meets_target: boolean | null;
	previous: number | null;
	same_month_last_year: number | null;
}

export interface MonthlyReport {
	month: string;
	filters: Filters;
	kpis: Record<KpiName, ReportKpi>;
	rework_by_team_type: GroupRate[];
	rework_by_tenure: GroupRate[];
	fault_pareto: { fault_component: string; count: number; share: number; cumulative_share: number }[];
	emerging_issues: EmergingIssue[];
	peak_to_off_by_year: Record<string, number>;
	peak_to_off_detail: PeakToOff[];
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
		same_month_last_year: k.same_period_last_year
	};
}

export async function monthlyReport(wh: Warehouse, month: string, dims: Filters = {}): Promise<MonthlyReport> {
	const f: Filters = { ...dims, ...monthRange(month) };
	// independent figures, each on a connection of its own, side by side
	const [k, pareto, peaks, byTeamType, byTenure, emerging, ttc] = await Promise.all([
		kpis(wh, f),
		wh.aside((c) => faultPareto(c, f, 'component')),
		wh.aside((c) => peakToOffByYear(c, { ...dims, from: undefined, to: undefined })),
		wh.aside((c) => reworkBy(c, f, 'team_type')),
		wh.aside((c) => reworkBy(c, f, 'tenure')),
		wh.aside((c) => emergingIssues(c, dims, month)),
		wh.aside((c) => timeToComplete(c, f))
	]);
	return {
		month,
		filters: f,
		kpis: Object.fromEntries(Object.entries(k).map(([n, v]) => [n, toReportKpi(v)])) as Record<KpiName, ReportKpi>,
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
		new_installer_rework_crisis: loadSettings().new_installer_rework_crisis
	};
}
