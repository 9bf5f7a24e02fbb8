// What a quality case is (docs/METRICS.md § Quality cases) and what /api/cases
// answers and takes: declared once for the server, the command line and the pages.
export const CASE_STATUSES = ['open', 'sent_to_factory', 'cause_found', 'countermeasure', 'verifying', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_OUTCOMES = ['effective', 'not_effective'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
export const OWNER_KINDS = ['factory', 'supplier'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];
export const VERDICTS = ['effective', 'not_effective', 'insufficient_exposure', 'no_cut_in'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What a case covers and says, as given when opening or changing it. */
export interface CaseFields {
	product_model: string;
	fault_component: string;
	fault_code: string | null;
	region: string | null;
	/** production range (YYYY-MM-DD) or batches the problem is in */
	production_from: string | null;
	production_to: string | null;
	batches: string[];
	title: string;
	owner: string | null;
	owner_kind: OwnerKind | null;
	/** the countermeasure: what changed, and from which production date or batch units carry it */
	change_description: string | null;
	cut_in_date: string | null;
	cut_in_batch: string | null;
}

export interface QualityCase extends CaseFields {
	id: number;
	version: number;
	status: CaseStatus;
	outcome: CaseOutcome | null;
	opened_at: string;
	updated_at: string;
	closed_at: string | null;
	/** the case this one was opened from when an earlier, closed case's pair alarmed again */
	linked_case_id: number | null;
	/** times reopened by a new alarm */
	reopened: number;
	evidence: CaseEvidence | null;
	evidence_at: string | null;
	/** the last verification, kept with the case */
	verdict: Verification | null;
}

export interface CaseEvent {
	seq: number;
	at: string;
	who: string;
	/** 'opened' | 'status' | 'edited' | 'verified' | 'reopened' | 'evidence' */
	what: string;
	note: string | null;
	detail: Record<string, unknown> | null;
}

export interface CaseWithHistory extends QualityCase {
	history: CaseEvent[];
}

export interface MonthRepairs {
	month: string;
	repairs: number;
	/** install tickets of the model up to the month's end (the units known to be in service) */
	installs: number;
	rate_per_1000: number | null;
}

export interface CaseEvidence {
	repairs: number;
	by_month: MonthRepairs[];
	/** repairs by production month × whole months in service (the Nevada rows of the affected production months) */
	nevada: { production_month: string; months_in_service: number; repairs: number }[];
	batches: { batch: string; repairs: number }[];
	serials: string[];
	serials_total: number;
	descriptions: { text: string; count: number }[];
	parts: {
		supplier: string | null;
		part_no: string;
		part_name: string | null;
		quantity: number;
		cost: number;
		warranty_cost: number;
		claims_submitted: number;
		claims_recovered: number;
		recovered_amount: number;
	}[];
	warranty_cost: number;
	recovered_amount: number;
	/** last date in the data when the evidence was gathered */
	data_until: string | null;
}

/** "Did the fix work?": units built after the cut-in against units built before, at the same months in service. */
export interface Verification {
	verdict: Verdict;
	/** failures per 1,000 unit-months */
	rate_before: number | null;
	rate_after: number | null;
	ratio: number | null;
	ci_low: number | null;
	ci_high: number | null;
	p_value: number | null;
	unit_months_before: number;
	unit_months_after: number;
	failures_before: number;
	failures_after: number;
	units_before: number;
	units_after: number;
	/** months in service compared (both groups counted only below it) */
	window_months: number;
	/** further unit-months still needed to tell a halving from no change (α = 0.05, power 0.8); null when enough or unknown */
	unit_months_needed: { after: number; before: number } | null;
	cut_in: string | null;
	/** production months of the old units compared: the 12 before the cut-in */
	before_from: string | null;
	data_until: string | null;
	/** repairs by production month × months in service, split at the cut-in */
	nevada: { production_month: string; months_in_service: number; repairs: number; after: boolean }[];
	checked_at: string;
}

/** A case as the list shows it (without its evidence): a row of GET /api/cases. */
export interface CaseSummary {
	id: number;
	version: number;
	title: string;
	status: CaseStatus;
	outcome: CaseOutcome | null;
	product_model: string;
	fault_component: string;
	fault_code: string | null;
	region: string | null;
	owner: string | null;
	owner_kind: OwnerKind | null;
	opened_at: string;
	updated_at: string;
	closed_at: string | null;
	/** days since opened (to closing, when closed) */
	age_days: number;
	verdict: Verdict | null;
	cut_in: string | null;
	reopened: number;
	linked_case_id: number | null;
}

/** Who made a change (else the token's name) and why: sent with every write. */
interface Signed {
	who?: string;
	note?: string;
}

/** POST /api/cases: the case's fields (batches as a list or comma-separated). */
export type CaseOpenBody = Partial<Omit<CaseFields, 'batches'>> &
	Pick<CaseFields, 'product_model' | 'fault_component'> & { batches?: string[] | string } & Signed;

/** PATCH /api/cases/ID: the version read (a different current one is a 409), and what changes. */
export type CaseUpdateBody = Partial<CaseFields> & Signed & { version: number; status?: CaseStatus; outcome?: CaseOutcome };

/** What a refused write answers: the reason and, on a 409, the case as it now is. */
export interface CaseRefusal {
	error: string;
	current?: CaseWithHistory | null;
}
