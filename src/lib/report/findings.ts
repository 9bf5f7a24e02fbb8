// The review's top findings, written out as sentences, from the report
// figures alone (so the Markdown report, the review page and the PDF say the
// same thing). The sentences are the dictionary's `findings` and `period`
// namespaces. A finding claims only what the figures support: a provisional
// figure gets no verdict on its change, a change within noise none at all.
import type { Locale } from '$lib/i18n';
import { oneJobDecides } from '$lib/kpi';
import { parsePeriod } from '$lib/periods';
import { changeVerdict, periodLabel, type PeriodReview } from './period';

export type ReportLike = PeriodReview;

export function findings(r: ReportLike, L: Locale): string[] {
	const out: string[] = [];
	const monthly = (parsePeriod(r.month)?.kind ?? 'month') === 'month';
	for (const issue of r.emerging_issues.slice(0, 3))
		out.push(
			L.t('findings.emerging', {
				model: issue.product_model,
				component: L.term('component', issue.fault_component),
				count: issue.count,
				baseline: L.num(issue.baseline, 1),
				p: L.pValueText(issue.p_value)
			})
		);
	for (const [name, k] of Object.entries(r.kpis)) {
		if (k.meets_target !== false || !k.target || k.value === null || oneJobDecides(k)) continue;
		out.push(
			L.t('findings.misses_target', {
				kpi: L.kpi(name),
				value: L.pct(k.value),
				frac: `${L.num(k.numerator)}/${L.num(k.denominator)}`,
				target: L.target(k.target),
				previous:
					k.previous === null
						? ''
						: monthly
							? L.t('findings.previous', { value: L.pct(k.previous) })
							: `${L.t('findings.list_separator')}${L.t('period.previous_ref')} ${L.pct(k.previous)}`,
				last_year:
					k.same_month_last_year === null
						? ''
						: monthly
							? L.t('findings.last_year', { value: L.pct(k.same_month_last_year) })
							: `${L.t('findings.list_separator')}${L.t('period.last_year_ref')} ${L.pct(k.same_month_last_year)}`
			})
		);
	}
	// a provisional figure: what is recorded, the estimate when final, and no claim on its change
	for (const [name, k] of Object.entries(r.kpis)) {
		if (!k.provisional || k.value === null) continue;
		out.push(
			L.t('period.finding_provisional', {
				kpi: L.kpi(name),
				value: L.pct(k.value),
				frac: `${L.num(k.numerator)}/${L.num(k.denominator)}`,
				share: L.pct(k.open_share ?? null, 0),
				nowcast:
					k.nowcast?.value != null
						? L.t('period.nowcast', { value: L.pct(k.nowcast.value), low: L.pct(k.nowcast.ci_low), high: L.pct(k.nowcast.ci_high) })
						: L.t('period.nowcast_none'),
				date: k.final_on ?? '—'
			})
		);
	}
	// a change bigger than chance, against the previous period or last year, where neither figure is provisional
	for (const [name, k] of Object.entries(r.kpis)) {
		const changes = r.kpi_changes?.[name as keyof NonNullable<ReportLike['kpi_changes']>];
		if (!changes || k.provisional) continue;
		const refs = [
			{ test: changes.previous, prov: !!k.previous_provisional, ref: L.t('period.previous_ref'), other: k.previous },
			{
				test: changes.same_month_last_year,
				prov: !!k.same_month_last_year_provisional,
				ref: L.t('period.last_year_ref'),
				other: k.same_month_last_year
			}
		];
		for (const c of refs) {
			const v = changeVerdict(L, c.test, c.prov);
			if (!v.claim) continue;
			out.push(
				L.t('period.finding_change', {
					kpi: L.kpi(name),
					value: L.pct(k.value),
					frac: `${L.num(k.numerator)}/${L.num(k.denominator)}`,
					change: v.text,
					ref: c.ref,
					other: L.pct(c.other)
				})
			);
		}
	}
	const newBand = r.rework_by_tenure.find((g) => g.group === 'new');
	if (newBand && newBand.value !== null && newBand.value > r.new_installer_rework_crisis)
		out.push(
			L.t('findings.crisis', {
				rate: L.pct(newBand.value),
				frac: `${newBand.numerator}/${newBand.denominator}`,
				days: L.tenureDays?.new_below ?? '…',
				limit: L.pct(r.new_installer_rework_crisis, 0)
			})
		);
	const above = [
		...r.rework_by_team_type.filter((g) => g.above_control_limit).map((g) => ({ g, label: L.term('team_type', g.group) })),
		...r.rework_by_tenure.filter((g) => g.above_control_limit).map((g) => ({ g, label: L.term('tenure', g.group) }))
	];
	for (const { g, label } of above)
		out.push(L.t('findings.above_limit', { group: label, rate: L.pct(g.value), frac: `${g.numerator}/${g.denominator}` }));
	for (const g of r.installers?.above ?? [])
		out.push(
			L.t('period.finding_installer', {
				name: g.name ?? '—',
				id: g.group ?? '—',
				rate: L.pct(g.value),
				frac: `${g.numerator}/${g.denominator}`,
				n: g.denominator
			})
		);
	for (const f of (r.repeated_faults ?? []).filter((x) => x.repeat_units > 0 || x.trend === 'up').slice(0, 3))
		out.push(
			L.t('period.finding_repeated', {
				model: f.product_model,
				component: L.term('component', f.fault_component),
				units: f.repeat_units,
				repairs: f.repairs,
				trend: trendText(L, f)
			})
		);
	const short = (r.emerging_status ?? []).reduce((a, e) => Math.max(a, e.not_enough_history), 0);
	if (short > 0) out.push(L.t('period.finding_emerging_short', { count: short }));
	const top = r.fault_pareto.slice(0, 3);
	const unrecorded = r.fault_unrecorded ?? 0;
	// the shares are of the repairs with a component recorded: say so when some have none
	if (top.length)
		out.push(
			L.t(unrecorded > 0 ? 'findings.top_faults_recorded' : 'findings.top_faults', {
				unrecorded: L.num(unrecorded),
				list: top
					.map((p) => L.t('findings.fault_item', { component: L.term('component', p.fault_component), count: p.count }))
					.join(L.t('findings.list_separator')),
				share: L.pct(top[top.length - 1].cumulative_share)
			})
		);
	const lastPeak = r.peak_to_off_detail[r.peak_to_off_detail.length - 1];
	if (lastPeak)
		out.push(
			L.t('findings.peak', {
				year: lastPeak.year,
				peak: L.monthName(lastPeak.peak_month),
				off: L.monthName(lastPeak.off_month),
				ratio: L.num(lastPeak.ratio, 1)
			})
		);
	const claims = r.supplier_claims;
	if (claims && claims.lines > 0)
		out.push(
			L.t('period.finding_claims', { recovered: claims.claim_recovered, lines: claims.lines, amount: L.num(claims.recovered_amount, 2) })
		);
	if (r.staffing && r.staffing.at_risk_weeks > 0)
		out.push(L.t('period.finding_staffing', { risk: r.staffing.at_risk_weeks, weeks: r.staffing.weeks }));
	if (out.length === 0) out.push(L.t('findings.all_met', { month: periodLabel(L, r.month) }));
	return out;
}

/** A recurring fault's trend in words: a direction only when the test says so. */
export function trendText(L: Locale, f: { trend: 'up' | 'down' | 'no_change' | 'new'; p_value: number }): string {
	if (f.trend === 'up') return L.t('period.trend_up', { p: L.pValueText(f.p_value) });
	if (f.trend === 'down') return L.t('period.trend_down', { p: L.pValueText(f.p_value) });
	return L.t(f.trend === 'new' ? 'period.trend_new' : 'period.trend_no_change');
}
