// Ticket load by type over time: stacked bars, one colour per ticket type.
import { echarts, type ChartOption } from './setup';
import { BarChart } from 'echarts/charts';
import { TICKET_TYPES, TYPE_COLORS } from './palette';

echarts.use([BarChart]);

export interface LoadRow {
	period: string;
	type: string;
	tickets: number;
}

export function loadBarsOption(rows: LoadRow[], label: (key: string) => string): ChartOption {
	const periods = [...new Set(rows.map((r) => r.period))].sort();
	const index = new Map(periods.map((p, i) => [p, i]));
	const types = TICKET_TYPES.filter((t) => rows.some((r) => r.type === t));
	const series = types.map((type) => {
		const data = new Array<number>(periods.length).fill(0);
		for (const r of rows) if (r.type === type) data[index.get(r.period)!] = r.tickets;
		return {
			name: label(type),
			type: 'bar' as const,
			stack: 'load',
			data,
			itemStyle: { color: TYPE_COLORS[type] },
			emphasis: { focus: 'series' as const }
		};
	});
	return {
		tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
		legend: { top: 0 },
		grid: { left: 50, right: 16, top: 32, bottom: 28 },
		xAxis: { type: 'category', data: periods },
		yAxis: { type: 'value', name: label('tickets') },
		series
	};
}
