// ECharts, tree-shaken: only the chart kinds and components fieldloop draws.
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
	CalendarComponent,
	DataZoomComponent,
	GridComponent,
	LegendComponent,
	MarkAreaComponent,
	MarkLineComponent,
	TitleComponent,
	TooltipComponent,
	VisualMapComponent
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
	BarChart,
	LineChart,
	HeatmapChart,
	ScatterChart,
	CustomChart,
	GridComponent,
	TooltipComponent,
	LegendComponent,
	DataZoomComponent,
	VisualMapComponent,
	MarkLineComponent,
	MarkAreaComponent,
	CalendarComponent,
	TitleComponent,
	CanvasRenderer
]);

export { echarts };
export type { EChartsCoreOption as ChartOption } from 'echarts/core';
