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

export interface HeatmapOptions {
	xName?: string;
	yName?: string;
	xOrder?: string[];
	yOrder?: string[];
	valueName: string;
	/** where the colour scale stops (values above it share the darkest colour) and the legend's two ends */
	cap?: { max: number; text: [string, string] };
	grid?: { left: number; right: number; top: number; bottom: number };
	/** show every n-th x label, unrotated, the axis name close under them */
	xLabelInterval?: number;
	/** the y axis name above the axis instead of beside it */
	yNameOnTop?: boolean;
	/** a slider beside the y axis (register DataZoomComponent where this is used) */
	yZoom?: boolean;
}

export function heatmapOption(cells: Cell[], opts: HeatmapOptions): ChartOption {
	const xs = opts.xOrder ?? [...new Set(cells.map((c) => c.x))].sort();
	const ys = opts.yOrder ?? [...new Set(cells.map((c) => c.y))].sort();
	const xi = new Map(xs.map((x, i) => [x, i]));
	const yi = new Map(ys.map((y, i) => [y, i]));
	const max = opts.cap?.max ?? Math.max(1, ...cells.map((c) => c.value));
	const grid = opts.grid ?? { left: 110, right: 20, top: 10, bottom: 80 };
	return {
		tooltip: {
			formatter: (p: unknown) => {
				const d = (p as { data: { tip: string } }).data;
				return d.tip;
			}
		},
		grid,
		xAxis: {
			type: 'category',
			data: xs,
			name: opts.xName,
			nameLocation: 'middle',
			nameGap: opts.xLabelInterval === undefined ? 56 : 26,
			axisLabel: opts.xLabelInterval === undefined ? { rotate: xs.length > 8 ? 40 : 0 } : { interval: opts.xLabelInterval },
			splitArea: { show: true }
		},
		yAxis: {
			type: 'category',
			data: ys,
			name: opts.yName,
			splitArea: { show: true },
			...(opts.yNameOnTop ? { nameLocation: 'end', nameGap: 10, nameTextStyle: { align: 'left' } } : {})
		},
		visualMap: {
			min: 0,
			max,
			calculable: !opts.cap,
			orient: 'horizontal',
			left: 'center',
			bottom: 0,
			itemHeight: opts.cap ? 160 : 120,
			...(opts.cap ? { itemWidth: 12 } : {}),
			text: opts.cap?.text ?? [String(Math.round(max * 10) / 10), '0']
		},
		dataZoom: opts.yZoom
			? [{ type: 'slider', yAxisIndex: 0, right: 6, width: 16, top: grid.top, bottom: grid.bottom, showDetail: false }]
			: [],
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
