// A calendar heatmap of tickets per day, one row per year.
import { echarts, type ChartOption } from './setup';
import { HeatmapChart } from 'echarts/charts';
import { CalendarComponent, VisualMapComponent } from 'echarts/components';
import { escapeHtml as esc } from './escape';

echarts.use([HeatmapChart, CalendarComponent, VisualMapComponent]);

export function calendarOption(days: { day: string; tickets: number }[], lang: 'zh' | 'en', valueName: string): ChartOption {
	const years = [...new Set(days.map((d) => d.day.slice(0, 4)))].sort();
	const max = Math.max(1, ...days.map((d) => d.tickets));
	return {
		tooltip: {
			formatter: (p: unknown) => {
				const v = (p as { value: [string, number] }).value;
				return esc(`${v[0]}: ${v[1]}`);
			}
		},
		visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120 },
		calendar: years.map((y, i) => ({
			// each year only from the first to the last day with data, so a range that starts in November is not ten empty months
			range: yearSpan(days, y),
			top: 30 + i * 150,
			left: 50,
			right: 20,
			cellSize: ['auto', 15],
			dayLabel: { nameMap: lang === 'zh' ? 'ZH' : 'EN', firstDay: 1 },
			monthLabel: { nameMap: lang === 'zh' ? 'ZH' : 'EN' },
			yearLabel: { show: true }
		})),
		series: years.map((y, i) => ({
			name: valueName,
			type: 'heatmap',
			coordinateSystem: 'calendar',
			calendarIndex: i,
			data: days.filter((d) => d.day.startsWith(y)).map((d) => [d.day, d.tickets])
		}))
	};
}

export function calendarHeight(days: { day: string }[]): number {
	return 60 + new Set(days.map((d) => d.day.slice(0, 4))).size * 150;
}

function yearSpan(days: { day: string }[], year: string): [string, string] {
	const inYear = days.filter((d) => d.day.startsWith(year)).map((d) => d.day);
	return [inYear[0], inYear[inYear.length - 1]];
}
