// The rollup tiers (src/lib/server/rollup.ts) answer what the facts answer:
// every routed figure computed from each tier (onlyTiers) equals the same figure
// computed from ticket_facts (fromFacts), on the sample and on random
// filters and settings; and every tier kept incrementally equals a full rebuild.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { generateSample } from '../../scripts/sample/index';
import { KPI_NAMES, type KpiName } from '../../src/lib/kpi';
import { DEFAULT_SETTINGS, type Settings } from '../../src/lib/server/settings';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { faultPareto, lastCompleteMonth, modelComponentMatrix } from '../../src/lib/server/metrics/faults';
import { completeMonth, dataSpan } from '../../src/lib/server/metrics/maturity';
import { kpis } from '../../src/lib/server/metrics/kpis';
import { measureRate, rateBy } from '../../src/lib/server/metrics/measures';
import { loadByDay, loadByMonth, loadByWeek, monthlyForecast, peakToOffByYear } from '../../src/lib/server/metrics/seasonal';
import type { Filters } from '../../src/lib/server/metrics/filters';
import type { DimensionName } from '../../src/lib/server/metrics/dimensions';
import { collectRollupDelta, fromFacts, onlyTiers, rebuildRollup, refreshRollup, route, TIER_TABLES } from '../../src/lib/server/rollup';
import { dailyJobs } from '../../src/lib/server/staffing/queries';
import { Warehouse } from '../../src/lib/server/warehouse';
import { writeWritePathData } from './fixtures/write-path-data';
import { mulberry32 } from '../../scripts/sample/random';
import { monthEnd } from '../../src/lib/months';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('rollup');

/** Same shape and strings, the same integers, other numbers within 1e-12. */
function expectSame(a: unknown, b: unknown, where: string): void {
	if (typeof a === 'number' && typeof b === 'number') {
		if (Number.isInteger(a) && Number.isInteger(b)) expect(a, where).toBe(b);
		else expect(Math.abs(a - b), `${where}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
		return;
	}
	if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
		expect(a, where).toEqual(b);
		return;
	}
	if (Array.isArray(a) || Array.isArray(b)) {
		expect(Array.isArray(a) && Array.isArray(b), where).toBe(true);
		expect((a as unknown[]).length, `${where}.length`).toBe((b as unknown[]).length);
		(a as unknown[]).forEach((x, i) => expectSame(x, (b as unknown[])[i], `${where}[${i}]`));
		return;
	}
	expect(Object.keys(a).sort(), where).toEqual(Object.keys(b).sort());
	for (const k of Object.keys(a)) expectSame((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`);
}

/** Mulberry32 (the sample's generator): the same random filters on every run. */
const rng = mulberry32;

const ROLLED_DIMS: DimensionName[] = ['region', 'city', 'model', 'team', 'team_type', 'month', 'technician', 'tenure'];

/** Every routed figure over `f`, from the tiers `tiers` allows (null: any) and from the facts. */
async function compareAll(
	wh: Warehouse,
	f: Filters,
	s: Settings,
	label: string,
	pairs: [KpiName, DimensionName][],
	tiers: readonly string[] | null = null
): Promise<void> {
	const figures: [string, () => Promise<unknown>][] = [
		['kpis', () => kpis(wh, f, s)],
		['load_month', () => loadByMonth(wh, f)],
		['load_week', () => loadByWeek(wh, f)],
		['load_day', () => loadByDay(wh, f)],
		['peak_to_off', () => peakToOffByYear(wh, f)],
		['seasonal_forecast', () => monthlyForecast(wh, f)],
		['matrix', () => modelComponentMatrix(wh, f)],
		['fault_pareto', () => faultPareto(wh, f, 'component')],
		...KPI_NAMES.map((k): [string, () => Promise<unknown>] => [`rate ${k}`, () => measureRate(wh, f, k, s)]),
		...pairs.map(([k, d]): [string, () => Promise<unknown>] => [`${k} by ${d}`, () => rateBy(wh, f, k, d, s)])
	];
	for (const [name, fn] of figures) {
		onlyTiers(tiers);
		try {
			const rolled = await fn();
			const facts = await fromFacts(fn);
			expectSame(rolled, facts, `${label} ${tiers ?? 'any tier'} ${name}`);
		} finally {
			onlyTiers(null);
		}
	}
}

/** Which table `route` sends a figure to. */
const routed = async (wh: Warehouse, f: Filters, needs: Parameters<typeof route>[2], s?: Settings) => (await route(wh, f, needs, s)).table;

describe('rollup equals the facts', () => {
	let wh: Warehouse;
	let options: Record<string, string[]>;

	beforeAll(async () => {
		const dir = tempDir();
		await generateSample({ outDir: path.join(dir, 'sample'), tickets: 6000, seed: 11 });
		wh = await Warehouse.open(path.join(dir, 'w.duckdb'));
		const files = ['technicians.csv', 'tickets.csv', 'rework.csv', 'parts.csv'].map((f) => path.join(dir, 'sample', f));
		const r = await ingestFiles(wh, files);
		expect(r.ok).toBe(true);
		const rows = await wh.all<{ dim: string; value: string }>(`SELECT dim, value FROM filter_options ORDER BY 1, 2`);
		options = {};
		for (const r of rows) (options[r.dim] ??= []).push(r.value);
	}, 120_000);
	afterAll(() => wh.close());

	it('each tier is smaller than the facts and counts every ticket once', async () => {
		const { facts } = await wh.one<{ facts: number }>(`SELECT count(*) AS facts FROM ticket_facts`);
		expect(TIER_TABLES).toEqual(['ticket_rollup_month', 'ticket_rollup_technician', 'ticket_rollup']);
		for (const table of TIER_TABLES) {
			const c = await wh.one<{ rolled: number; rows: number }>(`SELECT CAST(sum(n) AS BIGINT) AS rolled, count(*) AS rows FROM ${table}`);
			expect(c.rolled, table).toBe(facts);
			expect(c.rows, table).toBeLessThan(facts);
		}
		// the month tier has one row per month and group: fewer than the day tier it is summed from
		const rows = async (t: string) => (await wh.one<{ n: number }>(`SELECT count(*) AS n FROM ${t}`)).n;
		expect(await rows('ticket_rollup_month')).toBeLessThan(await rows('ticket_rollup'));
	});

	it('routes each figure to the smallest tier that has what it needs, to the facts otherwise', async () => {
		const s = DEFAULT_SETTINGS;
		const region = options.region[0];
		// whole months, month-grained figure: the month tier; the same figure over days: a day tier
		expect(await routed(wh, { from: '2025-01-01', to: '2025-03-31', region }, { measures: KPI_NAMES, grain: 'month' }, s)).toBe(
			'ticket_rollup_month'
		);
		expect(await routed(wh, { from: '2025-01-01', region }, { measures: KPI_NAMES, grain: 'month' }, s)).toBe('ticket_rollup_month');
		expect(await routed(wh, {}, { grain: 'month' }, s)).toBe('ticket_rollup_month');
		expect(await routed(wh, { from: '2025-01-02', to: '2025-03-31' }, { grain: 'month' }, s)).toBe('ticket_rollup_technician');
		expect(await routed(wh, { from: '2025-01-01', to: '2025-03-30' }, { grain: 'month' }, s)).toBe('ticket_rollup_technician');
		expect(await routed(wh, { from: '2025-01-01', to: '2025-03-31' }, {}, s)).toBe('ticket_rollup_technician');
		// the model or the fault component: not in the technician tier
		expect(await routed(wh, { model: options.model[0] }, {}, s)).toBe('ticket_rollup');
		expect(await routed(wh, {}, { columns: ['fault_component'] }, s)).toBe('ticket_rollup');
		expect(await routed(wh, {}, { dims: ['model'], grain: 'month' }, s)).toBe('ticket_rollup_month');
		// technicians and tenure: the technician tier, unless the model is asked for too
		expect(await routed(wh, { technician: options.technician[0] }, { measures: ['rework_rate'], grain: 'month' }, s)).toBe(
			'ticket_rollup_technician'
		);
		expect(await routed(wh, {}, { dims: ['tenure'], measures: ['rework_rate'], grain: 'month' }, s)).toBe('ticket_rollup_technician');
		expect(await routed(wh, { region }, { dims: ['technician'], measures: ['rework_rate'], grain: 'month' }, s)).toBe(
			'ticket_rollup_technician'
		);
		expect(await routed(wh, { technician: options.technician[0], model: options.model[0] }, {}, s)).toBe('ticket_facts');
		expect(await routed(wh, {}, { dims: ['tenure'], columns: ['fault_component'] }, s)).toBe('ticket_facts');
		expect(await routed(wh, {}, { columns: ['fault_code'] }, s)).toBe('ticket_facts');
		// settings: a repeat-visit window the stamps and buckets do not hold, other promised hours
		expect(await routed(wh, {}, { measures: ['repeat_visit_rate'] }, { ...s, repeat_visit_days: 30.5 })).toBe('ticket_facts');
		// another whole-day window: the buckets of the day tier, not the counts of the others (made with the default)
		expect(await routed(wh, {}, { measures: ['repeat_visit_rate'], grain: 'month' }, { ...s, repeat_visit_days: 45 })).toBe(
			'ticket_rollup'
		);
		const otherPromise = { ...s, promised_response: { ...s.promised_response, unknown_distance_hours: 12 } };
		expect(await routed(wh, {}, { measures: ['on_time_rate'] }, otherPromise)).toBe('ticket_facts');
		expect(await routed(wh, {}, { measures: ['rework_rate'], grain: 'month' }, otherPromise)).toBe('ticket_rollup_month');
	});

	it('every routed figure on the whole sample and its default twelve months, from each tier', async () => {
		const all: [KpiName, DimensionName][] = KPI_NAMES.flatMap((k) => ROLLED_DIMS.map((d): [KpiName, DimensionName] => [k, d]));
		for (const tiers of [null, ...TIER_TABLES.map((t) => [t])]) {
			await compareAll(wh, {}, DEFAULT_SETTINGS, 'all', all, tiers);
			await compareAll(wh, { from: '2025-11-01', to: '2026-10-31' }, DEFAULT_SETTINGS, 'default', all, tiers);
		}
	}, 240_000);

	it('tiers built with another repeat-visit window and satisfied score count with them (rolled back)', async () => {
		// the sample's repeat gaps fall within 4 weeks: a 14-day window splits them (the default 30 counts them all)
		const s: Settings = { ...DEFAULT_SETTINGS, repeat_visit_days: 14, satisfied_min_score: 4 };
		await wh.run('BEGIN TRANSACTION');
		try {
			await rebuildRollup(wh, s);
			expect(await routed(wh, {}, { measures: ['repeat_visit_rate'], grain: 'month' }, s)).toBe('ticket_rollup_month');
			const pairs: [KpiName, DimensionName][] = ROLLED_DIMS.map((d) => ['repeat_visit_rate', d]);
			for (const tiers of TIER_TABLES.map((t) => [t])) {
				await compareAll(wh, {}, s, '14 days', pairs, tiers);
				await compareAll(wh, { from: '2025-11-01', to: '2026-10-31' }, s, '14 days', pairs, tiers);
			}
		} finally {
			await wh.run('ROLLBACK');
		}
	}, 120_000);

	it("the data span and last whole month from the tiers are the facts' first and last days", async () => {
		const facts = await wh.one<{ first: string; last: string }>(
			`SELECT strftime(min(created_at), '%Y-%m-%d') AS first, strftime(max(created_at), '%Y-%m-%d') AS last FROM ticket_facts`
		);
		expect(await dataSpan(wh)).toEqual(facts);
		expect(await fromFacts(() => dataSpan(wh))).toEqual(facts);
		expect(completeMonth(await dataSpan(wh))).toBe(await lastCompleteMonth(wh));
		// the day after the last: a new month means the last day's month was whole
		expect(completeMonth({ first: '2023-01-01', last: '2026-10-31' })).toBe('2026-10');
		expect(completeMonth({ first: '2023-01-01', last: '2026-10-30' })).toBe('2026-09');
		expect(completeMonth({ first: '2023-01-01', last: '2024-02-29' })).toBe('2024-02');
		expect(completeMonth({ first: '2023-01-01', last: '2024-12-31' })).toBe('2024-12');
		expect(completeMonth({ first: '2023-01-01', last: '2025-01-01' })).toBe('2024-12');
		expect(completeMonth(null)).toBe(null);
	});

	it("the staffing plan's daily jobs (whole history, per region and team) are the facts' and come from the rollup", async () => {
		const both = await wh.one<{ region: string; team: string }>(
			`SELECT region, team FROM tickets WHERE team IS NOT NULL ORDER BY ticket_id LIMIT 1`
		);
		const scopes = [{}, { region: options.region[0] }, { team: options.team[1] }, both];
		for (const scope of scopes) {
			const rolled = await dailyJobs(wh, scope);
			expect(rolled.length, JSON.stringify(scope)).toBeGreaterThan(0);
			expectSame(rolled, await fromFacts(() => dailyJobs(wh, scope)), `dailyJobs ${JSON.stringify(scope)}`);
		}
		// the whole history's jobs: every install, repair and maintenance ticket, counted from the tickets themselves
		const total = (await dailyJobs(wh, {})).reduce((n, d) => n + Number(d.jobs), 0);
		const { n } = await wh.one<{ n: number }>(`SELECT count(*) AS n FROM tickets WHERE type IN ('install', 'repair', 'maintenance')`);
		expect(total).toBe(Number(n));
		expect((await route(wh, both, { columns: ['type'] })).rolled).toBe(true);
	});

	it('every routed figure on 60 random filter combinations and settings (seeded)', async () => {
		const r = rng(20261201);
		const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
		const day = () => {
			const d = new Date(Date.UTC(2023, 10, 1) + Math.floor(r() * 1100) * 86_400_000);
			return d.toISOString().slice(0, 10);
		};
		const hits = new Map<string, number>();
		const choices = [null, ...TIER_TABLES.map((t) => [t])];
		for (let i = 0; i < 60; i++) {
			const f: Filters = {};
			if (r() < 0.7) {
				const [a, b] = [day(), day()].sort();
				// whole months (the month tier) in part of them
				const whole = r() < 0.4;
				if (r() < 0.9) f.from = whole ? `${a.slice(0, 7)}-01` : a;
				if (r() < 0.9) f.to = whole ? monthEnd(b.slice(0, 7)) : b;
			}
			for (const k of ['region', 'city', 'model', 'team'] as const) if (r() < 0.25) f[k] = pick(options[k === 'model' ? 'model' : k]);
			if (r() < 0.2) f.team_type = pick(['internal', 'outsourced'] as const);
			if (r() < 0.1) f.technician = pick(options.technician);
			const s: Settings = {
				...DEFAULT_SETTINGS,
				// the window the tiers' counts were made with (the default) in half of them, others in the rest
				repeat_visit_days: r() < 0.5 ? DEFAULT_SETTINGS.repeat_visit_days : r() < 0.8 ? 1 + Math.floor(r() * 120) : 7.5,
				satisfied_min_score: pick([1, 2, 3, 3.5, 4, 5]),
				promised_response:
					r() < 0.12
						? {
								unknown_distance_hours: 6,
								bands: [
									{ max_km: 12.5, hours: 3 },
									{ max_km: null, hours: 30 }
								]
							}
						: DEFAULT_SETTINGS.promised_response
			};
			// each combination from one choice of tiers in turn: any, then each tier alone
			const tiers = choices[i % choices.length];
			onlyTiers(tiers);
			const table = await routed(wh, f, { measures: KPI_NAMES, grain: 'month' }, s);
			onlyTiers(null);
			hits.set(table, (hits.get(table) ?? 0) + 1);
			const pairs: [KpiName, DimensionName][] = [0, 1, 2].map(() => [pick(KPI_NAMES), pick(ROLLED_DIMS)]);
			await compareAll(wh, f, s, `#${i} ${JSON.stringify(f)}`, pairs, tiers);
		}
		// every tier really answered some of the combinations' KPI tiles (the others check the fallback)
		for (const t of TIER_TABLES) expect(hits.get(t) ?? 0, `${t}: ${JSON.stringify([...hits])}`).toBeGreaterThanOrEqual(4);
	}, 300_000);
});

/** Each tier's rows, hashed in a fixed order. */
async function rollupHash(wh: Warehouse): Promise<Record<string, { rows: number; h: string }>> {
	const out: Record<string, { rows: number; h: string }> = {};
	for (const t of TIER_TABLES)
		out[t] = await wh.one(
			`SELECT count(*) AS rows, md5(coalesce(string_agg(r, chr(10) ORDER BY r), '')) AS h FROM (SELECT CAST(x AS VARCHAR) AS r FROM ${t} x)`
		);
	return out;
}

/** The rollup a full rebuild of this warehouse would make (worked out, then rolled back). */
async function rebuiltRollupHash(wh: Warehouse): Promise<Record<string, { rows: number; h: string }>> {
	await wh.run('BEGIN TRANSACTION');
	try {
		await rebuildRollup(wh);
		return await rollupHash(wh);
	} finally {
		await wh.run('ROLLBACK');
	}
}

describe('the rollup kept at ingest', () => {
	it('after the base load and after each file of the write-path second round, equals a full rebuild', async () => {
		const dir = tempDir();
		const files = writeWritePathData(dir, { tickets: 3000 });
		const wh = await Warehouse.open(path.join(dir, 'w.duckdb'));
		try {
			expect((await ingestFiles(wh, files.base)).ok).toBe(true);
			const before = await rollupHash(wh);
			expect(before).toEqual(await rebuiltRollupHash(wh));
			const paths: string[] = [];
			for (const f of files.second) {
				const r = await ingestFiles(wh, [f]);
				expect(r.ok).toBe(true);
				paths.push(`${path.basename(f)}:${r.files[0].derived}`);
				expect(await rollupHash(wh), `after ${path.basename(f)}`).toEqual(await rebuiltRollupHash(wh));
			}
			expect(paths).toEqual(['technicians.csv:incremental', 'tickets.csv:incremental', 'rework.csv:incremental', 'parts.csv:none']);
			// the round changed every tier (the check above is not of unchanged tables)
			const changed = await rollupHash(wh);
			for (const t of TIER_TABLES) expect(changed[t].h, t).not.toBe(before[t].h);
			// the delta path itself: the facts of 50 tickets removed, their counts taken off their groups
			await wh.run('BEGIN TRANSACTION');
			try {
				const gone = `ticket_id IN (SELECT ticket_id FROM ticket_facts ORDER BY ticket_id LIMIT 50)`;
				const { groups } = await wh.one<{ groups: number }>(`SELECT count(*) AS groups FROM ticket_rollup`);
				await collectRollupDelta(wh, gone, -1);
				await wh.run(`DELETE FROM ticket_facts WHERE ${gone}`);
				expect(await refreshRollup(wh)).toBe('incremental');
				const after = await rollupHash(wh);
				expect(after.ticket_rollup.rows).toBeLessThanOrEqual(groups);
				for (const t of TIER_TABLES)
					expect(await wh.one(`SELECT CAST(sum(n) AS BIGINT) AS n FROM ${t}`), t).toEqual(
						await wh.one(`SELECT count(*) AS n FROM ticket_facts`)
					);
				await rebuildRollup(wh); // (inside the same transaction: rolled back below)
				expect(after).toEqual(await rollupHash(wh));
			} finally {
				await wh.run('ROLLBACK');
			}
		} finally {
			wh.close();
		}
	}, 120_000);
});
