// staffing_rollup (staffing/bands-tier.ts): the jobs per day, region, team, team type, type and promised hours.
// On the sample warehouse it holds what a query over the tickets table (written out here with the default promise:
// 24 h within 100 km or unknown, 48 h beyond) counts; the staffing inputs read from it equal the same inputs from
// the facts on seeded random scopes, groupings and windows; with another promise the bands come from the facts and
// follow it; and after small ingests (new tickets, tickets whose distance, team, region, type or day changed),
// their undo and a change of the promise, the table is row for row what a full rebuild makes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../scripts/sample/random';
import { TABLES } from '../../src/lib/contract';
import { undoIngest } from '../../src/lib/server/ingest/undo';
import { fromFacts } from '../../src/lib/server/rollup';
import { DEFAULT_SETTINGS, type Settings } from '../../src/lib/server/settings';
import { rebuildStaffingJobs, refreshStaffingJobs, STAFFING_TABLE, staffingStamp, stampOf } from '../../src/lib/server/staffing/bands-tier';
import {
	dailyJobs,
	outsourcedJobs,
	promiseBands,
	weekdayJobs,
	weeklyJobs,
	type Db,
	type JobsWindow,
	type PromiseSettings
} from '../../src/lib/server/staffing/queries';
import { addDays } from '../../src/lib/server/staffing/weeks';
import { Warehouse } from '../../src/lib/server/warehouse';
import { sampleWarehouse } from './helpers/sample-warehouse';
import { ingestSmall, keptAndRebuilt as keptAndRebuiltBy } from './helpers/rebuild';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('staffing-bands');
const promise = DEFAULT_SETTINGS.promised_response;
const TICKET_COLUMNS = TABLES.tickets.columns.map((c) => c.name);
const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** The table's rows, day as text, in one order. */
const tableRows = (wh: Db) =>
	wh.all(
		`SELECT strftime(created_at, '%Y-%m-%d') AS day, region, team, team_type, type, hours, n FROM ${STAFFING_TABLE}
		 ORDER BY day, region NULLS FIRST, team NULLS FIRST, team_type NULLS FIRST, type, hours NULLS FIRST`
	);

/** The tables a call read (its statements' FROM), recorded on a wrapper of the warehouse. */
function recording(wh: Warehouse): { db: Db; read: () => string[] } {
	const sqls: string[] = [];
	return {
		db: {
			all: (sql: string, params?: Record<string, string | number>) => {
				sqls.push(sql);
				return wh.all(sql, params);
			}
		} as Db,
		read: () => [...new Set(sqls.flatMap((s) => [...s.matchAll(/FROM (\w+) t\b/g)].map((m) => m[1])))]
	};
}

describe('staffing_rollup: jobs by day, scope and promised hours', () => {
	let dir: string;
	let wh: Warehouse;
	let regions: string[];
	let teams: string[];
	let span: { lo: string; hi: string };

	beforeAll(async () => {
		dir = tempDir();
		wh = await sampleWarehouse(dir, 3000, 23);
		const distinct = async (col: string) =>
			(await wh.all<{ v: string }>(`SELECT DISTINCT ${col} AS v FROM tickets WHERE ${col} IS NOT NULL ORDER BY 1`)).map((r) => r.v);
		regions = await distinct('region');
		teams = await distinct('team');
		span = await wh.one(`SELECT strftime(min(created_at), '%Y-%m-%d') AS lo, strftime(max(created_at), '%Y-%m-%d') AS hi FROM tickets`);
	}, 120_000);
	afterAll(() => wh?.close());

	it('holds every job of the tickets, counted by day, region, team, team type, type and promised hours', async () => {
		const reference = await wh.all(
			`SELECT strftime(created_at, '%Y-%m-%d') AS day, region, team, team_type, type,
			        CAST(CASE WHEN distance_km IS NULL OR distance_km <= 100 THEN 24 ELSE 48 END AS DOUBLE) AS hours, count(*) AS n
			 FROM tickets WHERE type IN ('install', 'repair', 'maintenance') GROUP BY ALL
			 ORDER BY day, region NULLS FIRST, team NULLS FIRST, team_type NULLS FIRST, type, hours NULLS FIRST`
		);
		expect(await tableRows(wh)).toEqual(reference);
		const { jobs, complaints } = await wh.one<{ jobs: number; complaints: number }>(
			`SELECT count(*) FILTER (WHERE type <> 'complaint') AS jobs, count(*) FILTER (WHERE type = 'complaint') AS complaints FROM tickets`
		);
		expect(complaints).toBeGreaterThan(0);
		expect((await wh.one<{ n: number }>(`SELECT sum(n) AS n FROM ${STAFFING_TABLE}`)).n).toBe(jobs);
		// both bands and some tickets without a distance are in the sample
		expect(reference.some((r) => r.hours === 48)).toBe(true);
		expect(await wh.one(`SELECT count(*) > 0 AS x FROM tickets WHERE distance_km IS NULL AND type <> 'complaint'`)).toEqual({ x: true });
		expect(await staffingStamp(wh)).toBe(stampOf(promise));
	});

	it('the inputs read from it equal the inputs from the facts, on random scopes, groupings and windows', async () => {
		const r = mulberry32(4417);
		const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
		const days = Math.round((Date.parse(span.hi) - Date.parse(span.lo)) / 86_400_000);
		for (let i = 0; i < 40; i++) {
			const by = pick([null, null, 'region', 'team'] as const);
			const scope = by ? {} : pick([{}, { region: pick(regions) }, { team: pick(teams) }, { region: pick(regions), team: pick(teams) }]);
			// any days, Mondays or not, some past either end of the data
			const a = Math.floor(r() * (days + 60)) - 30;
			const from = addDays(span.lo, a);
			const to = addDays(from, 1 + Math.floor(r() * 400));
			const q: JobsWindow = { scope, from, to, by };
			const what = JSON.stringify(q);
			const rec = recording(wh);
			const bands = await promiseBands(rec.db, q, promise);
			expect(rec.read(), what).toEqual([STAFFING_TABLE]);
			expect(bands, what).toEqual(await fromFacts(() => promiseBands(wh, q, promise)));
			expect(await weekdayJobs(rec.db, q), what).toEqual(await fromFacts(() => weekdayJobs(wh, q)));
			expect(await outsourcedJobs(rec.db, q), what).toEqual(await fromFacts(() => outsourcedJobs(wh, q)));
			expect(rec.read(), what).toEqual([STAFFING_TABLE]);
			if (i % 8 === 0) {
				expect(await weeklyJobs(rec.db, scope, by), what).toEqual(await fromFacts(() => weeklyJobs(wh, scope, by)));
				expect(await dailyJobs(rec.db, scope, by), what).toEqual(await fromFacts(() => dailyJobs(wh, scope, by)));
			}
		}
		// and by hand: one region's bands in one window, from the tickets
		const q: JobsWindow = { scope: { region: regions[0] }, from: '2025-03-03', to: '2025-09-01' };
		const hand = await wh.all(
			`SELECT NULL AS v, CAST(CASE WHEN distance_km IS NULL OR distance_km <= 100 THEN 24 ELSE 48 END AS DOUBLE) AS hours, count(*) AS jobs
			 FROM tickets WHERE type <> 'complaint' AND region = $region AND created_at >= DATE '2025-03-03' AND created_at < DATE '2025-09-01'
			 GROUP BY ALL ORDER BY hours`,
			{ region: regions[0] }
		);
		expect(hand).toHaveLength(2);
		expect(await promiseBands(wh, q, promise)).toEqual(hand);
	}, 120_000);

	it('asked with another promise, the bands come from the facts and follow that promise', async () => {
		const other: PromiseSettings = {
			unknown_distance_hours: 36,
			bands: [
				{ max_km: 30, hours: 12 },
				{ max_km: 150, hours: 24 },
				{ max_km: null, hours: 72 }
			]
		};
		// no open band: a job beyond 50 km has no promise and is in no band
		const closed: PromiseSettings = { unknown_distance_hours: 8, bands: [{ max_km: 50, hours: 24 }] };
		const q: JobsWindow = { scope: {}, from: '2025-01-06', to: '2026-01-05', by: 'team' };
		for (const [p, hours] of [
			[other, `CASE WHEN distance_km IS NULL THEN 36 WHEN distance_km <= 30 THEN 12 WHEN distance_km <= 150 THEN 24 ELSE 72 END`],
			[closed, `CASE WHEN distance_km IS NULL THEN 8 WHEN distance_km <= 50 THEN 24 END`]
		] as const) {
			const hand = await wh.all(
				`SELECT team AS v, CAST(${hours} AS DOUBLE) AS hours, count(*) AS jobs FROM tickets
				 WHERE type <> 'complaint' AND team IS NOT NULL AND created_at >= DATE '2025-01-06' AND created_at < DATE '2026-01-05'
				   AND ${hours} IS NOT NULL
				 GROUP BY ALL ORDER BY v, hours`
			);
			const rec = recording(wh);
			expect(await promiseBands(rec.db, q, p)).toEqual(hand);
			expect(rec.read()).toEqual(['ticket_facts']);
		}
	});

	it('after small ingests, their undo and a change of the promise, it is what a full rebuild makes', async () => {
		const before = await tableRows(wh);
		/** the table as kept, and as a rebuild from the facts makes it (worked out, then rolled back) */
		const keptAndRebuilt = (s: Settings = DEFAULT_SETTINGS) =>
			keptAndRebuiltBy(
				wh,
				() => rebuildStaffingJobs(wh, s),
				() => tableRows(wh)
			);
		const ingest = (name: string, select: string) => ingestSmall(wh, path.join(dir, name), select, name);
		const some = async (k: number, salt: string, where = `type <> 'complaint'`) =>
			`(${(await wh.all<{ id: string }>(`SELECT ticket_id AS id FROM tickets WHERE ${where} ORDER BY hash(ticket_id || $salt) LIMIT ${k}`, { salt })).map((x) => lit(x.id)).join(', ')})`;

		// 1. new tickets: copies of stored jobs under new ids, a new region among them, far or without a distance
		const news = await some(12, 'a');
		const made: Record<string, string> = {
			ticket_id: `'ZB-' || row_number() OVER (ORDER BY ticket_id)`,
			distance_km: `CASE WHEN hash(ticket_id) % 3 = 0 THEN NULL WHEN hash(ticket_id) % 3 = 1 THEN 180.5 ELSE 99.5 END`,
			region: `CASE WHEN hash(ticket_id) % 4 = 0 THEN 'ZB-region' ELSE region END`
		};
		const first = await ingest(
			'new.csv',
			`SELECT ${TICKET_COLUMNS.map((c) => (c in made ? `${made[c]} AS ${c}` : c)).join(', ')} FROM tickets WHERE ticket_id IN ${news}`
		);
		let t = await keptAndRebuilt();
		expect(t.kept).toEqual(t.rebuilt);
		expect(t.kept).not.toEqual(before);
		const afterNew = t.kept;

		// 2. stored jobs changed: the distance across the 100 km line, the team and region, the type (to and from a
		// complaint, which is not a job), the day
		const changed = await some(30, 'b');
		const change: Record<string, string> = {
			distance_km: `CASE WHEN distance_km IS NULL THEN 150 WHEN distance_km <= 100 THEN distance_km + 100 ELSE NULL END`,
			team: `CASE WHEN hash(ticket_id) % 3 = 0 THEN ${lit(teams[0])} ELSE team END`,
			region: `CASE WHEN hash(ticket_id) % 3 = 0 THEN ${lit(regions[regions.length - 1])} ELSE region END`,
			type: `CASE WHEN hash(ticket_id) % 5 = 0 THEN 'complaint' WHEN hash(ticket_id) % 5 = 1 THEN 'maintenance' ELSE type END`
		};
		const moved = ['created_at', 'arrived_at', 'completed_at'].map((c) => [c, `${c} + INTERVAL 9 DAY`]);
		const second = await ingest(
			'changed.csv',
			`SELECT ${TICKET_COLUMNS.map((c) => (c in change ? `${change[c]} AS ${c}` : (moved.find(([m]) => m === c)?.[1] ?? c) + ` AS ${c}`)).join(', ')}
			 FROM tickets WHERE ticket_id IN ${changed}`
		);
		t = await keptAndRebuilt();
		expect(t.kept).toEqual(t.rebuilt);
		expect(t.kept).not.toEqual(afterNew);

		// 3. a complaint becomes a job
		const complaint = await some(3, 'c', `type = 'complaint'`);
		const third = await ingest(
			'complaint.csv',
			`SELECT ${TICKET_COLUMNS.map((c) => (c === 'type' ? `'repair' AS type` : c)).join(', ')} FROM tickets WHERE ticket_id IN ${complaint}`
		);
		t = await keptAndRebuilt();
		expect(t.kept).toEqual(t.rebuilt);

		// undone, newest first: back to what it held
		for (const id of [third, second]) {
			await undoIngest(wh, id);
			t = await keptAndRebuilt();
			expect(t.kept).toEqual(t.rebuilt);
		}
		expect(await tableRows(wh)).toEqual(afterNew);
		await undoIngest(wh, first);
		expect(await tableRows(wh)).toEqual(before);

		// 4. the promise changed: the next refresh rebuilds it with the new one and stamps it
		const s: Settings = {
			...DEFAULT_SETTINGS,
			promised_response: {
				unknown_distance_hours: 36,
				bands: [
					{ max_km: 30, hours: 12 },
					{ max_km: null, hours: 48 }
				]
			}
		};
		await wh.run('BEGIN TRANSACTION');
		try {
			expect(await refreshStaffingJobs(wh, s)).toBe('full');
			expect(await staffingStamp(wh)).toBe(stampOf(s.promised_response));
			expect(await refreshStaffingJobs(wh, s)).toBe('none');
			const q: JobsWindow = { scope: {}, from: '2025-01-06', to: '2026-01-05', by: 'region' };
			const rec = recording(wh);
			const bands = await promiseBands(rec.db, q, s.promised_response);
			expect(rec.read()).toEqual([STAFFING_TABLE]);
			expect(bands).toEqual(await fromFacts(() => promiseBands(wh, q, s.promised_response)));
			expect(new Set(bands.map((b) => b.hours))).toEqual(new Set([12, 36, 48]));
			// the default promise now reads the facts
			const rec2 = recording(wh);
			await promiseBands(rec2.db, q, promise);
			expect(rec2.read()).toEqual(['ticket_facts']);
		} finally {
			await wh.run('ROLLBACK');
		}
	}, 180_000);

	it('a warehouse without it (made before it existed) gets it when opened', async () => {
		const before = await tableRows(wh);
		const file = path.join(dir, 'w.duckdb');
		await wh.run(`DROP TABLE ${STAFFING_TABLE}`);
		await wh.run(`DELETE FROM meta WHERE key = 'staffing_rollup'`);
		wh.close();
		wh = await Warehouse.open(file);
		expect(fs.existsSync(file)).toBe(true);
		expect(await tableRows(wh)).toEqual(before);
		expect(await staffingStamp(wh)).toBe(stampOf(promise));
	});
});
