// The time to complete from the maintained gap counts (src/lib/server/completion-tier.ts) is the facts' own: on a
// hand-made month whose median falls across two buckets, on the sample warehouse (the whole history, the default
// twelve months, each region, city, team and team type, 60 seeded random whole-month filters) — the same count,
// the same exact sum of the gaps, the same median, the same mean — and the tables kept through new tickets,
// changed tickets and their undo equal a full rebuild after each step.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../scripts/sample/random';
import { TABLES } from '../../src/lib/contract';
import { monthEnd } from '../../src/lib/months';
import {
	BUCKET_US,
	COMPLETION_BUCKETS,
	COMPLETION_GAPS,
	COMPLETION_TABLES,
	completionAnswers,
	completionHours,
	completionSums,
	rebuildCompletion
} from '../../src/lib/server/completion-tier';
import { undoIngest } from '../../src/lib/server/ingest/undo';
import type { Filters } from '../../src/lib/server/metrics/filters';
import { timeToComplete } from '../../src/lib/server/metrics/service';
import { fromFacts } from '../../src/lib/server/rollup';
import type { SqlRunner } from '../../src/lib/server/sql-runner';
import type { Warehouse } from '../../src/lib/server/warehouse';
import type { T } from './fixtures/metrics-fixture';
import { sampleWarehouse } from './helpers/sample-warehouse';
import { ingestSmall, keptAndRebuilt as keptAndRebuiltBy } from './helpers/rebuild';
import { tempDirMaker } from './helpers/temp-dir';
import { ticketsWarehouse } from './helpers/tickets-warehouse';

const tempDir = tempDirMaker('completion-tier');
const TICKET_COLUMNS = TABLES.tickets.columns.map((c) => c.name);
const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** Each table's rows as text, in one order (a kept table against a rebuilt one). */
async function tableRows(db: SqlRunner): Promise<Record<string, string[]>> {
	const out: Record<string, string[]> = {};
	for (const t of COMPLETION_TABLES)
		out[t] = (await db.all<{ r: string }>(`SELECT CAST(x AS VARCHAR) AS r FROM ${t} x ORDER BY r`)).map((x) => x.r);
	return out;
}

/** The figure from the tables (whether or not routing sends `f` there), as routed, and from the facts: equal to the last bit. */
async function expectSameBothWays(wh: Warehouse, f: Filters): Promise<void> {
	const where = JSON.stringify(f);
	const facts = await fromFacts(() => timeToComplete(wh, f));
	expect(completionHours(await completionSums(wh, f)), where).toEqual(facts);
	expect(await timeToComplete(wh, f), where).toEqual(facts);
}

describe('a hand-made June and July', () => {
	// gaps (s): region A June 300, 599, 600, 900 (the last created 30 June, completed 1 July) and one open ticket;
	// region B July 3600, 3601, 7200; region A July 30 (team X, outsourced) and 1200
	const day = (d: string, hms: string) => `2026-${d} ${hms}`;
	const rows: T[] = [
		{
			id: 'H1',
			created: day('06-03', '08:00:00'),
			completed: day('06-03', '08:05:00'),
			type: 'repair',
			cust: 'C1',
			region: 'A',
			city: 'a1'
		},
		{
			id: 'H2',
			created: day('06-10', '09:00:00'),
			completed: day('06-10', '09:09:59'),
			type: 'repair',
			cust: 'C2',
			region: 'A',
			city: 'a1'
		},
		{
			id: 'H3',
			created: day('06-15', '10:00:00'),
			completed: day('06-15', '10:10:00'),
			type: 'install',
			cust: 'C3',
			region: 'A',
			city: 'a2'
		},
		{
			id: 'H4',
			created: day('06-30', '23:50:00'),
			completed: day('07-01', '00:05:00'),
			type: 'repair',
			cust: 'C4',
			region: 'A',
			city: 'a2'
		},
		{ id: 'H5', created: day('06-20', '10:00:00'), type: 'repair', cust: 'C5', region: 'A', city: 'a1' },
		{
			id: 'H6',
			created: day('07-02', '08:00:00'),
			completed: day('07-02', '09:00:00'),
			type: 'repair',
			cust: 'C6',
			region: 'B',
			city: 'b1'
		},
		{
			id: 'H7',
			created: day('07-05', '08:00:00'),
			completed: day('07-05', '09:00:01'),
			type: 'maintenance',
			cust: 'C7',
			region: 'B',
			city: 'b1'
		},
		{
			id: 'H8',
			created: day('07-31', '22:00:00'),
			completed: day('08-01', '00:00:00'),
			type: 'repair',
			cust: 'C8',
			region: 'B',
			city: 'b1'
		},
		{
			id: 'H9',
			created: day('07-10', '12:00:00'),
			completed: day('07-10', '12:00:30'),
			type: 'repair',
			cust: 'C9',
			region: 'A',
			city: 'a1',
			team: 'X',
			tt: 'outsourced'
		},
		{
			id: 'H10',
			created: day('07-20', '10:00:00'),
			completed: day('07-20', '10:20:00'),
			type: 'repair',
			cust: 'C10',
			region: 'A',
			city: 'a1'
		}
	];
	const s = ticketsWarehouse(tempDir, rows);
	const h = (seconds: number) => seconds / 3600;

	it('counts, exact means and medians by hand, from the tables and from the facts alike', async () => {
		const cases: [Filters, number, number | null, number | null][] = [
			// ranks 3 and 4 of 6 (30, 300, 599 | 600, 900, 1200): 599 s in the first 10-minute bucket, 600 s in the next
			[{ from: '2026-06-01', to: '2026-07-31', region: 'A' }, 6, h(3629 / 6), h(599.5)],
			// the same across buckets in one month (routed to the facts; the tables' answer is compared all the same)
			[{ from: '2026-06-01', to: '2026-06-30', region: 'A' }, 4, h(2399 / 4), h(599.5)],
			[{ from: '2026-07-01', to: '2026-07-31', region: 'B' }, 3, h(14401 / 3), h(3601)],
			// all nine: rank 5 is 900 s
			[{ from: '2026-06-01', to: '2026-07-31' }, 9, h(18030 / 9), h(900)],
			[{}, 9, h(18030 / 9), h(900)],
			[{ team: 'X' }, 1, h(30), h(30)],
			[{ team_type: 'outsourced', region: ['A', 'B'] }, 1, h(30), h(30)],
			[{ region: ['A', 'B'], from: '2026-07-01' }, 5, h(15631 / 5), h(3600)],
			[{ city: 'a2' }, 2, h(750), h(750)],
			[{ region: 'nowhere' }, 0, null, null],
			[{ from: '2026-09-01', to: '2026-09-30' }, 0, null, null]
		];
		for (const [f, tickets, mean, median] of cases) {
			await expectSameBothWays(s.wh, f);
			const got = await timeToComplete(s.wh, f);
			expect(got.tickets, JSON.stringify(f)).toBe(tickets);
			if (mean === null) expect(got.mean_hours).toBeNull();
			else expect(got.mean_hours, JSON.stringify(f)).toBeCloseTo(mean, 12);
			// the median is the mean of two whole-second gaps: exact
			expect(got.median_hours, JSON.stringify(f)).toBe(median);
		}
		// the two tables: one row per month, keys and gap (H1–H4 share June and region A but not city or gap)
		const gaps = await s.wh.all(
			`SELECT strftime(created_at, '%Y-%m') AS m, region, gap // 1000000 AS s, n, bucket FROM ${COMPLETION_GAPS} ORDER BY m, region, s`
		);
		expect(gaps).toEqual([
			{ m: '2026-06', region: 'A', s: 300, n: 1, bucket: 0 },
			{ m: '2026-06', region: 'A', s: 599, n: 1, bucket: 0 },
			{ m: '2026-06', region: 'A', s: 600, n: 1, bucket: 1 },
			{ m: '2026-06', region: 'A', s: 900, n: 1, bucket: 1 },
			{ m: '2026-07', region: 'A', s: 30, n: 1, bucket: 0 },
			{ m: '2026-07', region: 'A', s: 1200, n: 1, bucket: 2 },
			{ m: '2026-07', region: 'B', s: 3600, n: 1, bucket: 6 },
			{ m: '2026-07', region: 'B', s: 3601, n: 1, bucket: 6 },
			{ m: '2026-07', region: 'B', s: 7200, n: 1, bucket: 12 }
		]);
		expect(BUCKET_US).toBe(600_000_000);
	});

	it('routes only whole months on the kept dimensions, with the routing on', async () => {
		const yes: Filters[] = [
			{},
			{ from: '2026-06-01' },
			{ to: '2026-06-30' },
			{ from: '2026-06-01', to: '2026-07-31' },
			{ region: ['A', 'B'], city: 'a1', team: 'X', team_type: 'internal' },
			{ from: '2026-06-01', to: '2026-06-30' }
		];
		for (const f of yes) expect(await completionAnswers(s.wh, f), JSON.stringify(f)).toBe(true);
		// not whole months, a dimension the tables do not keep, a single month of a region (the facts read it as quickly)
		const no: Filters[] = [
			{ from: '2026-06-02' },
			{ to: '2026-06-29' },
			{ model: 'M' },
			{ technician: 'W1' },
			{ region: 'A', model: [] },
			{ region: 'A', from: '2026-06-01', to: '2026-06-30' }
		];
		for (const f of no) expect(await completionAnswers(s.wh, f), JSON.stringify(f)).toBe(false);
		// the facts answer those: H2–H4 from 4 June (599, 600, 900 s)
		const part = await timeToComplete(s.wh, { from: '2026-06-04', to: '2026-06-30' });
		expect(part.tickets).toBe(3);
		expect(part.mean_hours).toBeCloseTo(h(2099 / 3), 12);
		expect(part.median_hours).toBe(h(600));
		expect(await fromFacts(() => completionAnswers(s.wh, {}))).toBe(false);
	});
});

describe('the sample warehouse', () => {
	let wh: Warehouse;
	let dir: string;
	let options: Record<string, string[]>;

	beforeAll(async () => {
		dir = tempDir();
		wh = await sampleWarehouse(dir, 6000, 13);
		const rows = await wh.all<{ dim: string; value: string }>(`SELECT dim, value FROM filter_options ORDER BY 1, 2`);
		options = {};
		for (const r of rows) (options[r.dim] ??= []).push(r.value);
		expect(options.region.length).toBeGreaterThan(1);
	}, 120_000);
	afterAll(() => wh.close());

	it('the tables count every completed ticket once, with the exact sum of the gaps, in fewer rows', async () => {
		const facts = await wh.one<{ n: number; s: string; rows: number }>(
			`SELECT count(*) AS n, CAST(sum(epoch_us(completed_at) - epoch_us(created_at)) AS VARCHAR) AS s FROM ticket_facts WHERE completed_at IS NOT NULL`
		);
		const gaps = await wh.one<{ n: number; s: string; rows: number }>(
			`SELECT CAST(sum(n) AS BIGINT) AS n, CAST(sum(CAST(gap AS HUGEINT) * n) AS VARCHAR) AS s, count(*) AS rows FROM ${COMPLETION_GAPS}`
		);
		const buckets = await wh.one<{ n: number; s: string; rows: number }>(
			`SELECT CAST(sum(n) AS BIGINT) AS n, CAST(sum(sum_us) AS VARCHAR) AS s, count(*) AS rows FROM ${COMPLETION_BUCKETS}`
		);
		expect(facts.n).toBeGreaterThan(5000);
		for (const t of [gaps, buckets]) expect({ n: t.n, s: t.s }).toEqual({ n: facts.n, s: facts.s });
		expect(gaps.rows).toBeLessThan(facts.n);
		expect(buckets.rows).toBeLessThan(gaps.rows);
	});

	it('equals the facts on the whole sample, the default twelve months, each kept dimension and 60 random filters', async () => {
		const fixed: Filters[] = [{}, { from: '2025-11-01', to: '2026-10-31' }, { from: '2026-10-01', to: '2026-10-31' }];
		for (const region of options.region) fixed.push({ region: [region] }, { from: '2025-11-01', to: '2026-10-31', region: [region] });
		for (const city of options.city) fixed.push({ city, from: '2026-01-01' });
		for (const team of options.team) fixed.push({ team, to: '2025-06-30' });
		fixed.push({ team_type: 'internal' }, { team_type: 'outsourced', from: '2026-03-01', to: '2026-03-31' });
		for (const f of fixed) await expectSameBothWays(wh, f);
		const r = mulberry32(20261202);
		const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
		const month = () => {
			const d = new Date(Date.UTC(2023, 10 + Math.floor(r() * 36), 1));
			return d.toISOString().slice(0, 7);
		};
		let odd = 0;
		let routed = 0;
		for (let i = 0; i < 60; i++) {
			const [a, b] = [month(), month()].sort();
			const f: Filters = {};
			if (r() < 0.9) f.from = `${a}-01`;
			if (r() < 0.9) f.to = monthEnd(b);
			if (r() < 0.4) f.region = options.region.filter(() => r() < 0.5);
			if (r() < 0.2) f.city = pick(options.city);
			if (r() < 0.2) f.team = pick(options.team);
			if (r() < 0.2) f.team_type = pick(['internal', 'outsourced'] as const);
			await expectSameBothWays(wh, f);
			odd += (await timeToComplete(wh, f)).tickets % 2;
			if (await completionAnswers(wh, f)) routed++;
		}
		// most of them routed to the tables (the rest: a single month of a region, a city, …)
		expect(routed).toBeGreaterThan(45);
		// both parities of the count (one middle value, or the mean of two)
		expect(odd).toBeGreaterThan(5);
		expect(odd).toBeLessThan(55);
	}, 120_000);

	it('the median and the count are those of the tickets table itself (an independent reference)', async () => {
		for (const f of [
			{},
			{ from: '2025-11-01', to: '2026-10-31' },
			{ region: [options.region[0]], from: '2026-02-01', to: '2026-04-30' }
		] as Filters[]) {
			const region = f.region ? `AND region = ${lit(f.region[0])}` : '';
			const dates = f.from ? `AND created_at >= TIMESTAMP '${f.from}' AND created_at < TIMESTAMP '${f.to}' + INTERVAL 1 DAY` : '';
			const ref = await wh.one<{ n: number; median: number }>(
				`SELECT count(*) AS n, median(epoch_us(completed_at) - epoch_us(created_at)) / 3600e6 AS median FROM tickets
				 WHERE completed_at IS NOT NULL ${region} ${dates}`
			);
			const got = await timeToComplete(wh, f);
			expect({ n: got.tickets, median: got.median_hours }).toEqual(ref);
		}
	});

	it('kept through new tickets, changed tickets and their undo: what a full rebuild makes', async () => {
		const keptAndRebuilt = () =>
			keptAndRebuiltBy(
				wh,
				() => rebuildCompletion(wh),
				() => tableRows(wh)
			);
		const ingest = async (name: string, select: string) => {
			const file = path.join(dir, name);
			const id = await ingestSmall(wh, file, select, name);
			fs.rmSync(file);
			return id;
		};
		const some = async (k: number, salt: string) =>
			`(${(await wh.all<{ id: string }>(`SELECT ticket_id AS id FROM tickets WHERE completed_at IS NOT NULL ORDER BY hash(ticket_id || $salt) LIMIT ${k}`, { salt })).map((x) => lit(x.id)).join(', ')})`;
		const before = await tableRows(wh);
		const f12 = { from: '2025-11-01', to: '2026-10-31' };
		const before12 = await timeToComplete(wh, f12);

		// 1. new tickets: copies under new ids, some in a new region, some a second later, one never completed
		const made: Record<string, string> = {
			ticket_id: `'ZC-' || row_number() OVER (ORDER BY ticket_id)`,
			region: `CASE WHEN hash(ticket_id) % 4 = 0 THEN 'ZC-region' ELSE region END`,
			completed_at: `CASE WHEN hash(ticket_id) % 5 = 0 THEN NULL WHEN hash(ticket_id) % 5 = 1 THEN completed_at + INTERVAL 1 SECOND ELSE completed_at END`
		};
		const first = await ingest(
			'new.csv',
			`SELECT ${TICKET_COLUMNS.map((c) => (c in made ? `${made[c]} AS ${c}` : c)).join(', ')} FROM tickets WHERE ticket_id IN ${await some(15, 'a')}`
		);
		let t = await keptAndRebuilt();
		expect(t.kept).toEqual(t.rebuilt);
		expect(t.kept).not.toEqual(before);
		const afterNew = t.kept;
		await expectSameBothWays(wh, f12);
		await expectSameBothWays(wh, { region: ['ZC-region'] });

		// 2. stored tickets changed: later completions (another bucket), another team and region, moved a month, uncompleted
		const change: Record<string, string> = {
			completed_at: `CASE WHEN hash(ticket_id) % 4 = 0 THEN NULL ELSE completed_at + INTERVAL 31 DAY + INTERVAL 17 MINUTE END`,
			region: `CASE WHEN hash(ticket_id) % 3 = 0 THEN ${lit(options.region[0])} ELSE region END`,
			team: `CASE WHEN hash(ticket_id) % 3 = 1 THEN ${lit(options.team[0])} ELSE team END`
		};
		const second = await ingest(
			'changed.csv',
			`SELECT ${TICKET_COLUMNS.map((c) =>
				c in change ? `${change[c]} AS ${c}` : ['created_at', 'arrived_at'].includes(c) ? `${c} + INTERVAL 31 DAY AS ${c}` : c
			).join(', ')}
			 FROM tickets WHERE ticket_id IN ${await some(40, 'b')}`
		);
		t = await keptAndRebuilt();
		expect(t.kept).toEqual(t.rebuilt);
		expect(t.kept).not.toEqual(afterNew);
		await expectSameBothWays(wh, f12);
		expect(await timeToComplete(wh, f12)).not.toEqual(before12);

		// undone, newest first: back to what it held
		await undoIngest(wh, second);
		t = await keptAndRebuilt();
		expect(t.kept).toEqual(t.rebuilt);
		expect(t.kept).toEqual(afterNew);
		await undoIngest(wh, first);
		expect(await tableRows(wh)).toEqual(before);
		expect(await timeToComplete(wh, f12)).toEqual(before12);
	}, 120_000);
});
