// Pareto: counts as bars, most frequent first, and the cumulative share as a line.
import { echarts, type ChartOption } from './setup';
import { BarChart, LineChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import { escapeHtml as esc } from './escape';
import { FIT_WIDTHS } from './rate-bars';

echarts.use([BarChart, LineChart, MarkLineComponent]);

export interface ParetoInput {
	key: string;
	count: number;
	cumulative_share: number;
}

const GRID = { left: 50, right: 50, top: 28, bottom: 60 };
const TURNED = { interval: 0, rotate: 30, width: 90, overflow: 'truncate' as const };

/**
 * Up to six bars: each label wraps within its bar's slot where the slot is wide enough for a word, and turns where it
 * is not, at the chart's own width (ECharts media queries, as the rate bars fit theirs). A phone used to show two of six.
 */
function fewLabels(n: number) {
	const at = (width: number) => {
		const slot = Math.floor((width - GRID.left - GRID.right) / n) - 2;
		return { xAxis: { axisLabel: slot >= 64 ? { rotate: 0, width: slot, overflow: 'break' as const } : TURNED } };
	};
	return {
		axisLabel: { interval: 0, hideOverlap: false, lineHeight: 13 },
		media: [
			{ option: at(FIT_WIDTHS[0]) },
			...FIT_WIDTHS.slice(0, -1).map((maxWidth, i) => ({ query: { maxWidth }, option: at(FIT_WIDTHS[i + 1]) }))
		]
	};
}

export function paretoOption(
	rows: ParetoInput[],
	text: { count: string; cumulative: string },
	label: (k: string) => string = (k) => k
): ChartOption {
	const cats = rows.map((r) => label(r.key));
	const fit = cats.length <= 6 ? fewLabels(cats.length) : null;
	return {
		tooltip: {
			trigger: 'axis',
			formatter: (params: unknown) => {
				const i = (params as { dataIndex: number }[])[0].dataIndex;
				const r = rows[i];
				return `<b>${esc(cats[i])}</b><br/>${esc(text.count)}: ${r.count}<br/>${esc(text.cumulative)}: ${(r.cumulative_share * 100).toFixed(1)}%`;
			}
		},
		grid: GRID,
		xAxis: { type: 'category', data: cats, axisLabel: fit?.axisLabel ?? TURNED },
		yAxis: [
			{ type: 'value', name: text.count, minInterval: 1 },
			{ type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` }, splitLine: { show: false } }
		],
		series: [
			{ name: text.count, type: 'bar', data: rows.map((r) => r.count), barMaxWidth: 48 },
			{
				name: text.cumulative,
				type: 'line',
				yAxisIndex: 1,
				data: rows.map((r) => r.cumulative_share),
				symbolSize: 6,
				markLine: {
					silent: true,
					precision: 20,
					symbol: 'none',
					label: { show: false },
					lineStyle: { type: 'dotted' },
					data: [{ yAxis: 0.8 }]
				}
			}
		],
		...(fit ? { media: fit.media } : {})
	};
}
