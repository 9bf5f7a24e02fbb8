// The semantic layer (src/lib/server/metrics/measures.ts, dimensions.ts,
// rate.ts): one function computes a measure by a dimension — overall rate,
// groups, Wilson intervals, exact verdicts — the by-group rates and the filter
// builder read the same dimensions, settings are passed in rather than read,
// and a KPI's change carries Fisher's exact test. Real CSV files written here,
// loaded into a real DuckDB warehouse; every answer worked out by hand below.
//
//   Q  June 2026, completed repairs by team: T01–T09 100 jobs each, 10 reworked;
//      T10 100 jobs, 30 reworked; T11 1 job, none → 1,001 jobs, 120 reworked
//   P  June 1 2026: technician P1 (hired 2026-05-02, day 30) 3 jobs, 1 reworked;
//      P2 (hired 2020-01-01) 2 jobs, none; follow-up scores 4, 5, 5 on P1's jobs
//   R  June 2026 3 repairs, all reworked; May 2026 3 repairs, none
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { DIMENSIONS, DIMENSION_FILTERS, FILTER_COLUMNS } from '../../src/lib/server/metrics/dimensions';
import { ticketWhere } from '../../src/lib/server/metrics/filters';
import { kpis } from '../../src/lib/server/metrics/kpis';
import { measureRate, rateBy } from '../../src/lib/server/metrics/measures';
import { reworkBy } from '../../src/lib/server/metrics/rework';
import { DEFAULT_SETTINGS, type Settings } from '../../src/lib/server/settings';
import type { Warehouse } from '../../src/lib/server/warehouse';
import { useSettingsWarehouse } from './helpers/settings-warehouse';

const Z2 = 1.959963984540054 ** 2;
const Q_JUNE = { region: 'Q', from: '2026-06-01', to: '2026-06-30' };
const P_JUNE = { region: 'P', from: '2026-06-01', to: '2026-06-30' };
const R_JUNE = { region: 'R', from: '2026-06-01', to: '2026-06-30' };
const S: Settings = structuredClone(DEFAULT_SETTINGS);

let wh: Warehouse;

function writeFixture(d: string) {
	const tickets = ['ticket_id,created_at,type,customer_id,region,team,technician_id,completed_at,satisfaction'];
	const rework = ['rework_id,original_ticket_id,rework_date'];
	const job = (id: string, day: string, region: string, team: string, tech: string, sat = '') =>
		tickets.push(`${id},${day} 10:00,repair,C-${id},${region},${team},${tech},${day} 15:00,${sat}`);
	const rw = (id: string) => rework.push(`RW-${id},${id},2026-06-28`);
	for (let t = 1; t <= 10; t++) {
		const team = `T${String(t).padStart(2, '0')}`;
		for (let i = 0; i < 100; i++) {
			const id = `Q${team}-${i}`;
			job(id, `2026-06-${String(1 + (i % 25)).padStart(2, '0')}`, 'Q', team, '');
			if (i < (t === 10 ? 30 : 10)) rw(id);
		}
	}
	job('QT11-0', '2026-06-02', 'Q', 'T11', '');
	['4', '5', '5'].forEach((sat, i) => job(`P1-${i}`, '2026-06-01', 'P', 'PT', 'P1', sat));
	rw('P1-0');
	for (let i = 0; i < 2; i++) job(`P2-${i}`, '2026-06-01', 'P', 'PT', 'P2');
	for (let i = 0; i < 3; i++) {
		job(`RJ-${i}`, '2026-06-10', 'R', 'RT', '');
		rw(`RJ-${i}`);
		job(`RM-${i}`, '2026-05-10', 'R', 'RT', '');
	}
	fs.writeFileSync(path.join(d, 'tickets.csv'), tickets.join('\n') + '\n');
	fs.writeFileSync(path.join(d, 'rework.csv'), rework.join('\n') + '\n');
	fs.writeFileSync(path.join(d, 'technicians.csv'), 'technician_id,hire_date\nP1,2026-05-02\nP2,2020-01-01\n');
}

// the defaults, whatever the project's settings file says
useSettingsWarehouse('semantic', {}, async (dir, w) => {
	wh = w;
	const csv = path.join(dir, 'csv');
	fs.mkdirSync(csv);
	writeFixture(csv);
	const r = await ingestFiles(wh, [csv]);
	expect(r.files.map((f) => [f.table, f.rows_loaded, f.rows_rejected]).sort()).toEqual([
		['rework', 124, 0], // Q 9 × 10 + 30, P 1, R 3
		['technicians', 2, 0],
		['tickets', 1012, 0] // Q 1,001, P 5, R 6
	]);
});

/** P(Y ≥ k) and P(Y ≤ k) for Y ~ Binomial(n, p), summed term by term. */
function binomTails(k: number, n: number, p: number): { upper: number; lower: number } {
	const pmf: number[] = [(1 - p) ** n];
	for (let j = 1; j <= n; j++) pmf.push((pmf[j - 1] * (n - j + 1) * p) / (j * (1 - p)));
	const sum = (a: number, b: number) => pmf.slice(a, b + 1).reduce((s, v) => s + v, 0);
	return { upper: sum(k, n), lower: sum(0, k) };
}

describe('rateBy: a measure by a dimension', () => {
	it('overall, groups largest first, Wilson intervals', async () => {
		const r = await rateBy(wh, Q_JUNE, 'rework_rate', 'team');
		expect(r.overall).toEqual({ numerator: 120, denominator: 1001, value: 120 / 1001 });
		expect(r.groups.map((g) => [g.group, g.numerator, g.denominator])).toEqual([
			...Array.from({ length: 9 }, (_, i) => [`T0${i + 1}`, 10, 100]),
			['T10', 30, 100],
			['T11', 0, 1]
		]);
		// Wilson 30/100: centre (0.3 + z²/200)/(1 + z²/100), half z·√(0.21/100 + z²/40000)/(1 + z²/100)
		const t10 = r.groups[9];
		const den = 1 + Z2 / 100;
		const centre = (0.3 + Z2 / 200) / den;
		const half = (Math.sqrt(Z2) * Math.sqrt(0.0021 + Z2 / 40000)) / den;
		expect(t10.ci_low).toBeCloseTo(centre - half, 12);
		expect(t10.ci_high).toBeCloseTo(centre + half, 12);
		// 0/1: low 0, high = z²/(1 + z²)
		expect([r.groups[10].ci_low, r.groups[10].ci_high]).toEqual([0, expect.closeTo(Z2 / (1 + Z2), 12)]);
	});

	it('verdicts from exact binomial tails against p̄ = 120/1001, no overdispersion', async () => {
		const p0 = 120 / 1001;
		const r = await rateBy(wh, Q_JUNE, 'rework_rate', 'team');
		// nine groups sit 0.61 SE under p̄ and one far above, but winsorising (⌊0.1 × 11⌋ = 1 each end) takes
		// the outlier out of φ̂: φ̂ < 1, not used, the limits are the plain exact ones
		expect(r.overdispersion.used).toBe(false);
		expect(r.overdispersion.phi).toBeLessThan(1);
		expect(r.groups.map((g) => g.verdict)).toEqual([...Array(9).fill('within'), 'above', 'too_few']);
		// why, from the tails: 30/100 has P(Y ≥ 30) < 0.00135; 10/100 has both tails above it
		expect(binomTails(30, 100, p0).upper).toBeLessThan(0.00135);
		expect(binomTails(10, 100, p0).upper).toBeGreaterThan(0.00135);
		expect(binomTails(10, 100, p0).lower).toBeGreaterThan(0.00135);
		// the funnel limits at n = 100 bracket p̄ and the 10 % groups, not T10's 30 %
		const t01 = r.groups[0];
		expect(t01.limit_low!).toBeLessThan(0.1);
		expect(t01.limit_high!).toBeGreaterThan(p0);
		expect(t01.limit_high!).toBeLessThan(0.3);
		expect(r.groups[9].limit_high).toBe(t01.limit_high);
		// the line the charts draw is the exact limit, and the flag is the exact verdict
		expect(r.groups[9].ucl).toBe(r.groups[9].limit_high);
		expect(r.groups[9].above_control_limit).toBe(true);
		expect(r.groups.map((g) => g.above_control_limit)).toEqual([...Array(9).fill(false), true, false]);
	});

	it('the by-group rates and the filter read the same dimensions', async () => {
		const r = await rateBy(wh, Q_JUNE, 'rework_rate', 'team');
		expect(await reworkBy(wh, Q_JUNE, 'team')).toEqual(r.groups);
		// filtering on a team gives that team's group rate
		const t10 = await measureRate(wh, { ...Q_JUNE, team: 'T10' }, 'rework_rate');
		expect([t10.numerator, t10.denominator]).toEqual([30, 100]);
		// every filter is a dimension whose expression is that column
		for (const key of DIMENSION_FILTERS) {
			expect(DIMENSIONS[key].expr('x', S, {})).toBe(`x.${FILTER_COLUMNS[key]}`);
			expect(ticketWhere({ [key]: 'v' }, 'x').sql).toBe(`x.${FILTER_COLUMNS[key]} = $f_${key}`);
		}
	});
});

describe('settings are passed in', () => {
	it('tenure band on the job date: day 30 is new under 90, developing from a bound of 30', async () => {
		expect((await reworkBy(wh, P_JUNE, 'tenure', S)).map((g) => [g.group, g.numerator, g.denominator])).toEqual([
			['new', 1, 3],
			['experienced', 0, 2]
		]);
		const bound30 = { ...S, tenure_days: { new_below: 30, developing_below: 365 } };
		expect((await reworkBy(wh, P_JUNE, 'tenure', bound30)).map((g) => [g.group, g.numerator, g.denominator])).toEqual([
			['developing', 1, 3],
			['experienced', 0, 2]
		]);
		const bound31 = { ...S, tenure_days: { new_below: 31, developing_below: 365 } };
		expect((await reworkBy(wh, P_JUNE, 'tenure', bound31))[0].group).toBe('new');
	});

	it('satisfied score: 4, 5, 5 → 3/3 at 4, 2/3 at 5', async () => {
		const at4 = await measureRate(wh, P_JUNE, 'satisfaction_rate', S);
		const at5 = await measureRate(wh, P_JUNE, 'satisfaction_rate', { ...S, satisfied_min_score: 5 });
		expect([at4.numerator, at4.denominator, at5.numerator, at5.denominator]).toEqual([3, 3, 2, 3]);
	});
});

describe('a KPI change carries Fisher’s exact test', () => {
	it('3/3 reworked in June against 0/3 in May: p = 2/20, not significant', async () => {
		const k = (await kpis(wh, R_JUNE, S)).rework_rate;
		expect([k.numerator, k.denominator, k.previous_rate?.numerator, k.previous_rate?.denominator]).toEqual([3, 3, 0, 3]);
		// margins 3 reworked of 6: P(x) = C(3,x)·C(3,3−x)/C(6,3) = 1, 9, 9, 1 twentieths; as or less likely
		// than the observed x = 3: x = 0 and x = 3 → 2/20
		const c = k.previous_change!;
		expect(c.diff).toBe(1);
		expect(c.p_value).toBeCloseTo(0.1, 12);
		expect(c.significant).toBe(false);
		// Newcombe: Wilson 3/3 = [3/(3 + z²), 1], 0/3 = [0, z²/(3 + z²)] → low = 1 − √2·z²/(3 + z²), high = 1
		expect(c.ci_low).toBeCloseTo(1 - (Math.SQRT2 * Z2) / (3 + Z2), 12);
		expect(c.ci_high).toBeCloseTo(1, 12);
		// June 2025 has no jobs: nothing to compare with
		expect(k.same_period_last_year_rate).toEqual({ numerator: 0, denominator: 0, value: null });
		expect(k.same_period_last_year_change).toBeNull();
	});
});
