// Ticket load by type over time: stacked bars, one colour per ticket type.
import { echarts, type ChartOption } from './setup';
import { BarChart } from 'echarts/charts';
import { escapeHtml } from './escape';
import { TICKET_TYPES, TYPE_COLORS } from './palette';

echarts.use([BarChart]);

export interface LoadRow {
	period: string;
	type: string;
	tickets: number;
}

/**
 * `partial(period)` names a period the chart holds only part of (a week cut by the date range or by the data's first
 * or last day): its bars are drawn pale and its tooltip says why, so a short edge week is not read as a drop in load.
 */
export function loadBarsOption(rows: LoadRow[], label: (key: string) => string, partial?: (period: string) => string | null): ChartOption {
	const periods = [...new Set(rows.map((r) => r.period))].sort();
	const index = new Map(periods.map((p, i) => [p, i]));
	const notes = periods.map((p) => partial?.(p) ?? null);
	const types = TICKET_TYPES.filter((t) => rows.some((r) => r.type === t));
	const series = types.map((type) => {
		const data = new Array<number>(periods.length).fill(0);
		for (const r of rows) if (r.type === type) data[index.get(r.period)!] = r.tickets;
		return {
			name: label(type),
			type: 'bar' as const,
			stack: 'load',
			data: data.map((value, i) => (notes[i] ? { value, itemStyle: { opacity: 0.35 } } : value)),
			itemStyle: { color: TYPE_COLORS[type] },
			emphasis: { focus: 'series' as const }
		};
	});
	return {
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			...(partial
				? {
						formatter: (params: unknown) => {
							const ps = params as { dataIndex: number; marker: string; seriesName: string; value: number }[];
							const i = ps[0]?.dataIndex ?? 0;
							const lines = ps.map((p) => `${p.marker}${escapeHtml(p.seriesName)}: ${escapeHtml(p.value)}`);
							return [`<b>${escapeHtml(periods[i])}</b>`, ...(notes[i] ? [`<i>${escapeHtml(notes[i])}</i>`] : []), ...lines].join('<br/>');
						}
					}
				: {})
		},
		legend: { top: 0 },
		grid: { left: 50, right: 16, top: 32, bottom: 28 },
		xAxis: { type: 'category', data: periods },
		yAxis: { type: 'value', name: label('tickets') },
		series
	};
}
