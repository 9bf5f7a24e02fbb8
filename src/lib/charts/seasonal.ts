// The seasonal page's charts, built from the staffing and peak-to-off data
// sources: history with its forecast (opened on the last four years), the
// held-out season, technicians per week, and the peak-to-off ratio per year.
import type { PeakToOffRow, StaffingPlan } from '$lib/api/contract';
import type { Locale } from '$lib/i18n';
import { barsOption } from './bars';
import { escapeHtml as esc } from './escape';
import { linesOption } from './lines';
import { LIMIT, OK } from './palette';
import type { ChartOption } from './setup';
import { withZoom } from './zoom';

type Holdout = NonNullable<StaffingPlan['forecast']['holdout']>;

export function forecastOption(s: StaffingPlan, L: Locale): ChartOption {
	const option = linesOption(
		[
			{ name: L.t('seasonal.actual_jobs'), points: s.history.map((h) => ({ x: h.month, y: h.value })), color: OK },
			{
				name: L.t('seasonal.forecast'),
				points: s.forecast.points.map((p) => ({ x: p.month, y: Math.round(p.value) })),
				dashed: true,
				color: LIMIT
			}
		],
		{ yName: L.t('seasonal.jobs_per_month') }
	);
	const n = s.history.length + s.forecast.points.length;
	return withZoom(option, { startValue: Math.max(0, n - 48), endValue: n - 1 });
}

export function holdoutOption(h: Holdout, L: Locale): ChartOption {
	return linesOption(
		[
			{ name: L.t('seasonal.actual_jobs'), points: h.months.map((p) => ({ x: p.month, y: p.value })), color: OK },
			{
				name: L.t('seasonal.backtest_forecast'),
				points: h.forecast.map((p, i) => {
					const a = h.months[i]?.value;
					return { x: p.month, y: Math.round(p.value), tip: a ? L.t('seasonal.error', { e: L.pct((p.value - a) / a) }) : undefined };
				}),
				dashed: true,
				color: LIMIT
			}
		],
		{ yName: L.t('seasonal.jobs_per_month') }
	);
}

export function staffingOption(s: StaffingPlan, L: Locale): ChartOption {
	return barsOption(
		s.weeks.map((w) => w.week_start),
		[{ name: L.t('seasonal.technicians_needed'), data: s.weeks.map((w) => w.technicians), color: OK }],
		{
			yName: L.t('seasonal.technicians'),
			format: (v) => L.num(v),
			extra: (i) => esc(`${L.t('seasonal.forecast_jobs')}: ${L.num(s.weeks[i].jobs)}`)
		}
	);
}

export function peakToOffOption(rows: PeakToOffRow[], L: Locale): ChartOption {
	const monthDay = (m: number, perDay: number) => L.t('seasonal.month_per_day', { month: L.monthName(m), n: L.num(perDay, 1) });
	return barsOption(
		rows.map((r) => String(r.year)),
		[{ name: L.t('common.ratio'), data: rows.map((r) => Math.round(r.ratio * 100) / 100), color: OK }],
		{
			labels: true,
			format: (v) => `${L.num(v, 1)}×`,
			extra: (i) =>
				esc(`${L.t('seasonal.peak_month')}: ${monthDay(rows[i].peak_month, rows[i].peak_per_day)}`) +
				'<br/>' +
				esc(`${L.t('seasonal.off_month')}: ${monthDay(rows[i].off_month, rows[i].off_per_day)}`),
			band: { from: 2, to: 3, label: L.t('seasonal.memo_band') }
		}
	);
}
