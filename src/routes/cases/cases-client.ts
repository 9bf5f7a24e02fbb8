// The cases pages' calls to /api/cases: reads as any page does, writes with the
// admin token the Data page's upload also asks for (kept for the browser session).
import type { Key } from '$lib/i18n';
import type { CaseSummary } from '$lib/server/cases/service';
import type { CaseStatus, CaseWithHistory } from '$lib/server/cases/types';

/** The workflow in order (src/lib/server/cases/types.ts holds the same list; a server module cannot be imported here). */
export const CASE_STATUSES = [
	'open',
	'sent_to_factory',
	'cause_found',
	'countermeasure',
	'verifying',
	'closed'
] as const satisfies readonly CaseStatus[];

export const TOKEN_KEY = 'fl_admin';

export function savedToken(): string {
	return typeof sessionStorage === 'undefined' ? '' : (sessionStorage.getItem(TOKEN_KEY) ?? '');
}

export function saveToken(token: string): void {
	sessionStorage.setItem(TOKEN_KEY, token);
}

export class CasesError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly current: CaseWithHistory | null = null
	) {
		super(message);
	}
}

async function answer<T>(res: Response): Promise<T> {
	const body = (await res.json().catch(() => ({}))) as { error?: string; current?: CaseWithHistory };
	if (!res.ok) throw new CasesError(res.status, body.error ?? `${res.status}`, body.current ?? null);
	return body as T;
}

export const listCases = (): Promise<CaseSummary[]> => fetch('/api/cases').then((r) => answer<CaseSummary[]>(r));
export const getCase = (id: number): Promise<CaseWithHistory> => fetch(`/api/cases/${id}`).then((r) => answer<CaseWithHistory>(r));

function send<T>(method: string, path: string, token: string, body: unknown): Promise<T> {
	return fetch(path, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify(body)
	}).then((r) => answer<T>(r));
}

export const openCase = (token: string, body: Record<string, unknown>) => send<CaseWithHistory>('POST', '/api/cases', token, body);
export const updateCase = (token: string, id: number, body: Record<string, unknown>) =>
	send<CaseWithHistory>('PATCH', `/api/cases/${id}`, token, body);

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
