// The review's sections as text, written once for the Markdown report and the
// review page: the summary sentences (supplier claims, staffing outlook, the
// emerging-issue checks) and each table as headings and rows of cells, which
// the Markdown writes as a pipe table and the page as an HTML table.
import type { Locale } from '$lib/i18n';
import { oneJobDecides } from '$lib/kpi';
import { trendText } from './findings';
import type { PeriodReview } from './period';

type Section<K extends keyof PeriodReview> = NonNullable<PeriodReview[K]>;

/** A cell as shown; bad: in the warning colour on the page (a rate above its limit, a rising trend, a week at risk). */
export interface Cell {
	text: string;
	bad?: boolean;
}

/** A table as text: its headings and rows of cells. */
export interface TextTable {
	head: string[];
	rows: Cell[][];
}

const cells = (...texts: string[]): Cell[] => texts.map((text) => ({ text }));

/** The mark after a KPI's target: ✓ or ✗, nothing on a provisional figure, a note when one job would reverse it. */
export function targetMark(k: PeriodReview['kpis'][string], L: Locale): string {
	if (k.meets_target === null || k.provisional) return '';
	if (oneJobDecides(k)) return L.t('common.one_job_decides_note');
	return k.meets_target ? '✓' : '✗';
}

/** The repairs the fault Pareto leaves out for want of a recorded component, or null when there are none. */
export function unrecordedNote(r: Pick<PeriodReview, 'fault_pareto' | 'fault_unrecorded'>, L: Locale): string | null {
	const n = r.fault_unrecorded ?? 0;
	if (n === 0) return null;
	const total = r.fault_pareto.reduce((sum, p) => sum + p.count, 0) + n;
	return L.t('review.fault_unrecorded', { n: L.num(n), total: L.num(total), p: L.pct(n / total) });
}

export function claimsSummary(L: Locale, c: Section<'supplier_claims'>): string {
	return L.t('period.claims_summary', {
		lines: c.lines,
		cost: L.num(c.cost, 2),
		recovered: c.claim_recovered,
		amount: L.num(c.recovered_amount, 2),
		submitted: c.claim_submitted,
		none: c.claim_none
	});
}

export function staffingSummary(L: Locale, st: Section<'staffing'>): string {
	return L.t('period.staffing_summary', {
		from: st.from_week,
		peak: st.peak_needed,
		week: st.peak_week,
		roster: st.roster_active,
		risk: st.at_risk_weeks
	});
}

/** One month's emerging-issue check: what was tested at which level, and (short) the pairs with too little history. */
export function emergingChecked(L: Locale, e: Section<'emerging_status'>[number]): { checked: string; short: string | null } {
	const short =
		e.not_enough_history > 0 ? L.t('period.emerging_short', { count: e.not_enough_history, months: e.min_history_months }) : null;
	// With no pair tested there is no test level to state: α = rate ÷ 0 would read as a claim that was never made.
	if (e.tested === 0) return { checked: L.t('period.emerging_none_tested', { month: L.month(e.month) }), short };
	return {
		checked: L.t('period.emerging_checked', {
			month: L.month(e.month),
			tested: e.tested,
			alarms: e.alarms,
			alpha: L.num(e.alpha, 4),
			rate: L.num(e.false_alarms_per_month, 1)
		}),
		short
	};
}

export function installersTable(L: Locale, installers: Section<'installers'>): TextTable {
	const { t } = L;
	return {
		head: [t('period.technician'), t('period.name'), t('common.jobs'), t('common.reworked'), t('common.rate'), t('period.limit')],
		rows: installers.above.map((g) => [
			...cells(g.group ?? '—', g.name ?? '—', L.num(g.denominator), L.num(g.numerator)),
			{ text: L.pct(g.value), bad: true },
			{ text: L.pct(g.limit_high) }
		])
	};
}

export function suppliersTable(L: Locale, c: Section<'supplier_claims'>): TextTable {
	const { t } = L;
	return {
		head: [t('period.supplier'), t('period.lines'), t('period.cost'), t('period.recovered'), t('period.recovered_amount')],
		rows: c.suppliers.map((s) =>
			cells(s.supplier ?? '—', L.num(s.lines), L.num(s.cost, 2), L.num(s.claim_recovered), L.num(s.recovered_amount, 2))
		)
	};
}

/** The pairs that recurred, each with its repairs month by month ('Jan 1 · Feb 1 · Mar 2') and its trend in words. */
export function repeatedTable(L: Locale, faults: Section<'repeated_faults'>): TextTable {
	const { t } = L;
	return {
		head: [
			t('common.model'),
			t('common.component'),
			t('period.repairs'),
			t('period.repeat_units'),
			t('period.by_month'),
			t('period.previous_repairs'),
			t('period.trend')
		],
		rows: faults.map((f) => [
			...cells(
				f.product_model,
				L.term('component', f.fault_component),
				L.num(f.repairs),
				L.num(f.repeat_units),
				f.by_month.map((m) => `${L.monthName(Number(m.month.slice(5)))} ${m.count}`).join(' · '),
				L.num(f.previous_repairs)
			),
			{ text: trendText(L, f), bad: f.trend === 'up' }
		])
	};
}

export function emergingTable(L: Locale, issues: PeriodReview['emerging_issues']): TextTable {
	const { t } = L;
	return {
		head: [t('common.month'), t('common.model'), t('common.component'), t('common.count'), t('common.baseline'), t('common.p_value')],
		rows: issues.map((e) =>
			cells(
				L.month(e.month),
				e.product_model,
				L.term('component', e.fault_component),
				L.num(e.count),
				L.num(e.baseline, 1),
				L.pValue(e.p_value)
			)
		)
	};
}

/** The staffing outlook week by week, one week a column: each row starts with its heading. */
export function staffingTable(L: Locale, st: Section<'staffing'>): TextTable {
	const { t } = L;
	return {
		head: [t('period.week_of'), ...st.rows.map((w) => w.week_start.slice(5))],
		rows: [
			cells(t('period.jobs_planned'), ...st.rows.map((w) => L.num(w.jobs_planned))),
			[{ text: t('period.needed') }, ...st.rows.map((w) => ({ text: L.num(w.technicians_needed), bad: w.at_risk }))],
			cells(t('period.roster'), ...st.rows.map((w) => L.num(w.roster_active)))
		]
	};
}
