// The monthly review's top findings, written out as sentences, from the report
// figures alone (so the Markdown report and the review page say the same thing).
import { LABELS, monthLabel, monthName, num, pct, t, targetText, type Lang } from '../i18n';

interface RateLike {
	numerator: number;
	denominator: number;
	value: number | null;
}
interface KpiLike extends RateLike {
	target?: { min: number } | { max: number };
	meets_target: boolean | null;
	previous: number | null;
	same_month_last_year: number | null;
}
interface GroupLike extends RateLike {
	group: string | null;
	above_control_limit: boolean;
}
export interface ReportLike {
	month: string;
	kpis: Record<string, KpiLike>;
	rework_by_team_type: GroupLike[];
	rework_by_tenure: GroupLike[];
	fault_pareto: { fault_component: string; count: number; cumulative_share: number }[];
	emerging_issues: { product_model: string; fault_component: string; count: number; baseline: number; p_value: number }[];
	peak_to_off_detail: { year: number; ratio: number; peak_month: number; off_month: number }[];
	new_installer_rework_crisis: number;
}

const label = (k: string, lang: Lang) => (k in LABELS ? t(lang, k) : k);

function pValueText(p: number): string {
	return p < 0.0001 ? 'p < 0.0001' : `p = ${p.toFixed(4)}`;
}

export function findings(r: ReportLike, lang: Lang): string[] {
	const out: string[] = [];
	const zh = lang === 'zh';
	for (const issue of r.emerging_issues.slice(0, 3))
		out.push(
			zh
				? `新发质量问题：${issue.product_model} 的「${issue.fault_component}」故障本月 ${issue.count} 例，基线约 ${num(issue.baseline, lang, 1)} 例（${pValueText(issue.p_value)}），请反馈工厂。`
				: `Emerging issue: ${issue.product_model} ${issue.fault_component} failures — ${issue.count} cases this month against a baseline of ${num(issue.baseline, lang, 1)} (${pValueText(issue.p_value)}); feed back to the factory.`
		);
	for (const [name, k] of Object.entries(r.kpis)) {
		if (k.meets_target !== false || !k.target || k.value === null) continue;
		const prev = k.previous === null ? '' : zh ? `，上月 ${pct(k.previous, lang)}` : `, last month ${pct(k.previous, lang)}`;
		const ly =
			k.same_month_last_year === null
				? ''
				: zh
					? `，去年同月 ${pct(k.same_month_last_year, lang)}`
					: `, same month last year ${pct(k.same_month_last_year, lang)}`;
		out.push(
			zh
				? `${label(name, lang)} ${pct(k.value, lang)}（${num(k.numerator, lang)}/${num(k.denominator, lang)}）未达目标 ${targetText(k.target, lang)}${prev}${ly}。`
				: `${label(name, lang)} ${pct(k.value, lang)} (${num(k.numerator, lang)}/${num(k.denominator, lang)}) misses its target ${targetText(k.target, lang)}${prev}${ly}.`
		);
	}
	const newBand = r.rework_by_tenure.find((g) => g.group === 'new');
	if (newBand && newBand.value !== null && newBand.value > r.new_installer_rework_crisis)
		out.push(
			zh
				? `危机：新师傅（入职不足90天）的工单返工率达 ${pct(newBand.value, lang)}（${newBand.numerator}/${newBand.denominator}），超过 ${pct(r.new_installer_rework_crisis, lang, 0)} 警戒线。`
				: `Crisis: ${pct(newBand.value, lang)} (${newBand.numerator}/${newBand.denominator}) of jobs by new technicians (< 90 days) needed rework, above the ${pct(r.new_installer_rework_crisis, lang, 0)} crisis line.`
		);
	for (const g of [...r.rework_by_team_type, ...r.rework_by_tenure].filter((g) => g.above_control_limit))
		out.push(
			zh
				? `「${label(g.group ?? 'none', lang)}」返工率 ${pct(g.value, lang)}（${g.numerator}/${g.denominator}）高于控制上限，属于异常而非随机波动。`
				: `${label(g.group ?? 'none', lang)}: rework ${pct(g.value, lang)} (${g.numerator}/${g.denominator}) lies above the 3-sigma control limit — a real difference, not noise.`
		);
	const top = r.fault_pareto.slice(0, 3);
	if (top.length)
		out.push(
			zh
				? `维修故障前三位：${top.map((p) => `${p.fault_component}（${p.count}）`).join('、')}，合计占 ${pct(top[top.length - 1].cumulative_share, lang)}。`
				: `Top repair faults: ${top.map((p) => `${p.fault_component} (${p.count})`).join(', ')}, together ${pct(top[top.length - 1].cumulative_share, lang)} of repairs.`
		);
	const lastPeak = r.peak_to_off_detail[r.peak_to_off_detail.length - 1];
	if (lastPeak)
		out.push(
			zh
				? `${lastPeak.year}年旺季（${monthName(lastPeak.peak_month, lang)}）日均工单是淡季（${monthName(lastPeak.off_month, lang)}）的 ${num(lastPeak.ratio, lang, 1)} 倍。`
				: `In ${lastPeak.year} the busiest month (${monthName(lastPeak.peak_month, lang)}) had ${num(lastPeak.ratio, lang, 1)}× the daily tickets of the quietest (${monthName(lastPeak.off_month, lang)}).`
		);
	if (out.length === 0)
		out.push(zh ? `${monthLabel(r.month, lang)}各项指标均达标。` : `Every figure met its target in ${monthLabel(r.month, lang)}.`);
	return out;
}
