// Chart options rendered by real ECharts without a browser (server-side SVG), as
// Evidence's echarts-connect-group test does: the option builders' output, and
// that ECharts draws it.
import { describe, expect, test } from 'vitest';
import type { echarts } from '../../src/lib/charts/setup';
import { render, textBoxes } from './helpers/svg-chart';
import { compactOption, fitLegend, legendRows, textWidth } from '../../src/lib/charts/fit';
import { loadBarsOption } from '../../src/lib/charts/stacked-bars';
import { rateBarsOption, type GroupRateRow } from '../../src/lib/charts/rate-bars';
import { funnelOption } from '../../src/lib/charts/funnel';
import { paretoOption } from '../../src/lib/charts/pareto';
import { heatmapOption } from '../../src/lib/charts/heatmap';
import { calendarOption } from '../../src/lib/charts/calendar';
import { linesOption } from '../../src/lib/charts/lines';
import { BAD, OK } from '../../src/lib/charts/palette';

type Series = { name: string; type: string; data: unknown[]; stack?: string };
const seriesOf = (chart: echarts.ECharts) => (chart.getOption() as { series: Series[] }).series;

describe('load bars', () => {
	const rows = [
		{ period: '2026-07', type: 'install', tickets: 120 },
		{ period: '2026-06', type: 'install', tickets: 80 },
		{ period: '2026-07', type: 'repair', tickets: 60 },
		{ period: '2026-08', type: 'complaint', tickets: 3 }
	];
	test('one stacked series per ticket type present, months sorted, missing cells are 0', () => {
		const { chart, svg } = render(loadBarsOption(rows, (k) => k.toUpperCase()));
		const s = seriesOf(chart);
		expect(s.map((x) => x.name)).toEqual(['INSTALL', 'REPAIR', 'COMPLAINT']);
		expect(s.every((x) => x.stack === 'load')).toBe(true);
		expect((chart.getOption() as { xAxis: { data: string[] }[] }).xAxis[0].data).toEqual(['2026-06', '2026-07', '2026-08']);
		expect(s[0].data).toEqual([80, 120, 0]);
		expect(s[1].data).toEqual([0, 60, 0]);
		expect(s[2].data).toEqual([0, 0, 3]);
		expect(svg).toContain('2026-07');
		expect(svg).toContain('INSTALL');
	});

	test('a partial period: its bars pale, its tooltip says why; whole periods and other charts unchanged', () => {
		const weeks = [
			{ period: '2025-W44', type: 'install', tickets: 90 },
			{ period: '2025-W45', type: 'install', tickets: 310 },
			{ period: '2025-W45', type: 'repair', tickets: 150 }
		];
		const option = loadBarsOption(
			weeks,
			(k) => k,
			(p) => (p === '2025-W44' ? 'partial week: 2 of 7 days shown' : null)
		);
		const s = option.series as { data: unknown[] }[];
		expect(s[0].data).toEqual([{ value: 90, itemStyle: { opacity: 0.35 } }, 310]);
		expect(s[1].data).toEqual([{ value: 0, itemStyle: { opacity: 0.35 } }, 150]);
		const tip = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
		const at = (i: number) =>
			tip(
				s.map((_, k) => ({
					dataIndex: i,
					marker: '',
					seriesName: ['install', 'repair'][k],
					value: [
						[90, 310],
						[0, 150]
					][k][i]
				}))
			);
		expect(at(0)).toBe('<b>2025-W44</b><br/><i>partial week: 2 of 7 days shown</i><br/>install: 90<br/>repair: 0');
		expect(at(1)).toBe('<b>2025-W45</b><br/>install: 310<br/>repair: 150');
		// without the argument (the overview's months) the option is as before: plain numbers, ECharts' own tooltip
		const plain = loadBarsOption(weeks, (k) => k);
		expect((plain.series as { data: unknown[] }[])[0].data).toEqual([90, 310]);
		expect((plain.tooltip as { formatter?: unknown }).formatter).toBeUndefined();
	});
});

describe('rate bars with intervals', () => {
	const rows: GroupRateRow[] = [
		{ group: 'internal', numerator: 40, denominator: 200, value: 0.2, ci_low: 0.15, ci_high: 0.26, ucl: 0.17, above_control_limit: true },
		{
			group: 'outsourced',
			numerator: 10,
			denominator: 200,
			value: 0.05,
			ci_low: 0.03,
			ci_high: 0.09,
			ucl: 0.17,
			above_control_limit: false
		}
	];
	test('a group above its limit is red, the others blue; interval and limit series carry the numbers', () => {
		const { chart, svg } = render(rateBarsOption(rows, (g) => `G:${g}`, { rate: 'Rate', ci: 'CI', limit: 'UCL', overall: 'All' }, 0.125));
		const [bars, ci, limit] = seriesOf(chart);
		expect((bars.data as { value: number; itemStyle: { color: string } }[]).map((d) => [d.value, d.itemStyle.color])).toEqual([
			[0.2, BAD],
			[0.05, OK]
		]);
		expect(ci.type).toBe('custom');
		expect(ci.data).toEqual([
			[0, 0.15, 0.26],
			[1, 0.03, 0.09]
		]);
		expect(limit.data).toEqual([
			[0, 0.17],
			[1, 0.17]
		]);
		expect(svg).toContain('G:internal');
		expect(svg).toContain('All 12.5%');
	});
});

describe('funnel plot', () => {
	test('the limit line joins the limits each group was judged by, in order of size, and a dot is red exactly when flagged', () => {
		const row = (group: string, k: number, n: number, ucl: number, above = false): GroupRateRow => ({
			group,
			numerator: k,
			denominator: n,
			value: k / n,
			ci_low: null,
			ci_high: null,
			ucl,
			above_control_limit: above
		});
		const rows = [row('T3', 9, 40, 0.26, true), row('T1', 1, 2, 0.99), row('T2', 2, 20, 0.31), row('T4', 1, 20, 0.31)];
		const { chart } = render(funnelOption(rows, 0.1, { jobs: 'Jobs', rate: 'Rate', limit: 'UCL', overall: 'All' }, (g) => String(g)));
		const [curve, , dots] = seriesOf(chart);
		// one point per group size, sorted by size, at the limit the server sent (no second computation in the browser)
		expect(curve.data).toEqual([
			[2, 0.99],
			[20, 0.31],
			[40, 0.26]
		]);
		const colours = (dots.data as { value: [number, number]; row: GroupRateRow; itemStyle: { color: string } }[]).map((d) => [
			d.row.group,
			d.itemStyle.color
		]);
		expect(colours.filter(([, c]) => c === colours.find(([g]) => g === 'T3')![1]).map(([g]) => g)).toEqual(['T3']);
	});
});

describe('pareto', () => {
	test('bars in the given order with the cumulative share on the second axis', () => {
		const { chart, svg } = render(
			paretoOption(
				[
					{ key: '电容', count: 6, cumulative_share: 0.6 },
					{ key: '压缩机', count: 3, cumulative_share: 0.9 },
					{ key: '漏氟', count: 1, cumulative_share: 1 }
				],
				{ count: 'Count', cumulative: 'Cum' }
			)
		);
		const [bars, line] = seriesOf(chart);
		expect(bars.data).toEqual([6, 3, 1]);
		expect(line.data).toEqual([0.6, 0.9, 1]);
		expect(svg).toContain('电容');
	});

	test('six components at any width: every label drawn whole, wrapped under its bar or turned (a phone showed two of six)', () => {
		const names = ['Capacitor', 'Drain pipe', 'Control board', 'Fan motor', 'Sensor', 'Refrigerant leak'];
		const rows = names.map((key, i) => ({ key, count: 6 - i, cumulative_share: (i + 1) / 6 }));
		for (const [width, turned] of [
			[358, true],
			[420, true],
			[560, false],
			[1100, false]
		] as const) {
			const { chart } = render(paretoOption(rows, { count: 'Count', cumulative: 'Cum' }), { width, height: 230 });
			const axis = (chart.getOption() as { xAxis: { axisLabel: { rotate: number } }[] }).xAxis[0].axisLabel;
			expect(axis.rotate, `${width}px`).toBe(turned ? 30 : 0);
			const texts = textBoxes(chart)
				.map((b) => b.text)
				.filter((t) => /^[A-Z a-z]+$/.test(t) && !['Count', 'Cum'].includes(t));
			if (turned) expect(texts, `${width}px`).toEqual(names);
			else {
				// a wrapped label is one text element per line, all at its bar's x: join them back
				const byX = new Map<number, string>();
				for (const b of textBoxes(chart).filter((b) => texts.includes(b.text)))
					byX.set(Math.round(b.x), (byX.get(Math.round(b.x)) ?? '') + b.text);
				const labels = [...byX.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t.replace(/\s+/g, ' ').trim());
				expect(labels, `${width}px`).toEqual(names);
			}
			if (!turned) {
				const boxes = names.map((n) => textBoxes(chart).find((b) => n.startsWith(b.text.trim()))!);
				for (let i = 1; i < boxes.length; i++)
					expect(boxes[i].x, `${names[i]} at ${width}px`).toBeGreaterThan(boxes[i - 1].x + boxes[i - 1].width);
			}
		}
	});
});

describe('heatmap', () => {
	test('cells land on their category indexes', () => {
		const { chart } = render(
			heatmapOption(
				[
					{ x: '电容', y: 'KFR-35', value: 4 },
					{ x: '压缩机', y: 'KFR-26', value: 2.5 }
				],
				{ valueName: 'per 1000', xOrder: ['压缩机', '电容'], yOrder: ['KFR-26', 'KFR-35'] }
			)
		);
		const data = (seriesOf(chart)[0].data as { value: number[] }[]).map((d) => d.value);
		expect(data).toEqual([
			[1, 1, 4],
			[0, 0, 2.5]
		]);
	});
});

describe('calendar', () => {
	test('one calendar and one heatmap series per year', () => {
		const { chart } = render(
			calendarOption(
				[
					{ day: '2025-07-01', tickets: 30 },
					{ day: '2026-01-02', tickets: 10 }
				],
				'zh',
				'工单'
			)
		);
		const s = seriesOf(chart);
		expect(s.map((x) => x.data)).toEqual([[['2025-07-01', 30]], [['2026-01-02', 10]]]);
	});
});

describe('lines', () => {
	test('series aligned on the union of x values, gaps as null, target line', () => {
		const { chart, svg } = render(
			linesOption(
				[
					{
						name: 'actual',
						points: [
							{ x: '2026-01', y: 0.05 },
							{ x: '2026-02', y: 0.07 }
						]
					},
					{
						name: 'forecast',
						points: [
							{ x: '2026-02', y: 0.07 },
							{ x: '2026-03', y: 0.08 }
						],
						dashed: true
					}
				],
				{ percent: true, target: { value: 0.1, label: 'target 10%' } }
			)
		);
		const s = seriesOf(chart);
		expect(s[0].data).toEqual([0.05, 0.07, null]);
		expect(s[1].data).toEqual([null, 0.07, 0.08]);
		expect(svg).toContain('target 10%');
	});
});

describe('a top legend on a phone', () => {
	// the overview's monthly load at 346 px (a 390 px phone less the page's and the panel's padding), in both languages
	const rows = ['2025-11', '2025-12', '2026-01'].flatMap((period) =>
		['install', 'repair', 'maintenance', 'complaint'].map((type, i) => ({ period, type, tickets: 100 * (i + 1) }))
	);
	const WORDS = {
		en: { tickets: 'Tickets', install: 'Install', repair: 'Repair', maintenance: 'Maintenance', complaint: 'Complaint' },
		zh: { tickets: '工单数', install: '安装', repair: '维修', maintenance: '保养', complaint: '投诉' }
	} as const;
	type Box = ReturnType<typeof textBoxes>[number];
	/** the clearance between two boxes: the larger of their horizontal and vertical gaps, in px (negative: they overlap) */
	const clearance = (a: Box, b: Box) =>
		Math.max(b.x - (a.x + a.width), a.x - (b.x + b.width), b.y - (a.y + a.height), a.y - (b.y + b.height));
	/** a legend item with its symbol (14 px compact, 5 px before the text) */
	const item = (b: Box): Box => ({ ...b, x: b.x - 19, width: b.width + 19 });
	const draw = (lang: 'en' | 'zh', width: number, fit: boolean) => {
		const w = WORDS[lang];
		const option = compactOption(loadBarsOption(rows, (k) => w[k as keyof typeof w]));
		const boxes = textBoxes(render(fit ? fitLegend(option, width) : option, { width, height: 340 }).chart);
		const name = boxes.find((b) => b.text === w.tickets)!;
		const legend = boxes
			.filter((b) => ['install', 'repair', 'maintenance', 'complaint'].some((k) => b.text === w[k as keyof typeof w]))
			.map(item);
		return { name, legend, boxes };
	};

	test.each(['en', 'zh'] as const)('%s: the y axis name is 4 px clear of every legend item at least', (lang) => {
		const { name, legend } = draw(lang, 346, true);
		expect(legend).toHaveLength(4);
		for (const i of legend) expect(clearance(name, i)).toBeGreaterThanOrEqual(4);
	});

	test('en: the long English legend reaches over the axis, so the name is moved below it', () => {
		const { name, legend } = draw('en', 346, true);
		expect(Math.min(...legend.map((i) => i.x))).toBeLessThan(name.x + name.width);
		for (const i of legend) expect(name.y).toBeGreaterThanOrEqual(i.y + i.height + 4);
	});

	test('without the fit the name and the first legend item touch (the bug the fit removes)', () => {
		const { name, legend } = draw('en', 346, false);
		// "Tickets" is centred on the axis at x = 50 and the centred legend starts left of it, on the same line
		expect(Math.min(...legend.map((i) => clearance(name, i)))).toBeLessThan(0);
	});

	test('a legend too wide for one row wraps, and the plot (its top tick label) starts below both rows and the name', () => {
		const { name, legend, boxes } = draw('en', 200, true);
		const rowsAt = [...new Set(legend.map((b) => Math.round(b.y)))];
		expect(rowsAt.length).toBe(2);
		const top = boxes.find((b) => b.text === '400')!; // the top tick of 0–400 at this height
		const legendBottom = Math.max(...legend.map((b) => b.y + b.height));
		expect(name.y).toBeGreaterThan(legendBottom);
		expect(top.y).toBeGreaterThan(name.y + name.height);
	});

	test('the row packing: items of 61, 55, 85 and 73 px with 6 px gaps fit one row of 302 px, two of 200 px', () => {
		// 61 + 6 + 55 + 6 + 85 + 6 + 73 = 292
		expect(legendRows([61, 55, 85, 73], 292, 6)).toEqual([[61, 55, 85, 73]]);
		expect(legendRows([61, 55, 85, 73], 291, 6)).toEqual([[61, 55, 85], [73]]);
		// 61 + 6 + 55 = 122; + 6 + 85 = 213 > 190
		expect(legendRows([61, 55, 85, 73], 190, 6)).toEqual([
			[61, 55],
			[85, 73]
		]);
		expect(textWidth('Install', 10)).toBeCloseTo(42, 10);
		expect(textWidth('安装', 10)).toBe(20);
	});

	test('a legend at the bottom, or one row clear of the name, leaves the option as it was', () => {
		const option = loadBarsOption(rows, (k) => WORDS.en[k as keyof typeof WORDS.en]);
		expect(fitLegend(option, 1400)).toBe(option);
		const below = { ...option, legend: { bottom: 0 } };
		expect(fitLegend(below, 200)).toBe(below);
	});
});
