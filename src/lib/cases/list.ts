// Which cases the list shows and in what order: a status filter (not closed, all,
// or one status), an owner, and the sort the user chose.
import { CASE_STATUSES, type CaseStatus, type CaseSummary } from './types';

export type StatusFilter = 'active' | 'all' | CaseStatus;
export const CASE_SORTS = ['age', 'status', 'updated', 'id'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface ListChoice {
	status: StatusFilter;
	/** '' for every owner */
	owner: string;
	sort: CaseSort;
}

/** The owners named in the cases, sorted. */
export function caseOwners(rows: CaseSummary[]): string[] {
	return [...new Set(rows.map((r) => r.owner).filter((o): o is string => !!o))].sort();
}

const byId = (a: CaseSummary, b: CaseSummary) => a.id - b.id;
const ORDER: Record<CaseSort, (a: CaseSummary, b: CaseSummary) => number> = {
	/** oldest first */
	age: (a, b) => b.age_days - a.age_days || byId(a, b),
	/** in workflow order */
	status: (a, b) => CASE_STATUSES.indexOf(a.status) - CASE_STATUSES.indexOf(b.status) || byId(a, b),
	/** last changed first */
	updated: (a, b) => b.updated_at.localeCompare(a.updated_at),
	id: byId
};

/** The cases the choice keeps, in its order. */
export function shownCases(rows: CaseSummary[], choice: ListChoice): CaseSummary[] {
	const { status, owner, sort } = choice;
	const keep = (r: CaseSummary) =>
		(status === 'all' || (status === 'active' ? r.status !== 'closed' : r.status === status)) && (!owner || r.owner === owner);
	return rows.filter(keep).sort(ORDER[sort]);
}
