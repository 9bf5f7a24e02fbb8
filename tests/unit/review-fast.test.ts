// The review's faster paths give the figures of the paths they replace:
// - the nowcast as of the data's end (maturity.ts nowcastAtEnd: the delays from
//   followup_delays, the jobs from the rollup) against the query that reads the
//   facts and the rework records (the same warehouse with followup_delays
//   withdrawn), on the sample with random filters and windows;
// - the recurring faults' unit counts (report-sections.ts repeatedFaults: a unit
//   as two columns, read from recurring_repairs) against the one-string-per-unit
//   query over the facts they replace, and the whole sections against the path over
//   the facts (recurring_repairs withdrawn), for random periods and filters;
// - followup_delays after each of a seeded sequence of small ingests (new
//   tickets on stored units, updated tickets, rework on stored tickets — earlier
//   than their first, later, on tickets without — updates of a repair's fault and
//   region alone, and undo) against the table built whole from the same warehouse,
//   and recurring_repairs the same way.
import { describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { mulberry32 } from '../../scripts/sample/random';
import { DELAYS_TABLE, rebuildFollowupDelays } from '../../src/lib/server/followup-delays';
import { RECURRING_TABLE, rebuildRecurringRepairs, recurringRepairsReady } from '../../src/lib/server/recurring-repairs';
import { UndoRefused, undoIngest } from '../../src/lib/server/ingest/undo';
import { dataSpan, FOLLOWUP_KPIS, nowcast, type Nowcast } from '../../src/lib/server/metrics/maturity';
import { ticketWhere, type Filters } from '../../src/lib/server/metrics/filters';
import { knownVersion } from '../../src/lib/server/meta-memo';
import { periodReport, type ReportScope } from '../../src/lib/server/report';
import { repeatedFaults } from '../../src/lib/server/report-sections';
import { monthsOf, parsePeriod, previousPeriod } from '../../src/lib/periods';
import { emergingCounts } from '../../src/lib/server/metrics/faults';
import { roster } from '../../src/lib/server/staffing/queries';
import { DEFAULT_SETTINGS, type Settings } from '../../src/lib/server/settings';
import type { Warehouse } from '../../src/lib/server/warehouse';
import { TABLES } from '../../src/lib/contract';
import { addDays } from '../../src/lib/months';
import { ingestChanging } from './helpers/rebuild';
import { sampleWithOptions } from './helpers/sample-options';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('review-fast');

/** The nowcast's figures, equal up to the order of a floating-point sum (the counts exactly). */
function expectSameNowcast(fast: Nowcast, ref: Nowcast, what: string) {
	expect(fast.delays_from, what).toBe(ref.delays_from);
	expect(fast.method, what).toBe(ref.method);
	for (const k of ['value', 'effective_denominator', 'ci_low', 'ci_high'] as const) {
		const [a, b] = [fast[k], ref[k]];
		if (b === null) expect(a, `${what} ${k}`).toBeNull();
		else expect(Math.abs(a! - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what} ${k}: ${a} vs ${b}`).toBe(true);
	}
}

/** `fn` with followup_delays withdrawn (its stamp gone): the nowcast reads the facts and the rework records. */
async function withoutDelays<T>(wh: Warehouse, fn: () => Promise<T>): Promise<T> {
	const [stamp] = await wh.all<{ v: string }>(`SELECT value AS v FROM meta WHERE key = 'followup_delays'`);
	expect(stamp).toBeDefined();
	await wh.run(`DELETE FROM meta WHERE key = 'followup_delays'`);
	try {
		return await fn();
	} finally {
		await wh.run(`INSERT INTO meta VALUES ('followup_delays', $v)`, { v: stamp.v });
	}
}

/** `fn` with recurring_repairs withdrawn (its stamp gone): the recurring faults count units from the facts. */
async function withoutRecurring<T>(wh: Warehouse, fn: () => Promise<T>): Promise<T> {
	const [stamp] = await wh.all<{ v: string }>(`SELECT value AS v FROM meta WHERE key = 'recurring_repairs'`);
	expect(stamp).toBeDefined();
	await wh.run(`DELETE FROM meta WHERE key = 'recurring_repairs'`);
	try {
		return await fn();
	} finally {
		await wh.run(`INSERT INTO meta VALUES ('recurring_repairs', $v)`, { v: stamp.v });
	}
}

/** The generated sample, read only (the two blocks below share it). */
const sample = sampleWithOptions(tempDir, 6000, 47);

describe('the nowcast from followup_delays and the rollup, on the sample', () => {
	/** Random periods ending near the data's end (where the windows are open) and up to three dimensions. */
	function randomFilters(last: string, n: number): Filters[] {
		const rand = mulberry32(14);
		const pick = (xs: string[]) => xs[Math.floor(rand() * xs.length)];
		const out: Filters[] = [{}, { from: addDays(last, -30), to: last }, { from: '2026-10-01', to: '2026-10-31' }];
		for (let i = 0; i < n; i++) {
			const to = addDays(last, -Math.floor(rand() * 50));
			const f: Record<string, string> = { from: addDays(to, -Math.floor(rand() * 120)), to };
			if (rand() < 0.2) delete f.from;
			for (const dim of ['region', 'city', 'model', 'team', 'team_type', 'technician'] as const)
				if (rand() < 0.3) f[dim] = dim === 'team_type' ? pick(['internal', 'outsourced']) : pick(sample.options[dim]);
			out.push(f as Filters);
		}
		return out;
	}

	it('equals the query over the facts for random filters and windows (rollup tiers and facts alike)', async () => {
		const { wh } = sample;
		const span = (await dataSpan(wh))!;
		expect(span.last).toBe('2026-10-31');
		const settings: Settings[] = [
			DEFAULT_SETTINGS,
			{ ...DEFAULT_SETTINGS, rework_followup_days: 14, repeat_visit_days: 7 },
			// a window the repeat-visit tiers were not counted with: the count tier gives way to the bucket tier or the facts
			{ ...DEFAULT_SETTINGS, rework_followup_days: 45, repeat_visit_days: 45 }
		];
		const cases = randomFilters(span.last, 14).flatMap((f) => settings.flatMap((s) => FOLLOWUP_KPIS.map((name) => ({ f, s, name }))));
		const fast: Nowcast[] = [];
		for (const c of cases) fast.push(await nowcast(wh, c.f, c.name, c.s, span));
		const ref = await withoutDelays(wh, async () => {
			const out: Nowcast[] = [];
			for (const c of cases) out.push(await nowcast(wh, c.f, c.name, c.s, span));
			return out;
		});
		cases.forEach((c, i) =>
			expectSameNowcast(fast[i], ref[i], `${c.name} ${JSON.stringify(c.f)} ${c.s.rework_followup_days}/${c.s.repeat_visit_days}`)
		);
		// the cases reach open windows with delays to weigh them by, and a filter with no job at all
		expect(ref.filter((n) => n.value !== null && n.effective_denominator % 1 !== 0).length).toBeGreaterThan(20);
		expect(ref.every((n) => n.delays_from > 0)).toBe(true);
		const none = await nowcast(wh, { from: '2027-01-01', to: '2027-01-31' }, 'rework_rate', DEFAULT_SETTINGS, span);
		expect(none.value).toBeNull();
		expect(none.effective_denominator).toBe(0);
		expect(none.delays_from).toBe(ref[0].delays_from);
	}, 120_000);

	it('holds every rework delay of a completed job and every repeat visit of a repair, one row each', async () => {
		const { wh } = sample;
		const counts = await wh.one<{ rework: number; repeat: number; jobs_reworked: number; repairs_followed: number; dupes: number }>(
			`SELECT (SELECT count(*) FROM ${DELAYS_TABLE} WHERE rate = 'rework_rate') AS rework,
			        (SELECT count(*) FROM ${DELAYS_TABLE} WHERE rate = 'repeat_visit_rate') AS repeat,
			        (SELECT count(*) FROM ticket_facts t WHERE t.reworked AND t.type IN ('install', 'repair', 'maintenance') AND t.completed_at IS NOT NULL) AS jobs_reworked,
			        (SELECT count(*) FROM ticket_facts WHERE type = 'repair' AND next_repair_hours IS NOT NULL) AS repairs_followed,
			        (SELECT count(*) - count(DISTINCT (rate, ticket_id)) FROM ${DELAYS_TABLE}) AS dupes`
		);
		expect(counts.rework).toBe(counts.jobs_reworked);
		expect(counts.repeat).toBe(counts.repairs_followed);
		expect(counts.rework).toBeGreaterThan(100);
		expect(counts.repeat).toBeGreaterThan(100);
		expect(counts.dupes).toBe(0);
	});
});

/** The recurring faults' unit counts as they were counted before (one string per repair's unit): the reference. */
async function unitsBefore(wh: Warehouse, f: Filters) {
	const w = ticketWhere(f);
	return wh.all<{ product_model: string; fault_component: string; repairs: number; repeat_units: number; repeat_repairs: number }>(
		`WITH u AS (SELECT t.product_model, t.fault_component,
		                   CASE WHEN t.serial_no IS NOT NULL THEN 's:' || t.serial_no
		                        WHEN t.product_model IS NOT NULL THEN 'c:' || t.customer_id || '|' || t.product_model END AS unit, count(*) AS n
		            FROM ticket_facts t WHERE t.type = 'repair' AND t.product_model IS NOT NULL AND t.fault_component IS NOT NULL AND ${w.sql} GROUP BY ALL)
		 SELECT product_model, fault_component, CAST(sum(n) AS INTEGER) AS repairs,
		        CAST(count(*) FILTER (WHERE unit IS NOT NULL AND n > 1) AS INTEGER) AS repeat_units,
		        CAST(coalesce(sum(n - 1) FILTER (WHERE unit IS NOT NULL AND n > 1), 0) AS INTEGER) AS repeat_repairs
		 FROM u GROUP BY ALL`,
		w.params
	);
}

describe("the review's nowcasts, started beside the KPIs", () => {
	it('a provisional follow-up rate carries the nowcast of its period and scope, any other none', async () => {
		const { wh } = sample;
		const span = (await dataSpan(wh))!;
		const rand = mulberry32(5);
		const pick = (xs: string[]) => xs[Math.floor(rand() * xs.length)];
		let provisional = 0;
		let settled = 0;
		for (const key of ['2026-10', '2026-09', '2026-Q4', '2026-Q3', '2026-W44', '2026-W40', '2025-10'])
			for (const scope of [
				{},
				{ region: pick(sample.options.region) },
				{ region: pick(sample.options.region), model: pick(sample.options.model) }
			]) {
				const r = await periodReport(wh, key, scope, DEFAULT_SETTINGS);
				for (const name of FOLLOWUP_KPIS) {
					const k = r.kpis[name];
					const what = `${key} ${JSON.stringify(scope)} ${name}`;
					if (!k.provisional) {
						expect(k.nowcast, what).toBeNull();
						settled++;
						continue;
					}
					const p = parsePeriod(key)!;
					expect(k.nowcast, what).toEqual(await nowcast(wh, { ...scope, from: p.from, to: p.to }, name, DEFAULT_SETTINGS, span));
					provisional++;
				}
			}
		expect(provisional).toBeGreaterThan(10);
		expect(settled).toBeGreaterThan(10);
	}, 120_000);
});

describe('the review with meta read once per data version (the server: meta-memo.ts)', () => {
	it('is the same review as with every stamp read from the table, for periods and scopes, and reads meta once', async () => {
		const { wh } = sample;
		const rand = mulberry32(9);
		const pick = (xs: string[]) => xs[Math.floor(rand() * xs.length)];
		const cases: [string, ReportScope][] = ['2026-10', '2026-09', '2026-Q3', '2026-W44', '2025-10'].flatMap((key) => [
			[key, {}] as [string, ReportScope],
			[key, { region: pick(sample.options.region) }] as [string, ReportScope],
			[key, { team: pick(sample.options.team), model: pick(sample.options.model) }] as [string, ReportScope]
		]);
		const plain = [];
		for (const [key, scope] of cases) plain.push(await periodReport(wh, key, scope, DEFAULT_SETTINGS));
		let reads = 0;
		const all = Object.getPrototypeOf(wh).all;
		const spy = vi.spyOn(Object.getPrototypeOf(wh), 'all').mockImplementation(function (this: Warehouse, sql: unknown, params: unknown) {
			if (/FROM meta\b/.test(String(sql))) reads++;
			return all.call(this, sql, params);
		});
		knownVersion(wh, await wh.dataVersion());
		reads = 0;
		try {
			for (const [i, [key, scope]] of cases.entries())
				expect(await periodReport(wh, key, scope, DEFAULT_SETTINGS), `${key} ${JSON.stringify(scope)}`).toEqual(plain[i]);
		} finally {
			knownVersion(wh, null);
			spy.mockRestore();
		}
		expect(reads).toBe(1);
	}, 120_000);
});

describe('the recurring faults: units counted on two columns', () => {
	it('the same repairs, repeat units and repeat repairs as one string per unit, for weeks, months and quarters in random scopes', async () => {
		const { wh } = sample;
		// the sections below read recurring_repairs
		expect(await recurringRepairsReady(wh)).toBe(true);
		const rand = mulberry32(9);
		const pick = (xs: string[]) => xs[Math.floor(rand() * xs.length)];
		const keys = ['2026-10', '2026-Q3', '2026-W40', '2025-12', '2026-Q1', '2026-W02'];
		let compared = 0;
		let repeats = 0;
		for (const key of keys)
			for (let i = 0; i < 4; i++) {
				const dims: Filters = {};
				if (i > 0) dims.region = pick(sample.options.region);
				if (i > 1) dims.model = pick(sample.options.model);
				if (i === 3 && rand() < 0.5) dims.team = pick(sample.options.team);
				const p = parsePeriod(key)!;
				const got = await repeatedFaults(wh, dims, p, previousPeriod(p), 100_000);
				const ref = new Map(
					(await unitsBefore(wh, { ...dims, from: p.from, to: p.to })).map((r) => [`${r.product_model}|${r.fault_component}`, r])
				);
				for (const r of got) {
					const want = ref.get(`${r.product_model}|${r.fault_component}`)!;
					expect(
						{ repairs: r.repairs, repeat_units: r.repeat_units, repeat_repairs: r.repeat_repairs },
						`${key} ${JSON.stringify(dims)}`
					).toEqual({
						repairs: want.repairs,
						repeat_units: want.repeat_units,
						repeat_repairs: want.repeat_repairs
					});
					compared++;
				}
				// every pair with a unit repaired twice is listed
				const listed = new Set(got.map((r) => `${r.product_model}|${r.fault_component}`));
				for (const [k, r] of ref)
					if (r.repeat_units > 0) {
						expect(listed.has(k), `${key} ${JSON.stringify(dims)} ${k}`).toBe(true);
						repeats++;
					}
			}
		expect(compared).toBeGreaterThan(80);
		expect(repeats).toBeGreaterThan(10);
	}, 120_000);

	it('from recurring_repairs: the same sections as from the facts, for random periods (weeks to years) and filters on every dimension', async () => {
		const { wh } = sample;
		const rand = mulberry32(31);
		const pick = (xs: string[]) => xs[Math.floor(rand() * xs.length)];
		const keys = ['2026-10', '2026-09', '2026-Q3', '2026-Q4', '2025-Q2', '2026-Q1', '2026-W40', '2026-W44', '2025-12', '2024-Q4'];
		const cases: { key: string; dims: Filters }[] = [];
		for (const key of keys)
			for (let i = 0; i < 5; i++) {
				const dims: Record<string, string> = {};
				if (i > 0)
					for (const dim of ['region', 'city', 'model', 'team', 'team_type', 'technician'] as const)
						if (rand() < 0.3) dims[dim] = dim === 'team_type' ? pick(['internal', 'outsourced']) : pick(sample.options[dim]);
				cases.push({ key, dims: dims as Filters });
			}
		const run = async () => {
			const out = [];
			for (const c of cases) {
				const p = parsePeriod(c.key)!;
				out.push(await repeatedFaults(wh, c.dims, p, previousPeriod(p), 100_000));
			}
			return out;
		};
		const fast = await run();
		const ref = await withoutRecurring(wh, run);
		cases.forEach((c, i) => expect(fast[i], `${c.key} ${JSON.stringify(c.dims)}`).toEqual(ref[i]));
		// the cases list repeats, and a scope that holds none
		expect(ref.filter((r) => r.some((x) => x.repeat_units > 0)).length).toBeGreaterThan(10);
		expect(ref.flat().reduce((a, r) => a + r.repeat_repairs, 0)).toBeGreaterThan(30);
		expect(ref.some((r) => r.length === 0)).toBe(true);
	}, 120_000);

	it("from the emerging checks' counts: the same sections as from their own reads, for months and quarters in random scopes", async () => {
		const { wh } = sample;
		const rand = mulberry32(57);
		const pick = (xs: string[]) => xs[Math.floor(rand() * xs.length)];
		const keys = ['2026-10', '2026-09', '2026-01', '2026-Q3', '2026-Q1', '2025-Q4', '2025-03', '2026-Q4', '2024-12'];
		const cases: { key: string; dims: Filters }[] = [];
		for (const key of keys)
			for (let i = 0; i < 4; i++) {
				const dims: Record<string, string> = {};
				if (i === 1) dims.region = pick(sample.options.region);
				if (i === 2) dims.team = pick(sample.options.team);
				if (i === 3) Object.assign(dims, { region: pick(sample.options.region), team: pick(sample.options.team) });
				cases.push({ key, dims: dims as Filters });
			}
		let monthReads = 0;
		const all = Object.getPrototypeOf(wh).all;
		const spy = vi.spyOn(Object.getPrototypeOf(wh), 'all').mockImplementation(function (this: Warehouse, sql: unknown, params: unknown) {
			if (/date_trunc\('month'/.test(String(sql))) monthReads++;
			return all.call(this, sql, params);
		});
		try {
			for (const c of cases) {
				const p = parsePeriod(c.key)!;
				for (const limit of [15, 100_000]) {
					const own = await repeatedFaults(wh, c.dims, p, previousPeriod(p), limit);
					const counts = emergingCounts(wh, c.dims, monthsOf(p), DEFAULT_SETTINGS);
					await counts;
					monthReads = 0;
					expect(await repeatedFaults(wh, c.dims, p, previousPeriod(p), limit, counts), `${c.key} ${JSON.stringify(c.dims)}`).toEqual(own);
					// the counts were used: no read of its own by month
					expect(monthReads, `${c.key} ${JSON.stringify(c.dims)}`).toBe(0);
				}
			}
		} finally {
			spy.mockRestore();
		}
		// a model scope, or a week, reads its own (the checks' counts leave the model out; a week is no whole month)
		const p = parsePeriod('2026-10')!;
		const model = { model: sample.options.model[0] };
		expect(await repeatedFaults(wh, model, p, previousPeriod(p), 100, emergingCounts(wh, model, monthsOf(p), DEFAULT_SETTINGS))).toEqual(
			await repeatedFaults(wh, model, p, previousPeriod(p), 100)
		);
	}, 120_000);

	it('holds every repair of a unit repaired twice or more, and no other row', async () => {
		const { wh } = sample;
		const r = await wh.one<{ rows: number; members: number; differ: number; repairs: number }>(
			`WITH m AS (SELECT ticket_id FROM ticket_facts WHERE type = 'repair'
			            AND (serial_no IS NOT NULL OR product_model IS NOT NULL)
			            QUALIFY count(*) OVER (PARTITION BY CASE WHEN serial_no IS NOT NULL THEN 's:' || serial_no
			                                                     ELSE 'c:' || customer_id || '|' || product_model END) > 1)
			 SELECT (SELECT count(*) FROM ${RECURRING_TABLE}) AS rows, (SELECT count(*) FROM m) AS members,
			        (SELECT count(*) FROM ((SELECT ticket_id FROM m EXCEPT ALL SELECT ticket_id FROM ${RECURRING_TABLE})
			                               UNION ALL (SELECT ticket_id FROM ${RECURRING_TABLE} EXCEPT ALL SELECT ticket_id FROM m))) AS differ,
			        (SELECT count(*) FROM ticket_facts WHERE type = 'repair') AS repairs`
		);
		expect(r.differ).toBe(0);
		expect(r.rows).toBe(r.members);
		expect(r.rows).toBeGreaterThan(50);
		expect(r.rows).toBeLessThan(r.repairs / 2);
	});
});

describe("the staffing outlook's roster, read once per data version", () => {
	it('is the roster of each scope as the query with the scope in SQL gives it, read once at a version', async () => {
		const { wh } = sample;
		// the roster as it was read before (staffing/queries.ts): the scope in the query's WHERE
		const reference = (scope: { region?: string; team?: string }) =>
			wh.all(
				`WITH team_counts AS MATERIALIZED (
				   SELECT t.team, t.region, t.team_type, count(*) AS n FROM ticket_facts t WHERE t.team IS NOT NULL GROUP BY 1, 2, 3),
				 team_region AS (SELECT team, first(region ORDER BY n DESC, region) AS region FROM (
				   SELECT team, region, sum(n) AS n FROM team_counts WHERE region IS NOT NULL GROUP BY 1, 2) GROUP BY team),
				 team_kind AS (SELECT team, first(team_type ORDER BY n DESC, team_type) AS team_type FROM (
				   SELECT team, team_type, sum(n) AS n FROM team_counts WHERE team_type IS NOT NULL GROUP BY 1, 2) GROUP BY team)
				 SELECT h.technician_id, strftime(h.hire_date, '%Y-%m-%d') AS hire_date, strftime(h.leave_date, '%Y-%m-%d') AS leave_date, h.team,
				        coalesce(h.team_type, tk.team_type) AS team_type, tr.region
				 FROM technicians h LEFT JOIN team_region tr ON tr.team = h.team LEFT JOIN team_kind tk ON tk.team = h.team
				 WHERE ${scope.region ? 'tr.region = $region' : 'true'} AND ${scope.team ? 'h.team = $team' : 'true'}
				 ORDER BY h.technician_id`,
				{ ...(scope.region ? { region: scope.region } : {}), ...(scope.team ? { team: scope.team } : {}) }
			);
		const scopes = [
			{},
			...sample.options.region.map((region) => ({ region })),
			...sample.options.team.map((team) => ({ team })),
			...sample.options.team.slice(0, 3).flatMap((team) => sample.options.region.slice(0, 2).map((region) => ({ region, team })))
		];
		let reads = 0;
		const all = Object.getPrototypeOf(wh).all;
		const spy = vi.spyOn(Object.getPrototypeOf(wh), 'all').mockImplementation(function (this: Warehouse, sql: unknown, params: unknown) {
			if (/FROM technicians h/.test(String(sql))) reads++;
			return all.call(this, sql, params);
		});
		knownVersion(wh, await wh.dataVersion());
		try {
			for (const scope of scopes) expect(await roster(wh, scope), JSON.stringify(scope)).toEqual(await reference(scope));
			// one read of the roster for every scope (the reference's own reads aside)
			expect(reads).toBe(1 + scopes.length);
		} finally {
			knownVersion(wh, null);
			spy.mockRestore();
		}
		// the scopes hold members, and some hold none
		const sizes = await Promise.all(scopes.map(async (s) => (await roster(wh, s)).length));
		expect(sizes[0]).toBeGreaterThan(10);
		expect(sizes.filter((n) => n > 0).length).toBeGreaterThan(5);
	}, 60_000);
});

describe('followup_delays after small ingests', () => {
	const changing = sampleWithOptions(tempDir, 2500, 8);
	const TICKET_COLUMNS = TABLES.tickets.columns.map((c) => c.name);
	const WHEN = ['created_at', 'arrived_at', 'completed_at', 'purchase_date', 'production_date'];
	const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;

	/** The table's rows that are not in a whole rebuild of it and the other way round (worked out, then rolled back). */
	async function unlikeRebuild(
		wh: Warehouse,
		table = DELAYS_TABLE,
		rebuild: (wh: Warehouse) => Promise<void> = rebuildFollowupDelays
	): Promise<{ kept: number; rebuilt: number; differ: number }> {
		const rows = `SELECT * FROM ${table}`;
		await wh.run(`CREATE OR REPLACE TEMP TABLE delays_kept AS ${rows}`);
		await wh.run('BEGIN TRANSACTION');
		try {
			await rebuild(wh);
			return await wh.one(
				`SELECT (SELECT count(*) FROM delays_kept) AS kept, (SELECT count(*) FROM ${table}) AS rebuilt,
				        (SELECT count(*) FROM ((SELECT * FROM delays_kept EXCEPT ALL ${rows}) UNION ALL (${rows} EXCEPT ALL SELECT * FROM delays_kept))) AS differ`
			);
		} finally {
			await wh.run('ROLLBACK');
			await wh.run('DROP TABLE IF EXISTS temp.delays_kept');
		}
	}

	it('each of a seeded sequence of files (new repairs, updates, rework, undo) leaves it equal to a whole rebuild', async () => {
		const { wh } = changing;
		const r = mulberry32(20261201);
		const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
		const some = async (k: number, where: string) =>
			(
				await wh.all<{ id: string }>(
					`SELECT ticket_id AS id FROM ticket_facts WHERE ${where} ORDER BY hash(ticket_id || $salt) LIMIT ${k}`,
					{
						salt: String(r())
					}
				)
			).map((x) => x.id);
		const ids = (xs: string[]) => `(${xs.map(lit).join(', ')})`;
		const shifted = (days: number) => Object.fromEntries(WHEN.map((c) => [c, `${c} + INTERVAL (${days}) DAY`]));
		const ops = [
			'repair',
			'rework_earlier',
			'update',
			'plain',
			'rework_new',
			'undo',
			'repair_customer',
			'repair',
			'rework_later',
			'update',
			'plain',
			'undo',
			'rework_earlier',
			'repair_customer'
		];
		const ingested: number[] = [];
		const done: string[] = [];
		const members: number[] = [];
		// the nowcasts as the server reads them (the delays once per data version, followup-delays.ts) against the
		// query over the facts, before and after each file: a delay distribution kept from the version before would
		// give the old figures
		const nowcastCases = (last: string): Filters[] => [
			{},
			{ from: addDays(last, -30), to: last },
			{ region: changing.options.region[0], from: addDays(last, -60), to: last }
		];
		const asServer = async () => {
			const span = (await dataSpan(wh))!;
			knownVersion(wh, await wh.dataVersion());
			try {
				const out: Nowcast[] = [];
				for (const f of nowcastCases(span.last))
					for (const name of FOLLOWUP_KPIS) out.push(await nowcast(wh, f, name, DEFAULT_SETTINGS, span));
				// read again at the same version: the same figures
				for (const [i, f] of nowcastCases(span.last).entries())
					for (const [j, name] of FOLLOWUP_KPIS.entries())
						expect(await nowcast(wh, f, name, DEFAULT_SETTINGS, span)).toEqual(out[i * FOLLOWUP_KPIS.length + j]);
				return out;
			} finally {
				knownVersion(wh, null);
			}
		};
		const fromFacts = async () => {
			const span = (await dataSpan(wh))!;
			return withoutDelays(wh, async () => {
				const out: Nowcast[] = [];
				for (const f of nowcastCases(span.last))
					for (const name of FOLLOWUP_KPIS) out.push(await nowcast(wh, f, name, DEFAULT_SETTINGS, span));
				return out;
			});
		};
		const seen = new Set<string>();
		for (const [step, op] of ops.entries()) {
			const file = path.join(tempDir(), `delays-${step}-${op}.csv`);
			await asServer();
			if (op === 'undo') {
				const id = ingested.pop()!;
				try {
					await undoIngest(wh, id);
					done.push(`${op} #${id}`);
				} catch (err) {
					if (!(err instanceof UndoRefused)) throw err;
				}
			} else {
				if (op === 'repair' || op === 'repair_customer') {
					// repairs of stored units a few days after (and before) a stored repair: repeat visits appear and move,
					// units repaired once are repaired twice (by serial number, or a customer's model without one)
					const src = await some(
						int(2, 6),
						op === 'repair'
							? `type = 'repair' AND serial_no IS NOT NULL`
							: `type = 'repair' AND serial_no IS NULL AND product_model IS NOT NULL`
					);
					const made: Record<string, string> = {
						...shifted(int(-20, 20)),
						ticket_id: `'ZD${step}-' || row_number() OVER (ORDER BY ticket_id)`
					};
					const cols = [...TICKET_COLUMNS.filter((c) => !(c in made)), ...Object.keys(made)];
					await wh.run(
						`COPY (SELECT ${cols.map((c) => (c in made ? `${made[c]} AS ${c}` : c)).join(', ')} FROM tickets WHERE ticket_id IN ${ids(src)})
						 TO ${lit(file)} (HEADER, DELIMITER ',')`
					);
				} else if (op === 'plain') {
					// repairs (of units repaired more than once, and of others) given another fault and region alone: key columns unchanged
					const targets = [
						...(await some(int(1, 3), `ticket_id IN (SELECT ticket_id FROM ${RECURRING_TABLE})`)),
						...(await some(int(1, 3), `type = 'repair' AND ticket_id NOT IN (SELECT ticket_id FROM ${RECURRING_TABLE})`))
					];
					const change: Record<string, string> = {
						fault_component: `CASE WHEN fault_component = '压缩机' THEN '风扇电机' ELSE '压缩机' END`,
						region: `CASE WHEN region = '浙江' THEN '上海' ELSE '浙江' END`
					};
					await wh.run(
						`COPY (SELECT ${TICKET_COLUMNS.map((c) => (c in change ? `${change[c]} AS ${c}` : c)).join(', ')} FROM tickets WHERE ticket_id IN ${ids(targets)})
						 TO ${lit(file)} (HEADER, DELIMITER ',')`
					);
				} else if (op === 'update') {
					// stored tickets moved in time or turned from a job into a complaint and back
					const targets = await some(int(2, 6), `reworked OR next_repair_hours IS NOT NULL`);
					const change = r() < 0.5 ? shifted(int(-40, 40)) : { type: `CASE WHEN type = 'complaint' THEN 'repair' ELSE 'complaint' END` };
					await wh.run(
						`COPY (SELECT ${TICKET_COLUMNS.map((c) => (c in change ? `${change[c]} AS ${c}` : c)).join(', ')} FROM tickets WHERE ticket_id IN ${ids(targets)})
						 TO ${lit(file)} (HEADER, DELIMITER ',')`
					);
				} else {
					// rework on tickets already reworked (earlier or later than their first) or on tickets without any
					const where = op === 'rework_new' ? `NOT reworked AND completed_at IS NOT NULL` : `reworked`;
					const targets = await some(int(1, 4), where);
					const first = `(SELECT min(rework_date) FROM rework w WHERE w.original_ticket_id = t.ticket_id)`;
					const day =
						op === 'rework_earlier'
							? `greatest(CAST(t.created_at AS DATE), ${first} - 2)`
							: op === 'rework_later'
								? `${first} + 5`
								: `CAST(t.created_at AS DATE) + ${int(0, 40)}`;
					await wh.run(
						`COPY (SELECT 'RWD${step}-' || row_number() OVER (ORDER BY ticket_id) AS rework_id, ticket_id AS original_ticket_id,
						        ${day} AS rework_date, 'again' AS reason
						       FROM tickets t WHERE ticket_id IN ${ids(targets)}) TO ${lit(file)} (HEADER, DELIMITER ',')`
					);
				}
				const f = await ingestChanging(wh, file, `${step} ${op}`);
				ingested.push(f.ingest_id!);
				done.push(`${op} ${f.derived}`);
			}
			const [memo, ref] = [await asServer(), await fromFacts()];
			memo.forEach((n, i) => expectSameNowcast(n, ref[i], `nowcast ${i} after ${step}: ${done.at(-1)}`));
			seen.add(JSON.stringify(ref.map((n) => [n.delays_from, n.effective_denominator])));
			const d = await unlikeRebuild(wh);
			expect(d.differ, `after ${step}: ${done.at(-1)}`).toBe(0);
			expect(d.kept).toBe(d.rebuilt);
			const u = await unlikeRebuild(wh, RECURRING_TABLE, rebuildRecurringRepairs);
			expect(u.differ, `recurring_repairs after ${step}: ${done.at(-1)}`).toBe(0);
			expect(u.kept).toBe(u.rebuilt);
			members.push(u.kept);
		}
		// the files moved units in and out of the table
		expect(new Set(members).size).toBeGreaterThan(4);
		// and changed the nowcasts' delays and weights (a kept distribution would have shown)
		expect(seen.size).toBeGreaterThan(4);
		// the files took the incremental path (not a whole rebuild of the derived tables), and the undos ran
		expect(done.filter((o) => o.endsWith(' incremental')).length).toBe(ops.length - 2);
		expect(done.filter((o) => o.startsWith('undo #')).length).toBe(2);
	}, 300_000);
});
