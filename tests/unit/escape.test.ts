// Labels from the data (team, reason, model, component, supplier …) that look
// like HTML must reach every chart's tooltip as text: each chart kind is built
// with hostile labels, its tooltip formatter is called the way ECharts calls it,
// and the HTML it returns may hold only the chart's own tags (<b>, <br/>, the
// colour marker) — never an <img>, <style> or <a> made from a label. The axis
// labels are drawn by ECharts itself; the server-side SVG shows them as text too.
import { afterEach, describe, expect, test } from 'vitest';
import { SVGRenderer } from 'echarts/renderers';
import { echarts, type ChartOption } from '../../src/lib/charts/setup';
import { escapeHtml } from '../../src/lib/charts/escape';
import { rateBarsOption, type GroupRateRow } from '../../src/lib/charts/rate-bars';
import { paretoOption } from '../../src/lib/charts/pareto';
import { barsOption } from '../../src/lib/charts/bars';
import { funnelOption } from '../../src/lib/charts/funnel';
import { heatmapOption } from '../../src/lib/charts/heatmap';
import { linesOption } from '../../src/lib/charts/lines';
import { calendarOption } from '../../src/lib/charts/calendar';
import { sparklineOption } from '../../src/lib/charts/sparkline';
import { modelMatrixOption } from '../../src/lib/charts/model-matrix';
import { loadBarsOption } from '../../src/lib/charts/stacked-bars';
import { supplierOption, supplierTotals } from '../../src/lib/charts/suppliers';
import { nevadaOption } from '../../src/lib/charts/nevada';
import { locale } from '../../src/lib/i18n';

echarts.use([SVGRenderer]);
const charts: echarts.ECharts[] = [];
afterEach(() => charts.splice(0).forEach((c) => c.dispose()));

const IMG = '<img src=x onerror="alert(1)">';
const STYLE = '<style>body{display:none}</style>';
const LINK = "<a href='https://evil.example/'>click</a>";
const HOSTILE = [IMG, STYLE, LINK];
// worked out by hand, not by the helper under test
const ESCAPED: Record<string, string> = {
	[IMG]: '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;',
	[STYLE]: '&lt;style&gt;body{display:none}&lt;/style&gt;',
	[LINK]: '&lt;a href=&#39;https://evil.example/&#39;&gt;click&lt;/a&gt;'
};
/** what ECharts passes as `marker`: its own HTML, not data */
const MARKER = '<span class="marker"></span>';

/** The tag names in an HTML string. */
const tags = (html: string) => [...html.matchAll(/<\/?\s*([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase());

/** Only the chart's own tags, and each hostile label present in its escaped form. */
function expectEscaped(html: string, labels: string[], what: string) {
	expect(new Set(tags(html)), `${what}: ${html}`).toEqual(new Set(tags(html).filter((t) => ['b', 'br', 'span'].includes(t))));
	expect(tags(html), what).not.toContain('img');
	expect(tags(html), what).not.toContain('style');
	expect(tags(html), what).not.toContain('a');
	for (const l of labels) expect(html, what).toContain(ESCAPED[l]);
}

type Formatter = (p: unknown) => string;
const formatterOf = (o: ChartOption) => (o as { tooltip: { formatter: Formatter } }).tooltip.formatter;
const seriesOf = (o: ChartOption) => (o as { series: { data: unknown[] }[] }).series;

function svgOf(option: ChartOption, width = 900, height = 500): string {
	const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
	charts.push(chart);
	chart.setOption(option);
	// (ECharts' own <style> block with its hover and animation CSS is not data)
	return chart.renderToSVGString().replace(/<style\s*>\s*<!\[CDATA\[[\s\S]*?\]\]>\s*<\/style>/g, '');
}

const rateRows: GroupRateRow[] = HOSTILE.map((group, i) => ({
	group,
	numerator: 10 + i,
	denominator: 100,
	value: (10 + i) / 100,
	ci_low: 0.05,
	ci_high: 0.2,
	ucl: 0.19,
	above_control_limit: false
}));

describe('escapeHtml', () => {
	test('escapes the five HTML-special characters and nothing else', () => {
		expect(escapeHtml(`a&b<c>d"e'f 漏水 ℃`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f 漏水 ℃');
		expect(escapeHtml(IMG)).toBe(ESCAPED[IMG]);
		expect(escapeHtml(null)).toBe('');
		expect(escapeHtml(undefined)).toBe('');
		expect(escapeHtml(42)).toBe('42');
	});
});

describe('every chart kind shows HTML-looking labels as text', () => {
	test('rate bars (team, model, city …)', () => {
		const o = rateBarsOption(rateRows, (k) => k ?? '', { rate: 'Rate', ci: 'CI', limit: 'Limit', overall: 'Overall' }, 0.11);
		HOSTILE.forEach((l, i) => expectEscaped(formatterOf(o)([{ dataIndex: i }]), [l], `rate-bars ${i}`));
		const svg = svgOf(o);
		expect(svg).not.toMatch(/<(img|style|a)[\s>]/);
		expect(svg).toContain('&lt;img');
	});

	test('pareto (rework reason, fault component, fault code)', () => {
		const rows = HOSTILE.map((key, i) => ({ key, count: 30 - i * 10, cumulative_share: (i + 1) / 3 }));
		const o = paretoOption(rows, { count: 'Count', cumulative: 'Cumulative' });
		HOSTILE.forEach((l, i) => expectEscaped(formatterOf(o)([{ dataIndex: i }]), [l], `pareto ${i}`));
		expect(formatterOf(o)([{ dataIndex: 1 }])).toBe(`<b>${ESCAPED[STYLE]}</b><br/>Count: 20<br/>Cumulative: 66.7%`);
		expect(svgOf(o)).not.toMatch(/<(img|style|a)[\s>]/);
	});

	test('bars (supplier), also a hostile series name', () => {
		const o = barsOption(HOSTILE, [{ name: LINK, data: [5, 6, 7] }], { horizontal: true, labels: true });
		const params = (i: number) => [{ dataIndex: i, marker: MARKER, seriesName: LINK, value: 5 + i }];
		HOSTILE.forEach((l, i) => expectEscaped(formatterOf(o)(params(i)), [l, LINK], `bars ${i}`));
		expect(formatterOf(o)(params(0))).toBe(`<b>${ESCAPED[IMG]}</b><br/>${MARKER}${ESCAPED[LINK]}: 5`);
		expect(svgOf(o)).not.toMatch(/<(img|style|a)[\s>]/);
	});

	test('funnel plot (technician, team)', () => {
		const o = funnelOption(rateRows, 0.11, { jobs: 'Jobs', rate: 'Rate', limit: 'Limit', overall: 'Overall' }, (g) => g ?? '');
		const points = seriesOf(o)[2].data as { row: GroupRateRow }[];
		expect(points).toHaveLength(3);
		points.forEach((d, i) => expectEscaped(formatterOf(o)({ data: d }), [HOSTILE[i]], `funnel ${i}`));
	});

	test('heatmap (default tooltip from the cell’s x and y)', () => {
		const cells = [
			{ x: IMG, y: STYLE, value: 3 },
			{ x: LINK, y: STYLE, value: 4 }
		];
		const o = heatmapOption(cells, { valueName: 'Repairs' });
		const data = seriesOf(o)[0].data;
		expectEscaped(formatterOf(o)({ data: data[0] }), [IMG, STYLE], 'heatmap 0');
		expect(formatterOf(o)({ data: data[1] })).toBe(`${ESCAPED[STYLE]} · ${ESCAPED[LINK]}: 4`);
		expect(svgOf(o)).not.toMatch(/<(img|style|a)[\s>]/);
	});

	test('lines (category x values, series names and point notes)', () => {
		const o = linesOption([{ name: STYLE, points: HOSTILE.map((x, i) => ({ x, y: i, tip: LINK })) }], {});
		const xs = (o as { xAxis: { data: string[] } }).xAxis.data;
		xs.forEach((x, i) =>
			expectEscaped(
				formatterOf(o)([{ seriesIndex: 0, dataIndex: i, axisValue: x, marker: MARKER, seriesName: STYLE }]),
				[x, STYLE, LINK],
				`lines ${i}`
			)
		);
		expect(svgOf(o)).not.toMatch(/<(img|style|a)[\s>]/);
	});

	test('calendar and sparkline (their labels are dates and months, escaped all the same)', () => {
		const cal = calendarOption([{ day: '2026-07-01', tickets: 3 }], 'en', 'Tickets');
		expect(formatterOf(cal)({ value: [IMG, 3] })).toBe(`${ESCAPED[IMG]}: 3`);
		const sp = sparklineOption(
			HOSTILE.map((month, i) => ({ month, count: i })),
			{ countName: LINK, baseline: 1, baselineName: STYLE }
		);
		expectEscaped(formatterOf(sp)([{ dataIndex: 2 }]), [LINK, STYLE], 'sparkline last');
		expectEscaped(formatterOf(sp)([{ dataIndex: 0 }]), [IMG, LINK], 'sparkline first');
	});

	test('model × component matrix (model and component, rate and count cells)', () => {
		const cells = [
			{ product_model: IMG, fault_component: STYLE, repairs: 4, installs: 1000, rate_per_1000: 4 },
			{ product_model: LINK, fault_component: STYLE, repairs: 2, installs: null, rate_per_1000: null }
		];
		const text = {
			model: 'Model',
			component: 'Component',
			rate: 'Rate',
			repairs: 'Repairs',
			installs: 'Installs',
			countOnly: 'count only',
			rateLegend: 'rate',
			countLegend: 'count'
		};
		const o = modelMatrixOption(cells, text);
		const s = seriesOf(o);
		expectEscaped(formatterOf(o)({ data: s[0].data[0] }), [IMG, STYLE], 'matrix rate cell');
		expectEscaped(formatterOf(o)({ data: s[1].data[0] }), [LINK, STYLE], 'matrix count cell');
		expect(svgOf(o)).not.toMatch(/<(img|style|a)[\s>]/);
	});

	test('suppliers (the supplier name from parts.csv), through the page’s own builder', () => {
		const part = {
			part_no: 'P1',
			part_name: null,
			quantity: 1,
			lines: 1,
			claim_none: 1,
			claim_submitted: 0,
			claim_recovered: 0,
			recovered_amount: 0
		};
		const totals = supplierTotals(HOSTILE.map((supplier, i) => ({ ...part, supplier, cost: 300 - i * 100 })));
		const o = supplierOption(totals, locale('en'));
		const params = (i: number) => [{ dataIndex: i, marker: MARKER, seriesName: 'Cost', value: 300 - i * 100 }];
		HOSTILE.forEach((l, i) => expectEscaped(formatterOf(o)(params(i)), [l], `suppliers ${i}`));
		expect(svgOf(o)).not.toMatch(/<(img|style|a)[\s>]/);
	});

	test('Nevada chart (production month labels), through the page’s own builder', () => {
		const o = nevadaOption(
			HOSTILE.map((production_month, i) => ({ production_month, months_in_service: i, repairs: i + 1 })),
			locale('en')
		);
		const data = seriesOf(o)[0].data as { value: [number, number, number] }[];
		const ys = (o as { yAxis: { data: string[] } }).yAxis.data;
		expect(data).toHaveLength(3);
		data.forEach((d) => expectEscaped(formatterOf(o)({ data: d }), [ys[d.value[1]]], `nevada ${ys[d.value[1]]}`));
	});

	test('stacked load bars use ECharts’ own tooltip, which escapes names (no formatter of ours to get wrong)', () => {
		const o = loadBarsOption([{ period: IMG, type: 'repair', tickets: 3 }], () => STYLE);
		expect((o as { tooltip: { formatter?: unknown } }).tooltip.formatter).toBeUndefined();
		expect(svgOf(o)).not.toMatch(/<(img|style|a)[\s>]/);
	});
});
