// Pareto: counts as bars, most frequent first, and the cumulative share as a line.
import { echarts, type ChartOption } from './setup';
import { BarChart, LineChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import { escapeHtml as esc } from './escape';
import { categoryLabels } from './rate-bars';

echarts.use([BarChart, LineChart, MarkLineComponent]);

export interface ParetoInput {
	key: string;
	count: number;
	cumulative_share: number;
}

export function paretoOption(
	rows: ParetoInput[],
	text: { count: string; cumulative: string },
	label: (k: string) => string = (k) => k
): ChartOption {
	const cats = rows.map((r) => label(r.key));
	return {
		tooltip: {
			trigger: 'axis',
			formatter: (params: unknown) => {
				const i = (params as { dataIndex: number }[])[0].dataIndex;
				const r = rows[i];
				return `<b>${esc(cats[i])}</b><br/>${esc(text.count)}: ${r.count}<br/>${esc(text.cumulative)}: ${(r.cumulative_share * 100).toFixed(1)}%`;
			}
		},
		grid: { left: 50, right: 50, top: 28, bottom: 60 },
		xAxis: { type: 'category', data: cats, axisLabel: categoryLabels(cats.length) },
		yAxis: [
			{ type: 'value', name: text.count },
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
		]
	};
}
