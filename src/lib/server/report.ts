// The monthly review: every figure the meeting looks at, for one month, built
// from the metric layer (the dashboard's review page uses the same object).
import type { PeakToOffRow, TimeToComplete } from '../api/rows';
import type { KpiName } from '../kpi';
import { monthRange, shiftRange, addMonths, monthEnd } from '../months';
import {
	lastYearPeriod,
	monthsOf,
	nextPeriod,
	period as parsePeriodOrThrow,
	previousPeriod,
	type Period,
	type PeriodKind
} from '../periods';
import type { ProportionTest } from '../stats/compare';
import { settings as configured } from './config';
import type { Settings } from './settings';
import type { Warehouse } from './warehouse';
import { emergingChecks, emergingCounts, faultPareto, type EmergingCheck, type EmergingCounts, type EmergingIssue } from './metrics/faults';
import type { Filters } from './metrics/filters';
import { kpis, type Kpi } from './metrics/kpis';
import {
	dataSpan,
	FOLLOWUP_KPIS,
	followupDays,
	groupsWithMaturity,
	nowcast,
	openPart,
	type GroupMaturity,
	type Maturity,
	type Nowcast
} from './metrics/maturity';
import type { GroupRate } from './metrics/rate';
import { reworkBy } from './metrics/rework';
import { peakToOffByYear } from './metrics/seasonal';
import { timeToComplete } from './metrics/service';
import {
	repeatedFaults,
	staffingAfter,
	supplierClaims,
	worstInstallers,
	type Installers,
	type RepeatedFault,
	type StaffingSummary,
	type SupplierClaims
} from './report-sections';

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
	/** repairs without a fault component recorded: in no row of fault_pareto */
	fault_unrecorded: number;
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

/** What a review may be scoped to (the URL's ?region=&team=&model=, the CLI's --region --team --model). */
export interface ReportScope {
	region?: string;
	team?: string;
	model?: string;
}

/** The emerging-issue check a period's review reports: which month, how many pairs were tested and how many lacked history. */
export interface EmergingStatus extends Pick<
	EmergingCheck,
	'month' | 'tested' | 'not_enough_history' | 'alpha' | 'false_alarms_per_month' | 'min_history_months'
> {
	alarms: number;
}

/** The review of a week, a month or a quarter: the monthly report's figures plus the period's own sections. */
export interface PeriodReport extends MonthlyReport {
	period: { kind: PeriodKind; key: string; from: string; to: string };
	scope: ReportScope;
	previous_period: string;
	next_period: string;
	/** the spans the KPIs' "previous" and "same period last year" are actually computed on (months.ts shiftRange) */
	compared: { previous: { from: string; to: string }; last_year: { from: string; to: string } };
	/** the first and last ticket day in the warehouse (the "data as of" stamp), null when empty */
	data_span: { first: string; last: string } | null;
	installers: Installers;
	supplier_claims: SupplierClaims;
	repeated_faults: RepeatedFault[];
	/** the months whose emerging-issue check the review reports (a week: the last month complete by its end; a quarter: its months) */
	emerging_status: EmergingStatus[];
	/** the 13 weeks after the period (null under a year of history) */
	staffing: StaffingSummary | null;
}

/** The months whose emerging-issue check a period reports. */
function checkMonths(p: Period): string[] {
	if (p.kind !== 'week') return monthsOf(p);
	const m = p.to.slice(0, 7);
	return [monthEnd(m) === p.to ? m : addMonths(m, -1)];
}

function alarmsOf(check: EmergingCheck): EmergingIssue[] {
	return check.pairs
		.filter((p) => p.status === 'alarm')
		.map((p) => ({ ...p, status: 'alarm' as const, baseline: p.expected!, expected: p.expected!, p_value: p.p_value! }));
}

/** The scope as filters: only the dimensions a review is scoped by, empty ones left out. */
export function scopeFilters(scope: ReportScope): Filters {
	const f: Filters = {};
	for (const k of ['region', 'team', 'model'] as const) if (scope[k]) f[k] = scope[k];
	return f;
}

async function core(wh: Warehouse, p: Period, dims: Filters, s: Settings, counts?: Promise<EmergingCounts>) {
	const f: Filters = { ...dims, from: p.from, to: p.to };
	const months = checkMonths(p);
	// the data's span once, for every figure that marks its maturity (each would look it up again)
	const spanDone = wh.aside((c) => dataSpan(c));
	const kpisDone = spanDone.then((span) => wh.aside((c) => kpis(c, f, s, { span })));
	// a provisional follow-up rate also gets its expected final value, labelled as an estimate: started with the KPIs,
	// not after them (they were the longest chain), for each rate whose window is still open somewhere in the period
	// (openPart: a provisional rate has an open part), and kept for the rates the KPIs mark provisional
	const nowcastsDone = spanDone.then((span) =>
		Promise.all(
			FOLLOWUP_KPIS.map((name) =>
				span && openPart(f, span, followupDays(name, s)!) ? wh.aside((c) => nowcast(c, f, name, s, span)) : null
			)
		)
	);
	const byGroup = (dim: 'team_type' | 'tenure') =>
		spanDone.then((span) =>
			wh.aside((c) => groupsWithMaturity(c, f, s.rework_followup_days, (c2, g) => reworkBy(c2, g, dim, s), { span }))
		);
	// independent figures, each on a connection of its own, side by side
	const [k, span, nowcasts, pareto, peaks, byTeamType, byTenure, checks, ttc] = await Promise.all([
		kpisDone,
		spanDone,
		nowcastsDone,
		wh.aside((c) => faultPareto(c, f, 'component')),
		wh.aside((c) => peakToOffByYear(c, { ...dims, from: undefined, to: undefined })),
		byGroup('team_type'),
		byGroup('tenure'),
		wh.aside((c) => emergingChecks(c, dims, months, s, counts)),
		wh.aside((c) => timeToComplete(c, f))
	]);
	const reportKpis = Object.fromEntries(Object.entries(k).map(([n, v]) => [n, toReportKpi(v)])) as Record<KpiName, ReportKpi>;
	FOLLOWUP_KPIS.forEach((name, i) => (reportKpis[name].nowcast = k[name].provisional ? nowcasts[i] : null));
	const report: MonthlyReport = {
		month: p.key,
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
		fault_unrecorded: pareto.unrecorded,
		emerging_issues: checks.flatMap(alarmsOf),
		peak_to_off_by_year: Object.fromEntries(peaks.map((p) => [String(p.year), p.ratio])),
		peak_to_off_detail: peaks,
		time_to_complete: ttc,
		new_installer_rework_crisis: s.new_installer_rework_crisis
	};
	return { report, checks, span, f };
}

export async function monthlyReport(wh: Warehouse, month: string, dims: Filters = {}, s: Settings = configured()): Promise<MonthlyReport> {
	monthRange(month); // throws on a malformed month
	return (await core(wh, parsePeriodOrThrow(month), dims, s)).report;
}

/**
 * The review of a period ('2026-W42', '2026-10', '2026-Q3') in a scope: the
 * monthly report's figures over the period, and the worst installers, supplier
 * claims, recurring faults, emerging-issue status and staffing outlook.
 */
export async function periodReport(wh: Warehouse, key: string, scope: ReportScope = {}, s: Settings = configured()): Promise<PeriodReport> {
	const p = parsePeriodOrThrow(key);
	const dims = scopeFilters(scope);
	const f: Filters = { ...dims, from: p.from, to: p.to };
	// the repairs per model × component and month that the emerging checks read: a month, quarter or year's recurring
	// faults take their period's and the previous period's counts from them (report-sections.ts fromCounts)
	const counts = p.kind === 'week' || dims.model ? undefined : wh.aside((c) => emergingCounts(c, dims, checkMonths(p), s));
	// the period's own sections side by side with the monthly figures
	const [{ report, checks, span }, installers, claims, repeated, staffing] = await Promise.all([
		core(wh, p, dims, s, counts),
		wh.aside((c) => worstInstallers(c, f, s)),
		wh.aside((c) => supplierClaims(c, f)),
		wh.aside((c) => repeatedFaults(c, dims, p, previousPeriod(p), 15, counts)),
		// the plan reads the whole history; under a year of it there is none
		wh.aside((c) => staffingAfter(c, s, p, scope))
	]);
	return {
		...report,
		period: { kind: p.kind, key: p.key, from: p.from, to: p.to },
		scope: dims as ReportScope,
		previous_period: previousPeriod(p).key,
		next_period: nextPeriod(p).key,
		compared: { previous: shiftRange(p, 'previous'), last_year: shiftRange(p, 'last_year') },
		data_span: span,
		installers,
		supplier_claims: claims,
		repeated_faults: repeated,
		emerging_status: checks.map((c) => ({
			month: c.month,
			tested: c.tested,
			not_enough_history: c.not_enough_history,
			alpha: c.alpha,
			false_alarms_per_month: c.false_alarms_per_month,
			min_history_months: c.min_history_months,
			alarms: c.pairs.filter((x) => x.status === 'alarm').length
		})),
		staffing
	};
}

/** The same period a year earlier, as the review names it. */
export const lastYearKey = (key: string): string => lastYearPeriod(parsePeriodOrThrow(key)).key;
