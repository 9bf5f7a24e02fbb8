// A case for the factory: one page of Markdown (the same facts as the case page),
// and every case as CSV.
import { locale, type Key, type Lang } from '../../i18n';
import type { CaseSummary } from './service';
import type { CaseWithHistory } from './types';

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
		`| ${t('cases.col_status')} | ${t(`cases.status_${c.status}`)}${c.outcome ? ` (${t(`cases.outcome_${c.outcome}`)})` : ''} |`,
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

function eventText(h: CaseWithHistory['history'][number], lang: Lang): string {
	const t = locale(lang).t;
	const d = h.detail as { from?: string; to?: string; outcome?: string } | null;
	if (h.what === 'status' && d?.to)
		return `${t(`cases.status_${d.from}` as never)} → ${t(`cases.status_${d.to}` as never)}${d.outcome ? ` (${t(`cases.outcome_${d.outcome}` as never)})` : ''}`;
	if (h.what === 'edited' && h.detail)
		return `${t('cases.event_edited')}: ${Object.keys(h.detail)
			.map((k) => (FIELD_LABELS[k] ? t(FIELD_LABELS[k]) : k))
			.join(', ')}`;
	return t(`cases.event_${h.what}` as never);
}

/** The label of a case field a history line names. */
const FIELD_LABELS: Record<string, Key> = {
	product_model: 'cases.field_model',
	fault_component: 'cases.field_component',
	fault_code: 'cases.field_code',
	region: 'cases.field_region',
	production_from: 'cases.field_production_from',
	production_to: 'cases.field_production_to',
	batches: 'cases.field_batches',
	title: 'cases.field_title',
	owner: 'cases.field_owner',
	owner_kind: 'cases.field_owner_kind',
	change_description: 'cases.field_change',
	cut_in_date: 'cases.field_cut_in',
	cut_in_batch: 'cases.field_cut_in_batch'
};

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
