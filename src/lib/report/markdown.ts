// The review of a week, month or quarter as a Markdown page for the meeting, in
// the dictionary's words. A change is called higher or lower only when its test
// says so and neither figure is provisional; a provisional figure carries no tick.
import type { GroupRateRow } from '$lib/api/contract';
import type { DataWord, Locale } from '$lib/i18n';
import { parsePeriod } from '$lib/periods';
import { findings, trendText } from './findings';
import { changeVerdict, periodLabel, periodTitle, scopeText, type PeriodReview } from './period';

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
					`${L.target(k.target)} ${k.meets_target === null || k.provisional ? '' : k.meets_target ? '✓' : '✗'}`.trim(),
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
				? table(
						[t('period.technician'), t('period.name'), t('common.jobs'), t('common.reworked'), t('common.rate'), t('period.limit')],
						r.installers.above.map((g) => [
							g.group ?? '—',
							g.name ?? '—',
							L.num(g.denominator),
							L.num(g.numerator),
							L.pct(g.value),
							L.pct(g.limit_high)
						])
					)
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
	if (r.repeated_faults) {
		lines.push('', `## ${t('period.repeated_faults')}`, '');
		lines.push(
			r.repeated_faults.length
				? table(
						[
							t('common.model'),
							t('common.component'),
							t('period.repairs'),
							t('period.repeat_units'),
							t('period.by_month'),
							t('period.previous_repairs'),
							t('period.trend')
						],
						r.repeated_faults.map((f) => [
							f.product_model,
							L.term('component', f.fault_component),
							L.num(f.repairs),
							L.num(f.repeat_units),
							f.by_month.map((m) => m.count).join(' / '),
							L.num(f.previous_repairs),
							trendText(L, f)
						])
					)
				: t('period.repeated_none')
		);
	}
	lines.push('', `## ${t('review.emerging_issues')}`, '');
	for (const e of r.emerging_status ?? []) {
		lines.push(
			t('period.emerging_checked', {
				month: L.month(e.month),
				tested: e.tested,
				alarms: e.alarms,
				alpha: L.num(e.alpha, 4),
				rate: L.num(e.false_alarms_per_month, 1)
			})
		);
		if (e.not_enough_history > 0) lines.push(t('period.emerging_short', { count: e.not_enough_history, months: e.min_history_months }));
		lines.push('');
	}
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
	if (r.supplier_claims) {
		const c = r.supplier_claims;
		lines.push('', `## ${t('period.supplier_claims')}`, '');
		if (!c.lines) lines.push(t('period.claims_none'));
		else {
			lines.push(
				t('period.claims_summary', {
					lines: c.lines,
					cost: L.num(c.cost, 2),
					recovered: c.claim_recovered,
					amount: L.num(c.recovered_amount, 2),
					submitted: c.claim_submitted,
					none: c.claim_none
				}),
				''
			);
			lines.push(
				table(
					[t('period.supplier'), t('period.lines'), t('period.cost'), t('period.recovered'), t('period.recovered_amount')],
					c.suppliers.map((s) => [
						s.supplier ?? '—',
						L.num(s.lines),
						L.num(s.cost, 2),
						L.num(s.claim_recovered),
						L.num(s.recovered_amount, 2)
					])
				)
			);
		}
	}
	if (r.period) {
		lines.push('', `## ${t('period.staffing')}`, '');
		const st = r.staffing;
		lines.push(
			st
				? t('period.staffing_summary', {
						from: st.from_week,
						peak: st.peak_needed,
						week: st.peak_week,
						roster: st.roster_active,
						risk: st.at_risk_weeks
					})
				: t('period.staffing_none')
		);
		if (st && r.scope?.model) lines.push('', t('period.staffing_model'));
	}
	lines.push('', `## ${t('review.peak_to_off')}`, '');
	lines.push(
		table(
			[t('common.year'), t('common.ratio')],
			r.peak_to_off_detail.map((p) => [String(p.year), `${L.num(p.ratio, 2)}×`])
		)
	);
	if (r.period && r.period.kind !== 'month') lines.push('', `${periodLabel(L, r.period.key)}: ${r.period.from} – ${r.period.to}`);
	return lines.join('\n') + '\n';
}
