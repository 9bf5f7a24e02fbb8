// The case list's filter and order, and a case's words (status, history line,
// time) as the case page and the Markdown for the factory both show them.
import { describe, expect, it } from 'vitest';
import { eventText, stamp, statusText } from '../../src/lib/cases/labels';
import { caseOwners, shownCases } from '../../src/lib/cases/list';
import type { CaseStatus, CaseSummary } from '../../src/lib/cases/types';

function row(id: number, status: CaseStatus, owner: string | null, age_days: number, updated_at: string): CaseSummary {
	return {
		id,
		version: 1,
		title: `case ${id}`,
		status,
		outcome: status === 'closed' ? 'effective' : null,
		product_model: 'M',
		fault_component: '电容',
		fault_code: null,
		region: null,
		owner,
		owner_kind: null,
		opened_at: '2026-01-01T00:00:00Z',
		updated_at,
		closed_at: null,
		age_days,
		verdict: null,
		cut_in: null,
		reopened: 0,
		linked_case_id: null
	};
}

const ROWS = [
	row(1, 'open', 'A', 10, '2026-01-03T00:00:00Z'),
	row(2, 'closed', 'B', 30, '2026-01-05T00:00:00Z'),
	row(3, 'countermeasure', 'A', 10, '2026-01-04T00:00:00Z'),
	row(4, 'open', null, 2, '2026-01-01T00:00:00Z')
];
const ids = (rows: CaseSummary[]) => rows.map((r) => r.id);

describe('the case list', () => {
	it('not closed, oldest first; equal ages by number', () => {
		expect(ids(shownCases(ROWS, { status: 'active', owner: '', sort: 'age' }))).toEqual([1, 3, 4]);
	});
	it('all, in workflow order (open, …, countermeasure, …, closed); one status; one owner, last changed first', () => {
		expect(ids(shownCases(ROWS, { status: 'all', owner: '', sort: 'status' }))).toEqual([1, 4, 3, 2]);
		expect(ids(shownCases(ROWS, { status: 'open', owner: '', sort: 'id' }))).toEqual([1, 4]);
		expect(ids(shownCases(ROWS, { status: 'all', owner: 'A', sort: 'updated' }))).toEqual([3, 1]);
	});
	it('leaves the rows it was given in their order', () => {
		shownCases(ROWS, { status: 'all', owner: '', sort: 'age' });
		expect(ids(ROWS)).toEqual([1, 2, 3, 4]);
	});
	it('owners: each named once, sorted, none for a case without one', () => {
		expect(caseOwners(ROWS)).toEqual(['A', 'B']);
	});
});

describe("a case's words", () => {
	it('a status, with the outcome once closed', () => {
		expect(statusText('en', 'sent_to_factory', null)).toBe('sent to factory');
		expect(statusText('en', 'closed', 'not_effective')).toBe('closed (not effective)');
		expect(statusText('zh', 'closed', 'effective')).toBe('已关闭 (有效)');
	});
	it('a history line: a move with its outcome, the fields edited by their labels, other events by name', () => {
		const move = { what: 'status', detail: { from: 'verifying', to: 'closed', outcome: 'effective' } };
		expect(eventText(move, 'en')).toBe('verifying → closed (effective)');
		expect(eventText(move, 'zh')).toBe('验证中 → 已关闭 (有效)');
		const edit = { what: 'edited', detail: { cut_in_date: [null, '2026-06-01'], owner: ['a', 'b'], unknown_field: [1, 2] } };
		expect(eventText(edit, 'en')).toBe('edited: Cut-in production date, Owner, unknown_field');
		expect(eventText(edit, 'zh')).toBe('修改: 切换生产日期, 责任方, unknown_field');
		expect(eventText({ what: 'reopened', detail: null }, 'zh')).toBe('重新打开');
		expect(eventText({ what: 'note', detail: null }, 'en')).toBe('note');
		expect(eventText({ what: 'verified', detail: null }, 'en')).toBe('verified');
	});
	it('a stored time to the minute', () => {
		expect(stamp('2026-12-01T16:35:07Z')).toBe('2026-12-01 16:35');
	});
});
