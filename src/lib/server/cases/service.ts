// What the command line, the HTTP API and the after-ingest check ask of cases:
// each a function of the warehouse, run through src/lib/server/commands.ts
// (writes in the server's one write queue).
import type { Warehouse } from '../warehouse';
import { gatherEvidence } from './evidence';
import { CaseError, changeCase, getCase, insertCase, listCases, saveEvidence, saveVerdict, type UpdateInput } from './repo';
import type { CaseSummary, CaseWithHistory, QualityCase, Verification } from '../../cases/types';

export type { CaseSummary };
import { verifyCase } from './verify';

export function summarise(c: QualityCase, now = Date.now()): CaseSummary {
	const end = c.closed_at ? Date.parse(c.closed_at) : now;
	return {
		id: c.id,
		version: c.version,
		title: c.title,
		status: c.status,
		outcome: c.outcome,
		product_model: c.product_model,
		fault_component: c.fault_component,
		fault_code: c.fault_code,
		region: c.region,
		owner: c.owner,
		owner_kind: c.owner_kind,
		opened_at: c.opened_at,
		updated_at: c.updated_at,
		closed_at: c.closed_at,
		age_days: Math.max(0, Math.floor((end - Date.parse(c.opened_at)) / 86_400_000)),
		verdict: c.verdict?.verdict ?? null,
		cut_in: c.cut_in_batch ?? c.cut_in_date,
		reopened: c.reopened,
		linked_case_id: c.linked_case_id
	};
}

export async function casesList(wh: Warehouse): Promise<CaseSummary[]> {
	const now = Date.now();
	return (await listCases(wh)).map((c) => summarise(c, now));
}

export function casesShow(wh: Warehouse, id: number): Promise<CaseWithHistory> {
	return getCase(wh, id);
}

/** Gathers the case's evidence and, with a cut-in, its verdict, and keeps both with the case. */
export async function refreshCase(wh: Warehouse, id: number): Promise<void> {
	const c = await getCase(wh, id);
	await saveEvidence(wh, id, await gatherEvidence(wh, c));
	if (c.cut_in_date || c.cut_in_batch) await saveVerdict(wh, id, await verifyCase(wh, c));
	else if (c.verdict) await saveVerdict(wh, id, null);
}

export async function casesOpen(
	wh: Warehouse,
	a: { fields: Record<string, unknown>; who: string; note?: string | null }
): Promise<CaseWithHistory> {
	const id = await wh.transaction(() => insertCase(wh, a.fields, a.who, a.note ?? null));
	await refreshCase(wh, id);
	return getCase(wh, id);
}

export type UpdateOutcome =
	{ ok: true; case: CaseWithHistory } | { ok: false; status: 400 | 404 | 409; error: string; current: CaseWithHistory | null };

/** Changes a case; a refusal (stale version, bad input, no such case) is an answer, not an exception. */
export async function casesUpdate(wh: Warehouse, a: { id: number; input: UpdateInput; who: string }): Promise<UpdateOutcome> {
	try {
		await wh.transaction(() => changeCase(wh, a.id, a.input, a.who));
	} catch (err) {
		if (err instanceof CaseError) return { ok: false, status: err.status, error: err.message, current: err.current };
		throw err;
	}
	await refreshCase(wh, a.id);
	return { ok: true, case: await getCase(wh, a.id) };
}

/** Verifies the fix now (kept with the case) and answers the figures. */
export async function casesVerify(wh: Warehouse, a: { id: number }): Promise<Verification> {
	const c = await getCase(wh, a.id);
	const v = await verifyCase(wh, c);
	await saveVerdict(wh, a.id, v);
	return v;
}
