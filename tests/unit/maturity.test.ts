// Follow-up maturity at the data's edge (docs/METRICS.md § Follow-up maturity),
// on the fixture of tests/unit/fixtures/maturity-fixture.ts loaded into a real
// DuckDB warehouse from real CSV files. Every expected flag, share and nowcast
// is worked out by hand from the fixture's table (see the fixture's comment).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Warehouse } from '../../src/lib/server/warehouse';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { DEFAULT_SETTINGS, type Settings } from '../../src/lib/server/settings';
import {
	dataSpan,
	followupDays,
	fullHistoryFrom,
	groupsWithMaturity,
	kpiMaturity,
	maturityOf,
	nowcast,
	openPart,
	poissonInterval,
	shortHistoryPart
} from '../../src/lib/server/metrics/maturity';
import { kpis } from '../../src/lib/server/metrics/kpis';
import { reworkBy } from '../../src/lib/server/metrics/rework';
import { monthlyReport } from '../../src/lib/server/report';
import { MATURITY_SETTINGS, writeMaturityFixture } from './fixtures/maturity-fixture';
import { useSettingsWarehouse } from './helpers/settings-warehouse';

const S: Settings = { ...DEFAULT_SETTINGS, ...MATURITY_SETTINGS };
const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const FEB = { from: '2026-02-01', to: '2026-02-28' };
const JAN = { from: '2026-01-01', to: '2026-01-31' };

let wh: Warehouse;

useSettingsWarehouse('maturity', MATURITY_SETTINGS, async (dir, w) => {
	wh = w;
	const data = path.join(dir, 'csv');
	fs.mkdirSync(data);
	writeMaturityFixture(data);
	const r = await ingestFiles(wh, [data]);
	expect(r.ok).toBe(true);
	// 20 tickets, 5 rework records, 3 technicians, nothing rejected
	expect(Object.fromEntries(r.files.map((f) => [f.table, [f.rows_loaded, f.rows_rejected]]))).toEqual({
		tickets: [20, 0],
		rework: [5, 0],
		technicians: [3, 0]
	});
});

describe('the day rule, pure', () => {
	const span = { first: '2025-01-10', last: '2026-03-31' };
	it('open part: created on or after E − W + 1', () => {
		// W = 10 → from 2026-03-22; W = 30 → from 2026-03-02
		expect(openPart(MARCH, span, 10)).toEqual({ from: '2026-03-22', to: '2026-03-31' });
		expect(openPart(MARCH, span, 30)).toEqual({ from: '2026-03-02', to: '2026-03-31' });
		// February closes: 28 Feb + 10 = 10 March ≤ 31 March
		expect(openPart(FEB, span, 10)).toBeNull();
		// a window longer than the period: the whole period is open; no end date → up to E
		expect(openPart({ from: '2026-03-25' }, span, 30)).toEqual({ from: '2026-03-25', to: '2026-03-31' });
		// dimension filters ride along
		expect(openPart({ ...MARCH, region: 'East' }, span, 10)).toEqual({ region: 'East', from: '2026-03-22', to: '2026-03-31' });
	});
	it('a year of history from the same day a year after the first ticket (29 Feb → 1 Mar)', () => {
		expect(fullHistoryFrom(span)).toBe('2026-01-10');
		expect(fullHistoryFrom({ first: '2024-02-29', last: '2026-01-01' })).toBe('2025-03-01');
		expect(shortHistoryPart(JAN, span)).toEqual({ from: '2026-01-01', to: '2026-01-09' });
		expect(shortHistoryPart(FEB, span)).toBeNull();
		expect(shortHistoryPart({}, span)).toEqual({ from: '2025-01-10', to: '2026-01-09' });
	});
	it('windows come from the settings; rates known with the ticket have none', () => {
		expect(followupDays('rework_rate', S)).toBe(10);
		expect(followupDays('repeat_visit_rate', S)).toBe(30);
		expect(followupDays('on_time_rate', S)).toBeNull();
		expect(followupDays('rework_rate', DEFAULT_SETTINGS)).toBe(30);
	});
	it('maturityOf: no denominator gives no share; no window is never provisional', () => {
		expect(maturityOf({ denominator: 0 }, null, 10, '2026-03-31').open_share).toBeNull();
		expect(maturityOf({ denominator: 4 }, { denominator: 4 }, null, '2026-03-31')).toMatchObject({ provisional: false, open_share: 0 });
	});
});

describe('on the warehouse', () => {
	it('the data span is the first and last ticket date', async () => {
		expect(await dataSpan(wh)).toEqual({ first: '2025-01-10', last: '2026-03-31' });
	});

	it('March: rework and repeat visits provisional with their open shares; the others final', async () => {
		const m = await kpiMaturity(wh, MARCH, ['rework_rate', 'repeat_visit_rate', 'repeat_customer_share', 'on_time_rate'], S);
		// rework: jobs J1–J6 (J7 not completed); open J4 (03-26), J5 (03-30), J6 (03-31) → 3/6; last window closes 31 Mar + 10
		expect(m.rework_rate).toEqual({
			provisional: true,
			open_share: 0.5,
			window_days: 10,
			final_on: '2026-04-10',
			not_enough_history: false,
			short_history_share: null
		});
		// repeat visits: repairs R1 (03-01, closed: 1 + 30 = 31 March), R2 (03-02), J5 (03-30) → open 2/3
		expect(m.repeat_visit_rate.provisional).toBe(true);
		expect(m.repeat_visit_rate.open_share).toBeCloseTo(2 / 3, 12);
		expect(m.repeat_visit_rate.final_on).toBe('2026-04-30');
		// repeat customers: installs J1–J4, all after 2026-01-10
		expect(m.repeat_customer_share).toMatchObject({ provisional: false, open_share: 0, not_enough_history: false, short_history_share: 0 });
		// no arrivals in the fixture: no denominator
		expect(m.on_time_rate).toMatchObject({ provisional: false, open_share: null, window_days: null });
	});

	it('February is final: every window closed before the data ends', async () => {
		const m = await kpiMaturity(wh, FEB, ['rework_rate', 'repeat_visit_rate'], S);
		expect(m.rework_rate).toMatchObject({ provisional: false, open_share: 0, final_on: null });
		expect(m.repeat_visit_rate).toMatchObject({ provisional: false, open_share: 0 });
	});

	it('January: repeat-customer share without a year of history', async () => {
		const m = await kpiMaturity(wh, JAN, ['repeat_customer_share'], S);
		// installs I1 (01-05, before 01-10) and I2 (01-20) → 1 of 2 short
		expect(m.repeat_customer_share).toMatchObject({ not_enough_history: true, short_history_share: 0.5, provisional: false });
		// whole history: X0 and I1 of 10 installs
		const all = await kpiMaturity(wh, {}, ['repeat_customer_share'], S);
		expect(all.repeat_customer_share.short_history_share).toBeCloseTo(0.2, 12);
	});

	it('group rows: each group its own open share', async () => {
		const byType = await groupsWithMaturity(wh, MARCH, 10, (c, f) => reworkBy(c, f, 'team_type'));
		const t = Object.fromEntries(byType.map((r) => [r.group, [r.numerator, r.denominator, r.provisional, r.open_share]]));
		// internal J1 J2 J3 J5 J6 (open J5, J6) → 2/5; outsourced J4 (open) → 1/1
		expect(t).toEqual({ internal: [2, 5, true, 0.4], outsourced: [0, 1, true, 1] });
		const byTenure = await groupsWithMaturity(wh, MARCH, 10, (c, f) => reworkBy(c, f, 'tenure'));
		const b = Object.fromEntries(byTenure.map((r) => [r.group, [r.denominator, r.provisional, r.open_share]]));
		// experienced T3: J1 J2 J3, all closed; new T1: J4 open; developing T2: J5 J6 open
		expect(b).toEqual({ experienced: [3, false, 0], new: [1, true, 1], developing: [2, true, 1] });
	});

	it('by month: February final, March provisional (the rework-by-month chart draws March hollow)', async () => {
		const rows = await groupsWithMaturity(wh, { from: '2026-02-01', to: '2026-03-31' }, 10, (c, f) => reworkBy(c, f, 'month'));
		// the open part (22–31 March) holds J4, J5, J6 of March's 6 jobs; February's 3 are all closed
		expect(rows.map((r) => [r.group, r.denominator, r.provisional, r.open_share, r.final_on])).toEqual([
			['2026-02', 3, false, 0, null],
			['2026-03', 6, true, 0.5, '2026-04-10']
		]);
	});

	it('nowcast of March rework from the delay distribution', async () => {
		// delays of matured jobs (created ≤ 21 March): H1 2, J1 4, H2 6, H3 8 days → F(e) = #(gap ≤ e)/4
		// J1 J2 J3: e ≥ 10 → 1 each; J4 e = 5 → 2/4; J5 e = 1 → 0; J6 e = 0 → 0 → Σ = 3.5; reworked J1, J5 → 2/3.5
		const n = await nowcast(wh, MARCH, 'rework_rate', S, { first: '2025-01-10', last: '2026-03-31' });
		expect(n.effective_denominator).toBeCloseTo(3.5, 12);
		expect(n.value).toBeCloseTo(4 / 7, 12);
		expect(n.delays_from).toBe(4);
		expect(n.method).toBe('delay-distribution');
	});

	it('nowcast of March repeat visits', async () => {
		// delays (repairs created ≤ 1 March with a next repair within 720 h): R1 25 h, R3 48 h
		// e to the end of 31 March: R1 735 h (≥ 720 → 1), R2 710 h → 2/2, J5 36 h → 1/2 → Σ = 2.5; repeats: R1 → 1/2.5
		const n = await nowcast(wh, MARCH, 'repeat_visit_rate', S, { first: '2025-01-10', last: '2026-03-31' });
		expect(n.effective_denominator).toBeCloseTo(2.5, 12);
		expect(n.value).toBeCloseTo(0.4, 12);
		expect(n.delays_from).toBe(2);
	});
});

/** Solves a cdf(x) = p for x by bisection on (0, 100): an independent check of the Gamma quantiles. */
function solve(cdf: (x: number) => number, p: number): number {
	let lo = 0;
	let hi = 100;
	for (let i = 0; i < 200; i++) {
		const mid = (lo + hi) / 2;
		if (cdf(mid) < p) lo = mid;
		else hi = mid;
	}
	return (lo + hi) / 2;
}
// closed-form Gamma(k, 1) cdfs for integer k: 1 − e^(−x) Σ_{j<k} x^j / j!
const gammaCdf1 = (x: number) => 1 - Math.exp(-x);
const gammaCdf2 = (x: number) => 1 - Math.exp(-x) * (1 + x);
const gammaCdf3 = (x: number) => 1 - Math.exp(-x) * (1 + x + (x * x) / 2);

describe('Garwood exact Poisson limits (the nowcast interval)', () => {
	it('x = 0, 1, 2 against the closed forms and the published table (0–3.689, 0.0253–5.572, 0.242–7.225)', () => {
		expect(poissonInterval(0).low).toBe(0);
		expect(poissonInterval(0).high).toBeCloseTo(-Math.log(0.025), 9);
		expect(poissonInterval(1).low).toBeCloseTo(-Math.log(0.975), 9);
		expect(poissonInterval(1).high).toBeCloseTo(solve(gammaCdf2, 0.975), 9);
		expect(poissonInterval(2).low).toBeCloseTo(solve(gammaCdf2, 0.025), 9);
		expect(poissonInterval(2).high).toBeCloseTo(solve(gammaCdf3, 0.975), 9);
		expect([poissonInterval(1).high, poissonInterval(2).low, poissonInterval(2).high].map((v) => Math.round(v * 1000) / 1000)).toEqual([
			5.572, 0.242, 7.225
		]);
		expect(gammaCdf1(poissonInterval(0).high)).toBeCloseTo(0.975, 12);
	});
	it('the March rework nowcast carries the limits of its 2 reworks ÷ 3.5', async () => {
		const n = await nowcast(wh, MARCH, 'rework_rate', S, { first: '2025-01-10', last: '2026-03-31' });
		expect(n.ci_low).toBeCloseTo(solve(gammaCdf2, 0.025) / 3.5, 9);
		expect(n.ci_high).toBeCloseTo(solve(gammaCdf3, 0.975) / 3.5, 9);
	});
});

describe('nowcast backtest: as if the data had ended earlier', () => {
	const span = { first: '2025-01-10', last: '2026-03-31' };
	it('rework as of 25 March: only jobs created and reworks seen by then', async () => {
		// jobs J1 (03-05), J2 (03-15), J3 (03-21); reworks seen: J1's (03-09) → 1.
		// delays from jobs created ≤ 03-15: H1 2, J1 4, H2 6, H3 8 → F(e) = #(gap ≤ e)/4;
		// e: J1 20 → 1, J2 10 → 1 (≥ W), J3 4 → 2/4 → Σ = 2.5 → 1/2.5
		const n = await nowcast(wh, MARCH, 'rework_rate', S, span, '2026-03-25');
		expect(n.effective_denominator).toBeCloseTo(2.5, 12);
		expect(n.value).toBeCloseTo(0.4, 12);
		expect(n.delays_from).toBe(4);
		// as of the data's end it is the nowcast above
		expect((await nowcast(wh, MARCH, 'rework_rate', S, span, '2026-03-31')).value).toBeCloseTo(4 / 7, 12);
	});
	it('repeat visits as of 25 March', async () => {
		// repairs R1 (03-01 09:00), R2 (03-02 10:00); delays from repairs created ≤ 23 Feb: R3 48 h → F = [e ≥ 48];
		// e to the end of 25 March: R1 591 h, R2 566 h → 1 each; R1's next repair (25 h) seen → 1/2
		const n = await nowcast(wh, MARCH, 'repeat_visit_rate', S, span, '2026-03-25');
		expect([n.effective_denominator, n.value, n.delays_from]).toEqual([2, 0.5, 1]);
	});
});

describe('the kpis data source and the report carry the flags, figures unchanged', () => {
	it('kpis(): March rework 2/6 provisional at 1/2 open; previous period February final', async () => {
		const k = await kpis(wh, MARCH);
		expect([k.rework_rate.numerator, k.rework_rate.denominator]).toEqual([2, 6]);
		expect(k.rework_rate).toMatchObject({ provisional: true, open_share: 0.5, previous_provisional: false });
		expect([k.repeat_visit_rate.numerator, k.repeat_visit_rate.denominator]).toEqual([1, 3]);
		expect(k.repeat_visit_rate.provisional).toBe(true);
		expect(k.complaint_rate).toMatchObject({ provisional: false, open_share: 0 });
	});

	it('monthly report: KPIs and group rows flagged, the nowcast labelled as an estimate', async () => {
		const r = await monthlyReport(wh, '2026-03');
		expect(r.kpis.rework_rate).toMatchObject({ numerator: 2, denominator: 6, provisional: true, open_share: 0.5 });
		expect(r.kpis.rework_rate.nowcast?.value).toBeCloseTo(4 / 7, 12);
		expect(r.kpis.complaint_rate.nowcast).toBeNull();
		expect(r.rework_by_team_type.map((g) => [g.group, g.provisional, g.open_share])).toEqual([
			['internal', true, 0.4],
			['outsourced', true, 1]
		]);
		const jan = await monthlyReport(wh, '2026-01');
		expect(jan.kpis.repeat_customer_share).toMatchObject({ numerator: 1, denominator: 2, not_enough_history: true });
		expect(jan.kpis.rework_rate.provisional).toBe(false);
	});
});
