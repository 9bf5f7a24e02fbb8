// The metric layer against docs/METRICS.md, sqllogictest style: the fixture rows
// (tests/unit/fixtures/metrics-fixture.ts), the figure, and next to each
// assertion the answer worked out by hand from those rows.
//
// Ticket ids used below (see the fixture for every column):
//   East  E01–E24 jobs of June 2026, E25 incomplete install, E26/E37 complaints,
//         E27–E29 May 2026, E30–E33 June 2025, E34 Feb 2026, E35/E36 July 2026
//   West  V01–V17 repairs around September 2025
//   South S00–S05 repairs Nov 2025 – Apr 2026, SI1–SI5 installs, June 2026 repairs
//         S11–S16 (M50 压缩机), S21–S25 (M35 电脑板), S31–S34 (M26 电容), SX1, SX2, maintenance SM1
//   North N…: every month of 2024 and 2025
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Warehouse } from '../../src/lib/server/warehouse';
import { ingestFiles, type IngestResult } from '../../src/lib/server/ingest/index';
import { reworkBy, reworkedJobs, reworkPareto, reworkRate } from '../../src/lib/server/metrics/rework';
import { repeatCustomerByMonth, repeatCustomerShare, repeatVisitBy, repeatVisitRate } from '../../src/lib/server/metrics/customers';
import { loadByDay, loadByMonth, loadByWeek, monthlyForecast, peakToOffByYear } from '../../src/lib/server/metrics/seasonal';
import {
	emergingCheck,
	emergingIssues,
	faultPareto,
	lastCompleteMonth,
	modelComponentMatrix,
	nevada,
	supplierView
} from '../../src/lib/server/metrics/faults';
import { complaintRate, onTimeRate, satisfactionRate, timeToComplete } from '../../src/lib/server/metrics/service';
import { kpis, type Kpi } from '../../src/lib/server/metrics/kpis';
import { shiftPeriod, type Filters } from '../../src/lib/server/metrics/filters';
import { meetsTarget } from '../../src/lib/server/settings';
import type { GroupRate, Rate } from '../../src/lib/server/metrics/rate';
import { monthlyReport } from '../../src/lib/server/report';
import { FIXTURE_SETTINGS, MODELS, TICKETS, writeFixture } from './fixtures/metrics-fixture';
import { useSettingsWarehouse } from './helpers/settings-warehouse';

const { M35, M26, M50 } = MODELS;

// The settings the hand answers assume (pinned in the fixture, so an edit of the project's settings file does not move them).
const SETTINGS = FIXTURE_SETTINGS;

/** z of the 95 % Wilson interval and z² (as in src/lib/server/metrics/stats.ts). */
const Z = 1.959963984540054;
const Z2 = Z * Z; // 3.841458820694125

const EAST_JUNE: Filters = { region: 'East', from: '2026-06-01', to: '2026-06-30' };
const EAST_MAY: Filters = { region: 'East', from: '2026-05-01', to: '2026-05-31' };
const JUNE: Filters = { from: '2026-06-01', to: '2026-06-30' };
const SOUTH_JUNE: Filters = { region: 'South', from: '2026-06-01', to: '2026-06-30' };
const WEST_SEP: Filters = { region: 'West', from: '2025-09-01', to: '2025-09-30' };

let wh: Warehouse;
let ingest: IngestResult;
let assertions = 0;

function expectRate(r: Rate, numerator: number, denominator: number) {
	expect({ numerator: r.numerator, denominator: r.denominator }).toEqual({ numerator, denominator });
	expect(r.value).toBeCloseTo(numerator / denominator, 10);
}

/**
 * A headline KPI against its hand-worked figures: numerator x of n, the previous
 * period's and last year's value, whether it meets its target, and the target the
 * fixture's settings give it.
 */
function expectKpi(
	name: string,
	got: Pick<Kpi, 'numerator' | 'denominator' | 'value' | 'previous' | 'meets_target' | 'target'>,
	lastYear: number | null,
	[x, n, prev, ly, meets]: readonly [number, number, number, number, boolean]
) {
	expect([name, got.numerator, got.denominator], name).toEqual([name, x, n]);
	expect(got.value, name).toBeCloseTo(x / n, 10);
	expect(got.previous, name).toBeCloseTo(prev, 10);
	expect(lastYear, name).toBeCloseTo(ly, 10);
	expect(got.meets_target, name).toBe(meets);
	expect(got.target, name).toEqual(SETTINGS.targets[name as keyof typeof SETTINGS.targets]);
}

/** [group, reworked or repeated, jobs] of each row, in the order returned. */
const triples = (rows: GroupRate[]) => rows.map((r) => [r.group, r.numerator, r.denominator]);
const byGroup = (rows: GroupRate[], g: string | null) => rows.find((r) => r.group === g)!;

useSettingsWarehouse('metrics', SETTINGS, async (dir, w) => {
	wh = w;
	writeFixture(dir);
	ingest = await ingestFiles(wh, [dir]);
});

afterEach(() => {
	assertions += expect.getState().assertionCalls;
});

afterAll(() => {
	console.log(`metrics.test.ts: ${assertions} assertions`);
});

/** Spiegelhalter's (2005, A.1.1) interpolated upper 0.99865 limit, worked out here independently of src/lib/stats. */
function exactUpper(n: number, p: number): number {
	const pmf = (k: number) => {
		let c = 1;
		for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
		return c * p ** k * (1 - p) ** (n - k);
	};
	let cdf = 0;
	for (let r = 0; r <= n; r++) {
		cdf += pmf(r);
		if (cdf >= 0.99865) return (r - (cdf - 0.99865) / pmf(r)) / n;
	}
	return 1;
}

describe('the fixture loads', () => {
	it('every row of the four files, nothing rejected', async () => {
		expect(ingest.ok).toBe(true);
		const loaded = Object.fromEntries(ingest.files.map((f) => [f.table, [f.rows_loaded, f.rows_rejected, f.error ?? null]]));
		// East 37 + West 17 + South 29 + North 56 = 139 tickets; 15 rework records; 9 parts lines; 5 technicians
		expect(TICKETS.length).toBe(139);
		expect(loaded).toEqual({
			technicians: [5, 0, null],
			tickets: [139, 0, null],
			rework: [15, 0, null],
			parts: [9, 0, null]
		});
		expect(ingest.files.flatMap((f) => f.rejects)).toEqual([]);
		const { n } = await wh.one<{ n: number }>('SELECT count(*) AS n FROM rejects');
		expect(n).toBe(0);
	});
});

// ---------------------------------------------------------------------------
describe('rework rate (METRICS.md § Rework)', () => {
	it('jobs with at least one rework record ÷ completed install/repair/maintenance jobs', async () => {
		// jobs in East, June 2026: E01–E24 = 24 (E25 never completed, E26/E37 complaints, E27 is May, E35 is July)
		// reworked: E01 (RW01 and RW02: counts once), E08, E09, E10, E11, E12, E13, E14 (RW09 dated 2026-07-05) = 8
		// E25 (RW10) and E26 (RW11) have rework records but are not jobs → 8/24
		expectRate(await reworkRate(wh, EAST_JUNE), 8, 24);
		// `to` is inclusive: without 06-30, E14 (06-30 23:59, reworked) drops out → 7/23
		expectRate(await reworkRate(wh, { ...EAST_JUNE, to: '2026-06-29' }), 7, 23);
		// May: E27 (05-31 23:59, RW12 dated in June: still counts) and E28 → 1/2
		expectRate(await reworkRate(wh, EAST_MAY), 1, 2);
		// East and South, June: 24 + S21–S25 (the only completed South repairs) = 29 jobs; reworked 8 + S21 = 9
		expectRate(await reworkRate(wh, JUNE), 9, 29);
	});

	it('dimension filters: city, model, team, team_type, technician', async () => {
		// Ningbo: E03, E04, E07, E08, E15, E16 = 6 jobs; reworked E08 → 1/6
		expectRate(await reworkRate(wh, { ...EAST_JUNE, city: 'Ningbo' }), 1, 6);
		// M26: E03, E04, E08, E15, E16, E17–E24 = 13 jobs; reworked E08 → 1/13
		expectRate(await reworkRate(wh, { ...EAST_JUNE, model: M26 }), 1, 13);
		// team Beta: E07, E08, E09–E13, E15 = 8 jobs; reworked E08, E09–E13 = 6
		expectRate(await reworkRate(wh, { ...EAST_JUNE, team: 'Beta' }), 6, 8);
		// outsourced = the Beta tickets → 6/8; internal = Alpha 7 + Gamma 8 = 15 jobs, reworked E01, E14 → 2/15
		expectRate(await reworkRate(wh, { ...EAST_JUNE, team_type: 'outsourced' }), 6, 8);
		expectRate(await reworkRate(wh, { ...EAST_JUNE, team_type: 'internal' }), 2, 15);
		// W1: E01, E02, E03, E04, E14 = 5 jobs; reworked E01, E14 → 2/5
		expectRate(await reworkRate(wh, { ...EAST_JUNE, technician: 'W1' }), 2, 5);
	});

	it('by technician, with the p-chart verdict against the overall rate', async () => {
		// p̄ = 8/24 = 1/3. Rows by jobs desc, then id:
		//   W3 8 jobs 0 | N1 5 jobs 5 | W1 5 jobs 2 | N2 2 jobs 1 | W2 2 jobs 0 | X9 1 job 0 | (none) E16 1 job 0
		const rows = await reworkBy(wh, EAST_JUNE, 'technician');
		expect(triples(rows)).toEqual([
			['W3', 0, 8],
			['N1', 5, 5],
			['W1', 2, 5],
			['N2', 1, 2],
			['W2', 0, 2],
			['X9', 0, 1],
			[null, 0, 1]
		]);
		// Exact verdicts (Spiegelhalter 2005, tail 0.00135 each side). At n = 5 and p̄ = 1/3 no outcome can be flagged:
		// P(Y = 5) = (1/3)^5 = 1/243 = 0.0041 and P(Y = 0) = (2/3)^5 = 0.132, both above 0.00135 → 'too_few'.
		// The same holds for every group of 5 or fewer jobs here; W3 (8 jobs, 0 reworked) can be judged:
		// (1/3)^8 = 0.00015 < 0.00135, and its lower tail P(Y ≤ 0) = (2/3)^8 = 0.039 is not extreme → 'within'.
		expect(rows.map((r) => [r.group, r.verdict])).toEqual([
			['W3', 'within'],
			['N1', 'too_few'],
			['W1', 'too_few'],
			['N2', 'too_few'],
			['W2', 'too_few'],
			['X9', 'too_few'],
			[null, 'too_few']
		]);
		// N1: 5/5 against the exact funnel: r = 5 is the smallest count with P(Y ≤ r) ≥ 0.99865
		// (P(Y ≤ 4) = 242/243 = 0.99588), α = (1 − 0.99865)/(1/243) = 0.32805, limit = (5 − 0.32805)/5 = 0.93439.
		// The groups vary more than chance: z = (p̂ − 1/3)/√((2/9)/n) = −2, 3.1623, 0.3162, 0.5, −1, −0.7071, −0.7071
		// (7 groups, none winsorised), φ = Σz²/7 = 16.35/7 = 2.3357, P(χ²₇ > 16.35) = 0.022 < 0.05 → used:
		// the drawn limit widens to 1/3 + √2.3357·(0.93439 − 1/3) = 1.25 → 1.
		expect(exactUpper(5, 1 / 3)).toBeCloseTo(0.93439, 5);
		const n1 = byGroup(rows, 'N1');
		expect(n1.ucl).toBe(1);
		expect(n1.ucl).toBe(n1.limit_high);
		// the old normal-approximation line (1/3 + 3·√(2/45) = 0.9658) flagged N1; the exact tail 0.0041 does not
		expect(n1.above_control_limit).toBe(false);
		// Wilson for 5/5: p̂ = 1 → low = centre − half = (1 + z²/10 − z²/10)/(1 + z²/5) = 5/(5 + z²)
		//   = 5/8.841458820694125 = 0.5655175352; high = 1
		expect(n1.ci_low).toBeCloseTo(5 / (5 + Z2), 10);
		expect(n1.ci_low).toBeCloseTo(0.5655175352168252, 10);
		expect(n1.ci_high).toBe(1);
		// N2, 2 jobs 1 rework: r = 2 (P(Y ≤ 1) = 8/9), α = 0.00135/(1/9) = 0.01215 → limit (2 − 0.01215)/2 = 0.993925,
		// widened by √φ past 1 → 1
		expect(exactUpper(2, 1 / 3)).toBeCloseTo(0.993925, 6);
		const n2 = byGroup(rows, 'N2');
		expect(n2.value).toBeCloseTo(0.5, 10);
		expect(n2.ucl).toBe(1);
		expect(n2.above_control_limit).toBe(false);
		// Wilson 1/2: centre = (½ + z²/4)/(1 + z²/2) = ½; half = z·√(1/8 + z²/16)/(1 + z²/2)
		//   = 1.959963985 · √0.3650911763 / 2.920729410 = 1.959963985 · 0.6042277520 / 2.920729410 = 0.4054687943
		//   → [0.0945312057, 0.9054687943]
		expect(n2.ci_low).toBeCloseTo(0.09453120573423073, 10);
		expect(n2.ci_high).toBeCloseTo(0.9054687942657693, 10);
		// no technician is flagged
		expect(rows.filter((r) => r.above_control_limit).map((r) => r.group)).toEqual([]);
	});

	it('by team and team_type, with a Wilson interval worked by hand', async () => {
		// Beta 8 jobs 6 | Gamma 8 jobs 0 | Alpha (E01–E06, E14) 7 jobs 2 | (none) E16 1 job 0
		const team = await reworkBy(wh, EAST_JUNE, 'team');
		expect(triples(team)).toEqual([
			['Beta', 6, 8],
			['Gamma', 0, 8],
			['Alpha', 2, 7],
			[null, 0, 1]
		]);
		// Beta, 6/8: p̂ = 0.75, z²/n = 0.4801823526, denominator 1 + z²/n = 1.4801823526
		//   centre = (0.75 + z²/16)/1.4801823526 = (0.75 + 0.2400911763)/1.4801823526 = 0.6688981088
		//   half   = z·√(0.75·0.25/8 + z²/256)/1.4801823526 = 1.959963985·√0.0384431985/1.4801823526
		//          = 1.959963985·0.1960693717/1.4801823526 = 0.2596226785
		//   → [0.4092754303, 0.9285207872]
		const beta = byGroup(team, 'Beta');
		expect(beta.value).toBeCloseTo(6 / 8, 10);
		expect(beta.ci_low).toBeCloseTo(0.4092754303101689, 10);
		expect(beta.ci_high).toBeCloseTo(0.928520787247891, 10);
		// exact: P(Y ≥ 6 | 8, 1/3) = (28·4 + 8·2 + 1)/6561 = 129/6561 = 0.0197 > 0.00135 → within, not above.
		// The exact limit: P(Y ≤ 6) = 1 − 17/6561 = 0.997409 < 0.99865 ≤ P(Y ≤ 7) = 1 − 1/6561, so r = 7,
		// α = (0.9998476 − 0.99865)/(16/6561) = 0.491077, limit = (7 − 0.491077)/8 = 0.813615; the teams
		// (z = 2.5, −2, −0.2673, −0.7071) give φ = 10.82/4 = 2.705, P(χ²₄ > 10.82) = 0.029 → used, and
		// 1/3 + √2.705·(0.813615 − 1/3) = 1.12 → 1
		expect(beta.verdict).toBe('within');
		expect(exactUpper(8, 1 / 3)).toBeCloseTo(0.813615, 5);
		expect(beta.ucl).toBe(1);
		expect(beta.above_control_limit).toBe(false);

		// internal: Alpha 7 + Gamma 8 = 15 jobs, 2 reworked | outsourced: 8 jobs, 6 | (none): E16
		expect(triples(await reworkBy(wh, EAST_JUNE, 'team_type'))).toEqual([
			['internal', 2, 15],
			['outsourced', 6, 8],
			[null, 0, 1]
		]);
	});

	it('by tenure band on the job date: the 89/90 and 364/365-day boundaries and unknown', async () => {
		// new (< 90 days):        E07 (N2, hired 2026-03-11, day 89), E09–E13 (N1, day 42–45) → 6 jobs, 5 reworked
		// developing (90–364):    E05 (W2, hired 2025-06-11, day 364), E08 (N2, day 90, reworked) → 2 jobs, 1
		// experienced (≥ 365):    E06 (W2, day 365), W1's E01–E04 and E14 (E01, E14 reworked), W3's E17–E24 → 14, 2
		// unknown (no hire date): E15 (X9 is not in technicians.csv), E16 (no technician) → 2, 0
		// in the bands' own order whatever their sizes (issue 10 item 5: bars never swap places)
		const rows = await reworkBy(wh, EAST_JUNE, 'tenure');
		expect(triples(rows)).toEqual([
			['new', 5, 6],
			['developing', 1, 2],
			['experienced', 2, 14],
			['unknown', 0, 2]
		]);
		// the same split seen technician by technician: the four boundary jobs
		const w2 = await reworkBy(wh, { ...EAST_JUNE, technician: 'W2' }, 'tenure');
		expect(triples(w2)).toEqual([
			['developing', 0, 1], // E05, 2026-06-10 = hire + 364 days
			['experienced', 0, 1] // E06, 2026-06-11 = hire + 365 days
		]);
		const n2 = await reworkBy(wh, { ...EAST_JUNE, technician: 'N2' }, 'tenure');
		expect(triples(n2)).toEqual([
			['new', 0, 1], // E07, 2026-06-08 = hire + 89 days
			['developing', 1, 1] // E08, 2026-06-09 = hire + 90 days
		]);
	});

	it('by model, region and month', async () => {
		// M26: E03, E04, E08, E15, E16, E17–E24 = 13 jobs, 1 reworked (E08)
		// M35: E01, E02, E05, E06, E07, E09–E13, E14 = 11 jobs, 7 reworked (E01, E09–E13, E14)
		expect(triples(await reworkBy(wh, EAST_JUNE, 'model'))).toEqual([
			[M26, 1, 13],
			[M35, 7, 11]
		]);
		// June, all regions: East 24 jobs 8 reworked; South S21–S25 5 jobs, 1 reworked (S21)
		const region = await reworkBy(wh, JUNE, 'region');
		expect(triples(region)).toEqual([
			['East', 8, 24],
			['South', 1, 5]
		]);
		// p̄ = 9/29; z East = 0.2435, South = −0.5333: φ = 0.17 < 1, not used → South's limit is the exact one at n = 5:
		// P(Y = 5) = (9/29)^5 = 0.0028775, r = 5, α = 0.00135/0.0028775 = 0.4692 → (5 − 0.4692)/5 = 0.90617
		expect(byGroup(region, 'South').ucl).toBeCloseTo(exactUpper(5, 9 / 29), 10);
		expect(byGroup(region, 'South').ucl).toBeCloseTo(0.90617, 4);
		// East, May–June, by month of created_at: 2026-05 E27 (reworked), E28 → 1/2; 2026-06 → 8/24
		expect(triples(await reworkBy(wh, { region: 'East', from: '2026-05-01', to: '2026-06-30' }, 'month'))).toEqual([
			['2026-05', 1, 2],
			['2026-06', 8, 24]
		]);
	});

	it('Pareto of rework records by reason and by responsibility', async () => {
		// Rework records whose original ticket is in East, June 2026 (the code counts records, two for E01,
		// and also RW10 on the never-completed E25 and RW11 on the complaint E26 — see the report):
		//   漏水     RW01, RW02, RW04, RW07, RW10 = 5
		//   接线错误 RW03, RW06, RW09             = 3
		//   漏氟     RW05, RW11                   = 2
		//   unknown  RW08 (no reason)             = 1      total 11
		const reason = await reworkPareto(wh, EAST_JUNE, 'reason');
		expect(reason.map((r) => [r.key, r.count])).toEqual([
			['漏水', 5],
			['接线错误', 3],
			['漏氟', 2],
			['unknown', 1]
		]);
		[5 / 11, 3 / 11, 2 / 11, 1 / 11].forEach((s, i) => expect(reason[i].share).toBeCloseTo(s, 10));
		// cumulative 5/11, 8/11, 10/11, 11/11
		[5 / 11, 8 / 11, 10 / 11, 1].forEach((s, i) => expect(reason[i].cumulative_share).toBeCloseTo(s, 10));
		// responsibility: 安装 = installer RW01–RW04, RW06, RW07, RW09, RW10 = 8; 产品 = product RW05, RW11 = 2; RW08 blank → unknown
		const resp = await reworkPareto(wh, EAST_JUNE, 'responsibility');
		expect(resp.map((r) => [r.key, r.count])).toEqual([
			['installer', 8],
			['product', 2],
			['unknown', 1]
		]);
		[8 / 11, 10 / 11, 1].forEach((s, i) => expect(resp[i].cumulative_share).toBeCloseTo(s, 10));
	});

	it('the reworked jobs behind a bar', async () => {
		// 8 reworked jobs, 9 records (E01 has two); newest first, then rework id (E12/E13 share 06-15 10:00)
		const all = await reworkedJobs(wh, EAST_JUNE);
		expect(all.map((r) => [r.ticket_id, r.rework_id])).toEqual([
			['E14', 'RW09'],
			['E12', 'RW07'],
			['E13', 'RW08'],
			['E11', 'RW06'],
			['E10', 'RW05'],
			['E09', 'RW04'],
			['E08', 'RW03'],
			['E01', 'RW01'],
			['E01', 'RW02']
		]);
		expect(all[0]).toMatchObject({
			ticket_id: 'E14',
			created_at: '2026-06-30 23:59',
			type: 'install',
			technician_id: 'W1',
			team: 'Alpha',
			team_type: 'internal',
			tenure: 'experienced',
			product_model: M35,
			rework_date: '2026-07-05',
			reason: '接线错误',
			responsibility: 'installer'
		});
		// the 'new' bar: E09–E13
		const fresh = await reworkedJobs(wh, EAST_JUNE, { dim: 'tenure', value: 'new' });
		expect(fresh.map((r) => r.ticket_id).sort()).toEqual(['E09', 'E10', 'E11', 'E12', 'E13']);
		// the 'developing' bar: E08 (day 90)
		expect((await reworkedJobs(wh, EAST_JUNE, { dim: 'tenure', value: 'developing' })).map((r) => r.ticket_id)).toEqual(['E08']);
		// the team-less bar: E16 was not reworked
		expect(await reworkedJobs(wh, EAST_JUNE, { dim: 'team', value: null })).toEqual([]);
	});
});

// ---------------------------------------------------------------------------
describe('repeat customers (METRICS.md § Repeat customers)', () => {
	it('installs whose customer has an earlier install anywhere ÷ installs in the period', async () => {
		// East June installs: E01, E02, E05, E06, E07, E08, E09, E10, E11, E12, E13, E14, E15, E25 = 14
		//   (E25 was never completed but is an install ticket)
		// repeat: E02 (C100 installed in North on 2025-03-10, before `from` and in another region),
		//         E05 (C101 installed on 2026-05-31, E27), E10 (C103 installed the day before, E09) = 3
		// not:    E06 (C102's earlier ticket E34 is a maintenance), E12/E13 (C105, the same minute: neither is earlier),
		//         E14 (C116 installs again only after, E36)
		expectRate(await repeatCustomerShare(wh, EAST_JUNE), 3, 14);
		// M26 installs E08, E15: first installs → 0/2
		expectRate(await repeatCustomerShare(wh, { ...EAST_JUNE, model: M26 }), 0, 2);
		// all regions, June: + SI4 (C413's first install) → 3/15
		expectRate(await repeatCustomerShare(wh, JUNE), 3, 15);
	});

	it('by month', async () => {
		// 2026-05: E27 (C101's first install) → 0/1; 2026-06 → 3/14
		const rows = await repeatCustomerByMonth(wh, { region: 'East', from: '2026-05-01', to: '2026-06-30' });
		expect(rows.map((r) => [r.month, r.numerator, r.denominator])).toEqual([
			['2026-05', 0, 1],
			['2026-06', 3, 14]
		]);
		expect(rows[0].value).toBe(0);
		expect(rows[1].value).toBeCloseTo(3 / 14, 10);
	});
});

// ---------------------------------------------------------------------------
describe('repeat visits (METRICS.md § Repeat visits)', () => {
	it('repairs followed by another repair of the same unit within (0, 30 × 24 h]', async () => {
		// West repairs created in September 2025: V01, V03, V05, V06, V07, V08, V09, V11, V12, V14, V15, V16, V17 = 13
		//   V01 → V02 exactly 720 h later (and in October, after the period)         repeat
		//   V03 → V04 720 h + 1 min later                                           no
		//   V05, V06 at the same minute (later by zero)                             no, no
		//   V07 → V08: no serial, same customer C203 and model M26, 10 days later    repeat
		//   V08: nothing after; V09: C203's other model (M35)                       no, no
		//   V11: the repair before it (V10, August) is outside; nothing after       no
		//   V12 → V13 is a maintenance, not a repair                                no
		//   V14, V15: neither serial nor model, the unit is unknown                 no, no
		//   V16 → V17: the same serial under another customer id, 10 days later     repeat
		//   V17: nothing after                                                      no
		expectRate(await repeatVisitRate(wh, WEST_SEP), 3, 13);
		// August: V10 → V11 eight days later → 1/1 (the follow-up lies after the period)
		expectRate(await repeatVisitRate(wh, { region: 'West', from: '2025-08-01', to: '2025-08-31' }), 1, 1);
		// September–October: + V02, V04 (nothing after either) → 3/15
		expectRate(await repeatVisitRate(wh, { region: 'West', from: '2025-09-01', to: '2025-10-31' }), 3, 15);
		// June 2026, all regions: E03, E16, S11–S16, S21–S25, S31–S34, SX1, SX2 = 19 repairs;
		// S23 → S24 (SN-S23, three days later) is the only repeat → 1/19
		expectRate(await repeatVisitRate(wh, JUNE), 1, 19);
	});

	it('by model and by month', async () => {
		// M26: V05, V06, V07✓, V08, V11, V12, V16✓, V17 → 2/8; M35: V01✓, V03, V09 → 1/3; no model: V14, V15 → 0/2
		const model = await repeatVisitBy(wh, WEST_SEP, 'model');
		expect(triples(model)).toEqual([
			[M26, 2, 8],
			[M35, 1, 3],
			[null, 0, 2]
		]);
		expect(byGroup(model, M35).value).toBeCloseTo(1 / 3, 10);
		const month = await repeatVisitBy(wh, { region: 'West', from: '2025-08-01', to: '2025-09-30' }, 'month');
		expect(triples(month)).toEqual([
			['2025-08', 1, 1],
			['2025-09', 3, 13]
		]);
	});
});

// ---------------------------------------------------------------------------
describe('seasonal load and staffing (METRICS.md § Seasonal load and staffing)', () => {
	it('load per month and per day, by type', async () => {
		// North, July 2024: 07-01 09:00 i, 07-01 15:00 i, 07-02 m, 07-15 i, 07-15 11:00 m, 07-31 23:30 i
		const f = { region: 'North', from: '2024-07-01', to: '2024-07-31' };
		expect(await loadByMonth(wh, f)).toEqual([
			{ period: '2024-07', type: 'install', tickets: 4 },
			{ period: '2024-07', type: 'maintenance', tickets: 2 }
		]);
		expect(await loadByDay(wh, f)).toEqual([
			{ day: '2024-07-01', tickets: 2 },
			{ day: '2024-07-02', tickets: 1 },
			{ day: '2024-07-15', tickets: 2 },
			{ day: '2024-07-31', tickets: 1 } // 23:30 on the `to` day
		]);
	});

	it('load per ISO week: the week of 2024-12-30 is 2025-W01', async () => {
		// North: 2024-12-30 (Mon) install, 2024-12-31 maintenance, 2025-01-02 install → ISO 2025-W01 (Monday 2024-12-30)
		//        2025-01-06 (Mon) install → 2025-W02
		expect(await loadByWeek(wh, { region: 'North', from: '2024-12-23', to: '2025-01-12' })).toEqual([
			{ period: '2025-W01', week_start: '2024-12-30', type: 'install', tickets: 2 },
			{ period: '2025-W01', week_start: '2024-12-30', type: 'maintenance', tickets: 1 },
			{ period: '2025-W02', week_start: '2025-01-06', type: 'install', tickets: 1 }
		]);
	});

	it('peak-to-off-season ratio per full calendar year, on average tickets per day', async () => {
		// North 2024 (leap year): Jan 2/31, Feb 1/29, Mar 2/31, Apr 2/30, May 2/31, Jun 2/30, Jul 6/31, Aug 2/31,
		//   Sep 2/30, Oct 2/31, Nov 2/30, Dec 2/31. Peak July 6/31 = 0.1935; quietest February 1/29 = 0.0345
		//   → ratio (6/31)/(1/29) = 174/31 = 5.6129
		// North 2025: Jan 2/31, Feb 1/28, Mar 2/31 (an install and a complaint), Apr 2/30, May 2/31, Jun 5/30,
		//   Jul 5/31, Aug–Dec 2 each. June beats July on the same count by its 30 days: 5/30 = 0.1667 > 5/31;
		//   quietest February 1/28 = 0.0357 → ratio (5/30)/(1/28) = 14/3 = 4.6667
		const north = await peakToOffByYear(wh, { region: 'North' });
		expect(north.map((p) => [p.year, p.peak_month, p.off_month])).toEqual([
			[2024, 7, 2],
			[2025, 6, 2]
		]);
		expect(north[0].peak_per_day).toBeCloseTo(6 / 31, 10);
		expect(north[0].off_per_day).toBeCloseTo(1 / 29, 10);
		expect(north[0].ratio).toBeCloseTo(174 / 31, 10);
		expect(north[1].peak_per_day).toBeCloseTo(5 / 30, 10);
		expect(north[1].off_per_day).toBeCloseTo(1 / 28, 10);
		expect(north[1].ratio).toBeCloseTo(14 / 3, 10);
		// from 2024-02-01, 2024 lacks January → only 2025 is a full year
		expect((await peakToOffByYear(wh, { region: 'North', from: '2024-02-01' })).map((p) => p.year)).toEqual([2025]);
		// East has no full year at all
		expect(await peakToOffByYear(wh, { region: 'East' })).toEqual([]);
	});

	it('monthly forecast from 24 months of history: seasonal naive with growth and its held-out error', async () => {
		// History = North's non-complaint tickets per month:
		//   2024: 2 1 2 2 2 2 6 2 2 2 2 2 = 27
		//   2025: 2 1 1 2 2 5 5 2 2 2 2 2 = 28   (March: the complaint is left out)
		//   growth g = 28/27; forecast 2026-mm = 2025-mm × 28/27: Jan 56/27, Jun 140/27, Jul 140/27, Dec 56/27
		const plan = (await monthlyForecast(wh, { region: 'North' }))!;
		expect(plan).not.toBeNull();
		expect(plan.history).toHaveLength(24);
		expect(plan.history[14]).toEqual({ month: '2025-03', value: 1 });
		expect(plan.forecast.method).toBe('seasonal-naive-with-growth');
		expect(plan.forecast.growth).toBeCloseTo(28 / 27, 10);
		expect(plan.forecast.points).toHaveLength(12);
		expect(plan.forecast.points[0].month).toBe('2026-01');
		expect(plan.forecast.points[0].value).toBeCloseTo(56 / 27, 10);
		expect(plan.forecast.points[5].value).toBeCloseTo(140 / 27, 10);
		// held-out season: 2024 alone forecasts 2025 as 2024 (g = 1 with one year); errors Mar |1−2| = 1,
		// Jun |5−2| = 3, Jul |5−6| = 1, others 0 → MAE 5/12; MAPE (1/1 + 3/5 + 1/5)/12 = 1.8/12 = 0.15
		expect(plan.forecast.holdout!.mae).toBeCloseTo(5 / 12, 10);
		expect(plan.forecast.holdout!.mape).toBeCloseTo(0.15, 10);
	});

	it('monthly forecast needs 12 months of history', async () => {
		// East has tickets in 2025-06, 2026-02, 2026-05, 2026-06, 2026-07 only → 5 months → null
		expect(await monthlyForecast(wh, { region: 'East' })).toBeNull();
	});
});

// ---------------------------------------------------------------------------
describe('fault hotspots (METRICS.md § Fault hotspots)', () => {
	it('Pareto of repair tickets by component and by code, with the unrecorded count', async () => {
		// South June repairs: S11–S16 压缩机 6, S21–S25 电脑板 5, S31–S34 电容 4, SX2 漏氟 1 = 16 recorded;
		// SX1 has no component → unrecorded 1; SM1 (a maintenance naming 电容) is not a repair
		const comp = await faultPareto(wh, SOUTH_JUNE, 'component');
		expect(comp.rows.map((r) => [r.key, r.count])).toEqual([
			['压缩机', 6],
			['电脑板', 5],
			['电容', 4],
			['漏氟', 1]
		]);
		expect(comp.unrecorded).toBe(1);
		[6 / 16, 5 / 16, 4 / 16, 1 / 16].forEach((s, i) => expect(comp.rows[i].share).toBeCloseTo(s, 10));
		// cumulative 6/16, 11/16, 15/16, 16/16
		[6 / 16, 11 / 16, 15 / 16, 1].forEach((s, i) => expect(comp.rows[i].cumulative_share).toBeCloseTo(s, 10));
		// codes: E1 S11–S14, S31–S33 = 7; E5 S21–S25 = 5; F3 S15, S16 = 2; P4 S34 = 1 → 15; SX1, SX2 no code → 2
		const code = await faultPareto(wh, SOUTH_JUNE, 'code');
		expect(code.rows.map((r) => [r.key, r.count])).toEqual([
			['E1', 7],
			['E5', 5],
			['F3', 2],
			['P4', 1]
		]);
		expect(code.unrecorded).toBe(2);
		[7 / 15, 12 / 15, 14 / 15, 1].forEach((s, i) => expect(code.rows[i].cumulative_share).toBeCloseTo(s, 10));
		// all regions: + East's E03 and E16, no component → unrecorded 3, recorded rows unchanged
		const all = await faultPareto(wh, JUNE, 'component');
		expect(all.unrecorded).toBe(3);
		expect(all.rows.map((r) => r.count)).toEqual([6, 5, 4, 1]);
		// model filter: M50 → 压缩机 6, unrecorded SX1
		const m50 = await faultPareto(wh, { ...SOUTH_JUNE, model: M50 }, 'component');
		expect(m50.rows.map((r) => [r.key, r.count, r.cumulative_share])).toEqual([['压缩机', 6, 1]]);
		expect(m50.unrecorded).toBe(1);
	});

	it('model × component matrix with failures per 1,000 installed units', async () => {
		// South, June. Installs of each model in South up to 2026-06-30 (any earlier date):
		//   M26: SI1 (2025-09-01) = 1;  M35: none;  M50: SI2, SI3, SI4 = 3 (SI5 on 2026-07-01 is after the period)
		//   M26 × 电容 4 repairs → 1000 × 4/1 = 4000; M35 × 电脑板 5 → no installs known; M50 × 压缩机 6 → 1000 × 6/3 = 2000
		expect(await modelComponentMatrix(wh, SOUTH_JUNE)).toEqual([
			{ product_model: M26, fault_component: '电容', repairs: 4, installs: 1, rate_per_1000: 4000 },
			{ product_model: M35, fault_component: '电脑板', repairs: 5, installs: null, rate_per_1000: null },
			{ product_model: M50, fault_component: '压缩机', repairs: 6, installs: 3, rate_per_1000: 2000 }
		]);
		// all regions: M26 installs E08, E15, SI1 = 3 → 4000/3; M35 installs E01, E02, E05, E06, E07, E09–E14, E25,
		// E27, E30, E33 = 15 (E35, E36 are July) → 5000/15 = 333.33; M50 as before
		const all = await modelComponentMatrix(wh, JUNE);
		expect(all.map((c) => [c.product_model, c.fault_component, c.repairs, c.installs])).toEqual([
			[M26, '电容', 4, 3],
			[M35, '电脑板', 5, 15],
			[M50, '压缩机', 6, 3]
		]);
		expect(all[0].rate_per_1000).toBeCloseTo(4000 / 3, 8);
		expect(all[1].rate_per_1000).toBeCloseTo(1000 / 3, 8);
	});

	it('nevada: production month × whole months in service', async () => {
		// S11 batch 2025-12B → 2025-12; in service from purchase 2026-01-15 to 06-14: 5 months less 1 (14 < 15) = 4
		// S12 production_date 2025-11-20 wins over its batch → 2025-11; purchase 2026-01-15 → 06-15: 5 (15 ≥ 15)
		// S13 production 2026-02-10, no purchase → 06-16: 4;  S14 production 2026-02-10 → 06-09: 4 less 1 = 3
		// S15 batch '202512' → 2025-12-01 → 06-20: 6;  S16 has only a purchase date → no production month, left out
		// S21 production 2025-06-20, purchase 2025-08-05 → 06-04: 10 less 1 = 9; S22–S25 (06-05 … 06-09) → 10
		// S31, S32 batch 2024-03B → 2024-03-01 → 06-10 / 06-11: 27; S33, S34 batch LOT77 → left out; SX1, SX2 no dates
		expect(await nevada(wh, SOUTH_JUNE)).toEqual([
			{ production_month: '2024-03', months_in_service: 27, repairs: 2 },
			{ production_month: '2025-06', months_in_service: 9, repairs: 1 },
			{ production_month: '2025-06', months_in_service: 10, repairs: 4 },
			{ production_month: '2025-11', months_in_service: 5, repairs: 1 },
			{ production_month: '2025-12', months_in_service: 4, repairs: 1 },
			{ production_month: '2025-12', months_in_service: 6, repairs: 1 },
			{ production_month: '2026-02', months_in_service: 3, repairs: 1 },
			{ production_month: '2026-02', months_in_service: 4, repairs: 1 }
		]);
		// city filter: Shenzhen holds S21–S25 only
		expect(await nevada(wh, { ...JUNE, city: 'Shenzhen' })).toEqual([
			{ production_month: '2025-06', months_in_service: 9, repairs: 1 },
			{ production_month: '2025-06', months_in_service: 10, repairs: 4 }
		]);
	});

	it('last complete month', async () => {
		// latest ticket: E36, 2026-07-02 09:00 → July is not complete → 2026-06
		expect(await lastCompleteMonth(wh)).toBe('2026-06');
	});

	it('emerging issues: no pair in June 2026 has the 12 months of its own history the check needs, so none is an alarm', async () => {
		const month = (await lastCompleteMonth(wh))!; // 2026-06
		// The fixture's repairs begin in 2025-11 (S00) and its models first appear in 2025-06 … 2025-10 at the
		// earliest, so every (model, component) pair repaired in June has fewer than min_history_months = 12 months
		// before June (docs/METRICS.md § Emerging issues): each one is 'not_enough_history', none is tested,
		// and a spike such as (KFR-50LW/X1, 压缩机) with 6 repairs and none before is not called an alarm.
		const check = await emergingCheck(wh, {}, month);
		expect(check.tested).toBe(0);
		expect(check.pairs.length).toBeGreaterThan(0);
		expect(check.pairs.every((p) => p.status === 'not_enough_history')).toBe(true);
		expect(check.not_enough_history).toBe(check.pairs.length);
		expect(await emergingIssues(wh, {}, month)).toEqual([]);
	});

	it('supplier view: warranty parts only, cost Σ quantity × unit cost, claim status and recovered amount', async () => {
		// June tickets' parts lines with 三包件 = 是 (S14's line is 否, S01's line is December):
		//   Highly / CMP-50:  S11 1×850 已追回 600, S12 1×850 已提交, S13 1×850 无 → qty 3, cost 2550, 3 lines
		//   Midea-E / PCB-35: S21 1×320 已追回 320, S22 1×(no price) 已提交   → qty 2, cost 320, 2 lines
		//   (no supplier) / CAP-26: S31 3×12 无                              → qty 3, cost 36
		//   Jianghai / CAP-35: S13 2×15, claim blank (= none)                → qty 2, cost 30
		expect(await supplierView(wh, JUNE)).toEqual([
			{
				supplier: 'Highly',
				part_no: 'CMP-50',
				part_name: '压缩机',
				quantity: 3,
				cost: 2550,
				lines: 3,
				claim_none: 1,
				claim_submitted: 1,
				claim_recovered: 1,
				recovered_amount: 600
			},
			{
				supplier: 'Midea-E',
				part_no: 'PCB-35',
				part_name: '电脑板',
				quantity: 2,
				cost: 320,
				lines: 2,
				claim_none: 0,
				claim_submitted: 1,
				claim_recovered: 1,
				recovered_amount: 320
			},
			{
				supplier: null,
				part_no: 'CAP-26',
				part_name: '电容',
				quantity: 3,
				cost: 36,
				lines: 1,
				claim_none: 1,
				claim_submitted: 0,
				claim_recovered: 0,
				recovered_amount: 0
			},
			{
				supplier: 'Jianghai',
				part_no: 'CAP-35',
				part_name: '电容',
				quantity: 2,
				cost: 30,
				lines: 1,
				claim_none: 1,
				claim_submitted: 0,
				claim_recovered: 0,
				recovered_amount: 0
			}
		]);
		// December 2025: S01 1×320, recovered 300
		expect(await supplierView(wh, { from: '2025-12-01', to: '2025-12-31' })).toEqual([
			{
				supplier: 'Midea-E',
				part_no: 'PCB-35',
				part_name: '电脑板',
				quantity: 1,
				cost: 320,
				lines: 1,
				claim_none: 0,
				claim_submitted: 0,
				claim_recovered: 1,
				recovered_amount: 300
			}
		]);
		// model filter M50: S11–S13 only (CMP-50 and CAP-35)
		expect((await supplierView(wh, { ...JUNE, model: M50 })).map((r) => [r.part_no, r.quantity, r.cost])).toEqual([
			['CMP-50', 3, 2550],
			['CAP-35', 2, 30]
		]);
	});
});

// ---------------------------------------------------------------------------
describe('service-level KPIs (METRICS.md § Service-level KPIs)', () => {
	it('on-time rate: 24 h within 100 km or unknown distance, 48 h beyond', async () => {
		// East June tickets with arrived_at (E01–E14, E26 = 15):
		//   E01 24 h 00 at 100 km ✓ · E02 24 h 01 at 100 km ✗ · E03 48 h 00 at 100.5 km ✓ · E04 48 h 01 at 150 km ✗
		//   E05 24 h, distance unknown ✓ · E06 25 h, unknown ✗ · E07 2 h ✓ · E08 30 h at 100.5 km ✓
		//   E09–E13 3 h ✓✓✓✓✓ · E14 8 h 01 ✓ · E26 (complaint) 1 h ✓                 → 12/15
		expectRate(await onTimeRate(wh, EAST_JUNE), 12, 15);
		// Ningbo: E03 ✓, E04 ✗, E07 ✓, E08 ✓ → 3/4
		expectRate(await onTimeRate(wh, { ...EAST_JUNE, city: 'Ningbo' }), 3, 4);
		// W1 in Hangzhou: E01 ✓ (24 h at 100 km), E02 ✗ (24 h 01 at 100 km), E14 ✓, E26 ✓ → 3/4
		expectRate(await onTimeRate(wh, { ...EAST_JUNE, technician: 'W1', city: 'Hangzhou' }), 3, 4);
	});

	it('satisfaction rate: scores ≥ 4 ÷ scored follow-ups', async () => {
		// scored: E01 5, E02 4, E03 3, E04 1, E05 4, E07 5, E09 2, E10 5, E11 4, E26 1 = 10; ≥ 4: E01, E02, E05, E07, E10, E11 = 6
		expectRate(await satisfactionRate(wh, EAST_JUNE), 6, 10);
		// N1: E09 2, E10 5, E11 4 → 2/3
		expectRate(await satisfactionRate(wh, { ...EAST_JUNE, technician: 'N1' }), 2, 3);
	});

	it('complaint rate: complaint tickets ÷ all other tickets', async () => {
		// East June: complaints E26, E37 = 2; others E01–E25 = 25 → 2/25
		expectRate(await complaintRate(wh, EAST_JUNE), 2, 25);
		// team Alpha: complaint E26; others E01–E06, E14, E25 = 8 → 1/8
		expectRate(await complaintRate(wh, { ...EAST_JUNE, team: 'Alpha' }), 1, 8);
	});

	it('time to complete: mean and median hours', async () => {
		// team Alpha, East June: E26 3, E14 8.5 (23:59 → 08:29), E05 25, E02 26, E06 28, E01 48, E03 50, E04 52
		//   mean 240.5/8 = 30.0625; median (26 + 28)/2 = 27
		const alpha = await timeToComplete(wh, { ...EAST_JUNE, team: 'Alpha' });
		expect(alpha.tickets).toBe(8);
		expect(alpha.mean_hours).toBeCloseTo(240.5 / 8, 10);
		expect(alpha.median_hours).toBeCloseTo(27, 10);
		// outsourced: E07 4, E09–E13 4 each, E15 5, E08 32 → mean 61/8 = 7.625; median (4 + 4)/2 = 4
		const out = await timeToComplete(wh, { ...EAST_JUNE, team_type: 'outsourced' });
		expect(out.tickets).toBe(8);
		expect(out.mean_hours).toBeCloseTo(7.625, 10);
		expect(out.median_hours).toBeCloseTo(4, 10);
		// East June, 25 completed tickets: the 8 above + E07–E13 (4,32,4,4,4,4,4) + E15 5 + E16 6 + E17–E24 2 each
		//   sum 240.5 + 56 + 5 + 6 + 16 = 323.5 → mean 12.94; sorted: 2×8, 3, 4×6, 5, … → 13th = 4
		const east = await timeToComplete(wh, EAST_JUNE);
		expect(east.tickets).toBe(25);
		expect(east.mean_hours).toBeCloseTo(323.5 / 25, 10);
		expect(east.median_hours).toBeCloseTo(4, 10);
	});
});

// ---------------------------------------------------------------------------
describe('period-over-period (kpis, shiftPeriod)', () => {
	it('shiftPeriod: whole months step back by months, other spans by their length, last year keeps the dates', () => {
		expect(shiftPeriod({ from: '2026-06-01', to: '2026-06-30' }, 'previous')).toEqual({ from: '2026-05-01', to: '2026-05-31' });
		// 10 days, 06-10 … 06-19 → 05-31 … 06-09
		expect(shiftPeriod({ from: '2026-06-10', to: '2026-06-19', region: 'East' }, 'previous')).toEqual({
			from: '2026-05-31',
			to: '2026-06-09',
			region: 'East'
		});
		expect(shiftPeriod({ from: '2026-06-10', to: '2026-06-19' }, 'last_year')).toEqual({ from: '2025-06-10', to: '2025-06-19' });
		// February of a leap year: the previous month is January; last year ends on 28 February
		expect(shiftPeriod({ from: '2024-02-01', to: '2024-02-29' }, 'previous')).toEqual({ from: '2024-01-01', to: '2024-01-31' });
		expect(shiftPeriod({ from: '2024-02-01', to: '2024-02-29' }, 'last_year')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
		expect(shiftPeriod({ from: '2026-06-01' }, 'previous')).toBeNull();
	});

	it('the six KPIs of East, June 2026, against May 2026 and June 2025', async () => {
		const k = await kpis(wh, EAST_JUNE);
		// value, previous (May 2026), same period last year (June 2025), by hand:
		//   rework:        8/24            | E27✓, E28 → 1/2          | E30, E31✓, E32, E33 → 1/4
		//   repeat cust.:  3/14            | E27 (C101 first) → 0/1   | E30 (C300 first), E33 (C300 again) → 1/2
		//   repeat visit:  E03, E16 → 0/2  | E28 → 0/1                | E31 → E32 eight days later ✓, E32 → 1/2
		//   on time:       12/15           | E27 9 h ✓, E28 27 h at 50 km ✗ → 1/2 | E30 6 h, E31 24 h unknown, E32 2 h → 3/3
		//   satisfaction:  6/10            | E27 3, E28 5 → 1/2       | E30 5, E31 4, E32 2 → 2/3
		//   complaints:    2/25            | E29 ÷ E27, E28 → 1/2     | 0 ÷ 4 → 0
		const want = {
			rework_rate: [8, 24, 1 / 2, 1 / 4, false],
			repeat_customer_share: [3, 14, 0, 1 / 2, true], // 0.214 ≥ 0.10
			repeat_visit_rate: [0, 2, 0, 1 / 2, true],
			on_time_rate: [12, 15, 1 / 2, 1, false], // 0.8 < 0.90
			satisfaction_rate: [6, 10, 1 / 2, 2 / 3, false], // 0.6 < 0.85
			complaint_rate: [2, 25, 1 / 2, 0, false] // 0.08 > 0.03
		} as const;
		for (const [name, figures] of Object.entries(want)) {
			const got = k[name as keyof typeof k];
			expectKpi(name, got, got.same_period_last_year, figures);
		}
		expect(k.rework_rate.previous_rate).toMatchObject({ numerator: 1, denominator: 2 });
		expect(k.on_time_rate.same_period_last_year_rate).toMatchObject({ numerator: 3, denominator: 3 });
	});

	it('a 10-day span compares with the 10 days before it', async () => {
		// East 06-10 … 06-19: jobs E05, E06, E09–E13, E17–E20 = 11, reworked E09–E13 → 5/11
		// previous 05-31 … 06-09: E27✓ (05-31 23:59), E01✓, E02, E03, E04, E07, E08✓ → 3/7
		// last year 2025-06-10 … 06-19: E30 → 0/1
		const k = await kpis(wh, { region: 'East', from: '2026-06-10', to: '2026-06-19' });
		expectRate(k.rework_rate, 5, 11);
		expect(k.rework_rate.previous).toBeCloseTo(3 / 7, 10);
		expect(k.rework_rate.same_period_last_year).toBe(0);
	});

	it('the same month last year of February 2025 is all of February 2024, the 29th included', async () => {
		// North, February 2024: one ticket, N2024021, an install on 2024-02-29 by CN2024011, whose first install
		// was N2024011 on 2024-01-10 → repeat-customer share 1/1; complaints 0 ÷ 1.
		expectRate(await repeatCustomerShare(wh, { region: 'North', from: '2024-02-01', to: '2024-02-29' }), 1, 1);
		// February 2025: N2025021, a first install → 0/1. Its "same month last year" is February 2024, whole.
		// DISCREPANCY (see report): shiftPeriod gives 2024-02-01 … 2024-02-28, which drops the 29th,
		// so the report shows no value (0 ÷ 0) instead of 1/1.
		expect.soft(shiftPeriod({ from: '2025-02-01', to: '2025-02-28' }, 'last_year')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
		const r = await monthlyReport(wh, '2025-02', { region: 'North' });
		expect(r.kpis.repeat_customer_share.value).toBe(0);
		expect(r.kpis.repeat_customer_share.previous).toBe(0); // January 2025: two first installs → 0/2
		expect.soft(r.kpis.repeat_customer_share.same_month_last_year).toBe(1);
		expect.soft(r.kpis.complaint_rate.same_month_last_year).toBe(0);
	});

	it('targets: "complaint rate < 3 %" is strict; "on-time ≥ 90 %", "satisfaction ≥ 85 %" and a 10 % share are met', () => {
		const t = SETTINGS.targets;
		expect(meetsTarget(0.9, t.on_time_rate)).toBe(true);
		expect(meetsTarget(0.85, t.satisfaction_rate)).toBe(true);
		expect(meetsTarget(0.1, t.repeat_customer_share)).toBe(true); // "under 10 %" is too low; 10 % is not under
		expect(meetsTarget(0.0999, t.repeat_customer_share)).toBe(false);
		expect(meetsTarget(0.0299, t.complaint_rate)).toBe(true);
		// DISCREPANCY (see report): METRICS.md says complaint rate < 3 %; meetsTarget treats max as ≤, so 3 % passes
		expect(meetsTarget(3 / 100, t.complaint_rate)).toBe(false);
	});

	it('without a date range there is nothing to compare with', async () => {
		const k = await kpis(wh, { region: 'West' });
		// West: V01–V17 minus the maintenance V13 = 16 repairs; repeats V01, V07, V10, V16 → 4/16
		expectRate(k.repeat_visit_rate, 4, 16);
		expect(k.repeat_visit_rate.previous).toBeNull();
		expect(k.repeat_visit_rate.same_period_last_year).toBeNull();
		// no jobs, no installs, no arrivals in West: the rates are undefined (null), not 0
		expect(k.rework_rate).toMatchObject({ numerator: 0, denominator: 0, value: null, meets_target: null });
	});
});

// ---------------------------------------------------------------------------
describe('monthly report', () => {
	it('June 2026, all regions', async () => {
		const r = await monthlyReport(wh, '2026-06');
		expect(r.month).toBe('2026-06');
		expect(r.filters).toEqual({ from: '2026-06-01', to: '2026-06-30' });
		// KPIs, all regions (East + South; West and North have no June 2026 tickets):
		//   rework 9/29 (East 8/24 + South S21 1/5)            | May 1/2 | June 2025 1/4
		//   repeat customer 3/15 (+ SI4)                         | May 0/1 | June 2025: E30, E33✓ + North's 5 installs → 1/7
		//   repeat visit 1/19 (S23 → S24)                        | May E28 → 0/1 | June 2025 1/2
		//   on time 12/15, satisfaction 6/10 (South has no arrivals or scores) | May 1/2, 1/2 | June 2025 3/3, 2/3
		//   complaints 2 ÷ (East 25 + South 19) = 2/44           | May 1/2 | June 2025 0 ÷ (East 4 + North 5) = 0
		const want = {
			rework_rate: [9, 29, 1 / 2, 1 / 4, false],
			repeat_customer_share: [3, 15, 0, 1 / 7, true], // 0.2 ≥ 0.10
			repeat_visit_rate: [1, 19, 0, 1 / 2, false], // 0.0526 > 0.05
			on_time_rate: [12, 15, 1 / 2, 1, false],
			satisfaction_rate: [6, 10, 1 / 2, 2 / 3, false],
			complaint_rate: [2, 44, 1 / 2, 0, false] // 0.0455 > 0.03
		} as const;
		expect(Object.keys(r.kpis).sort()).toEqual(Object.keys(want).sort());
		for (const [name, figures] of Object.entries(want)) {
			const got = r.kpis[name as keyof typeof r.kpis];
			expect(Object.keys(got).sort(), name).toEqual(
				[
					...['denominator', 'meets_target', 'numerator', 'previous', 'same_month_last_year', 'target', 'value'],
					// follow-up maturity (metrics/maturity.ts): marks the figure, never changes it
					...['provisional', 'open_share', 'window_days', 'final_on', 'not_enough_history', 'short_history_share'],
					...['previous_provisional', 'same_month_last_year_provisional', 'nowcast']
				].sort()
			);
			expectKpi(name, got, got.same_month_last_year, figures);
		}
		// rework by team type: internal 2/15, outsourced 6/8, none: E16 + S21–S25 → 1/6 (p̄ = 9/29)
		expect(triples(r.rework_by_team_type)).toEqual([
			['internal', 2, 15],
			['outsourced', 6, 8],
			[null, 1, 6]
		]);
		// z = −1.4819, 2.6880, −0.7607 → φ = 10.0/3 = 3.333, P(χ²₃ > 10.0) = 0.019 → used; the exact limit at n = 8,
		// r = 7, α = 0.8262 → 0.77172, widened: 9/29 + √3.333·(0.77172 − 9/29) = 1.15 → 1
		expect(exactUpper(8, 9 / 29)).toBeCloseTo(0.77172, 5);
		expect(byGroup(r.rework_by_team_type, 'outsourced').ucl).toBe(1);
		// rework by tenure, in the bands' order: new 5/6, developing 1/2, experienced 2/14, unknown E15, E16, S21✓–S25 → 1/7
		expect(triples(r.rework_by_tenure)).toEqual([
			['new', 5, 6],
			['developing', 1, 2],
			['experienced', 2, 14],
			['unknown', 1, 7]
		]);
		// new installers rework 5/6 = 0.83 > the 0.80 crisis threshold carried by the report
		expect(r.new_installer_rework_crisis).toBe(0.8);
		expect(byGroup(r.rework_by_tenure, 'new').value!).toBeGreaterThan(r.new_installer_rework_crisis);
		// fault Pareto by component: 压缩机 6, 电脑板 5, 电容 4, 漏氟 1 (cumulative 6/16, 11/16, 15/16, 1)
		expect(r.fault_pareto.map((p) => [p.fault_component, p.count])).toEqual([
			['压缩机', 6],
			['电脑板', 5],
			['电容', 4],
			['漏氟', 1]
		]);
		[6 / 16, 11 / 16, 15 / 16, 1].forEach((s, i) => expect(r.fault_pareto[i].cumulative_share).toBeCloseTo(s, 10));
		// emerging issues: the M50 × 压缩机 pair only
		// too little history for any pair (see the emerging-issues test above)
		expect(r.emerging_issues).toEqual([]);
		// peak-to-off by year over the whole warehouse:
		//   2024 = North only → 174/31
		//   2025: Jan 2/31, Feb 1/28, Mar 2/31, Apr 2/30, May 2/31, Jun 5 + E30–E33 = 9/30, Jul 5/31,
		//         Aug 2 + V10 = 3/31, Sep 2 + V01–V17 but V02, V04, V10 (14) + SI1 = 17/30, Oct 2 + V02, V04 + SI2 = 5/31,
		//         Nov 2 + S00 = 3/30, Dec 2 + S01 = 3/31 → peak Sep 17/30, off Feb 1/28 → ratio 17·28/30 = 238/15
		//   2026 has no ticket after July → not a full year
		expect(Object.keys(r.peak_to_off_by_year)).toEqual(['2024', '2025']);
		expect(r.peak_to_off_by_year['2024']).toBeCloseTo(174 / 31, 10);
		expect(r.peak_to_off_by_year['2025']).toBeCloseTo(238 / 15, 10);
		expect(r.peak_to_off_detail[1]).toMatchObject({ year: 2025, peak_month: 9, off_month: 2 });
		// time to complete: East's 25 (323.5 h) + S21–S25 at 24 h each → 30 tickets, 443.5 h, mean 14.7833;
		//   sorted: 2×8, 3, 4×6, 5, 6, … → 15th 4 and 16th 5 → median 4.5
		expect(r.time_to_complete.tickets).toBe(30);
		expect(r.time_to_complete.mean_hours).toBeCloseTo(443.5 / 30, 10);
		expect(r.time_to_complete.median_hours).toBeCloseTo(4.5, 10);
	});
});

// ---------------------------------------------------------------------------
describe('last complete month at the month-end boundary', () => {
	it('follows the latest ticket: a month is complete once its last day has a ticket', async () => {
		const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-metrics-lcm-'));
		const w = await Warehouse.open(path.join(d, 'lcm.duckdb'));
		try {
			// empty warehouse → null
			expect(await lastCompleteMonth(w)).toBeNull();
			const header = 'ticket_id,created_at,type,customer_id';
			const a = path.join(d, 'a.csv');
			fs.writeFileSync(a, `${header}\nL1,2026-06-10 10:00,repair,C1\nL2,2026-06-29 18:00,repair,C2\n`);
			expect((await ingestFiles(w, [a])).ok).toBe(true);
			// latest 2026-06-29: June is not over → 2026-05
			expect(await lastCompleteMonth(w)).toBe('2026-05');
			const b = path.join(d, 'b.csv');
			fs.writeFileSync(b, `${header}\nL3,2026-06-30 23:59,repair,C3\n`);
			expect((await ingestFiles(w, [b])).ok).toBe(true);
			// latest 2026-06-30 23:59, the last day of June → 2026-06
			expect(await lastCompleteMonth(w)).toBe('2026-06');
		} finally {
			w.close();
			fs.rmSync(d, { recursive: true, force: true });
		}
	});
});
