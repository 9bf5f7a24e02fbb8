// The one dictionary: both languages for every entry, one interpolation rule,
// data words from the vocabulary, settings-shaped labels, reject rules as the
// ingest writes them, and findings and the Markdown report in the reader's language.
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../src/lib/contract';
import { ENTRIES, LANGS, interpolate, locale, rejectRule, term, translate } from '../../src/lib/i18n';
import { findings, type ReportLike } from '../../src/lib/report/findings';
import { reportMarkdown } from '../../src/lib/report/markdown';
import { columnChecks } from '../../src/lib/server/ingest/validate.sql';

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the dictionary', () => {
	const entries = Object.entries(ENTRIES).flatMap(([ns, names]) => Object.entries(names).map(([name, e]) => [`${ns}.${name}`, e] as const));

	it('holds every page, the vocabulary, the findings and the command line', () => {
		expect(Object.keys(ENTRIES).sort()).toEqual(
			[
				'cases',
				'cli',
				'common',
				'component',
				'customers',
				'data',
				'faults',
				'findings',
				'kpi',
				'overview',
				'period',
				'reason',
				'reject',
				'responsibility',
				'review',
				'rework',
				'seasonal',
				'team_type',
				'tenure',
				'ticket_type',
				'upload'
			].sort()
		);
		expect(entries.length).toBeGreaterThan(300);
	});

	it('has a non-empty text in both languages for every key', () => {
		for (const [key, e] of entries)
			for (const lang of LANGS) {
				expect(typeof e[lang], `${key} ${lang}`).toBe('string');
				expect(e[lang].trim().length, `${key} ${lang}`).toBeGreaterThan(0);
			}
		// and only those two: a typo ('zn') would leave Chinese readers without the text
		for (const [key, e] of entries) expect(Object.keys(e).sort(), key).toEqual(['en', 'zh']);
	});

	it('has the same placeholders in both languages', () => {
		for (const [key, e] of entries) expect(placeholders(e.zh), key).toEqual(placeholders(e.en));
	});

	// the language switch names the other language (中文); the date rule shows a date format the files use (2026年7月1日)
	const QUOTES_CHINESE = new Set(['common.language', 'reject.date']);
	it('writes no Chinese in the English texts, but where it quotes Chinese on purpose', () => {
		for (const [key, e] of entries) if (!QUOTES_CHINESE.has(key)) expect(CJK.test(e.en), `${key}: ${e.en}`).toBe(false);
		expect(translate('en', 'common.language')).toBe('中文');
	});
});

describe('t and the interpolation rule', () => {
	it('fills {name} with the value, leaves an unknown placeholder as written', () => {
		expect(translate('en', 'customers.below_target_months', { n: 3, m: 12, target: '10%' })).toBe('3 of 12 months below the 10% target.');
		expect(translate('zh', 'customers.below_target_months', { n: 3, m: 12, target: '10%' })).toBe('12 个月中有 3 个月低于 10% 的目标。');
		expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
		expect(interpolate('{a}{a}', { a: '$&' })).toBe('$&$&');
	});
});

describe('data words', () => {
	it('names components, reasons and team types in English and leaves unknown words as the data wrote them', () => {
		expect(term('en', 'component', '电容')).toBe('Capacitor');
		expect(term('zh', 'component', '电容')).toBe('电容');
		expect(term('en', 'component', '新部件')).toBe('新部件');
		expect(term('en', 'reason', '漏氟')).toBe('Refrigerant leak');
		expect(term('zh', 'team_type', 'outsourced')).toBe('外协');
		expect(term('en', 'responsibility', 'installer')).toBe('Installer');
		expect(term('en', 'team_type', null)).toBe('(none)');
		expect(term('zh', 'ticket_type', 'maintenance')).toBe('保养');
	});

	it('takes the tenure bands from the settings', () => {
		const s = { tenure_days: { new_below: 60, developing_below: 730 } };
		expect(term('en', 'tenure', 'new', s)).toBe('New (< 60 days)');
		expect(term('en', 'tenure', 'developing', s)).toBe('Developing (60–729 days)');
		expect(term('en', 'tenure', 'experienced', s)).toBe('Experienced (≥ 2 years)');
		expect(term('zh', 'tenure', 'new', s)).toBe('新人（<60天）');
		const d = { tenure_days: { new_below: 90, developing_below: 365 } };
		expect(term('en', 'tenure', 'experienced', d)).toBe('Experienced (≥ 1 year)');
		expect(term('zh', 'tenure', 'developing', d)).toBe('成长期（90–364天）');
		expect(term('en', 'tenure', 'experienced', { tenure_days: { new_below: 30, developing_below: 200 } })).toBe('Experienced (≥ 200 days)');
	});

	it('says every rule the ingest checks in Chinese', () => {
		const rules = new Set<string>();
		for (const table of Object.values(TABLES)) for (const c of table.columns) for (const k of columnChecks(c, 'r', 'p')) rules.add(k.rule);
		expect(rules.size).toBeGreaterThan(5);
		for (const rule of rules) {
			const zh = rejectRule('zh', rule);
			expect(CJK.test(zh), `${rule} → ${zh}`).toBe(true);
			expect(zh).not.toMatch(/not a|must be|missing|future/);
			expect(rejectRule('en', rule)).toBe(rule);
		}
		expect(rejectRule('zh', 'must be ≥ 0')).toBe('必须 ≥ 0');
		expect(rejectRule('zh', 'duplicate id in this file (first on line 12)')).toBe('文件内编号重复（首次出现在第 12 行）');
		expect(rejectRule('zh', 'no ticket with this id in the warehouse')).toBe('数据仓库中没有此编号的工单');
		expect(rejectRule('zh', 'something new')).toBe('something new');
	});
});

const report: ReportLike = {
	month: '2026-10',
	kpis: {
		rework_rate: {
			numerator: 12,
			denominator: 200,
			value: 0.06,
			target: { max: 0.05 },
			meets_target: false,
			previous: 0.04,
			same_month_last_year: null
		},
		repeat_customer_share: {
			numerator: 5,
			denominator: 50,
			value: 0.1,
			target: { min: 0.1 },
			meets_target: true,
			previous: null,
			same_month_last_year: null
		},
		repeat_visit_rate: { numerator: 0, denominator: 0, value: null, meets_target: null, previous: null, same_month_last_year: null },
		on_time_rate: {
			numerator: 90,
			denominator: 100,
			value: 0.9,
			target: { min: 0.9 },
			meets_target: true,
			previous: null,
			same_month_last_year: null
		},
		satisfaction_rate: {
			numerator: 9,
			denominator: 10,
			value: 0.9,
			target: { min: 0.85 },
			meets_target: true,
			previous: null,
			same_month_last_year: null
		},
		complaint_rate: {
			numerator: 1,
			denominator: 100,
			value: 0.01,
			target: { max: 0.03 },
			meets_target: true,
			previous: null,
			same_month_last_year: null
		}
	},
	rework_by_team_type: [
		{
			group: 'internal',
			numerator: 10,
			denominator: 100,
			value: 0.1,
			ci_low: 0.05,
			ci_high: 0.17,
			ucl: 0.09,
			above_control_limit: true,
			verdict: 'above',
			limit_low: null,
			limit_high: null
		}
	],
	rework_by_tenure: [
		{
			group: 'new',
			numerator: 9,
			denominator: 10,
			value: 0.9,
			ci_low: 0.6,
			ci_high: 0.98,
			ucl: 0.3,
			above_control_limit: true,
			verdict: 'above',
			limit_low: null,
			limit_high: null
		}
	],
	fault_pareto: [
		{ fault_component: '电容', count: 30, share: 0.5, cumulative_share: 0.5 },
		{ fault_component: '压缩机', count: 20, share: 0.33, cumulative_share: 0.83 }
	],
	emerging_issues: [
		{ product_model: 'KFR-35GW/BpR3', fault_component: '电容', month: '2026-10', count: 14, baseline: 3.2, p_value: 0.00001, history: [] }
	],
	peak_to_off_detail: [{ year: 2025, ratio: 2.54, peak_month: 7, peak_per_day: 100, off_month: 3, off_per_day: 39.4 }],
	new_installer_rework_crisis: 0.8
};
const settings = { tenure_days: { new_below: 60, developing_below: 365 } };

describe('findings and the Markdown report', () => {
	it('name components in English, take the tenure band from the settings, and write each sentence in the reader language', () => {
		const en = findings(report, locale('en', settings));
		expect(en).toEqual([
			'Emerging issue: KFR-35GW/BpR3 Capacitor failures — 14 cases this month against a baseline of 3.2 (p < 0.0001); feed back to the factory.',
			'Rework rate 6.0% (12/200) misses its target < 5%, last month 4.0%.',
			'Crisis: 90.0% (9/10) of jobs by new technicians (< 60 days) needed rework, above the 80% crisis line.',
			'In-house: rework 10.0% (10/100) lies above the 3-sigma control limit — a real difference, not noise.',
			'New (< 60 days): rework 90.0% (9/10) lies above the 3-sigma control limit — a real difference, not noise.',
			'Top repair faults: Capacitor (30), Compressor (20), together 83.0% of repairs.',
			'In 2025 the busiest month (July) had 2.5× the daily tickets of the quietest (March).'
		]);
		const zh = findings(report, locale('zh', settings));
		expect(zh[0]).toBe('新发质量问题：KFR-35GW/BpR3 的「电容」故障本月 14 例，基线约 3.2 例（p < 0.0001），请反馈工厂。');
		expect(zh[2]).toBe('危机：新师傅（入职不足60天）的工单返工率达 90.0%（9/10），超过 80% 警戒线。');
		expect(zh[5]).toBe('维修故障前三位：电容（30）、压缩机（20），合计占 83.0%。');
	});

	it('write an English Markdown report without Chinese', () => {
		const md = reportMarkdown(report, locale('en', settings));
		expect(md.startsWith('# Monthly service review — October 2026\n')).toBe(true);
		expect(md).toContain('| Capacitor | 30 | 50.0% |');
		expect(md).toContain('| KFR-35GW/BpR3 | Capacitor | 14 | 3.2 | < 0.0001 |');
		expect(CJK.test(md)).toBe(false);
		const zh = reportMarkdown(report, locale('zh', settings));
		expect(zh).toContain('# 月度服务质量例会 — 2026年10月');
		expect(zh).toContain('| 电容 | 30 | 50.0% |');
	});

	it('say so when every figure met its target', () => {
		const calm: ReportLike = {
			...report,
			kpis: { ...report.kpis, rework_rate: { ...report.kpis.rework_rate, value: 0.01, meets_target: true } },
			rework_by_team_type: [],
			rework_by_tenure: [],
			fault_pareto: [],
			emerging_issues: [],
			peak_to_off_detail: []
		};
		expect(findings(calm, locale('en'))).toEqual(['Every figure met its target in October 2026.']);
		expect(findings(calm, locale('zh'))).toEqual(['2026年10月各项指标均达标。']);
	});
});
