// The filters (src/lib/server/metrics/filters.ts): region and model take a list
// (?region=East&region=South, any of them), every value bound as data; the
// other filters take one value; a figure that needs one region refuses a list
// with the reason. On the metric fixture (tests/unit/fixtures/metrics-fixture.ts),
// real CSV files in a real DuckDB warehouse: two regions give the sum of each
// alone, the rollup answers what the facts answer, and the cities offered for a
// region (filter_options' region_city pairs) follow the data, also after an
// incremental change.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUERIES } from '../../src/lib/server/api/queries';
import { effectiveFilters } from '../../src/lib/server/api/respond';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { FilterError, MAX_VALUES, oneValue, parseFilters, ticketWhere, type Filters } from '../../src/lib/server/metrics/filters';
import { kpis } from '../../src/lib/server/metrics/kpis';
import { measureRate, rateBy } from '../../src/lib/server/metrics/measures';
import { reworkRate } from '../../src/lib/server/metrics/rework';
import { loadByMonth } from '../../src/lib/server/metrics/seasonal';
import { fromFacts, route } from '../../src/lib/server/rollup';
import { Warehouse } from '../../src/lib/server/warehouse';
import { FIXTURE_SETTINGS, MODELS, TICKETS, ticketsCsv, writeFixture } from './fixtures/metrics-fixture';
import { useSettingsWarehouse } from './helpers/settings-warehouse';

const { M35, M26 } = MODELS;
const JUNE = { from: '2026-06-01', to: '2026-06-30' };
const QUOTES = ["') OR 1=1 --", "East' OR 'a'='a", '"; DROP TABLE tickets; --'];

describe('parseFilters: lists for region and model, one value for the rest', () => {
	it('repeated region and model parameters become lists, in order, each value once, empty ones left out', () => {
		const f = parseFilters(new URLSearchParams('region=上海&region=江苏&region=上海&region=&model=KFR-35&city=苏州&from=2026-01-01'));
		expect(f).toEqual({ from: '2026-01-01', region: ['上海', '江苏'], model: ['KFR-35'], city: '苏州' });
		// the CLI's key → value form: one value is a list of one
		expect(parseFilters({ region: 'East', model: ['A', 'B'], team: 'T1' })).toEqual({ region: ['East'], model: ['A', 'B'], team: 'T1' });
		expect(parseFilters(new URLSearchParams(''))).toEqual({});
	});

	it('refuses a second value where one is taken, more than 50 values, and a bad value in any position', () => {
		expect(() => parseFilters(new URLSearchParams('city=a&city=b'))).toThrow('city takes one value, got 2');
		expect(() => parseFilters(new URLSearchParams('team_type=internal&team_type=outsourced'))).toThrow('team_type takes one value, got 2');
		expect(() => parseFilters(new URLSearchParams('from=2026-01-01&from=2026-02-01'))).toThrow('from takes one value, got 2');
		const many = (n: number) => new URLSearchParams(Array.from({ length: n }, (_, i) => ['region', `R${i}`]));
		expect(MAX_VALUES).toBe(50);
		expect(parseFilters(many(50)).region).toHaveLength(50);
		expect(() => parseFilters(many(51))).toThrow('region takes at most 50 values, got 51');
		expect(() => parseFilters(new URLSearchParams('region=East&region=a%0Ab'))).toThrow('region is not a valid value');
		expect(() => parseFilters(new URLSearchParams(`model=M1&model=${'x'.repeat(201)}`))).toThrow('model is not a valid value');
		expect(() => parseFilters(new URLSearchParams('from=2026-02-01&to=2026-01-01'))).toThrow('from is after to');
		// a quote or a comment in the list is a value like any other (bound, below)
		expect(parseFilters(new URLSearchParams([['region', 'East'], ...QUOTES.map((q) => ['region', q])])).region).toEqual([
			'East',
			...QUOTES
		]);
	});

	it('ticketWhere binds each value of a list; one value is an equality; an empty list selects nothing', () => {
		expect(ticketWhere({ region: ['East', "') OR 1=1 --"], model: 'M1' }, 'x')).toEqual({
			sql: 'x.region IN ($f_region_0, $f_region_1) AND x.product_model = $f_model',
			params: { f_region_0: 'East', f_region_1: "') OR 1=1 --", f_model: 'M1' }
		});
		expect(ticketWhere({ region: [] }).sql).toBe('FALSE');
		expect(ticketWhere({ region: ['A'], city: 'C' }, 't', { prefix: 'b_' })).toEqual({
			sql: 't.region IN ($b_region_0) AND t.city = $b_city',
			params: { b_region_0: 'A', b_city: 'C' }
		});
	});

	it('oneValue: the value, nothing, or a FilterError naming the figure and the count', () => {
		expect(oneValue({ region: ['East'] }, 'region', 'the staffing plan')).toBe('East');
		expect(oneValue({ region: 'East' }, 'region', 'the staffing plan')).toBe('East');
		expect(oneValue({}, 'model', 'a review')).toBeUndefined();
		expect(() => oneValue({ region: ['East', 'South'] }, 'region', 'the staffing plan')).toThrow(
			new FilterError('the staffing plan takes one region at a time, got 2 (East, South): choose one')
		);
	});
});

/** How many of the fixture's tickets (the TICKETS array, not the warehouse) in June 2026 `keep` selects. */
function fixtureCount(keep: (t: (typeof TICKETS)[number]) => boolean): number {
	return TICKETS.filter((t) => t.created.startsWith('2026-06') && keep(t)).length;
}

const fx = useSettingsWarehouse('filters', FIXTURE_SETTINGS, async (dir, w) => {
	writeFixture(dir);
	expect((await ingestFiles(w, [dir])).ok).toBe(true);
});

describe('lists on the metric fixture', () => {
	it('two regions: the rework rate is the sum of each alone (East 8/24 + South 1/5 = 9/29)', async () => {
		const wh = fx.wh;
		const east = await reworkRate(wh, { ...JUNE, region: ['East'] });
		const south = await reworkRate(wh, { ...JUNE, region: ['South'] });
		const both = await reworkRate(wh, { ...JUNE, region: ['East', 'South'] });
		// metrics.test.ts works these out: East June E01–E24 = 24 jobs, 8 reworked; South June S21–S25 = 5 jobs, S21 reworked
		expect([east.numerator, east.denominator, south.numerator, south.denominator]).toEqual([8, 24, 1, 5]);
		expect([both.numerator, both.denominator]).toEqual([9, 29]);
		expect(both.value).toBeCloseTo(9 / 29, 12);
		// West and North have no June jobs: adding them changes nothing, and the four regions are every ticket
		const four = await reworkRate(wh, { ...JUNE, region: ['East', 'West', 'South', 'North'] });
		expect([four.numerator, four.denominator]).toEqual([9, 29]);
	});

	it('two regions: the tickets of each month and type are the sum of each alone, and match the fixture rows', async () => {
		const wh = fx.wh;
		const span = { from: '2026-01-01', to: '2026-06-30' };
		const byMonth = async (region: string[]) =>
			new Map((await loadByMonth(wh, { ...span, region })).map((r) => [`${r.period} ${r.type}`, r.tickets]));
		const [east, south, both] = [await byMonth(['East']), await byMonth(['South']), await byMonth(['East', 'South'])];
		expect(both.size).toBeGreaterThan(4);
		expect(new Set([...east.keys(), ...south.keys()])).toEqual(new Set(both.keys()));
		for (const [k, n] of both) expect(n, k).toBe((east.get(k) ?? 0) + (south.get(k) ?? 0));
		// June from the fixture rows themselves: every East or South ticket created in 2026-06
		const june = [...both].filter(([k]) => k.startsWith('2026-06 ')).reduce((s, [, n]) => s + n, 0);
		expect(june).toBe(fixtureCount((t) => t.region === 'East' || t.region === 'South'));
		expect(june).toBe(46);
	});

	it('two models: the East June rework rate is the sum of each alone (M26 1/13 + M35 7/11)', async () => {
		const wh = fx.wh;
		const east = { ...JUNE, region: 'East' };
		const m26 = await reworkRate(wh, { ...east, model: [M26] });
		const m35 = await reworkRate(wh, { ...east, model: [M35] });
		const both = await reworkRate(wh, { ...east, model: [M26, M35] });
		// M26: E03, E04, E08, E15–E24 = 13 jobs, E08 reworked (metrics.test.ts);
		// M35: E01, E02, E05, E06, E07, E09–E14 = 11 jobs, reworked E01, E09–E14 = 7; together East June's 24 jobs, 8 reworked
		expect([m26.numerator, m26.denominator]).toEqual([1, 13]);
		expect([m35.numerator, m35.denominator]).toEqual([7, 11]);
		expect([both.numerator, both.denominator]).toEqual([8, 24]);
	});

	it('a quote, a comment or OR 1=1 in the list is data: the list selects what its real values select', async () => {
		const wh = fx.wh;
		const r = await reworkRate(wh, { ...JUNE, region: ['East', ...QUOTES] });
		expect([r.numerator, r.denominator]).toEqual([8, 24]);
		const only = await reworkRate(wh, { ...JUNE, region: QUOTES });
		expect([only.numerator, only.denominator]).toEqual([0, 0]);
		const { n } = await wh.one<{ n: number }>('SELECT count(*) AS n FROM tickets');
		expect(n).toBe(139);
	});

	it('the rollup answers a region list and a model list as the facts do', async () => {
		const wh = fx.wh;
		const lists: Filters[] = [
			{ ...JUNE, region: ['East', 'South'] },
			{ from: '2025-01-01', to: '2026-06-30', region: ['North', 'West', 'South'], model: [M26, M35] },
			{ region: ['East'], model: [M35, M26], team: 'Beta' }
		];
		for (const f of lists) {
			expect((await route(wh, f, { measures: ['rework_rate'] })).rolled, JSON.stringify(f)).toBe(true);
			for (const [name, fn] of [
				['kpis', () => kpis(wh, f, FIXTURE_SETTINGS)],
				['load_month', () => loadByMonth(wh, f)],
				['rework by region', () => rateBy(wh, f, 'rework_rate', 'region', FIXTURE_SETTINGS)],
				['on time by model', () => rateBy(wh, f, 'on_time_rate', 'model', FIXTURE_SETTINGS)],
				['complaints', () => measureRate(wh, f, 'complaint_rate', FIXTURE_SETTINGS)]
			] as [string, () => Promise<unknown>][]) {
				const rolled = await fn();
				expect(rolled, `${name} ${JSON.stringify(f)}`).toEqual(await fromFacts(fn));
			}
		}
	});
});

describe('lists through the data sources (parse, known values, handler)', () => {
	const call = async (wh: Warehouse, name: string, qs: string) => {
		const params = new URLSearchParams(qs);
		return QUERIES[name](wh, await effectiveFilters(wh, 1, name, params), params);
	};

	it('kpis for ?region=East&region=South count both regions', async () => {
		const r = await call(fx.wh, 'kpis', 'region=East&region=South&from=2026-06-01&to=2026-06-30');
		const body = (r as { body: { kpis: { rework_rate: { numerator: number; denominator: number } } } }).body;
		expect([body.kpis.rework_rate.numerator, body.kpis.rework_rate.denominator]).toEqual([9, 29]);
	});

	it('an unknown value anywhere in the list is a 400 naming it; a list where one value is needed says so', async () => {
		await expect(call(fx.wh, 'kpis', `region=East&region=${encodeURIComponent("') OR 1=1 --")}`)).rejects.toThrow(
			new FilterError(`unknown region: "') OR 1=1 --"`)
		);
		await expect(call(fx.wh, 'staffing_plan', 'region=East&region=South')).rejects.toThrow(
			'the staffing plan takes one region at a time, got 2 (East, South): choose one'
		);
		await expect(call(fx.wh, 'review', `period=2026-06&model=${encodeURIComponent(M26)}&model=${encodeURIComponent(M35)}`)).rejects.toThrow(
			`a review takes one model at a time, got 2 (${M26}, ${M35}): choose one`
		);
	});

	it('the plan of each region on its own does not read the filters’ region: a list there is no error', async () => {
		const listed = await call(fx.wh, 'staffing_breakdown', 'dim=region&region=East&region=South');
		const none = await call(fx.wh, 'staffing_breakdown', 'dim=region');
		expect(listed).toEqual(none);
	});

	it('meta lists the cities of each region, as the fixture rows pair them', async () => {
		const r = (await call(fx.wh, 'meta', '')) as { body: { region_cities: Record<string, string[]> } };
		expect(r.body.region_cities).toEqual({
			East: ['Hangzhou', 'Ningbo'],
			North: ['Beijing'],
			South: ['Guangzhou', 'Shenzhen'],
			West: ['Chengdu']
		});
	});
});

describe('the cities of a region follow an incremental change', () => {
	const fresh = useSettingsWarehouse('filters-pairs', FIXTURE_SETTINGS, async (dir, w) => {
		writeFixture(dir);
		expect((await ingestFiles(w, [dir])).ok).toBe(true);
	});

	it('a ticket moved to a new city adds its pair; the last tickets of a pair moved away take it off', async () => {
		const wh = fresh.wh;
		// E03 (East, Ningbo) moves to Suzhou: Ningbo keeps E04, E07…; S21–S25 (all of South · Shenzhen) move to Guangzhou
		const moved = TICKETS.filter((t) => t.id === 'E03' || /^S2[1-5]$/.test(t.id)).map((t) =>
			t.id === 'E03' ? { ...t, city: 'Suzhou' } : { ...t, city: 'Guangzhou' }
		);
		expect(moved).toHaveLength(6);
		const dir = path.join(fresh.dir, 'change');
		fs.mkdirSync(dir);
		fs.writeFileSync(path.join(dir, 'tickets.csv'), ticketsCsv(moved));
		const r = await ingestFiles(wh, [path.join(dir, 'tickets.csv')]);
		expect(r.files.map((f) => [f.rows_loaded, f.derived])).toEqual([[6, 'incremental']]);
		const pairs = await wh.all<{ value: string }>(`SELECT value FROM filter_options WHERE dim = 'region_city' ORDER BY 1`);
		expect(pairs.map((p) => p.value.split('\u001f'))).toEqual([
			['East', 'Hangzhou'],
			['East', 'Ningbo'],
			['East', 'Suzhou'],
			['North', 'Beijing'],
			['South', 'Guangzhou'],
			['West', 'Chengdu']
		]);
	});

	it('pairs that miss a city (a warehouse from before them, partly refreshed) are not offered: the bar lists every city', async () => {
		const wh = fresh.wh;
		const meta = async () =>
			((await QUERIES.meta(wh, {}, new URLSearchParams())) as { body: { region_cities: object } }).body.region_cities;
		expect(Object.keys(await meta()).sort()).toEqual(['East', 'North', 'South', 'West']);
		await wh.run(`DELETE FROM filter_options WHERE dim = 'region_city' AND value NOT LIKE 'East%'`);
		expect(await meta()).toEqual({});
	});
});

describe('a warehouse from before the region → city pairs', () => {
	const old = useSettingsWarehouse('filters-old', FIXTURE_SETTINGS, async (dir, w) => {
		writeFixture(dir);
		expect((await ingestFiles(w, [dir])).ok).toBe(true);
	});

	it('gets its pairs on the next open, the same pairs a full build gives', async () => {
		const pairsOf = async (w: Warehouse) =>
			(await w.all<{ value: string }>(`SELECT value FROM filter_options WHERE dim = 'region_city' ORDER BY 1`)).map((p) => p.value);
		const built = await pairsOf(old.wh);
		expect(built.map((v) => v.split('\u001f'))).toEqual([
			['East', 'Hangzhou'],
			['East', 'Ningbo'],
			['North', 'Beijing'],
			['South', 'Guangzhou'],
			['South', 'Shenzhen'],
			['West', 'Chengdu']
		]);
		await old.wh.run(`DELETE FROM filter_options WHERE dim = 'region_city'`);
		const file = old.wh.path;
		old.wh.close();
		old.wh = await Warehouse.open(file);
		expect(await pairsOf(old.wh)).toEqual(built);
	});
});
