// The monthly review as a Markdown page for the meeting.
import { monthLabel, num, pct, t, targetText, type Lang } from '../i18n';
import { findings, type ReportLike } from './findings';

interface GroupRow {
	group: string | null;
	numerator: number;
	denominator: number;
	value: number | null;
	ci_low: number | null;
	ci_high: number | null;
	above_control_limit: boolean;
}

function table(head: string[], rows: string[][]): string {
	const esc = (s: string) => s.replace(/\|/g, '\\|');
	return [
		`| ${head.map(esc).join(' | ')} |`,
		`| ${head.map(() => '---').join(' | ')} |`,
		...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)
	].join('\n');
}

function groupTable(rows: GroupRow[], lang: Lang): string {
	return table(
		[t(lang, 'group'), t(lang, 'jobs'), t(lang, 'reworked'), t(lang, 'rate'), t(lang, 'ci95'), t(lang, 'above_limit')],
		rows.map((g) => [
			t(lang, g.group ?? 'none'),
			num(g.denominator, lang),
			num(g.numerator, lang),
			pct(g.value, lang),
			g.ci_low === null ? '—' : `${pct(g.ci_low, lang)} – ${pct(g.ci_high, lang)}`,
			g.above_control_limit ? `**${t(lang, 'yes')}**` : t(lang, 'no')
		])
	);
}

export function reportMarkdown(
	r: ReportLike & {
		rework_by_team_type: GroupRow[];
		rework_by_tenure: GroupRow[];
		time_to_complete?: { mean_hours: number | null; median_hours: number | null };
	},
	lang: Lang
): string {
	const lines: string[] = [];
	lines.push(`# ${t(lang, 'monthly_review')} — ${monthLabel(r.month, lang)}`, '');
	lines.push(`## ${t(lang, 'findings')}`, '');
	for (const f of findings(r, lang)) lines.push(`- ${f}`);
	lines.push('', `## ${t(lang, 'kpis')}`, '');
	lines.push(
		table(
			['', t(lang, 'this_month'), '', t(lang, 'target'), t(lang, 'previous_month'), t(lang, 'same_month_last_year')],
			Object.entries(r.kpis).map(([name, k]) => [
				t(lang, name),
				pct(k.value, lang),
				`${num(k.numerator, lang)}/${num(k.denominator, lang)}`,
				`${targetText(k.target, lang)} ${k.meets_target === null ? '' : k.meets_target ? '✓' : '✗'}`.trim(),
				pct(k.previous, lang),
				pct(k.same_month_last_year, lang)
			])
		)
	);
	if (r.time_to_complete)
		lines.push(
			'',
			`${t(lang, 'time_to_complete')}: ${t(lang, 'mean')} ${num(r.time_to_complete.mean_hours, lang, 1)} ${t(lang, 'hours')}, ${t(lang, 'median')} ${num(r.time_to_complete.median_hours, lang, 1)} ${t(lang, 'hours')}`
		);
	lines.push('', `## ${t(lang, 'rework_by_team_type')}`, '', groupTable(r.rework_by_team_type, lang));
	lines.push('', `## ${t(lang, 'rework_by_tenure')}`, '', groupTable(r.rework_by_tenure, lang));
	lines.push('', `## ${t(lang, 'fault_pareto')}`, '');
	lines.push(
		table(
			[t(lang, 'component'), t(lang, 'count'), t(lang, 'cumulative')],
			r.fault_pareto.slice(0, 10).map((p) => [p.fault_component, num(p.count, lang), pct(p.cumulative_share, lang)])
		)
	);
	lines.push('', `## ${t(lang, 'emerging_issues')}`, '');
	lines.push(
		r.emerging_issues.length
			? table(
					[t(lang, 'model'), t(lang, 'component'), t(lang, 'count'), t(lang, 'baseline'), t(lang, 'p_value')],
					r.emerging_issues.map((e) => [
						e.product_model,
						e.fault_component,
						num(e.count, lang),
						num(e.baseline, lang, 1),
						e.p_value < 0.0001 ? '< 0.0001' : e.p_value.toFixed(4)
					])
				)
			: '—'
	);
	lines.push('', `## ${t(lang, 'peak_to_off')}`, '');
	lines.push(
		table(
			[t(lang, 'year'), t(lang, 'ratio')],
			r.peak_to_off_detail.map((p) => [String(p.year), `${num(p.ratio, lang, 2)}×`])
		)
	);
	return lines.join('\n') + '\n';
}
