// The Nevada chart: repairs by production month (rows) × whole months in
// service (columns). The month-0 column (dead on arrival, installation faults)
// would wash out the rest, so the colour scale stops at the 98th percentile.
import type { NevadaCell } from '$lib/api/contract';
import type { Locale } from '$lib/i18n';
import { DataZoomComponent } from 'echarts/components';
import { escapeHtml as esc } from './escape';
import { heatmapOption } from './heatmap';
import { echarts, type ChartOption } from './setup';

echarts.use([DataZoomComponent]);

export function nevadaOption(rows: NevadaCell[], L: Locale): ChartOption {
	const repairs = L.t('faults.repairs');
	const rowName = L.t('faults.production_month');
	const colName = L.t('faults.months_in_service');
	const maxMis = Math.max(0, ...rows.map((r) => r.months_in_service));
	const xs = Array.from({ length: maxMis + 1 }, (_, i) => String(i));
	const ys = [...new Set(rows.map((r) => r.production_month))].sort();
	const sorted = rows.map((r) => r.repairs).sort((a, b) => a - b);
	const cap = Math.max(1, sorted[Math.floor(sorted.length * 0.98)] ?? 1);
	return heatmapOption(
		rows.map((r) => ({
			x: String(r.months_in_service),
			y: r.production_month,
			value: r.repairs,
			tooltip: `${esc(rowName)}: <b>${esc(r.production_month)}</b><br/>${esc(colName)}: <b>${r.months_in_service}</b><br/>${esc(repairs)}: <b>${L.num(r.repairs)}</b>`
		})),
		{
			xName: colName,
			yName: rowName,
			xOrder: xs,
			yOrder: ys,
			valueName: repairs,
			cap: { max: cap, text: [`≥ ${cap}`, `${repairs}  0`] },
			grid: { left: 70, right: 46, top: 28, bottom: 76 },
			xLabelInterval: xs.length > 40 ? 5 : xs.length > 20 ? 1 : 0,
			yNameOnTop: true,
			yZoom: ys.length > 30
		}
	);
}

export function nevadaHeight(rows: NevadaCell[]): number {
	const n = new Set(rows.map((r) => r.production_month)).size;
	return Math.min(620, Math.max(280, 120 + n * 5));
}
