// A matrix heatmap (model × component, production month × months in service).
import { echarts, type ChartOption } from './setup';
import { HeatmapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import { escapeHtml as esc } from './escape';

echarts.use([HeatmapChart, VisualMapComponent]);

export interface Cell {
	x: string;
	y: string;
	value: number;
	/** the cell's tooltip as HTML, so any data in it must go through escapeHtml (./escape); default: "y · x: value" as text */
	tooltip?: string;
}

export function heatmapOption(
	cells: Cell[],
	opts: { xName?: string; yName?: string; xOrder?: string[]; yOrder?: string[]; valueName: string }
): ChartOption {
	const xs = opts.xOrder ?? [...new Set(cells.map((c) => c.x))].sort();
	const ys = opts.yOrder ?? [...new Set(cells.map((c) => c.y))].sort();
	const xi = new Map(xs.map((x, i) => [x, i]));
	const yi = new Map(ys.map((y, i) => [y, i]));
	const max = Math.max(1, ...cells.map((c) => c.value));
	return {
		tooltip: {
			formatter: (p: unknown) => {
				const d = (p as { data: { tip: string } }).data;
				return d.tip;
			}
		},
		grid: { left: 110, right: 20, top: 10, bottom: 80 },
		xAxis: {
			type: 'category',
			data: xs,
			name: opts.xName,
			nameLocation: 'middle',
			nameGap: 56,
			axisLabel: { rotate: xs.length > 8 ? 40 : 0 },
			splitArea: { show: true }
		},
		yAxis: { type: 'category', data: ys, name: opts.yName, splitArea: { show: true } },
		visualMap: {
			min: 0,
			max,
			calculable: true,
			orient: 'horizontal',
			left: 'center',
			bottom: 0,
			itemHeight: 120,
			text: [String(Math.round(max * 10) / 10), '0']
		},
		series: [
			{
				name: opts.valueName,
				type: 'heatmap',
				data: cells.map((c) => ({
					value: [xi.get(c.x)!, yi.get(c.y)!, Math.round(c.value * 100) / 100],
					tip: c.tooltip ?? esc(`${c.y} · ${c.x}: ${c.value}`)
				})),
				emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } }
			}
		]
	};
}
