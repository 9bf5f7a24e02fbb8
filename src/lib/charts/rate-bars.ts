// Rates by group with their 95% Wilson interval (error bars) and the group's
// upper p-chart limit (a tick); a group above its limit is drawn red. A group
// still maturing (provisional) is drawn hollow with a dashed border; a note that
// concerns one bar (the new installers' crisis line) is written under that bar.
import { echarts, type ChartOption } from './setup';
import { BarChart, CustomChart, ScatterChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import { escapeHtml as esc } from './escape';
import { BAD, LIMIT, OK } from './palette';

echarts.use([BarChart, CustomChart, ScatterChart, MarkLineComponent]);

export interface GroupRateRow {
	group: string | null;
	numerator: number;
	denominator: number;
	value: number | null;
	ci_low: number | null;
	ci_high: number | null;
	ucl: number | null;
	above_control_limit: boolean;
	/** follow-ups still open at the data's end (metrics/maturity.ts): the bar is drawn hollow, dashed */
	provisional?: boolean;
}

/** A note about one bar, written under that bar's label (e.g. the crisis line for new installers, with what it refers to). */
export interface BarNote {
	group: string | null;
	text: string;
}

/** Number formats; the pages pass their locale's (src/lib/i18n), tests get these. */
export interface ChartFormat {
	pct: (v: number | null | undefined, digits?: number) => string;
	num: (v: number | null | undefined, digits?: number) => string;
}
export const PLAIN_FORMAT: ChartFormat = {
	pct: (v, digits = 1) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`),
	num: (v, digits = 0) =>
		v === null || v === undefined ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
};

/** Room at the left for the percent axis, at the right for the overall line's label, at the bottom for the bar labels. */
const GRID = { left: 56, right: 84, top: 24 };

/** Chart widths (px) at which the bar labels are fitted again, widest first (ECharts media queries on the chart's own size). */
export const FIT_WIDTHS = [
	1200, 1100, 1000, 920, 860, 800, 740, 690, 640, 600, 560, 530, 500, 470, 440, 410, 380, 350, 320, 290, 260, 230, 200
];

/**
 * Every bar's label shown, whatever the chart's width (the printed review, a phone): each label wraps within its bar's
 * slot (ECharts would otherwise drop labels that overlap, leaving one). Between two of FIT_WIDTHS the slot is taken at the
 * narrower; a narrow slot wraps to more lines, so the grid leaves more room below.
 */
function fittedLabels(n: number, bottom: number) {
	const at = (width: number) => {
		const slot = Math.max(28, Math.floor((width - GRID.left - GRID.right) / Math.max(1, n)) - 2);
		return { xAxis: { axisLabel: { width: slot } }, grid: { bottom: slot < 72 ? bottom + 16 : bottom } };
	};
	return {
		axisLabel: { interval: 0, hideOverlap: false, overflow: 'break', lineHeight: 13 },
		media: [
			{ option: at(FIT_WIDTHS[0]) },
			...FIT_WIDTHS.slice(0, -1).map((maxWidth, i) => ({ query: { maxWidth }, option: at(FIT_WIDTHS[i + 1]) }))
		]
	};
}

export function rateBarsOption(
	rows: GroupRateRow[],
	label: (key: string | null) => string,
	text: { rate: string; ci: string; limit: string; overall: string },
	overall: number | null,
	opts: { barNote?: BarNote; /** the bar to emphasise (the others dim) */ selected?: number; fmt?: ChartFormat } = {}
): ChartOption {
	const { pct, num: count } = opts.fmt ?? PLAIN_FORMAT;
	const selected = opts.selected ?? -1;
	const cats = rows.map((r) => label(r.group));
	const noteAt = opts.barNote ? rows.findIndex((r) => r.group === opts.barNote!.group) : -1;
	const bottom = noteAt >= 0 ? 84 : 60;
	const fit = fittedLabels(cats.length, bottom);
	return {
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (params: unknown) => {
				const i = (params as { dataIndex: number }[])[0].dataIndex;
				const r = rows[i];
				return `<b>${esc(cats[i])}</b><br/>${esc(text.rate)}: ${pct(r.value)} (${count(r.numerator)} / ${count(r.denominator)})<br/>${esc(text.ci)}: ${pct(r.ci_low)} – ${pct(r.ci_high)}<br/>${esc(text.limit)}: ${pct(r.ucl)}`;
			}
		},
		grid: { ...GRID, bottom },
		xAxis: {
			type: 'category',
			data: cats,
			axisLabel: {
				...fit.axisLabel,
				// the note sits under the bar it is about, not beside the chart
				formatter: (v: string, i: number) => (i === noteAt ? `${v}\n${opts.barNote!.text}` : v)
			}
		},
		yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 1000) / 10}%` } },
		series: [
			{
				name: text.rate,
				type: 'bar',
				barMaxWidth: 48,
				data: rows.map((r, i) => {
					const color = r.above_control_limit ? BAD : OK;
					// provisional: hollow with a dashed border in the verdict's colour
					const itemStyle = r.provisional
						? { color: 'rgba(0,0,0,0)', borderColor: color, borderType: 'dashed', borderWidth: 2 }
						: { color };
					return { value: r.value ?? 0, itemStyle: selected >= 0 && i !== selected ? { ...itemStyle, opacity: 0.4 } : itemStyle };
				}),
				markLine:
					overall === null
						? undefined
						: {
								silent: true,
								// at the exact value: ECharts rounds a markLine to `precision` decimals (default 2: 3.18% → 3%)
								precision: 20,
								symbol: 'none',
								lineStyle: { type: 'dashed' },
								label: { formatter: `${text.overall} ${pct(overall)}` },
								data: [{ yAxis: overall }]
							}
			},
			{
				name: text.ci,
				type: 'custom',
				renderItem: (params: unknown, api: unknown) => {
					const a = api as {
						value: (i: number) => number;
						coord: (p: [number, number]) => [number, number];
						size: (p: [number, number]) => [number, number];
					};
					const x = a.value(0);
					const lo = a.coord([x, a.value(1)]);
					const hi = a.coord([x, a.value(2)]);
					const w = Math.min(a.size([1, 0])[0] * 0.2, 10);
					const style = { stroke: '#8a8f96', lineWidth: 1.4 };
					return {
						type: 'group',
						children: [
							{ type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
							{ type: 'line', shape: { x1: lo[0] - w, y1: lo[1], x2: lo[0] + w, y2: lo[1] }, style },
							{ type: 'line', shape: { x1: hi[0] - w, y1: hi[1], x2: hi[0] + w, y2: hi[1] }, style }
						]
					};
				},
				data: rows.map((r, i) => [i, r.ci_low ?? 0, r.ci_high ?? 0]),
				z: 10
			},
			{
				name: text.limit,
				type: 'scatter',
				symbol: 'rect',
				symbolSize: [22, 3],
				itemStyle: { color: LIMIT },
				data: rows.map((r, i) => [i, r.ucl]),
				z: 11
			}
		],
		media: fit.media
	};
}
