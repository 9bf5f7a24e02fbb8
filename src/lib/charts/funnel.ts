// A funnel plot (Spiegelhalter 2005): each group's rate against its size, with
// the exact 3-sigma-equivalent limit around the overall rate narrowing as n grows,
// so a technician with 2 jobs is judged by a wide band and one with 200 by a
// narrow one. The line joins the limits the server judged each group by
// (ucl = limit_high: exact binomial, widened when the groups are overdispersed), so a
// dot is red exactly when the server's verdict is 'above'.
import { echarts, type ChartOption } from './setup';
import { LineChart, ScatterChart } from 'echarts/charts';
import { escapeHtml as esc } from './escape';
import { BAD, LIMIT, OK } from './palette';
import { PLAIN_FORMAT, type ChartFormat, type GroupRateRow } from './rate-bars';

echarts.use([LineChart, ScatterChart]);

export function funnelOption<R extends GroupRateRow>(
	rows: R[],
	overall: number,
	text: { jobs: string; rate: string; limit: string; overall: string },
	label: (g: string | null, row?: R) => string,
	opts: { /** the group whose dot is ringed; undefined: none */ selected?: string | null; fmt?: ChartFormat } = {}
): ChartOption {
	const { pct, num } = opts.fmt ?? PLAIN_FORMAT;
	const maxN = Math.max(10, ...rows.map((r) => r.denominator));
	const limitAt = new Map<number, number>();
	for (const r of rows) if (r.ucl != null && r.denominator > 0) limitAt.set(r.denominator, r.ucl);
	const limitLine = [...limitAt.entries()].sort((a, b) => a[0] - b[0]);
	// the y axis ends just above the highest group, not at the limit curve's top for 1 job
	const top = Math.min(1, Math.max(overall * 2, ...rows.map((r) => r.value ?? 0)) * 1.1);
	const step = [0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25].find((x) => top / x <= 6) ?? 0.25;
	const yMax = top > 0 ? Math.min(1, Math.ceil(top / step) * step) : 1;
	return {
		tooltip: {
			trigger: 'item',
			formatter: (p: unknown) => {
				const d = (p as { data: { row?: R } }).data;
				if (!d?.row) return '';
				const r = d.row;
				return `<b>${esc(label(r.group, r))}</b><br/>${esc(text.rate)}: ${pct(r.value)} (${num(r.numerator)} / ${num(r.denominator)})<br/>${esc(text.limit)}: ${pct(r.ucl)}`;
			}
		},
		grid: { left: 56, right: 20, top: 24, bottom: 44 },
		xAxis: { type: 'value', name: text.jobs, nameLocation: 'middle', nameGap: 26 },
		yAxis: {
			type: 'value',
			min: 0,
			max: yMax,
			interval: top > 0 ? step : undefined,
			axisLabel: { formatter: (v: number) => `${Math.round(v * 1000) / 10}%` }
		},
		series: [
			{
				name: text.limit,
				type: 'line',
				showSymbol: false,
				lineStyle: { color: LIMIT, type: 'dashed' },
				data: limitLine,
				silent: true
			},
			{
				name: text.overall,
				type: 'line',
				showSymbol: false,
				lineStyle: { color: '#888' },
				data: [
					[0, overall],
					[maxN, overall]
				],
				silent: true
			},
			{
				name: text.rate,
				type: 'scatter',
				symbolSize: 8,
				data: rows
					.filter((r) => r.value !== null)
					.map((r) => {
						const ringed = opts.selected !== undefined && r.group === opts.selected;
						const color = r.above_control_limit ? BAD : OK;
						return {
							value: [r.denominator, r.value],
							name: r.group ?? '',
							row: r,
							...(ringed ? { symbolSize: 16 } : {}),
							itemStyle: ringed ? { color, borderColor: '#f0a500', borderWidth: 3 } : { color }
						};
					})
			}
		]
	};
}
