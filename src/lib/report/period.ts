// A review period as the reader sees it: its label and title in the reader's
// language, and the extra sections a period's review carries (the types of
// src/lib/server/report.ts periodReport, as they travel).
import type { Review } from '$lib/api/contract';
import type { Locale } from '$lib/i18n';
import { parsePeriod } from '$lib/periods';
import type { PeriodReport } from '$lib/server/report';

/** What the pages, findings and Markdown read: the monthly figures, the period's sections when present. */
export type PeriodReview = Omit<Review, 'time_to_complete' | 'kpis'> &
	Partial<Pick<Review, 'time_to_complete'>> &
	Partial<
		Pick<
			PeriodReport,
			| 'period'
			| 'scope'
			| 'previous_period'
			| 'next_period'
			| 'compared'
			| 'data_span'
			| 'installers'
			| 'supplier_claims'
			| 'repeated_faults'
			| 'emerging_status'
			| 'staffing'
			| 'kpi_changes'
		>
	> & { kpis: Record<string, Partial<PeriodReport['kpis'][keyof PeriodReport['kpis']]> & Review['kpis'][keyof Review['kpis']]> };

/** '2026-W42' → 'week 42 of 2026 (2026-10-12 – 2026-10-18)', '2026-Q3' → 'Q3 2026', a month as the formatter names it. */
export function periodLabel(L: Locale, key: string): string {
	const p = parsePeriod(key);
	if (!p) return key;
	if (p.kind === 'week') return L.t('period.label_week', { week: p.n, year: p.year, from: p.from, to: p.to });
	if (p.kind === 'quarter') return L.t('period.label_quarter', { q: p.n, year: p.year });
	return L.month(key);
}

export function periodTitle(L: Locale, key: string): string {
	const kind = parsePeriod(key)?.kind ?? 'month';
	const period = periodLabel(L, key);
	return kind === 'week'
		? L.t('period.title_week', { period })
		: kind === 'quarter'
			? L.t('period.title_quarter', { period })
			: L.t('review.title', { month: period });
}

/** The scope as one line: 'Region: East · Team: Alpha', or 'all regions, teams and models'. */
export function scopeText(L: Locale, scope: { region?: string; team?: string; model?: string } | undefined): string {
	const parts: string[] = [];
	if (scope?.region) parts.push(`${L.t('common.region')}: ${scope.region}`);
	if (scope?.team) parts.push(`${L.t('common.team')}: ${scope.team}`);
	if (scope?.model) parts.push(`${L.t('common.model')}: ${scope.model}`);
	return parts.length ? parts.join(' · ') : L.t('period.scope_all');
}

/** What a KPI change may claim: a direction only when the test says so and neither figure is provisional. */
export function changeVerdict(
	L: Locale,
	test: { significant: boolean; diff: number; p_value: number } | null | undefined,
	provisional: boolean
): { text: string; claim: 'up' | 'down' | null } {
	if (provisional) return { text: L.t('period.provisional_no_claim'), claim: null };
	if (!test) return { text: '', claim: null };
	if (!test.significant) return { text: L.t('period.no_significant_change'), claim: null };
	const up = test.diff > 0;
	return { text: L.t(up ? 'period.change_up' : 'period.change_down', { p: L.pValueText(test.p_value) }), claim: up ? 'up' : 'down' };
}
