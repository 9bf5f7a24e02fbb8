// An option fitted to the width its chart is drawn at (src/lib/components/Chart.svelte):
// on a phone, axis labels and legends smaller (labels thinned out where they would
// overlap); at any width, a legend at the top that would wrap onto more rows, or
// run into the y axis's name, pushes the plot down far enough for both. ECharts
// wraps a plain legend but does not make room for it (apache/echarts#16912).
import type { ChartOption } from './setup';

type Obj = Record<string, unknown>;
const each = (v: unknown, f: (x: Obj) => Obj) => (Array.isArray(v) ? v.map((x) => f(x as Obj)) : v ? f(v as Obj) : v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : v ? [v as Obj] : []);

/** Under this container width (px) a chart is drawn compact. */
export const COMPACT_WIDTH = 520;

/** A phone's version of an option: axis labels smaller and thinned out where they would overlap, legend items smaller. */
export function compactOption(o: ChartOption): ChartOption {
	const axis = (a: Obj): Obj => ({
		...a,
		axisLabel: { hideOverlap: true, ...(a.axisLabel as Obj), fontSize: 10 },
		nameTextStyle: { fontSize: 10 }
	});
	const legend = (l: Obj): Obj => ({
		itemWidth: 14,
		itemHeight: 9,
		itemGap: 6,
		...l,
		textStyle: { ...(l.textStyle as Obj), fontSize: 10 }
	});
	const x = { ...(o as Obj) };
	if (x.xAxis) x.xAxis = each(x.xAxis, axis);
	if (x.yAxis) x.yAxis = each(x.yAxis, axis);
	if (x.legend) x.legend = each(x.legend, legend);
	return x as ChartOption;
}

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** The width of a label in px, roughly: a CJK character is as wide as the font size, other characters about 0.6 of it. */
export function textWidth(s: string, fontSize: number): number {
	let w = 0;
	for (const ch of s) w += WIDE.test(ch) ? fontSize : fontSize * 0.6;
	return w;
}

/** The rows a horizontal legend of these item widths takes within `width`, packed as ECharts packs them. */
export function legendRows(items: number[], width: number, gap: number): number[][] {
	const rows: number[][] = [];
	let used = 0;
	for (const w of items) {
		const last = rows.at(-1);
		if (last && used + gap + w <= width) {
			last.push(w);
			used += gap + w;
		} else {
			rows.push([w]);
			used = w;
		}
	}
	return rows;
}

const PAD = 5; // ECharts' default legend padding

/** The option with the plot's top moved down below a top legend (and the y axis's name above the plot), where they would overlap at `width`. */
export function fitLegend(o: ChartOption, width: number): ChartOption {
	const x = o as Obj;
	const legend = x.legend as Obj | undefined;
	const grid = x.grid as Obj | undefined;
	if (!legend || Array.isArray(legend) || !grid || Array.isArray(grid) || typeof grid.top !== 'number') return o;
	if (legend.bottom !== undefined || legend.orient === 'vertical' || legend.type === 'scroll') return o;
	if (legend.top !== undefined && legend.top !== 0 && legend.top !== 'top') return o;

	const names = list(legend.data).length
		? list(legend.data).map((d) => String(typeof d === 'string' ? d : (d as Obj).name))
		: [...new Set(list(x.series).map((s) => s.name as string | undefined))].filter((n): n is string => !!n);
	if (!names.length) return o;
	const fontSize = Number((legend.textStyle as Obj | undefined)?.fontSize ?? 12);
	const icon = Number(legend.itemWidth ?? 25);
	const gap = Number(legend.itemGap ?? 10);
	const rows = legendRows(
		names.map((n) => icon + 5 + textWidth(n, fontSize)),
		width - 2 * PAD,
		gap
	);
	const rowHeight = Math.max(Number(legend.itemHeight ?? 14), fontSize + 2);
	const legendBottom = 2 * PAD + rows.length * rowHeight + (rows.length - 1) * gap;

	// the y axes' names written above the plot (the default place), each centred on its axis line
	const gridLeft = typeof grid.left === 'number' ? grid.left : 0;
	const gridRight = typeof grid.right === 'number' ? grid.right : 0;
	const axisNames = list(x.yAxis)
		.filter((a) => a.name && (a.nameLocation === undefined || a.nameLocation === 'end'))
		.map((a) => {
			const size = Number((a.nameTextStyle as Obj | undefined)?.fontSize ?? 12);
			const w = textWidth(String(a.name), size);
			const at = a.position === 'right' ? width - gridRight : gridLeft;
			return { from: at - w / 2, to: at + w / 2, height: size + Number(a.nameGap ?? 15) + 4 };
		});
	const nameHeight = Math.max(0, ...axisNames.map((n) => n.height));

	// where a one-row legend lies across the width (ECharts centres it unless told otherwise)
	const rowWidth = rows[0]!.reduce((a, w) => a + w, 0) + (rows[0]!.length - 1) * gap + 2 * PAD;
	const left = typeof legend.left === 'number' ? legend.left : legend.left === 'left' ? 0 : (width - rowWidth) / 2;
	const clash = rows.length > 1 || axisNames.some((n) => n.to > left && n.from < left + rowWidth);
	if (!clash) return o;
	const top = legendBottom + (nameHeight || 8);
	return top > grid.top ? ({ ...x, grid: { ...grid, top: Math.ceil(top) } } as ChartOption) : o;
}
