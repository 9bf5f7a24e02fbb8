// Plain bars by category: one or more series side by side (or horizontal), an
// optional value label on each bar, an optional extra line in the tooltip, and
// an optional zoom slider for long category axes.
import { echarts, type ChartOption } from './setup';
import { BarChart } from 'echarts/charts';
import { DataZoomComponent, MarkAreaComponent } from 'echarts/components';
import { escapeHtml as esc } from './escape';

echarts.use([BarChart, DataZoomComponent, MarkAreaComponent]);

export interface BarSeries {
	name: string;
	data: (number | null)[];
	color?: string;
}

/** room at the right of a vertical chart for its band's label, wrapped */
const BAND_LABEL_WIDTH = 72;

export function barsOption(
	categories: string[],
	series: BarSeries[],
	opts: {
		yName?: string;
		/** format of a value in the axis, the label and the tooltip */
		format?: (v: number) => string;
		/** draw the value on each bar */
		labels?: boolean;
		/** more lines for the tooltip of category i: HTML, so any data in it must go through escapeHtml (./escape) */
		extra?: (i: number) => string;
		zoom?: boolean;
		horizontal?: boolean;
		/** a reference band on the value axis, e.g. the range the memos expect */
		band?: { from: number; to: number; label: string };
	} = {}
): ChartOption {
	const fmt = opts.format ?? ((v: number) => String(Math.round(v * 10) / 10));
	const cat = {
		type: 'category' as const,
		data: categories,
		axisLabel: opts.horizontal
			? { width: 140, overflow: 'truncate' as const }
			: { hideOverlap: true, rotate: !opts.zoom && categories.length > 8 ? 30 : 0 }
	};
	const val = { type: 'value' as const, name: opts.yName, axisLabel: { formatter: fmt } };
	return {
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (params: unknown) => {
				const ps = params as { dataIndex: number; marker: string; seriesName: string; value: number | null }[];
				const i = ps[0]?.dataIndex ?? 0;
				const lines = ps.map(
					(p) => `${p.marker}${esc(p.seriesName)}: ${p.value === null || p.value === undefined ? '—' : esc(fmt(p.value))}`
				);
				const extra = opts.extra?.(i);
				return [`<b>${esc(categories[i])}</b>`, ...lines, ...(extra ? [extra] : [])].join('<br/>');
			}
		},
		legend: series.length > 1 ? { top: 0 } : undefined,
		grid: opts.horizontal
			? { left: 150, right: 56, top: series.length > 1 ? 30 : 10, bottom: 28 }
			: {
					left: 56,
					// a band's label stands right of the plot, clear of the bars' own labels (a phone's width included)
					right: opts.band ? 20 + BAND_LABEL_WIDTH : 20,
					top: series.length > 1 || opts.yName ? 32 : 12,
					bottom: opts.zoom ? 60 : categories.length > 8 ? 56 : 28
				},
		xAxis: opts.horizontal ? val : cat,
		yAxis: opts.horizontal ? { ...cat, inverse: true } : val,
		...(opts.zoom ? { dataZoom: [{ type: 'slider', height: 18, bottom: 8 }] } : {}),
		series: series.map((s, i) => ({
			name: s.name,
			type: 'bar' as const,
			data: s.data,
			barMaxWidth: 40,
			itemStyle: s.color ? { color: s.color } : undefined,
			label: opts.labels
				? {
						show: true,
						position: opts.horizontal ? ('right' as const) : ('top' as const),
						fontSize: 11,
						formatter: (p: { value: number }) => fmt(p.value)
					}
				: undefined,
			markArea:
				i === 0 && opts.band
					? {
							silent: true,
							itemStyle: { color: 'rgba(183,121,31,0.10)' },
							label: {
								show: true,
								position: opts.horizontal ? ('insideTop' as const) : ('right' as const),
								...(opts.horizontal ? {} : { width: BAND_LABEL_WIDTH - 8, overflow: 'break' as const, lineHeight: 13 }),
								color: '#b7791f',
								fontSize: 11,
								formatter: opts.band.label
							},
							data: [
								opts.horizontal
									? [{ xAxis: opts.band.from }, { xAxis: opts.band.to }]
									: [{ yAxis: opts.band.from }, { yAxis: opts.band.to }]
							]
						}
					: undefined
		}))
	};
}
