// A sparkline: a short monthly history as small bars, the last one (the month
// under test) highlighted, with the expected level as a dashed line. No axes:
// it sits in a table row next to the figures it illustrates.
import { echarts, type ChartOption } from './setup';
import { BarChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import { escapeHtml as esc } from './escape';
import { BAD, LIMIT, OK } from './palette';

echarts.use([BarChart, MarkLineComponent]);

export function sparklineOption(
	points: { month: string; count: number }[],
	opts: { baseline?: number | null; countName: string; baselineName?: string; highlightLast?: boolean }
): ChartOption {
	const last = points.length - 1;
	const max = Math.max(1, opts.baseline ?? 0, ...points.map((p) => p.count));
	return {
		animation: false,
		tooltip: {
			trigger: 'axis',
			confine: false,
			appendTo: 'body',
			formatter: (params: unknown) => {
				const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
				const p = points[i];
				const base =
					i === last && opts.baseline != null && opts.baselineName
						? `<br/>${esc(opts.baselineName)}: ${Math.round(opts.baseline * 10) / 10}`
						: '';
				return `<b>${esc(p.month)}</b><br/>${esc(opts.countName)}: ${p.count}${base}`;
			}
		},
		grid: { left: 2, right: 2, top: 4, bottom: 2 },
		xAxis: { type: 'category', data: points.map((p) => p.month), show: false },
		yAxis: { type: 'value', show: false, min: 0, max },
		series: [
			{
				name: opts.countName,
				type: 'bar',
				barCategoryGap: '20%',
				data: points.map((p, i) => ({ value: p.count, itemStyle: { color: opts.highlightLast !== false && i === last ? BAD : OK } })),
				markLine:
					opts.baseline == null
						? undefined
						: {
								silent: true,
								// at the exact value: ECharts rounds a markLine to `precision` decimals (default 2)
								precision: 20,
								symbol: 'none',
								label: { show: false },
								lineStyle: { color: LIMIT, type: 'dashed', width: 1.5 },
								data: [{ yAxis: opts.baseline }]
							}
			}
		]
	};
}
