// Lines over time: a rate against its target line, or actuals with a dashed
// forecast and its prediction intervals drawn as shaded bands.
import { echarts, type ChartOption } from './setup';
import { LineChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import { escapeHtml as esc } from './escape';

echarts.use([LineChart, MarkLineComponent]);

/** a band around a line without a colour of its own */
const BAND = '#8a8f96';

export interface LineSeries {
	name: string;
	/** tip: plain text shown after the value in the tooltip */
	points: { x: string; y: number | null; tip?: string }[];
	dashed?: boolean;
	color?: string;
	/** shaded ranges around this line (e.g. the forecast's 80 % and 95 % prediction intervals), widest first */
	bands?: Band[];
}

export interface Band {
	name: string;
	points: { x: string; lo: number; hi: number }[];
}

export function linesOption(
	series: LineSeries[],
	opts: { percent?: boolean; target?: { value: number; label: string }; yName?: string }
): ChartOption {
	const xs = [...new Set(series.flatMap((s) => [...s.points, ...(s.bands ?? []).flatMap((b) => b.points)].map((p) => p.x)))].sort();
	const fmt = (v: number) => (opts.percent ? `${Math.round(v * 1000) / 10}%` : String(Math.round(v * 10) / 10));
	// each band is two stacked series after the lines: its lower edge (invisible) and its width (shaded)
	const bands = series.flatMap((s) => (s.bands ?? []).map((b) => ({ band: b, color: s.color })));
	const bandAt = (seriesIndex: number) => bands[Math.floor((seriesIndex - series.length) / 2)];
	// a line of the chart: its values on the shared x axis, the target line on the first one
	const lineSeries = (s: LineSeries, i: number) => {
		const byX = new Map(s.points.map((p) => [p.x, p.y]));
		return {
			name: s.name,
			type: 'line' as const,
			data: xs.map((x) => byX.get(x) ?? null),
			connectNulls: false,
			lineStyle: s.dashed ? { type: 'dashed' as const } : undefined,
			itemStyle: s.color ? { color: s.color } : undefined,
			markLine:
				i === 0 && opts.target
					? {
							silent: true,
							// at the exact value: ECharts rounds a markLine to `precision` decimals (default 2)
							precision: 20,
							symbol: 'none',
							lineStyle: { color: '#d62728', type: 'dashed' as const },
							label: { formatter: opts.target.label },
							data: [{ yAxis: opts.target.value }]
						}
					: undefined
		};
	};
	return {
		tooltip: {
			trigger: 'axis',
			formatter: (params: unknown) => {
				const ps = params as { seriesIndex: number; dataIndex: number; axisValue: string; marker: string; seriesName: string }[];
				const lines = ps.map((p) => {
					if (p.seriesIndex >= series.length) {
						// one tooltip line per band, from its shaded series
						if ((p.seriesIndex - series.length) % 2 === 0) return '';
						const b = bandAt(p.seriesIndex).band;
						const r = b.points.find((q) => q.x === p.axisValue);
						return r ? `${esc(b.name)}: ${fmt(r.lo)} – ${fmt(r.hi)}` : '';
					}
					const pt = series[p.seriesIndex].points.find((q) => q.x === p.axisValue);
					if (!pt || pt.y === null) return '';
					return `${p.marker}${esc(p.seriesName)}: ${fmt(pt.y)}${pt.tip ? ` (${esc(pt.tip)})` : ''}`;
				});
				return [`<b>${esc(ps[0]?.axisValue)}</b>`, ...lines.filter(Boolean)].join('<br/>');
			}
		},
		legend: { top: 0, data: [...series.map((s) => s.name), ...bands.map((b) => ({ name: b.band.name, icon: 'rect' }))] },
		grid: { left: 56, right: opts.target ? 96 : 20, top: 32, bottom: 30 },
		xAxis: { type: 'category', data: xs },
		// the target line must stay in view even when every point is below it
		yAxis: {
			type: 'value',
			name: opts.yName,
			axisLabel: { formatter: fmt },
			...(opts.target ? { max: (v: { max: number }) => niceCeil(Math.max(v.max, opts.target!.value) * 1.1) } : {})
		},
		series: [
			...series.map((s, i) => lineSeries(s, i)),
			...bands.flatMap(({ band, color }, k) => {
				const byX = new Map(band.points.map((p) => [p.x, p]));
				const stack = `band-${k}`;
				const common = { type: 'line' as const, stack, symbol: 'none', silent: true, lineStyle: { opacity: 0 }, connectNulls: false };
				return [
					{ ...common, name: `${band.name} (lower)`, data: xs.map((x) => byX.get(x)?.lo ?? null) },
					{
						...common,
						name: band.name,
						data: xs.map((x) => {
							const p = byX.get(x);
							return p ? p.hi - p.lo : null;
						}),
						itemStyle: { color: color ?? BAND },
						areaStyle: { opacity: 0.15 }
					}
				];
			})
		]
	};
}

/** Rounds up to 1, 2, 2.5 or 5 × a power of ten, so the top tick is a round number. */
export function niceCeil(x: number): number {
	if (x <= 0) return 1;
	const p = 10 ** Math.floor(Math.log10(x));
	return ([1, 2, 2.5, 5, 10].find((m) => m * p >= x - 1e-12) ?? 10) * p;
}
