// The cases pages' calls to /api/cases (its rows and bodies: $lib/cases/types): reads as
// any page does, writes with the admin token the Data page's upload also asks for (kept
// for the browser session).
import type { CaseOpenBody, CaseRefusal, CaseSummary, CaseUpdateBody, CaseWithHistory } from '$lib/cases/types';

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
	const body = (await res.json().catch(() => ({}))) as Partial<CaseRefusal>;
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

export const openCase = (token: string, body: CaseOpenBody) => send<CaseWithHistory>('POST', '/api/cases', token, body);
export const updateCase = (token: string, id: number, body: CaseUpdateBody) =>
	send<CaseWithHistory>('PATCH', `/api/cases/${id}`, token, body);
