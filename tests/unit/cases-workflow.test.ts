// The workflow's rules on a real warehouse: what each step needs, the outcome on closing, versions, and the history.
import { describe, expect, it } from 'vitest';
import { getCase } from '../../src/lib/server/cases/repo';
import { casesList, casesOpen, casesUpdate } from '../../src/lib/server/cases/service';
import { casesWarehouse } from './helpers/cases';

const fx = casesWarehouse('cases-flow');

const update = (id: number, input: Record<string, unknown>) => casesUpdate(fx.wh, { id, input, who: 'qa' });

describe('the workflow', () => {
	it('refuses what a step lacks, and takes the outcome from the verdict on closing', async () => {
		const c = await casesOpen(fx.wh, { fields: { product_model: 'HALF', fault_component: '电容', owner: 'plant' }, who: 'qa' });
		expect(await update(c.id, { status: 'shipped', version: 1 })).toMatchObject({ ok: false, status: 400 });
		expect(await update(c.id, { status: 'verifying', version: 1 })).toMatchObject({
			ok: false,
			status: 400,
			error: expect.stringContaining('cut-in')
		});
		expect(await update(c.id, { status: 'open', outcome: 'effective', version: 1 })).toMatchObject({ ok: false, status: 400 });
		expect(await update(c.id, { cut_in_date: '2025-13-01', version: 1 })).toMatchObject({ ok: false, status: 400 });
		expect(await update(999, { note: 'x' })).toMatchObject({ ok: false, status: 404 });
		const v = await update(c.id, { status: 'verifying', cut_in_date: '2025-01-01', version: 1 });
		expect(v.ok && [v.case.version, v.case.verdict?.verdict]).toEqual([2, 'effective']);
		// no outcome given: the verdict's
		const closed = await update(c.id, { status: 'closed', note: 'halved', version: 2 });
		expect(closed.ok && [closed.case.status, closed.case.outcome, closed.case.closed_at !== null]).toEqual(['closed', 'effective', true]);
		// back to open by hand: outcome and closing date cleared
		const back = await update(c.id, { status: 'open', version: 3 });
		expect(back.ok && [back.case.outcome, back.case.closed_at]).toEqual([null, null]);
	});

	it('a young fix cannot be closed without an outcome; with one it can', async () => {
		const c = await casesOpen(fx.wh, { fields: { product_model: 'YOUNG', fault_component: '电容' }, who: 'qa' });
		await update(c.id, { status: 'countermeasure', cut_in_date: '2025-11-01', version: 1 });
		expect(await update(c.id, { status: 'closed', version: 2 })).toMatchObject({
			ok: false,
			status: 400,
			error: expect.stringContaining('cannot tell yet')
		});
		const r = await update(c.id, { status: 'closed', outcome: 'not_effective', version: 2 });
		expect(r.ok && r.case.outcome).toBe('not_effective');
	});

	it('a stale version is refused with the case as it is; a note alone is a history line; nothing else changes the history', async () => {
		const c = await casesOpen(fx.wh, { fields: { product_model: 'SAME', fault_component: '电容' }, who: 'Li' });
		expect((await update(c.id, { owner: 'supplier A', version: 1 })).ok).toBe(true);
		const stale = await update(c.id, { owner: 'supplier B', version: 1 });
		expect(stale).toMatchObject({ ok: false, status: 409, current: { version: 2, owner: 'supplier A' } });
		expect((await update(c.id, { note: 'called the supplier', version: 2 })).ok).toBe(true);
		const h = (await getCase(fx.wh, c.id)).history;
		expect(h.map((e) => [e.seq, e.who, e.what, e.note])).toEqual([
			[1, 'Li', 'opened', null],
			[2, 'qa', 'edited', null],
			[3, 'qa', 'note', 'called the supplier']
		]);
		expect(h[1].detail).toEqual({ owner: [null, 'supplier A'] });
		// an unchanged value is not a change: no new version, no history line
		const same = await update(c.id, { owner: 'supplier A', version: 3 });
		expect(same.ok && same.case.version).toBe(3);
		expect((await getCase(fx.wh, c.id)).history).toHaveLength(3);
	});

	it('the list: status, age, owner, verdict', async () => {
		const rows = await casesList(fx.wh);
		expect(rows.map((r) => [r.id, r.status, r.age_days, r.verdict])).toEqual([
			[1, 'open', 0, 'effective'],
			[2, 'closed', 0, 'insufficient_exposure'],
			[3, 'open', 0, null]
		]);
	});
});
