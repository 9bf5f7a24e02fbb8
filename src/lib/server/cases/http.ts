// What the cases' HTTP endpoints share: who may change cases (ADMIN_TOKEN, as
// for uploads), who made a change, and the answers for refusals.
import { BusyError } from '../store';
import { tokenMatches } from '../upload';
import { CaseError } from './repo';

/** null when the request may change cases; else the refusal. */
export function editRefusal(request: Request): Response | null {
	const token = process.env.ADMIN_TOKEN;
	if (!token) return Response.json({ error: 'changing cases is off: start the server with ADMIN_TOKEN set to allow it' }, { status: 403 });
	const given = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
	if (!tokenMatches(given, token)) return Response.json({ error: 'the admin token is missing or wrong' }, { status: 401 });
	return null;
}

/** The name the history records: the body's `who`, else the token's name. */
export function whoFrom(body: Record<string, unknown>): string {
	const w = typeof body.who === 'string' ? body.who.trim().slice(0, 80) : '';
	return w || 'admin';
}

export async function jsonBody(request: Request): Promise<Record<string, unknown> | Response> {
	try {
		const b = await request.json();
		if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new Error();
		return b as Record<string, unknown>;
	} catch {
		return Response.json({ error: 'the body must be a JSON object' }, { status: 400 });
	}
}

export function caseId(param: string): number | Response {
	const id = Number(param);
	return Number.isInteger(id) && id > 0 && /^\d+$/.test(param) ? id : Response.json({ error: 'no such case' }, { status: 404 });
}

export function failure(err: unknown): Response {
	if (err instanceof CaseError) return Response.json({ error: err.message, current: err.current }, { status: err.status });
	if (err instanceof BusyError) return Response.json({ error: err.message }, { status: 503, headers: { 'retry-after': '5' } });
	console.error('cases:', err);
	return Response.json({ error: 'the request failed; see the server log' }, { status: 500 });
}
