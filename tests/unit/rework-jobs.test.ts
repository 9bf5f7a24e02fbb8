// The rework jobs list a page at a time, and technicians' names beside their
// ids, on the metric fixture (tests/unit/fixtures/metrics-fixture.ts). The
// answers are worked out by hand from the fixture's rows:
//   roster: W1 王建国, W2 李明, W3 赵强, N1 张伟, N2 陈杰; X9 is on a ticket but not on the roster.
//   East, June 2026: 9 rework records of 8 reworked jobs, newest job first, then rework id —
//   E14/RW09 (W1), E12/RW07, E13/RW08, E11/RW06, E10/RW05, E09/RW04 (all N1), E08/RW03 (N2), E01/RW01, E01/RW02 (W1).
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import type { Filters } from '../../src/lib/server/metrics/filters';
import { reworkBy, reworkedJobs } from '../../src/lib/server/metrics/rework';
import { technicianLabel } from '../../src/lib/technician';
import { FIXTURE_SETTINGS, writeFixture } from './fixtures/metrics-fixture';
import { useSettingsWarehouse } from './helpers/settings-warehouse';

const EAST_JUNE: Filters = { region: 'East', from: '2026-06-01', to: '2026-06-30' };

const fx = useSettingsWarehouse('rework-jobs', FIXTURE_SETTINGS, async (dir, wh) => {
	writeFixture(dir);
	expect((await ingestFiles(wh, [dir])).ok).toBe(true);
});

const ids = (rows: { ticket_id: string; rework_id: string }[]) => rows.map((r) => `${r.ticket_id}/${r.rework_id}`);

describe('the rework jobs list, a page at a time', () => {
	it('page 2 of 4 rows holds the 5th to 8th jobs, and every row says the list holds 9', async () => {
		const p2 = await reworkedJobs(fx.wh, EAST_JUNE, undefined, { offset: 4, limit: 4 });
		expect(ids(p2)).toEqual(['E10/RW05', 'E09/RW04', 'E08/RW03', 'E01/RW01']);
		expect(p2.map((r) => r.total)).toEqual([9, 9, 9, 9]);
		// the last page: one row left
		const p3 = await reworkedJobs(fx.wh, EAST_JUNE, undefined, { offset: 8, limit: 4 });
		expect(ids(p3)).toEqual(['E01/RW02']);
		expect(p3[0]!.total).toBe(9);
		// past the end: nothing
		expect(await reworkedJobs(fx.wh, EAST_JUNE, undefined, { offset: 9, limit: 4 })).toEqual([]);
	});

	it('every page in the default order is its slice of the whole list (ties at 06-15 10:00, E01’s two records)', async () => {
		const all = ['E14/RW09', 'E12/RW07', 'E13/RW08', 'E11/RW06', 'E10/RW05', 'E09/RW04', 'E08/RW03', 'E01/RW01', 'E01/RW02'];
		for (let offset = 0; offset <= 9; offset++)
			for (let limit = 1; limit <= 10; limit++) {
				const p = await reworkedJobs(fx.wh, EAST_JUNE, undefined, { offset, limit });
				expect(ids(p), `offset ${offset} limit ${limit}`).toEqual(all.slice(offset, offset + limit));
				expect(p.every((r) => r.total === 9)).toBe(true);
			}
		// the furthest offset a call may ask for, with the most rows: nothing, not an error
		expect(await reworkedJobs(fx.wh, EAST_JUNE, undefined, { offset: Number.MAX_SAFE_INTEGER, limit: 100_000 })).toEqual([]);
		// newest first asked for by name: the same order
		expect(ids(await reworkedJobs(fx.wh, EAST_JUNE, undefined, { sort: 'created_at', order: 'desc' }))).toEqual(all);
	});

	it('the pages of a group: N1 (tenure new) has 5 jobs; page 2 of 2 rows is E11, E10', async () => {
		const p = await reworkedJobs(fx.wh, EAST_JUNE, { dim: 'technician', value: 'N1' }, { offset: 2, limit: 2 });
		expect(ids(p)).toEqual(['E11/RW06', 'E10/RW05']);
		expect(p.map((r) => r.total)).toEqual([5, 5]);
	});

	it('ordered by a column on the server: ticket id ascending, ties in the default order', async () => {
		const p1 = await reworkedJobs(fx.wh, EAST_JUNE, undefined, { limit: 3, sort: 'ticket_id', order: 'asc' });
		expect(ids(p1)).toEqual(['E01/RW01', 'E01/RW02', 'E08/RW03']);
		const last = await reworkedJobs(fx.wh, EAST_JUNE, undefined, { offset: 7, limit: 3, sort: 'ticket_id', order: 'desc' });
		expect(ids(last)).toEqual(['E01/RW01', 'E01/RW02']);
	});

	it('a page that is not a whole number of rows is refused', async () => {
		await expect(reworkedJobs(fx.wh, EAST_JUNE, undefined, { offset: 1.5 })).rejects.toThrow('offset must be a whole number');
		await expect(reworkedJobs(fx.wh, EAST_JUNE, undefined, { limit: 0 })).rejects.toThrow('limit must be a whole number');
	});
});

describe("technicians' names beside their ids", () => {
	it('each reworked job carries its technician’s roster name', async () => {
		const all = await reworkedJobs(fx.wh, EAST_JUNE);
		// E14 W1, E12 E13 E11 E10 E09 N1, E08 N2, E01 (two records) W1
		expect(all.map((r) => r.technician_name)).toEqual(['王建国', '张伟', '张伟', '张伟', '张伟', '张伟', '陈杰', '王建国', '王建国']);
		expect(all.map((r) => r.technician_id)).toEqual(['W1', 'N1', 'N1', 'N1', 'N1', 'N1', 'N2', 'W1', 'W1']);
	});

	it('the rate by technician names each one; X9 (not on the roster) and the job without a technician have none', async () => {
		const rows = await reworkBy(fx.wh, EAST_JUNE, 'technician');
		expect(rows.map((r) => [r.group, r.name])).toEqual([
			['W3', '赵强'],
			['N1', '张伟'],
			['W1', '王建国'],
			['N2', '陈杰'],
			['W2', '李明'],
			['X9', null],
			[null, null]
		]);
		// the other breakdowns carry no name
		expect((await reworkBy(fx.wh, EAST_JUNE, 'team')).every((r) => r.name === undefined)).toBe(true);
	});

	it('the label: id and name, the id alone without a name, a dash for no technician', () => {
		expect(technicianLabel('N1', '张伟')).toBe('N1 张伟');
		expect(technicianLabel('X9', null)).toBe('X9');
		expect(technicianLabel(null)).toBe('—');
	});
});
