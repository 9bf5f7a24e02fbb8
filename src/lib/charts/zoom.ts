// A zoom slider under a long category axis. Its own module so that pages whose
// charts never zoom (the overview) do not ship ECharts' dataZoom.
import { echarts, type ChartOption } from './setup';
import { DataZoomComponent } from 'echarts/components';

echarts.use([DataZoomComponent]);

/** The option with a slider under its x axis; `window` opens it on a span of category indices (e.g. the last four years). */
export function withZoom(option: ChartOption, window: { startValue?: number; endValue?: number } = {}): ChartOption {
	const grid = (option as { grid?: { bottom?: number } }).grid ?? {};
	return { ...option, grid: { ...grid, bottom: 56 }, dataZoom: [{ type: 'slider', height: 18, bottom: 8, ...window }] };
}
