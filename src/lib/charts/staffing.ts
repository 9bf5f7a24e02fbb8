// The staffing plan's chart (docs/METRICS.md § Staffing): per week the technicians needed (bars, red where the
// roster is short) beside the roster active that week (line), on the left axis; the demand on the right axis — the
// planned P50 jobs with the P50–P80 band shaded (the quantile the plan staffs for by default) and P80–P95 lighter.
import type { StaffingPlanData } from '$lib/api/contract';
import type { Locale } from '$lib/i18n';
import { echarts, type ChartOption } from './setup';
import { BarChart, LineChart } from 'echarts/charts';
import { escapeHtml as esc } from './escape';
import { BAD, LIMIT, OK } from './palette';

echarts.use([BarChart, LineChart]);

const ROSTER = '#2f855a';

export function staffingOption(plan: StaffingPlanData, L: Locale): ChartOption {
	const ws = plan.weeks;
	const weeks = ws.map((w) => w.week);
	const band = { type: 'line' as const, yAxisIndex: 1, symbol: 'none', silent: true, lineStyle: { opacity: 0 }, stack: 'demand' };
	const needed = L.t('seasonal.plan_needed');
	const roster = L.t('seasonal.plan_roster');
	const p50 = L.t('seasonal.plan_p50_jobs');
	const b80 = L.t('seasonal.plan_band_80');
	const b95 = L.t('seasonal.plan_band_95');
	return {
		tooltip: {
			trigger: 'axis',
			formatter: (params: unknown) => {
				const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
				const w = ws[i];
				return [
					`<b>${esc(w.week)}</b> (${esc(w.week_start)})`,
					esc(`${needed}: ${L.num(w.technicians_needed)}`),
					esc(`${roster}: ${L.num(w.roster_active)}`),
					esc(`${L.t('seasonal.plan_gap')}: ${w.gap > 0 ? '+' : ''}${L.num(w.gap)}`),
					esc(`${L.t('seasonal.plan_jobs')} P50 / P80 / P95: ${L.num(w.jobs_p50)} / ${L.num(w.jobs_p80)} / ${L.num(w.jobs_p95)}`),
					esc(
						`${L.t('seasonal.plan_on_time')}: ${L.pct(w.expected_on_time)} · ${L.t('seasonal.plan_utilisation')}: ${L.pct(w.utilisation)}`
					),
					...(w.at_risk ? [`<span style="color:${BAD}">${esc(L.t('seasonal.plan_at_risk'))}</span>`] : [])
				].join('<br/>');
			}
		},
		// the legend below the chart: on a phone it wraps to two lines, which at the top would cover the axis names
		legend: { bottom: 0, data: [needed, roster, p50, { name: b80, icon: 'rect' }, { name: b95, icon: 'rect' }] },
		grid: { left: 48, right: 56, top: 32, bottom: 96 },
		xAxis: { type: 'category', data: weeks, axisLabel: { hideOverlap: true, rotate: weeks.length > 8 ? 30 : 0 } },
		yAxis: [
			{ type: 'value', name: L.t('seasonal.technicians'), minInterval: 1 },
			{ type: 'value', name: L.t('seasonal.plan_jobs_week'), splitLine: { show: false } }
		],
		series: [
			{
				name: needed,
				type: 'bar',
				data: ws.map((w) => ({ value: w.technicians_needed, itemStyle: { color: w.at_risk ? BAD : OK } })),
				itemStyle: { color: OK }
			},
			{ name: roster, type: 'line', step: 'middle', data: ws.map((w) => w.roster_active), itemStyle: { color: ROSTER }, symbolSize: 5 },
			{
				name: p50,
				type: 'line',
				yAxisIndex: 1,
				data: ws.map((w) => Math.round(w.jobs_p50)),
				itemStyle: { color: LIMIT },
				lineStyle: { type: 'dashed' }
			},
			// P50 to P80 and P80 to P95, stacked on the P50 line (an invisible base, then the widths)
			{ ...band, name: `${p50} (base)`, data: ws.map((w) => w.jobs_p50) },
			{ ...band, name: b80, data: ws.map((w) => w.jobs_p80 - w.jobs_p50), itemStyle: { color: LIMIT }, areaStyle: { opacity: 0.25 } },
			{ ...band, name: b95, data: ws.map((w) => w.jobs_p95 - w.jobs_p80), itemStyle: { color: LIMIT }, areaStyle: { opacity: 0.1 } }
		]
	};
}
