// The staffing sources read the rollup (and bounded windows of the facts) and give the figures they gave from the
// facts: on the sample warehouse (three years, 6,000 tickets), the plan, the breakdown by region and by team and
// the backtest equal the same calls with the routing off, for several scopes and what-ifs; the breakdown's grouped
// read equals a plan per region or team asked one at a time; and each input equals the old query over the tickets
// table, written out again here as the independent reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/server/settings';
import { fromFacts, route } from '../../src/lib/server/rollup';
import { planBacktest, staffingBreakdown, staffingPlan, type PlanOptions } from '../../src/lib/server/staffing';
import { breakdownRow } from '../../src/lib/server/staffing/breakdown';
import { dailyJobs, dataEnd, outsourcedJobs, promiseBands, roster, weekdayJobs, weeklyJobs } from '../../src/lib/server/staffing/queries';
import { mondayOf } from '../../src/lib/server/staffing/weeks';
import type { Warehouse } from '../../src/lib/server/warehouse';
import { sampleWarehouse } from './helpers/sample-warehouse';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('staffing-rollup');
const settings = DEFAULT_SETTINGS;
const promise = settings.promised_response;

describe('staffing via the rollup equals staffing from the facts', () => {
	let wh: Warehouse;
	let regions: string[];
	let teams: string[];
	/** a region and a team that share tickets */
	let both: { region: string; team: string };

	beforeAll(async () => {
		wh = await sampleWarehouse(tempDir(), 6000, 7);
		const distinct = async (col: string) =>
			(await wh.all<{ v: string }>(`SELECT DISTINCT ${col} AS v FROM tickets WHERE ${col} IS NOT NULL ORDER BY 1`)).map((r) => r.v);
		regions = await distinct('region');
		teams = await distinct('team');
		both = await wh.one(`SELECT region, team FROM tickets WHERE team IS NOT NULL AND region IS NOT NULL ORDER BY ticket_id LIMIT 1`);
		expect(regions.length).toBeGreaterThan(1);
		expect(teams.length).toBeGreaterThan(2);
	}, 120_000);
	afterAll(() => wh.close());

	const scopes = (): PlanOptions[] => [{}, { region: regions[0] }, { team: teams[1] }, both];
	const whatIfs: PlanOptions[] = [
		{},
		{ from: '2026-03', weeks: 8, quantile: 0.9 },
		{ from: '2025-12-01', weeks: 26, overtime: 0.1, outsourcedShare: 0.3, jobsPerTechnicianPerDay: 4 }
	];

	it('the inputs come from the rollup: the daily jobs, the outsourced share, the team mappings and the data end', async () => {
		expect((await route(wh, { region: regions[0] }, { columns: ['type'] })).rolled).toBe(true);
		expect((await route(wh, {}, { dims: ['team', 'region', 'team_type'], grain: 'month' })).table).toBe('ticket_rollup_month');
		expect((await route(wh, { team: teams[0] }, { dims: ['region', 'team_type'], columns: ['type', 'created_at'] })).rolled).toBe(true);
		// the data end is the last ticket's day, any type
		const { d } = await wh.one<{ d: string }>(`SELECT strftime(max(created_at), '%Y-%m-%d') AS d FROM tickets`);
		expect(await dataEnd(wh)).toBe(d);
		expect(await fromFacts(() => dataEnd(wh))).toBe(d);
	});

	it('the plan: every scope and what-if, the same figures routed and from the facts', async () => {
		let planned = 0;
		for (const scope of scopes()) {
			for (const w of whatIfs) {
				const opts = { ...scope, ...w };
				const rolled = await staffingPlan(wh, settings, opts);
				expect(rolled, JSON.stringify(opts)).toEqual(await fromFacts(() => staffingPlan(wh, settings, opts)));
				if (rolled) planned++;
			}
		}
		expect(planned).toBe(scopes().length * whatIfs.length);
	}, 60_000);

	it('the breakdown: one grouped read gives each region and team the plan it gets on its own, routed or not', async () => {
		for (const dim of ['region', 'team'] as const) {
			const values = dim === 'region' ? regions : teams;
			for (const w of whatIfs) {
				const rows = await staffingBreakdown(wh, settings, dim, w);
				expect(rows, `${dim} ${JSON.stringify(w)}`).toEqual(await fromFacts(() => staffingBreakdown(wh, settings, dim, w)));
				// the old way, a plan per value of the column in the tickets, asked one at a time
				const one: typeof rows = [];
				for (const v of values) {
					const plan = await fromFacts(() => staffingPlan(wh, settings, { ...w, [dim]: v }));
					if (plan) one.push(breakdownRow(dim, v, plan));
				}
				expect(rows.map((r) => r.value)).toEqual(values);
				expect(rows).toEqual(one);
			}
		}
	}, 120_000);

	it('the backtest: every scope, the same figures routed and from the facts', async () => {
		for (const scope of scopes()) {
			const rolled = await planBacktest(wh, settings, scope);
			expect(rolled, JSON.stringify(scope)).not.toBeNull();
			expect(rolled).toEqual(await fromFacts(() => planBacktest(wh, settings, scope)));
		}
	}, 60_000);

	it('each input equals the old query over the tickets table, grouped reads equal one scope at a time', async () => {
		const [from, to] = ['2025-10-27', '2026-10-26'];
		// daily jobs: every install, repair and maintenance ticket once, per group as per scope
		for (const by of ['region', 'team'] as const) {
			const grouped = await dailyJobs(wh, {}, by);
			for (const v of by === 'region' ? regions : teams) {
				const one = await dailyJobs(wh, { [by]: v });
				expect(grouped.filter((r) => r.v === v).map((r) => ({ ...r, v: null }))).toEqual(one);
			}
		}
		// weekly jobs: the days summed by their Monday, with the first day of each week and type
		const days = await dailyJobs(wh, {}, 'region');
		const weeks = new Map<string, { v: string | null; week: string; type: string; jobs: number; first_day: string }>();
		for (const d of days) {
			const week = mondayOf(d.day);
			const key = `${d.v}|${week}|${d.type}`;
			const w = weeks.get(key);
			if (w) w.jobs += d.jobs;
			else weeks.set(key, { v: d.v, week, type: d.type, jobs: d.jobs, first_day: d.day });
		}
		// in the SQL's order: group, week, type (byte order, as DuckDB compares strings)
		const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
		const byKey = (a: { v: string | null; week: string; type: string }, b: typeof a) =>
			cmp(a.v ?? '', b.v ?? '') || cmp(a.week, b.week) || cmp(a.type, b.type);
		expect(await weeklyJobs(wh, {}, 'region')).toEqual([...weeks.values()].sort(byKey));
		expect(weeks.size).toBeLessThan(days.length);

		// jobs per weekday (0 = Monday) in a window, per team
		const weekdays = await wh.all<{ v: string; dow: number; jobs: number }>(
			`SELECT team AS v, CAST(strftime(created_at, '%u') AS INTEGER) - 1 AS dow, count(*) AS jobs FROM tickets
			 WHERE type IN ('install', 'repair', 'maintenance') AND team IS NOT NULL AND created_at >= CAST($from AS DATE) AND created_at < CAST($to AS DATE)
			 GROUP BY 1, 2 ORDER BY 1, 2`,
			{ from: '2025-10-27', to: '2026-10-26' }
		);
		expect(weekdays.length).toBe(7 * teams.length);
		expect(await weekdayJobs(wh, { scope: {}, from: '2025-10-27', to: '2026-10-26', by: 'team' })).toEqual(weekdays);

		const { n } = await wh.one<{ n: number }>(`SELECT count(*) AS n FROM tickets WHERE type IN ('install', 'repair', 'maintenance')`);
		expect((await dailyJobs(wh, {})).reduce((a, d) => a + d.jobs, 0)).toBe(n);

		// promised-hour bands over the window: 24 h within 100 km or unknown, 48 h beyond (the default settings)
		const bands = await wh.all<{ v: string; hours: number; jobs: number }>(
			`SELECT team AS v, CASE WHEN distance_km IS NULL OR distance_km <= 100 THEN 24 ELSE 48 END AS hours, count(*) AS jobs FROM tickets
			 WHERE type IN ('install', 'repair', 'maintenance') AND team IS NOT NULL AND created_at >= CAST($from AS DATE) AND created_at < CAST($to AS DATE)
			 GROUP BY 1, 2 ORDER BY 1, 2`,
			{ from, to }
		);
		expect(bands.length).toBeGreaterThan(teams.length);
		expect(await promiseBands(wh, { scope: {}, from, to, by: 'team' }, promise)).toEqual(bands);

		// the outsourced share: the old avg over the tickets with a team type
		for (const region of [null, regions[1]]) {
			const { share } = await wh.one<{ share: number }>(
				`SELECT avg(CASE WHEN team_type = 'outsourced' THEN 1 ELSE 0 END) AS share FROM tickets
				 WHERE type IN ('install', 'repair', 'maintenance') AND team_type IS NOT NULL AND ($region IS NULL OR region = $region)
				   AND created_at >= CAST($from AS DATE) AND created_at < CAST($to AS DATE)`,
				{ region, from, to }
			);
			const [o] = await outsourcedJobs(wh, { scope: { region }, from, to });
			expect(share).toBeGreaterThan(0);
			expect(o.outsourced / o.typed).toBeCloseTo(share, 12);
		}

		// the roster's team region and type: the most frequent on the team's tickets, over all of them
		const mapped = await wh.all<{ technician_id: string; region: string | null; team_type: string | null }>(
			`WITH c AS (SELECT team, region, team_type, count(*) AS n FROM tickets WHERE team IS NOT NULL GROUP BY ALL),
			 r AS (SELECT team, region, sum(n) AS n FROM c WHERE region IS NOT NULL GROUP BY ALL),
			 k AS (SELECT team, team_type, sum(n) AS n FROM c WHERE team_type IS NOT NULL GROUP BY ALL)
			 SELECT h.technician_id,
			        (SELECT region FROM r WHERE r.team = h.team ORDER BY n DESC, region LIMIT 1) AS region,
			        coalesce(h.team_type, (SELECT team_type FROM k WHERE k.team = h.team ORDER BY n DESC, team_type LIMIT 1)) AS team_type
			 FROM technicians h ORDER BY 1`
		);
		const members = await roster(wh, {});
		expect(members.map((m) => ({ technician_id: m.technician_id, region: m.region, team_type: m.team_type }))).toEqual(mapped);
		expect(members.filter((m) => m.region !== null).length).toBeGreaterThan(0);
		expect(await fromFacts(() => roster(wh, {}))).toEqual(members);
	}, 60_000);
});
