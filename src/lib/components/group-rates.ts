// The table side of a rate by group: the columns every group-rate table shows
// (group, denominator, numerator, rate with its fraction, 95% interval, the
// p-chart verdict), in the page language.
import type { GroupRateRow } from '$lib/api/contract';
import type { Locale } from '$lib/i18n';
import type { Column } from './table';

export interface RateColumnText {
	/** header of the group column (Team, Model…) */
	group: string;
	/** what the denominator and numerator count (Jobs / Reworked, Repairs / Repeat visits) */
	denominator: string;
	numerator: string;
	/** the rate's name */
	rate: string;
}

export function rateColumns(
	L: Locale,
	text: RateColumnText,
	label: (g: string | null, row?: GroupRateRow) => string,
	opts: { verdict?: boolean; complement?: string } = {}
): Column<GroupRateRow>[] {
	const columns: Column<GroupRateRow>[] = [
		{ key: 'group', label: text.group, format: (g, r) => label(g, r) },
		{ key: 'denominator', label: text.denominator, align: 'right', format: (v) => L.num(v) },
		{ key: 'numerator', label: text.numerator, align: 'right', format: (v) => L.num(v) },
		{ key: 'value', label: text.rate, align: 'right', format: (v) => L.pct(v), title: (r) => L.frac(r.numerator, r.denominator) },
		{ key: 'ci_low', label: L.t('common.ci95'), align: 'right', format: (_, r) => L.interval(r.ci_low, r.ci_high) }
	];
	// e.g. first-time fix = 1 − repeat-visit rate
	if (opts.complement)
		columns.push({ key: 'value', label: opts.complement, align: 'right', format: (v) => (v === null ? '—' : L.pct(1 - v)) });
	if (opts.verdict !== false)
		columns.push({
			key: 'above_control_limit',
			label: L.t('common.above_limit'),
			format: (v) => L.t(v ? 'common.yes' : 'common.no'),
			title: (r) => `${L.t('common.control_limit')}: ${L.pct(r.ucl)}`
		});
	return columns;
}

/** The rate over all groups (the groups split the denominator, so it is their pooled rate). */
export function overallOf(rows: { numerator: number; denominator: number }[]): {
	numerator: number;
	denominator: number;
	value: number | null;
} {
	const numerator = rows.reduce((a, r) => a + r.numerator, 0);
	const denominator = rows.reduce((a, r) => a + r.denominator, 0);
	return { numerator, denominator, value: denominator > 0 ? numerator / denominator : null };
}
