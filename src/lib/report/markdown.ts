// The monthly review as a Markdown page for the meeting, in the dictionary's words.
import type { GroupRateRow, Review } from '$lib/api/contract';
import type { DataWord, Locale } from '$lib/i18n';
import { findings } from './findings';

function table(head: string[], rows: string[][]): string {
	const esc = (s: string) => s.replace(/\|/g, '\\|');
	return [
		`| ${head.map(esc).join(' | ')} |`,
		`| ${head.map(() => '---').join(' | ')} |`,
		...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)
	].join('\n');
}

function groupTable(rows: GroupRateRow[], kind: DataWord, L: Locale): string {
	const { t } = L;
	return table(
		[t('common.group'), t('common.jobs'), t('common.reworked'), t('common.rate'), t('common.ci95'), t('common.above_limit')],
		rows.map((g) => [
			L.term(kind, g.group),
			L.num(g.denominator),
			L.num(g.numerator),
			L.pct(g.value),
			L.interval(g.ci_low, g.ci_high),
			g.above_control_limit ? `**${t('common.yes')}**` : t('common.no')
		])
	);
}

export function reportMarkdown(r: Omit<Review, 'time_to_complete'> & { time_to_complete?: Review['time_to_complete'] }, L: Locale): string {
	const { t } = L;
	const lines: string[] = [];
	lines.push(`# ${t('review.title', { month: L.month(r.month) })}`, '');
	lines.push(`## ${t('review.findings')}`, '');
	for (const f of findings(r, L)) lines.push(`- ${f}`);
	lines.push('', `## ${t('review.kpis')}`, '');
	lines.push(
		table(
			['', t('common.this_month'), '', t('common.target'), t('common.previous_month'), t('common.same_month_last_year')],
			Object.entries(r.kpis).map(([name, k]) => [
				L.kpi(name),
				L.pct(k.value),
				`${L.num(k.numerator)}/${L.num(k.denominator)}`,
				`${L.target(k.target)} ${k.meets_target === null ? '' : k.meets_target ? '✓' : '✗'}`.trim(),
				L.pct(k.previous),
				L.pct(k.same_month_last_year)
			])
		)
	);
	if (r.time_to_complete)
		lines.push(
			'',
			t('review.time_to_complete', { mean: L.num(r.time_to_complete.mean_hours, 1), median: L.num(r.time_to_complete.median_hours, 1) })
		);
	lines.push('', `## ${t('review.rework_by_team_type')}`, '', groupTable(r.rework_by_team_type, 'team_type', L));
	lines.push('', `## ${t('review.rework_by_tenure')}`, '', groupTable(r.rework_by_tenure, 'tenure', L));
	lines.push('', `## ${t('review.fault_pareto')}`, '');
	lines.push(
		table(
			[t('common.component'), t('common.count'), t('common.cumulative')],
			r.fault_pareto.slice(0, 10).map((p) => [L.term('component', p.fault_component), L.num(p.count), L.pct(p.cumulative_share)])
		)
	);
	lines.push('', `## ${t('review.emerging_issues')}`, '');
	lines.push(
		r.emerging_issues.length
			? table(
					[t('common.model'), t('common.component'), t('common.count'), t('common.baseline'), t('common.p_value')],
					r.emerging_issues.map((e) => [
						e.product_model,
						L.term('component', e.fault_component),
						L.num(e.count),
						L.num(e.baseline, 1),
						L.pValue(e.p_value)
					])
				)
			: '—'
	);
	lines.push('', `## ${t('review.peak_to_off')}`, '');
	lines.push(
		table(
			[t('common.year'), t('common.ratio')],
			r.peak_to_off_detail.map((p) => [String(p.year), `${L.num(p.ratio, 2)}×`])
		)
	);
	return lines.join('\n') + '\n';
}
