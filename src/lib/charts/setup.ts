// ECharts, tree-shaken: the core, the canvas renderer and the components every
// chart uses. Each chart-kind module registers the chart types and components
// it draws itself, so a page ships only what its charts need.
import * as echarts from 'echarts/core';
import { GridComponent, LegendPlainComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([GridComponent, TooltipComponent, LegendPlainComponent, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption as ChartOption } from 'echarts/core';
