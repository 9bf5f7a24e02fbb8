// Cases and their append-only history in the warehouse: read, open, change
// (with a version check), and the evidence and verdict kept with each case.
// Call the writers inside the server's write queue (src/lib/server/commands.ts).
import type { Warehouse } from '../warehouse';
import {
	CASE_OUTCOMES,
	CASE_STATUSES,
	OWNER_KINDS,
	type CaseEvent,
	type CaseEvidence,
	type CaseFields,
	type CaseOutcome,
	type CaseStatus,
	type CaseWithHistory,
	type QualityCase,
	type Verification
} from '../../cases/types';

/** A change refused: 400 (bad input), 404 (no such case) or 409 (edited meanwhile: `current` is the case as it is now). */
export class CaseError extends Error {
	constructor(
		readonly status: 400 | 404 | 409,
		message: string,
		readonly current: CaseWithHistory | null = null
	) {
		super(message);
	}
}

/** A row of the cases table: the case with its lists and figures as JSON text. */
type CaseRow = Omit<QualityCase, 'id' | 'batches' | 'evidence' | 'verdict'> & {
	case_id: number;
	batches: string | null;
	evidence: string | null;
	verdict: string | null;
};

function fromRow(r: CaseRow): QualityCase {
	const { case_id, batches, evidence, verdict, ...rest } = r;
	return {
		...rest,
		id: case_id,
		batches: batches ? (JSON.parse(batches) as string[]) : [],
		evidence: evidence ? (JSON.parse(evidence) as CaseEvidence) : null,
		verdict: verdict ? (JSON.parse(verdict) as Verification) : null
	};
}

const SELECT_CASE = `SELECT case_id, version, status, outcome, product_model, fault_component, fault_code, region,
	CAST(production_from AS VARCHAR) AS production_from, CAST(production_to AS VARCHAR) AS production_to, batches,
	title, owner, owner_kind, change_description, CAST(cut_in_date AS VARCHAR) AS cut_in_date, cut_in_batch,
	strftime(opened_at, '%Y-%m-%dT%H:%M:%SZ') AS opened_at, strftime(updated_at, '%Y-%m-%dT%H:%M:%SZ') AS updated_at,
	strftime(closed_at, '%Y-%m-%dT%H:%M:%SZ') AS closed_at, linked_case_id, reopened, evidence,
	strftime(evidence_at, '%Y-%m-%dT%H:%M:%SZ') AS evidence_at, verdict FROM cases`;

/** Whether the warehouse has the cases tables (a read-only open of a warehouse made before them has not). */
async function hasCases(wh: Warehouse): Promise<boolean> {
	const r = await wh.one<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'cases'`);
	return r.n > 0;
}

export async function listCases(wh: Warehouse): Promise<QualityCase[]> {
	if (!(await hasCases(wh))) return [];
	return (await wh.all<CaseRow>(`${SELECT_CASE} ORDER BY case_id`)).map(fromRow);
}

export async function caseHistory(wh: Warehouse, id: number): Promise<CaseEvent[]> {
	const rows = await wh.all<{ seq: number; at: string; who: string; what: string; note: string | null; detail: string | null }>(
		`SELECT seq, strftime(happened_at, '%Y-%m-%dT%H:%M:%SZ') AS "at", who, what, note, detail FROM case_events WHERE case_id = $id ORDER BY seq`,
		{ id }
	);
	return rows.map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null }));
}

export async function getCase(wh: Warehouse, id: number): Promise<CaseWithHistory> {
	const rows = (await hasCases(wh)) ? await wh.all<CaseRow>(`${SELECT_CASE} WHERE case_id = $id`, { id }) : [];
	if (!rows.length) throw new CaseError(404, `there is no case ${id}`);
	return { ...fromRow(rows[0]), history: await caseHistory(wh, id) };
}

/** Appends one line to a case's history (the only way anything is written to case_events). */
export async function appendEvent(
	wh: Warehouse,
	id: number,
	e: { who: string; what: string; note?: string | null; detail?: Record<string, unknown> | null }
): Promise<void> {
	await wh.run(
		`INSERT INTO case_events SELECT $id, coalesce(max(seq), 0) + 1, CAST($now AS TIMESTAMP), $who, $what, $note, $detail FROM case_events WHERE case_id = $id`,
		{ id, now: nowUtc(), who: e.who, what: e.what, note: e.note ?? null, detail: e.detail ? JSON.stringify(e.detail) : null }
	);
}

/** The time now, UTC, as DuckDB reads a TIMESTAMP (the server's time zone does not matter). */
export function nowUtc(): string {
	return new Date().toISOString().replace('T', ' ').replace('Z', '');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(v: string | null, name: string): string | null {
	if (v === null || v === '') return null;
	if (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || v < '1900-01-01' || v > '2200-12-31')
		throw new CaseError(400, `${name} must be a date YYYY-MM-DD, got ${JSON.stringify(v).slice(0, 40)}`);
	return v;
}

function text(v: unknown, name: string, max = 2000): string | null {
	if (v === undefined || v === null) return null;
	if (typeof v !== 'string') throw new CaseError(400, `${name} must be text`);
	const t = v.trim();
	if (t.length > max) throw new CaseError(400, `${name} is longer than ${max} characters`);
	return t === '' ? null : t;
}

/** The columns of a case's fields, as CaseFields names them. */
const FIELD_COLUMNS: (keyof CaseFields)[] = [
	'product_model',
	'fault_component',
	'fault_code',
	'region',
	'production_from',
	'production_to',
	'batches',
	'title',
	'owner',
	'owner_kind',
	'change_description',
	'cut_in_date',
	'cut_in_batch'
];

const DATE_FIELDS = ['production_from', 'production_to', 'cut_in_date'] as const;

/** The fields a caller may set, checked; only the keys present in `input` are returned. */
export function checkFields(input: Record<string, unknown>): Partial<CaseFields> {
	const out: Partial<CaseFields> = {};
	const has = (k: string) => Object.hasOwn(input, k) && input[k] !== undefined;
	for (const k of [
		'product_model',
		'fault_component',
		'fault_code',
		'region',
		'title',
		'owner',
		'change_description',
		'cut_in_batch'
	] as const)
		if (has(k)) out[k] = text(input[k], k, k === 'change_description' ? 4000 : 200) as never;
	for (const k of DATE_FIELDS) if (has(k)) out[k] = checkDate(text(input[k], k), k);
	if (has('owner_kind')) {
		const v = text(input.owner_kind, 'owner_kind');
		if (v !== null && !(OWNER_KINDS as readonly string[]).includes(v))
			throw new CaseError(400, `owner_kind must be one of ${OWNER_KINDS.join(', ')}`);
		out.owner_kind = v as CaseFields['owner_kind'];
	}
	if (has('batches')) {
		const b = input.batches;
		const list = typeof b === 'string' ? b.split(',') : b;
		if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) throw new CaseError(400, 'batches must be a list of batch codes');
		out.batches = (list as string[])
			.map((x) => x.trim())
			.filter(Boolean)
			.slice(0, 200);
	}
	return out;
}

/** A field's value in the SQL: its parameter, cast when a date. */
const fieldSql = (k: keyof CaseFields) => ((DATE_FIELDS as readonly string[]).includes(k) ? `CAST($${k} AS DATE)` : `$${k}`);

/** The fields as the SQL's parameters: an absent one NULL, the batches as JSON. */
function fieldParams(f: Partial<CaseFields>): Record<keyof CaseFields, string | null> {
	const value = (k: keyof CaseFields) =>
		k === 'batches' ? JSON.stringify(f.batches ?? []) : ((f[k] as string | null | undefined) ?? null);
	return Object.fromEntries(FIELD_COLUMNS.map((k) => [k, value(k)])) as Record<keyof CaseFields, string | null>;
}

export interface OpenInput extends Partial<CaseFields> {
	product_model: string;
	fault_component: string;
}

/** Opens a case (status open, version 1) and records who opened it. */
export async function insertCase(
	wh: Warehouse,
	input: Record<string, unknown>,
	who: string,
	note: string | null = null,
	linked: number | null = null
): Promise<number> {
	const f = checkFields(input);
	if (!f.product_model || !f.fault_component) throw new CaseError(400, 'a case needs a model and a component');
	const { id } = await wh.one<{ id: number }>(`SELECT coalesce(max(case_id), 0) + 1 AS id FROM cases`);
	const title = f.title ?? `${f.product_model} · ${f.fault_component}${f.fault_code ? ` · ${f.fault_code}` : ''}`;
	await wh.run(
		`INSERT INTO cases (case_id, version, status, outcome, ${FIELD_COLUMNS.join(', ')}, opened_at, updated_at, linked_case_id, reopened)
		 VALUES ($id, 1, 'open', NULL, ${FIELD_COLUMNS.map(fieldSql).join(', ')}, CAST($now AS TIMESTAMP), CAST($now AS TIMESTAMP), $linked, 0)`,
		{ ...fieldParams({ ...f, title }), id, now: nowUtc(), linked }
	);
	await appendEvent(wh, id, { who, what: 'opened', note, detail: linked ? { linked_case_id: linked } : null });
	return id;
}

export interface UpdateInput {
	status?: string;
	outcome?: string;
	note?: string;
	/** the version the caller read; a different current version is a 409 */
	version?: number;
	[field: string]: unknown;
}

/**
 * Changes a case: its fields, its status (open → sent_to_factory → cause_found
 * → countermeasure → verifying → closed, or back), a note. Countermeasure and
 * verifying need a cut-in; closing needs the outcome (given, or the verdict's
 * when it is effective / not_effective). One history line per kind of change.
 */
export async function changeCase(wh: Warehouse, id: number, input: UpdateInput, who: string): Promise<void> {
	const current = await getCase(wh, id);
	if (input.version !== undefined && input.version !== current.version)
		throw new CaseError(
			409,
			`case ${id} was changed meanwhile (version ${current.version}, you had ${input.version}): reload it and try again`,
			current
		);
	const fields = checkFields(input);
	const changed: Record<string, [unknown, unknown]> = {};
	for (const k of FIELD_COLUMNS)
		if (k in fields && JSON.stringify(fields[k] ?? null) !== JSON.stringify(current[k] ?? null)) changed[k] = [current[k], fields[k]];
	if ('product_model' in changed && !fields.product_model) throw new CaseError(400, 'a case needs a model');
	if ('fault_component' in changed && !fields.fault_component) throw new CaseError(400, 'a case needs a component');
	const next = { ...current, ...fields };

	let status = current.status;
	if (input.status !== undefined) {
		if (!(CASE_STATUSES as readonly string[]).includes(input.status))
			throw new CaseError(400, `status must be one of ${CASE_STATUSES.join(', ')}, got ${JSON.stringify(input.status).slice(0, 40)}`);
		status = input.status as CaseStatus;
	}
	if ((status === 'countermeasure' || status === 'verifying') && status !== current.status && !next.cut_in_date && !next.cut_in_batch)
		throw new CaseError(400, `${status} needs the cut-in: the production date or batch from which units carry the fix`);
	let outcome: CaseOutcome | null = status === 'closed' ? current.outcome : null;
	if (input.outcome !== undefined && input.outcome !== null) {
		if (!(CASE_OUTCOMES as readonly string[]).includes(String(input.outcome)))
			throw new CaseError(400, `outcome must be ${CASE_OUTCOMES.join(' or ')}`);
		if (status !== 'closed') throw new CaseError(400, 'an outcome is given when closing the case');
		outcome = input.outcome as CaseOutcome;
	}
	if (status === 'closed' && current.status !== 'closed' && !outcome) {
		const v = current.verdict?.verdict;
		if (v === 'effective' || v === 'not_effective') outcome = v;
		else throw new CaseError(400, 'closing needs the outcome (effective or not_effective): the verification cannot tell yet');
	}
	const note = text(input.note, 'note', 4000);
	const statusChanged = status !== current.status || outcome !== current.outcome;
	if (!statusChanged && !Object.keys(changed).length && !note) return;

	const closedAt = status === 'closed' ? (current.status === 'closed' ? 'closed_at' : 'CAST($now AS TIMESTAMP)') : 'NULL';
	await wh.run(
		`UPDATE cases SET version = version + 1, status = $status, outcome = $outcome, ${FIELD_COLUMNS.map((k) => `${k} = ${fieldSql(k)}`).join(', ')},
		   updated_at = CAST($now AS TIMESTAMP), closed_at = ${closedAt}
		 WHERE case_id = $id AND version = $version`,
		{ ...fieldParams({ ...next, title: next.title || current.title }), id, now: nowUtc(), version: current.version, status, outcome }
	);
	if (statusChanged)
		await appendEvent(wh, id, { who, what: 'status', note, detail: { from: current.status, to: status, ...(outcome ? { outcome } : {}) } });
	if (Object.keys(changed).length) await appendEvent(wh, id, { who, what: 'edited', note: statusChanged ? null : note, detail: changed });
	if (!statusChanged && !Object.keys(changed).length) await appendEvent(wh, id, { who, what: 'note', note });
}

/** Keeps the evidence current (not a change of the case: no new version). */
export async function saveEvidence(wh: Warehouse, id: number, evidence: CaseEvidence): Promise<void> {
	await wh.run(`UPDATE cases SET evidence = $e, evidence_at = CAST($now AS TIMESTAMP) WHERE case_id = $id`, {
		id,
		now: nowUtc(),
		e: JSON.stringify(evidence)
	});
}

export async function saveVerdict(wh: Warehouse, id: number, v: Verification | null): Promise<void> {
	await wh.run(`UPDATE cases SET verdict = $v WHERE case_id = $id`, { id, v: v ? JSON.stringify(v) : null });
}

/** A closed case whose pair alarmed again: back to open, version + 1, and the history says why. */
export async function reopenCase(wh: Warehouse, id: number, note: string, detail: Record<string, unknown>): Promise<void> {
	const c = await getCase(wh, id);
	await wh.run(
		`UPDATE cases SET version = version + 1, status = 'open', outcome = NULL, closed_at = NULL, reopened = reopened + 1, updated_at = CAST($now AS TIMESTAMP) WHERE case_id = $id`,
		{ id, now: nowUtc() }
	);
	await appendEvent(wh, id, { who: 'fieldloop', what: 'reopened', note, detail: { from: c.status, outcome: c.outcome, ...detail } });
}
