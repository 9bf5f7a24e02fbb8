// The review of a week, month or quarter as a Markdown page for the meeting, in
// the dictionary's words. A change is called higher or lower only when its test
// says so and neither figure is provisional; a provisional figure carries no tick.
import type { GroupRateRow } from '$lib/api/contract';
import type { DataWord, Locale } from '$lib/i18n';
import { parsePeriod } from '$lib/periods';
import { findings } from './findings';
import { changeVerdict, periodLabel, periodTitle, scopeText, type PeriodReview } from './period';
import {
	claimsSummary,
	emergingChecked,
	emergingTable,
	installersTable,
	repeatedTable,
	staffingSummary,
	suppliersTable,
	targetMark,
	unrecordedNote,
	type TextTable
} from './sections';

function table(head: string[], rows: string[][]): string {
	const esc = (s: string) => s.replace(/\|/g, '\\|');
	return [
		`| ${head.map(esc).join(' | ')} |`,
		`| ${head.map(() => '---').join(' | ')} |`,
		...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)
	].join('\n');
}

const textTable = (tt: TextTable): string =>
	table(
		tt.head,
		tt.rows.map((r) => r.map((c) => c.text))
	);

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

export function reportMarkdown(r: PeriodReview, L: Locale): string {
	const { t } = L;
	const monthly = (parsePeriod(r.month)?.kind ?? 'month') === 'month';
	const lines: string[] = [];
	lines.push(`# ${periodTitle(L, r.month)}`, '');
	if (r.period) {
		const stamp = [scopeText(L, r.scope)];
		if (r.data_span) stamp.push(t('period.data_as_of', { date: r.data_span.last }));
		lines.push(stamp.join(' · '), '');
	}
	lines.push(`## ${t('review.findings')}`, '');
	for (const f of findings(r, L)) lines.push(`- ${f}`);
	lines.push('', `## ${t('review.kpis')}`, '');
	const withVerdict = (value: number | null, test: Parameters<typeof changeVerdict>[1], provisional: boolean) => {
		const v = r.kpi_changes && value !== null ? changeVerdict(L, test, provisional).text : '';
		return v ? `${L.pct(value)} (${v})` : L.pct(value);
	};
	lines.push(
		table(
			[
				'',
				monthly ? t('common.this_month') : t('period.this_period'),
				'',
				t('common.target'),
				monthly ? t('common.previous_month') : t('period.previous_period'),
				monthly ? t('common.same_month_last_year') : t('period.same_period_last_year')
			],
			Object.entries(r.kpis).map(([name, k]) => {
				const ch = r.kpi_changes?.[name as keyof NonNullable<PeriodReview['kpi_changes']>];
				return [
					L.kpi(name),
					k.provisional ? `${L.pct(k.value)} (${t('period.provisional')})` : L.pct(k.value),
					`${L.num(k.numerator)}/${L.num(k.denominator)}`,
					`${L.target(k.target)} ${targetMark(k, L)}`.trim(),
					withVerdict(k.previous, ch?.previous, !!k.provisional || !!k.previous_provisional),
					withVerdict(k.same_month_last_year, ch?.same_month_last_year, !!k.provisional || !!k.same_month_last_year_provisional)
				];
			})
		)
	);
	for (const [name, k] of Object.entries(r.kpis))
		if (k.provisional)
			lines.push(
				'',
				`${L.kpi(name)}: ${t('period.provisional_note', { share: L.pct(k.open_share ?? null, 0), days: k.window_days ?? '—', date: k.final_on ?? '—' })}` +
					(k.nowcast?.value != null
						? ` ${t('period.nowcast', { value: L.pct(k.nowcast.value), low: L.pct(k.nowcast.ci_low), high: L.pct(k.nowcast.ci_high) })}`
						: '')
			);
	if (r.time_to_complete)
		lines.push(
			'',
			t('review.time_to_complete', { mean: L.num(r.time_to_complete.mean_hours, 1), median: L.num(r.time_to_complete.median_hours, 1) })
		);
	lines.push('', `## ${t('review.rework_by_team_type')}`, '', groupTable(r.rework_by_team_type, 'team_type', L));
	lines.push('', `## ${t('review.rework_by_tenure')}`, '', groupTable(r.rework_by_tenure, 'tenure', L));
	if (r.installers) {
		lines.push('', `## ${t('period.installers')}`, '');
		lines.push(
			r.installers.above.length
				? textTable(installersTable(L, r.installers))
				: t('period.installers_none', { judged: r.installers.judged, too_few: r.installers.too_few })
		);
	}
	lines.push('', `## ${t('review.fault_pareto')}`, '');
	lines.push(
		table(
			[t('common.component'), t('common.count'), t('common.cumulative')],
			r.fault_pareto.slice(0, 10).map((p) => [L.term('component', p.fault_component), L.num(p.count), L.pct(p.cumulative_share)])
		)
	);
	const unrecorded = unrecordedNote(r, L);
	if (unrecorded) lines.push('', unrecorded);
	if (r.repeated_faults) {
		lines.push('', `## ${t('period.repeated_faults')}`, '');
		lines.push(r.repeated_faults.length ? textTable(repeatedTable(L, r.repeated_faults)) : t('period.repeated_none'));
	}
	lines.push('', `## ${t('review.emerging_issues')}`, '');
	for (const e of r.emerging_status ?? []) {
		const { checked, short } = emergingChecked(L, e);
		lines.push(checked);
		if (short) lines.push(short);
		lines.push('');
	}
	lines.push(r.emerging_issues.length ? textTable(emergingTable(L, r.emerging_issues)) : '—');
	if (r.supplier_claims) {
		const c = r.supplier_claims;
		lines.push('', `## ${t('period.supplier_claims')}`, '');
		if (!c.lines) lines.push(t('period.claims_none'));
		else lines.push(claimsSummary(L, c), '', textTable(suppliersTable(L, c)));
	}
	if (r.period) {
		lines.push('', `## ${t('period.staffing')}`, '');
		const st = r.staffing;
		lines.push(st ? staffingSummary(L, st) : t('period.staffing_none'));
		if (st && r.scope?.model) lines.push('', t('period.staffing_model'));
	}
	lines.push('', `## ${t('review.peak_to_off')}`, '');
	lines.push(
		r.peak_to_off_detail.length
			? table(
					[t('common.year'), t('common.ratio')],
					r.peak_to_off_detail.map((p) => [String(p.year), `${L.num(p.ratio, 2)}×`])
				)
			: t('review.peak_none')
	);
	if (r.period && r.period.kind !== 'month') lines.push('', `${periodLabel(L, r.period.key)}: ${r.period.from} – ${r.period.to}`);
	return lines.join('\n') + '\n';
}
