// Charts say exactly what the figures say (issue 10 item 5), checked on what
// real ECharts draws (server-side SVG, as tests/unit/charts.test.ts does):
// reference lines at the exact value, not the value rounded to ECharts'
// default markLine precision; bars in a fixed order from the metric layer; a
// note about one bar written under that bar; provisional bars drawn hollow.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { render } from './helpers/svg-chart';
import { rateBarsOption, type GroupRateRow } from '../../src/lib/charts/rate-bars';
import { linesOption } from '../../src/lib/charts/lines';
import { sparklineOption } from '../../src/lib/charts/sparkline';
import { paretoOption } from '../../src/lib/charts/pareto';
import { OK } from '../../src/lib/charts/palette';
import type { Warehouse } from '../../src/lib/server/warehouse';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { reworkBy } from '../../src/lib/server/metrics/rework';
import { MATURITY_SETTINGS, writeMaturityFixture } from './fixtures/maturity-fixture';
import { useSettingsWarehouse } from './helpers/settings-warehouse';

/** y of every horizontal dashed line ECharts drew (markLines): paths "M x1 y L x2 y" with a dash pattern. */
function dashedHorizontals(svg: string): number[] {
	const out: number[] = [];
	for (const m of svg.matchAll(/<path d="M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)"[^>]*stroke-dasharray/g))
		if (m[2] === m[4] && Number(m[3]) - Number(m[1]) > 100) out.push(Number(m[2]));
	return out;
}

const row = (group: string, numerator: number, denominator: number, extra: Partial<GroupRateRow> = {}): GroupRateRow => ({
	group,
	numerator,
	denominator,
	value: numerator / denominator,
	ci_low: null,
	ci_high: null,
	ucl: null,
	above_control_limit: false,
	...extra
});
const TEXT = { rate: 'Rate', ci: 'CI', limit: 'UCL', overall: 'All' };

describe('reference lines at the exact value', () => {
	// An overall rate of 3.18 % between bars of 3.1 % and 3.3 %: with ECharts' default precision 2 the line is drawn at
	// 0.03, under the 3.1 % bar. The SVG renderer snaps a 1-px line to the pixel grid, so "exact" is within 1 px.
	test('rate bars: the overall line at 3.18 %, above the 3.1 % bar, not on the 3 % gridline', () => {
		const rows = [row('a', 31, 1000), row('b', 33, 1000)];
		const { chart, svg } = render(rateBarsOption(rows, (g) => String(g), TEXT, 0.0318));
		const [y] = dashedHorizontals(svg);
		const exact = chart.convertToPixel({ yAxisIndex: 0 }, 0.0318) as number;
		const rounded = chart.convertToPixel({ yAxisIndex: 0 }, 0.03) as number;
		const bar31 = chart.convertToPixel({ yAxisIndex: 0 }, 0.031) as number;
		expect(Math.abs(y - exact)).toBeLessThanOrEqual(1);
		expect(Math.abs(rounded - exact)).toBeGreaterThan(5); // the two are told apart at this scale
		expect(y).toBeLessThan(bar31); // SVG y grows downwards: the line is above the 3.1 % bar's top
		expect((chart.getOption() as { series: { markLine?: { precision: number } }[] }).series[0].markLine!.precision).toBe(20);
	});

	test('lines: the target line at 4.57 %, not 5 %', () => {
		const { chart, svg } = render(
			linesOption([{ name: 'r', points: ['2026-01', '2026-02', '2026-03'].map((x, i) => ({ x, y: 0.03 + i * 0.005 })) }], {
				percent: true,
				target: { value: 0.0457, label: 'target' }
			})
		);
		const ys = dashedHorizontals(svg);
		expect(ys).toHaveLength(1);
		expect(Math.abs(ys[0] - (chart.convertToPixel({ yAxisIndex: 0 }, 0.0457) as number))).toBeLessThanOrEqual(1);
		expect(Math.abs(ys[0] - (chart.convertToPixel({ yAxisIndex: 0 }, 0.05) as number))).toBeGreaterThan(5);
	});

	test('sparkline: the expected level 2.345 cases, not 2.35 (default precision 2)', () => {
		// one count of 3 on a 0–3 axis over the 396-px chart: 0.005 cases would be < 1 px, so compare the option and the pixel
		const { chart, svg } = render(sparklineOption([{ month: '2026-01', count: 3 }], { baseline: 2.345, countName: 'n' }));
		const ys = dashedHorizontals(svg);
		const opt = chart.getOption() as { series: { markLine: { precision: number; data: { yAxis: number }[] } }[] };
		expect(opt.series[0].markLine.precision).toBe(20);
		expect(ys).toHaveLength(1);
		expect(Math.abs(ys[0] - (chart.convertToPixel({ yAxisIndex: 0 }, 2.345) as number))).toBeLessThanOrEqual(1);
	});

	test('pareto: the 80 % line is drawn at 80 % of the share axis', () => {
		const { chart, svg } = render(
			paretoOption(
				[
					{ key: 'x', count: 6, cumulative_share: 0.6 },
					{ key: 'y', count: 4, cumulative_share: 1 }
				],
				{ count: 'n', cumulative: 'cum' },
				(k) => k
			)
		);
		const ys = dashedHorizontals(svg);
		expect(ys).toHaveLength(1);
		expect(Math.abs(ys[0] - (chart.convertToPixel({ yAxisIndex: 1 }, 0.8) as number))).toBeLessThanOrEqual(1);
	});
});

describe('forecast bands: the prediction intervals drawn where they are', () => {
	const forecast = {
		name: 'forecast',
		dashed: true,
		points: [
			{ x: '2026-03', y: 120 },
			{ x: '2026-04', y: 130 }
		],
		bands: [
			{
				name: '95%',
				points: [
					{ x: '2026-03', lo: 90, hi: 150 },
					{ x: '2026-04', lo: 95, hi: 165 }
				]
			},
			{
				name: '80%',
				points: [
					{ x: '2026-03', lo: 100, hi: 140 },
					{ x: '2026-04', lo: 108, hi: 152 }
				]
			}
		]
	};
	const actual = {
		name: 'actual',
		points: [
			{ x: '2026-01', y: 100 },
			{ x: '2026-02', y: 110 }
		]
	};

	test('each band is a shaded polygon from its lower to its upper limit at every month', () => {
		const { chart, svg } = render(linesOption([actual, forecast], {}));
		const polys = [
			...svg.matchAll(/<path d="M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)Z"[^>]*fill-opacity="0.15"/g)
		].map((m) => m.slice(1, 9).map(Number));
		expect(polys).toHaveLength(2);
		const px = (v: number) => chart.convertToPixel({ yAxisIndex: 0 }, v) as number;
		const [x3, x4] = [2, 3].map((i) => chart.convertToPixel({ xAxisIndex: 0 }, i) as number);
		// the polygon runs along the upper edge (March → April), then back along the lower edge (April → March)
		const want = (lo3: number, hi3: number, lo4: number, hi4: number) => [x3, px(hi3), x4, px(hi4), x4, px(lo4), x3, px(lo3)];
		[want(90, 150, 95, 165), want(100, 140, 108, 152)].forEach((w, k) =>
			polys[k].forEach((v, i) => expect(Math.abs(v - w[i])).toBeLessThanOrEqual(0.5))
		);
	});

	test('the tooltip gives each band as lower – upper; the legend names the bands, not their helper series', () => {
		const { chart } = render(linesOption([actual, forecast], {}));
		const o = chart.getOption() as {
			tooltip: { formatter: (p: unknown) => string }[];
			legend: { data: (string | { name: string })[] }[];
		};
		// series 0 actual, 1 forecast, then 95 % lower (2), 95 % width (3), 80 % lower (4), 80 % width (5)
		const p = (seriesIndex: number, seriesName: string) => ({ seriesIndex, dataIndex: 2, axisValue: '2026-03', marker: '', seriesName });
		const tip = o.tooltip[0].formatter([p(1, 'forecast'), p(2, '95% (lower)'), p(3, '95%'), p(4, '80% (lower)'), p(5, '80%')]);
		expect(tip).toBe('<b>2026-03</b><br/>forecast: 120<br/>95%: 90 – 150<br/>80%: 100 – 140');
		expect(o.legend[0].data.map((d) => (typeof d === 'string' ? d : d.name))).toEqual(['actual', 'forecast', '95%', '80%']);
	});
});

describe('a note about one bar sits under that bar; provisional bars are hollow', () => {
	const rows = [
		row('new', 11, 100, { above_control_limit: true }),
		row('developing', 5, 100),
		row('experienced', 3, 100, { provisional: true })
	];
	test('the crisis note is written under the new installers’ bar only', () => {
		const note = 'crisis line 80% (this bar 11.0%)';
		const { chart, svg } = render(rateBarsOption(rows, (g) => `G:${g}`, TEXT, 0.063, { barNote: { group: 'new', text: note } }));
		const fmt = (chart.getOption() as { xAxis: { axisLabel: { formatter: (v: string, i: number) => string } }[] }).xAxis[0].axisLabel
			.formatter;
		expect([0, 1, 2].map((i) => fmt(`G:${rows[i].group}`, i))).toEqual([`G:new\n${note}`, 'G:developing', 'G:experienced']);
		// drawn once, and horizontally within the first bar's category (the first third of the 660-px plot from x = 56)
		const texts = [...svg.matchAll(/<text[^>]*transform="translate\(([\d.]+) [\d.]+\)"[^>]*>([^<]*)<\/text>/g)];
		const drawn = texts.filter((t) => t[2].startsWith('crisis line'));
		expect(drawn).toHaveLength(1);
		const x = Number(drawn[0][1]);
		const barX = chart.convertToPixel({ xAxisIndex: 0 }, 0) as number;
		expect(Math.abs(x - barX)).toBeLessThan(660 / 3 / 2);
	});

	test('without a note nothing is added and the grid keeps its room', () => {
		const { chart } = render(rateBarsOption(rows, (g) => String(g), TEXT, 0.063));
		const o = chart.getOption() as { grid: { bottom: number }[]; xAxis: { axisLabel: { formatter: (v: string, i: number) => string } }[] };
		expect(o.grid[0].bottom).toBe(60);
		expect(o.xAxis[0].axisLabel.formatter('new', 0)).toBe('new');
	});

	test('a provisional bar is hollow with a dashed border in its verdict colour; the others are filled', () => {
		const { chart } = render(rateBarsOption(rows, (g) => String(g), TEXT, 0.063));
		const data = (chart.getOption() as { series: { data: { itemStyle: Record<string, unknown> }[] }[] }).series[0].data;
		expect(data[2].itemStyle).toEqual({ color: 'rgba(0,0,0,0)', borderColor: OK, borderType: 'dashed', borderWidth: 2 });
		expect(data[1].itemStyle).toEqual({ color: OK });
	});
});

describe('bars in a fixed order from the metric layer', () => {
	let wh: Warehouse;
	useSettingsWarehouse('chart-truth', MATURITY_SETTINGS, async (dir, w) => {
		wh = w;
		fs.mkdirSync(path.join(dir, 'csv'));
		writeMaturityFixture(path.join(dir, 'csv'));
		expect((await ingestFiles(wh, [path.join(dir, 'csv')])).ok).toBe(true);
	});

	test('tenure new → developing → experienced whatever the sizes (largest first would be the reverse)', async () => {
		// March 2026: experienced T3 has 3 jobs, developing T2 2, new T1 1
		const march = await reworkBy(wh, { from: '2026-03-01', to: '2026-03-31' }, 'tenure');
		expect(march.map((r) => [r.group, r.denominator])).toEqual([
			['new', 1],
			['developing', 2],
			['experienced', 3]
		]);
		// the whole history: new 1, developing 2, experienced 10 (X0, M3, I1, I2, H1–H3, J1–J3), unknown 2 (T4's M1, M2) last
		const all = await reworkBy(wh, {}, 'tenure');
		expect(all.map((r) => [r.group, r.denominator])).toEqual([
			['new', 1],
			['developing', 2],
			['experienced', 10],
			['unknown', 2]
		]);
		// and the chart keeps the rows' order
		const { chart } = render(rateBarsOption(march, (g) => String(g), TEXT, null));
		expect((chart.getOption() as { xAxis: { data: string[] }[] }).xAxis[0].data).toEqual(['new', 'developing', 'experienced']);
	});

	test('team type internal → outsourced whatever the sizes', async () => {
		// June 2025: outsourced M1, M2 (2 jobs), internal M3 (1): largest first would put outsourced first
		const june = await reworkBy(wh, { from: '2025-06-01', to: '2025-06-30' }, 'team_type');
		expect(june.map((r) => [r.group, r.denominator])).toEqual([
			['internal', 1],
			['outsourced', 2]
		]);
	});
});
