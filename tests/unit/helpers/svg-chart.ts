// Chart options drawn by real ECharts without a browser (server-side SVG): the
// chart, to read back the option ECharts merged, and the SVG it drew. Every chart
// drawn in a test is disposed of after it.
import { afterEach } from 'vitest';
import { SVGRenderer } from 'echarts/renderers';
import { echarts, type ChartOption } from '../../../src/lib/charts/setup';

echarts.use([SVGRenderer]);
const charts: echarts.ECharts[] = [];
afterEach(() => charts.splice(0).forEach((c) => c.dispose()));

/** `option` drawn on an 800 × 400 SVG canvas */
export function render(option: ChartOption): { chart: echarts.ECharts; svg: string } {
	const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 400 });
	charts.push(chart);
	chart.setOption(option);
	return { chart, svg: chart.renderToSVGString() };
}
