// A case's words in the reader's language, the same on the case page and in the
// one-page Markdown for the factory: its status, a history line, a field's name.
import { lookup, translate, type Key, type Lang } from '../i18n';
import type { CaseEvent, CaseOutcome, CaseStatus } from './types';

/** The label of a case field a history line names. */
export const FIELD_LABELS: Record<string, Key> = {
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

/** 'countermeasure' or, once closed, 'closed (effective)' */
export function statusText(lang: Lang, status: CaseStatus, outcome: CaseOutcome | null | undefined): string {
	const s = translate(lang, `cases.status_${status}`);
	return outcome ? `${s} (${translate(lang, `cases.outcome_${outcome}`)})` : s;
}

/** What a history line did: 'open → sent to factory', 'edited: cut-in date, change', 'note'… */
export function eventText(h: Pick<CaseEvent, 'what' | 'detail'>, lang: Lang): string {
	const d = h.detail as { from?: CaseStatus; to?: CaseStatus; outcome?: CaseOutcome } | null;
	if (h.what === 'status' && d?.from && d.to) return `${translate(lang, `cases.status_${d.from}`)} → ${statusText(lang, d.to, d.outcome)}`;
	if (h.what === 'edited' && h.detail)
		return `${translate(lang, 'cases.event_edited')}: ${Object.keys(h.detail)
			.map((k) => (FIELD_LABELS[k] ? translate(lang, FIELD_LABELS[k]) : k))
			.join(', ')}`;
	return lookup(lang, 'cases', `event_${h.what}`) ?? h.what;
}

/** A stored time (2026-12-01T16:35:07Z) as the case shows it: '2026-12-01 16:35' (UTC). */
export const stamp = (iso: string): string => iso.slice(0, 16).replace('T', ' ');
