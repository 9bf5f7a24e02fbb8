// Chart options drawn by real ECharts without a browser (server-side SVG): the
// chart, to read back the option ECharts merged, and the SVG it drew. Every chart
// drawn in a test is disposed of after it.
import { afterEach } from 'vitest';
import { SVGRenderer } from 'echarts/renderers';
import { echarts, type ChartOption } from '../../../src/lib/charts/setup';

echarts.use([SVGRenderer]);
const charts: echarts.ECharts[] = [];
afterEach(() => charts.splice(0).forEach((c) => c.dispose()));

/** `option` drawn on an SVG canvas, 800 × 400 unless told */
export function render(option: ChartOption, size = { width: 800, height: 400 }): { chart: echarts.ECharts; svg: string } {
	const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...size });
	charts.push(chart);
	chart.setOption(option);
	return { chart, svg: chart.renderToSVGString() };
}

/** The box of every text ECharts drew (axis labels and names, legend items, titles), in canvas px. */
export function textBoxes(chart: echarts.ECharts): { text: string; x: number; y: number; width: number; height: number }[] {
	type El = { style?: { text?: string }; transform?: number[]; getBoundingRect(): { clone(): Box } };
	type Box = { x: number; y: number; width: number; height: number; applyTransform(m: number[]): void };
	const list = (chart.getZr() as unknown as { storage: { getDisplayList(update: boolean): El[] } }).storage.getDisplayList(true);
	return list
		.filter((el) => el.style?.text)
		.map((el) => {
			const r = el.getBoundingRect().clone();
			if (el.transform) r.applyTransform(el.transform);
			return { text: String(el.style!.text), x: r.x, y: r.y, width: r.width, height: r.height };
		});
}
