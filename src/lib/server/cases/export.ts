// A case for the factory: one page of Markdown (the same facts as the case page),
// and every case as CSV.
import { eventText, statusText } from '../../cases/labels';
import { locale, type Lang } from '../../i18n';
import type { CaseSummary, CaseWithHistory } from '../../cases/types';

const cell = (v: unknown) =>
	String(v ?? '—')
		.replace(/\|/g, '\\|')
		.replace(/\n/g, ' ');

export function caseMarkdown(c: CaseWithHistory, lang: Lang): string {
	const L = locale(lang);
	const t = L.t;
	const out: string[] = [];
	out.push(`# ${t('cases.case', { id: c.id })}: ${c.title}`, '');
	out.push(
		`| | |`,
		`|---|---|`,
		`| ${t('cases.col_status')} | ${statusText(lang, c.status, c.outcome)} |`,
		`| ${t('cases.field_model')} | ${cell(c.product_model)} |`,
		`| ${t('cases.field_component')} | ${cell(c.fault_component)} |`,
		`| ${t('cases.field_code')} | ${cell(c.fault_code)} |`,
		`| ${t('cases.field_region')} | ${cell(c.region)} |`,
		`| ${t('cases.field_production')} | ${cell(c.production_from)} – ${cell(c.production_to)} |`,
		`| ${t('cases.field_batches')} | ${cell(c.batches.join(', ') || null)} |`,
		`| ${t('cases.field_owner')} | ${cell(c.owner)}${c.owner_kind ? ` (${t(`cases.owner_${c.owner_kind}`)})` : ''} |`,
		`| ${t('cases.field_change')} | ${cell(c.change_description)} |`,
		`| ${t('cases.cut_in')} | ${cell(c.cut_in_batch ?? c.cut_in_date)} |`,
		`| ${t('cases.opened_at')} | ${c.opened_at} |`,
		''
	);
	if (c.reopened) out.push(t('cases.reopened_note', { n: c.reopened }), '');
	const v = c.verdict;
	out.push(`## ${t('cases.verify_title')}`, '');
	if (!v || v.verdict === 'no_cut_in') out.push(t('cases.verify_none'), '');
	else {
		out.push(`**${t(`cases.verdict_${v.verdict}`)}**`, '', t('cases.verify_method', { w: L.num(v.window_months, 1) }), '');
		out.push(
			`| | ${t('cases.rate_before')} | ${t('cases.rate_after')} |`,
			`|---|---:|---:|`,
			`| ${t('cases.units')} | ${v.units_before} | ${v.units_after} |`,
			`| ${t('cases.failures')} | ${v.failures_before} | ${v.failures_after} |`,
			`| ${t('cases.unit_months')} | ${L.num(v.unit_months_before, 0)} | ${L.num(v.unit_months_after, 0)} |`,
			`| ${t('cases.rate_unit')} | ${L.num(v.rate_before, 2)} | ${L.num(v.rate_after, 2)} |`,
			''
		);
		out.push(
			`${t('cases.ratio')}: ${L.num(v.ratio, 2)}; ${t('cases.ci')} ${L.num(v.ci_low, 2)} – ${v.ci_high === null ? '∞' : L.num(v.ci_high, 2)}; ${t('cases.p_value')} ${v.p_value === null ? '—' : L.pValue(v.p_value)}`,
			''
		);
		if (v.unit_months_needed)
			out.push(
				t('cases.needed', {
					after: L.num(v.unit_months_needed.after, 0),
					before: v.unit_months_needed.before ? t('cases.needed_before', { n: L.num(v.unit_months_needed.before, 0) }) : ''
				}),
				''
			);
	}
	const e = c.evidence;
	if (e) {
		out.push(`## ${t('cases.evidence')}`, '', t('cases.repairs_total', { n: e.repairs }), '');
		out.push(
			`### ${t('cases.by_month')}`,
			'',
			`| ${t('cases.month')} | ${t('cases.repairs')} | ${t('cases.installs')} | ${t('cases.per_1000')} |`,
			'|---|---:|---:|---:|'
		);
		for (const m of e.by_month.slice(-12)) out.push(`| ${m.month} | ${m.repairs} | ${m.installs} | ${L.num(m.rate_per_1000, 2)} |`);
		out.push('');
		if (e.batches.length)
			out.push(
				`### ${t('cases.batches')}`,
				'',
				e.batches
					.slice(0, 10)
					.map((b) => `${cell(b.batch)} (${b.repairs})`)
					.join(', '),
				''
			);
		if (e.descriptions.length)
			out.push(`### ${t('cases.descriptions')}`, '', ...e.descriptions.map((d) => `- ${cell(d.text)} (${d.count})`), '');
		if (e.parts.length) {
			out.push(
				`### ${t('cases.parts')}`,
				'',
				`| ${t('cases.supplier')} | ${t('cases.part')} | ${t('cases.quantity')} | ${t('cases.warranty_cost')} | ${t('cases.claims')} | ${t('cases.recovered')} |`,
				'|---|---|---:|---:|---:|---:|'
			);
			for (const p of e.parts.slice(0, 10))
				out.push(
					`| ${cell(p.supplier)} | ${cell(p.part_no)} ${cell(p.part_name)} | ${p.quantity} | ${L.num(p.warranty_cost, 0)} | ${p.claims_submitted} / ${p.claims_recovered} | ${L.num(p.recovered_amount, 0)} |`
				);
			out.push('');
		}
		if (e.serials_total)
			out.push(
				`### ${t('cases.serials', { n: e.serials_total })}`,
				'',
				e.serials.slice(0, 30).join(', ') + (e.serials_total > 30 ? ' …' : ''),
				''
			);
	}
	out.push(`## ${t('cases.history')}`, '');
	for (const h of c.history) out.push(`- ${h.at} · ${cell(h.who)} · ${eventText(h, lang)}${h.note ? ` — ${cell(h.note)}` : ''}`);
	return out.join('\n') + '\n';
}

const CSV_COLUMNS: (keyof CaseSummary)[] = [
	'id',
	'title',
	'status',
	'outcome',
	'product_model',
	'fault_component',
	'fault_code',
	'region',
	'owner',
	'owner_kind',
	'opened_at',
	'closed_at',
	'age_days',
	'verdict',
	'cut_in',
	'reopened',
	'version'
];

/** All cases as CSV (UTF-8 with a BOM, so Excel reads the Chinese). */
export function casesCsv(rows: CaseSummary[]): string {
	const q = (v: unknown) => {
		const s = v === null || v === undefined ? '' : String(v);
		// a text starting like a formula is kept as text in a spreadsheet
		const safe = typeof v === 'string' && /^[=+\-@]/.test(s) ? `'${s}` : s;
		return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
	};
	return '\ufeff' + [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((k) => q(r[k])).join(','))].join('\r\n') + '\r\n';
}
