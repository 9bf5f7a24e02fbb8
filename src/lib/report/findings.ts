// The monthly review's top findings, written out as sentences, from the report
// figures alone (so the Markdown report and the review page say the same
// thing). The sentences are the dictionary's `findings` namespace.
import type { Review } from '$lib/api/contract';
import type { Locale } from '$lib/i18n';

export type ReportLike = Omit<Review, 'time_to_complete'>;

export function findings(r: ReportLike, L: Locale): string[] {
	const out: string[] = [];
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
		if (k.meets_target !== false || !k.target || k.value === null) continue;
		out.push(
			L.t('findings.misses_target', {
				kpi: L.kpi(name),
				value: L.pct(k.value),
				frac: `${L.num(k.numerator)}/${L.num(k.denominator)}`,
				target: L.target(k.target),
				previous: k.previous === null ? '' : L.t('findings.previous', { value: L.pct(k.previous) }),
				last_year: k.same_month_last_year === null ? '' : L.t('findings.last_year', { value: L.pct(k.same_month_last_year) })
			})
		);
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
	const top = r.fault_pareto.slice(0, 3);
	if (top.length)
		out.push(
			L.t('findings.top_faults', {
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
	if (out.length === 0) out.push(L.t('findings.all_met', { month: L.month(r.month) }));
	return out;
}
