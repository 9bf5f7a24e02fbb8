// The seasonal page's charts, built from the seasonal_forecast and peak_to_off data
// sources: history with its forecast and its 80 % / 95 % bands (opened on the last
// four years), the held-out season, and the peak-to-off ratio per year.
import type { MonthlyForecast, PeakToOffRow } from '$lib/api/contract';
import type { Locale } from '$lib/i18n';
import { barsOption } from './bars';
import { escapeHtml as esc } from './escape';
import { linesOption } from './lines';
import { LIMIT, OK } from './palette';
import type { ChartOption } from './setup';
import { withZoom } from './zoom';

type Holdout = NonNullable<MonthlyForecast['forecast']['holdout']>;

/** History, the dashed forecast and its 80 % and 95 % prediction intervals as shaded bands (widest first). */
export function forecastOption(s: MonthlyForecast, L: Locale): ChartOption {
	const pts = s.forecast.points;
	const band = (lo: 'lo80' | 'lo95', hi: 'hi80' | 'hi95') =>
		pts.flatMap((p) => (p[lo] === null || p[hi] === null ? [] : [{ x: p.month, lo: p[lo] as number, hi: p[hi] as number }]));
	const b95 = band('lo95', 'hi95');
	const b80 = band('lo80', 'hi80');
	const option = linesOption(
		[
			{ name: L.t('seasonal.actual_jobs'), points: s.history.map((h) => ({ x: h.month, y: h.value })), color: OK },
			{
				name: L.t('seasonal.forecast'),
				points: pts.map((p) => ({ x: p.month, y: Math.round(p.value) })),
				dashed: true,
				color: LIMIT,
				bands: [
					...(b95.length ? [{ name: L.t('seasonal.band95'), points: b95 }] : []),
					...(b80.length ? [{ name: L.t('seasonal.band80'), points: b80 }] : [])
				]
			}
		],
		{ yName: L.t('seasonal.jobs_per_month') }
	);
	const n = s.history.length + pts.length;
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
