// The model × component matrix: failure rate per 1,000 installed units where
// the model's installs are known, else the plain repair count. The two are
// different units, so they get separate colour scales (a warm one for rates, a
// grey-violet one for counts) and every cell says which it shows.
import { echarts, type ChartOption } from './setup';
import { HeatmapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import type { MatrixCell } from '$lib/api/contract';
import { escapeHtml as esc } from './escape';

echarts.use([HeatmapChart, VisualMapComponent]);

/** a cell of the fault_matrix data source */
export type { MatrixCell };

export interface MatrixText {
	model: string;
	component: string;
	rate: string;
	repairs: string;
	installs: string;
	countOnly: string;
	rateLegend: string;
	countLegend: string;
}

export function modelMatrixOption(
	cells: MatrixCell[],
	text: MatrixText,
	opts: { component?: (k: string) => string; num?: (v: number, digits?: number) => string } = {}
): ChartOption {
	const comp = opts.component ?? ((k: string) => k);
	const num = opts.num ?? ((v: number, d = 0) => v.toFixed(d));
	// components by total repairs (the Pareto order), models alphabetically, top row first
	const totals = new Map<string, number>();
	for (const c of cells) totals.set(c.fault_component, (totals.get(c.fault_component) ?? 0) + c.repairs);
	const xs = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b));
	const ys = [...new Set(cells.map((c) => c.product_model))].sort();
	const xi = new Map(xs.map((x, i) => [x, i]));
	const yi = new Map(ys.map((y, i) => [y, i]));
	const rated = cells.filter((c) => c.rate_per_1000 !== null);
	const counted = cells.filter((c) => c.rate_per_1000 === null);
	const item = (c: MatrixCell, v: number) => {
		const head = `<b>${esc(c.product_model)}</b> · ${esc(comp(c.fault_component))}`;
		const body =
			c.rate_per_1000 !== null
				? `${esc(text.rate)}: <b>${esc(num(c.rate_per_1000, 1))}</b><br/>${esc(text.repairs)} ${esc(num(c.repairs))} / ${esc(text.installs)} ${esc(num(c.installs ?? 0))}`
				: `${esc(text.repairs)}: <b>${esc(num(c.repairs))}</b><br/>${esc(text.countOnly)}`;
		return {
			value: [xi.get(c.fault_component)!, yi.get(c.product_model)!, Math.round(v * 10) / 10],
			model: c.product_model,
			tip: `${head}<br/>${body}`
		};
	};
	const series: object[] = [];
	const visualMap: object[] = [];
	const both = rated.length > 0 && counted.length > 0;
	const label = { show: xs.length * ys.length <= 400, fontSize: 10 };
	/** one unit's cells as a heatmap series with its own colour scale, placed left (rates) or right (counts) when both are shown */
	const scale = (
		group: MatrixCell[],
		value: (c: MatrixCell) => number,
		s: { name: string; legend: string; digits: number; colors: string[]; side: 'left' | 'right' }
	) => {
		if (!group.length) return;
		const max = Math.max(1, ...group.map(value));
		visualMap.push({
			seriesIndex: series.length,
			min: 0,
			max,
			calculable: false,
			orient: 'horizontal',
			...(both ? { [s.side]: '18%' } : { left: 'center' }),
			bottom: 0,
			itemHeight: 140,
			itemWidth: 12,
			text: [num(max, s.digits), `${s.legend}  0`],
			inRange: { color: s.colors }
		});
		series.push({
			name: s.name,
			type: 'heatmap',
			data: group.map((c) => item(c, value(c))),
			label,
			emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } }
		});
	};
	scale(rated, (c) => c.rate_per_1000!, {
		name: text.rate,
		legend: text.rateLegend,
		digits: 1,
		colors: ['#fff5eb', '#fdae6b', '#e6550d', '#a63603'],
		side: 'left'
	});
	scale(counted, (c) => c.repairs, {
		name: text.repairs,
		legend: text.countLegend,
		digits: 0,
		colors: ['#f2f0f7', '#9e9ac8', '#54278f'],
		side: 'right'
	});
	return {
		tooltip: { formatter: (p: unknown) => (p as { data: { tip: string } }).data.tip },
		grid: { left: 130, right: 20, top: 10, bottom: xs.length > 8 ? 90 : 60 },
		xAxis: { type: 'category', data: xs.map(comp), axisLabel: { interval: 0, rotate: xs.length > 8 ? 30 : 0 }, splitArea: { show: true } },
		yAxis: { type: 'category', data: ys, inverse: true, splitArea: { show: true } },
		visualMap,
		series
	};
}

/** Number of rows, for sizing the chart. */
export function modelMatrixHeight(cells: { product_model: string }[]): number {
	return 90 + Math.max(3, new Set(cells.map((c) => c.product_model)).size) * 32;
}
