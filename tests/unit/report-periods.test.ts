// The review of a week and a quarter (src/lib/server/report.ts periodReport) on
// the metrics fixture (tests/unit/fixtures/metrics-fixture.ts) plus two small
// regions of our own, every count worked by hand from the rows:
//   Qr  repairs of one KFR-72LW/A1 × 电容 pair across 2025-Q4 and 2026-Q1 (a unit repaired twice)
//   Rw  February 2026 installs: W3 (赵强, in the roster) 8 jobs all reworked, T1–T9 (not in the roster) 10 jobs, 1 reworked each
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locale } from '../../src/lib/i18n';
import { findings } from '../../src/lib/report/findings';
import { reportMarkdown } from '../../src/lib/report/markdown';
import { claimsSummary, repeatedTable, suppliersTable, type TextTable } from '../../src/lib/report/sections';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { monthlyReport, periodReport } from '../../src/lib/server/report';
import type { Warehouse } from '../../src/lib/server/warehouse';
import { FIXTURE_SETTINGS, MODELS, ticketsCsv, writeFixture, type T } from './fixtures/metrics-fixture';
import { useSettingsWarehouse } from './helpers/settings-warehouse';

const { M35, M72 } = MODELS;

const SETTINGS = FIXTURE_SETTINGS;

/** a completed repair of the Qr pair (KFR-72LW/A1 × 电容), five hours long */
const qrRepair = (id: string, day: string, cust: string, serial: string): T => ({
	id,
	created: `${day} 10:00`,
	type: 'repair',
	cust,
	region: 'Qr',
	model: M72,
	serial,
	component: '电容',
	completed: `${day} 15:00`
});
const QR: T[] = [
	qrRepair('Q5', '2025-11-15', 'CQ5', 'SN-Q4'),
	qrRepair('Q1', '2026-01-05', 'CQ1', 'SN-Q1'),
	qrRepair('Q2', '2026-02-10', 'CQ2', 'SN-Q2'),
	qrRepair('Q3', '2026-03-03', 'CQ1', 'SN-Q1'),
	qrRepair('Q4', '2026-03-20', 'CQ3', 'SN-Q3')
];

const RW: T[] = [];
const RW_REWORK: string[] = [];
for (let i = 1; i <= 8; i++) {
	RW.push({
		id: `RW3-${i}`,
		created: `2026-02-${String(i + 1).padStart(2, '0')} 09:00`,
		type: 'install',
		cust: `CW3-${i}`,
		region: 'Rw',
		model: M35,
		tech: 'W3',
		team: 'Gamma',
		tt: 'internal',
		completed: `2026-02-${String(i + 1).padStart(2, '0')} 12:00`
	});
	RW_REWORK.push(`XR3-${i},RW3-${i},,2026-02-${String(i + 10).padStart(2, '0')},漏水,安装,80`);
}
for (let t = 1; t <= 9; t++)
	for (let j = 1; j <= 10; j++) {
		const day = String(j + 1).padStart(2, '0');
		RW.push({
			id: `RT${t}-${j}`,
			created: `2026-02-${day} 10:00`,
			type: 'install',
			cust: `CT${t}-${j}`,
			region: 'Rw',
			model: M35,
			tech: `T${t}`,
			team: 'Delta',
			tt: 'outsourced',
			completed: `2026-02-${day} 14:00`
		});
		if (j === 1) RW_REWORK.push(`XT${t},RT${t}-1,,2026-02-20,漏水,安装,80`);
	}

let wh: Warehouse;

useSettingsWarehouse('report-periods', SETTINGS, async (dir, w) => {
	wh = w;
	writeFixture(dir);
	const extra = path.join(dir, 'extra');
	fs.mkdirSync(extra);
	fs.writeFileSync(path.join(extra, 'tickets.csv'), ticketsCsv([...QR, ...RW]));
	fs.writeFileSync(
		path.join(extra, 'rework.csv'),
		['rework_id,original_ticket_id,rework_ticket_id,rework_date,reason,responsibility,cost', ...RW_REWORK].join('\n') + '\n'
	);
	for (const f of ['technicians.csv', 'tickets.csv', 'rework.csv', 'parts.csv'])
		expect((await ingestFiles(wh, [path.join(dir, f)])).ok, f).toBe(true);
	expect((await ingestFiles(wh, [path.join(extra, 'tickets.csv')])).ok).toBe(true);
	expect((await ingestFiles(wh, [path.join(extra, 'rework.csv')])).ok).toBe(true);
});

const frac = (r: { numerator: number; denominator: number }) => [r.numerator, r.denominator];

describe('the review of a week', () => {
	it('2026-W24 (8–14 June 2026) in East', async () => {
		const r = await periodReport(wh, '2026-W24', { region: 'East' });
		expect(r.period).toEqual({ kind: 'week', key: '2026-W24', from: '2026-06-08', to: '2026-06-14' });
		expect(r.scope).toEqual({ region: 'East' });
		expect([r.previous_period, r.next_period]).toEqual(['2026-W23', '2026-W25']);
		// the week's jobs: E07, E08✓ (N2), E05, E06 (W2), E09✓, E10✓, E11✓ (N1) → 4/7
		expect(frac(r.kpis.rework_rate)).toEqual([4, 7]);
		// the week before (1–7 June): E01✓, E02, E03, E04 (W1; E25 never completed) → 1/4
		expect(r.kpis.rework_rate.previous).toBeCloseTo(1 / 4, 12);
		expect(r.compared.previous).toEqual({ from: '2026-06-01', to: '2026-06-07' });
		// the same dates in 2025: no East job (E30 is on 15 June) → no figure
		expect(r.compared.last_year).toEqual({ from: '2025-06-08', to: '2025-06-14' });
		expect(r.kpis.rework_rate.same_month_last_year).toBeNull();
		// the data end on 2 July 2026 (E36): every job of the week is inside its 30-day rework window → provisional
		expect(r.kpis.rework_rate.provisional).toBe(true);
		expect(r.kpis.rework_rate.open_share).toBe(1);
		// the as-of stamp: the first ticket is North's N2024011 (2024-01-10), the last E36 (2026-07-02)
		expect(r.data_span).toEqual({ first: '2024-01-10', last: '2026-07-02' });
		// installers: N2 1/2, W2 0/2, N1 3/3 — at p̄ = 4/7 no outcome at n = 2 or 3 could be flagged → all too few
		expect(r.installers).toEqual({ above: [], judged: 0, too_few: 3 });
		// a week's emerging issues: the check of the last month complete by its end, May 2026
		expect(r.emerging_status.map((e) => e.month)).toEqual(['2026-05']);
		// East has no repair with a model and a component in the week: nothing recurs
		expect(r.repeated_faults).toEqual([]);
	});
});

describe('the review of a quarter', () => {
	it('2026-Q1 in Qr: a pair that recurs on the same unit and in every month', async () => {
		const r = await periodReport(wh, '2026-Q1', { region: 'Qr' });
		expect(r.period).toEqual({ kind: 'quarter', key: '2026-Q1', from: '2026-01-01', to: '2026-03-31' });
		expect([r.previous_period, r.next_period]).toEqual(['2025-Q4', '2026-Q2']);
		expect(r.compared).toEqual({ previous: { from: '2025-10-01', to: '2025-12-31' }, last_year: { from: '2025-01-01', to: '2025-03-31' } });
		// Q1–Q4: 4 repairs; SN-Q1 twice (Q1, Q3) → 1 unit, 1 repeat repair; Jan 1, Feb 1, Mar 2
		// previous quarter: Q5 → 1. Rate ratio (4/90 days) ÷ (1/92 days) = 368/90; the exact test of 4 of 5 at
		// p0 = 90/182 gives P(X ≥ 4) = 5p⁴q + p⁵ ≈ 0.18 on one side alone → no significant change
		expect(r.repeated_faults).toHaveLength(1);
		const f = r.repeated_faults[0];
		expect(f).toMatchObject({
			product_model: M72,
			fault_component: '电容',
			repairs: 4,
			repeat_units: 1,
			repeat_repairs: 1,
			by_month: [
				{ month: '2026-01', count: 1 },
				{ month: '2026-02', count: 1 },
				{ month: '2026-03', count: 2 }
			],
			months_with_repairs: 3,
			previous_repairs: 1,
			trend: 'no_change'
		});
		expect(f.rate_ratio).toBeCloseTo(368 / 90, 10);
		expect(f.p_value).toBeGreaterThan(0.18);
		// a quarter reports the emerging-issue checks of its three months
		expect(r.emerging_status.map((e) => e.month)).toEqual(['2026-01', '2026-02', '2026-03']);
		// the quarter's KPIs: 4 completed repairs, no install → repeat visits within 30 days: none (SN-Q1 again after 57 days)
		expect(frac(r.kpis.repeat_visit_rate)).toEqual([0, 4]);
	});

	it('2026-Q2 in South: the pair repaired twice on one unit, new against an empty previous quarter; supplier claims', async () => {
		const r = await periodReport(wh, '2026-Q2', { region: 'South' });
		// M35 × 电脑板: S21, S22, S23, S25 and S24 (SN-S23 again) = 5 in June, 1 repeat unit; Q1 had none → 'new'.
		// Other pairs: M50 × 压缩机 6 units once each, M26 × 电容 4 once each, M26 × 电脑板 1 (April) → not recurring
		expect(
			r.repeated_faults.map((x) => [x.product_model, x.fault_component, x.repairs, x.repeat_units, x.months_with_repairs, x.trend])
		).toEqual([[M35, '电脑板', 5, 1, 1, 'new']]);
		expect(r.repeated_faults[0].rate_ratio).toBeNull();
		// warranty parts on South's Q2 tickets: S11 (recovered 600, 850), S12 (submitted, 850), S13 压缩机 (无, 850),
		// S13 电容 (2 × 15, no claim), S21 (recovered 320, 320), S22 (submitted, no price), S31 (无, 3 × 12); S14 is not warranty
		const c = r.supplier_claims;
		expect([c.lines, c.claim_none, c.claim_submitted, c.claim_recovered]).toEqual([7, 3, 2, 2]);
		expect(c.recovered_amount).toBeCloseTo(920, 10);
		expect(c.cost).toBeCloseTo(2936, 10);
		expect(c.suppliers.map((s) => [s.supplier, s.lines, s.cost, s.claim_recovered, s.recovered_amount])).toEqual([
			['Highly', 3, 2550, 1, 600],
			['Midea-E', 2, 320, 1, 320],
			[null, 1, 36, 0, 0],
			['Jianghai', 1, 30, 0, 0]
		]);
	});

	it('2026-Q2 in East: KPIs against the previous quarter and the same quarter last year', async () => {
		const r = await periodReport(wh, '2026-Q2', { region: 'East' });
		// June 8/24 + May: E28, E27✓ → 9/26; Q1 2026: E34 never completed → no figure; Q2 2025: E30, E31✓, E32, E33 → 1/4
		expect(frac(r.kpis.rework_rate)).toEqual([9, 26]);
		expect(r.kpis.rework_rate.previous).toBeNull();
		expect(r.kpis.rework_rate.same_month_last_year).toBeCloseTo(1 / 4, 12);
	});
});

describe('the worst installers', () => {
	it('February 2026 in Rw: W3 8/8 above its exact limit, named from the roster', async () => {
		const r = await periodReport(wh, '2026-02', { region: 'Rw' });
		// p̄ = (8 + 9) / (8 + 90) = 17/98; P(Y ≥ 8 | 8, 17/98) = (17/98)⁸ ≈ 8e-7 < 0.00135 → above.
		// T1–T9 at 1/10: P(Y ≥ 1) and P(Y ≤ 1) both far above the tail → within. Overdispersion: ten groups, the
		// largest z winsorised to the others' −0.61 → φ < 1, not used.
		expect(frac(r.kpis.rework_rate)).toEqual([17, 98]);
		expect(r.installers.above.map((g) => [g.group, g.name, g.numerator, g.denominator, g.verdict])).toEqual([
			['W3', '赵强', 8, 8, 'above']
		]);
		expect([r.installers.judged, r.installers.too_few]).toEqual([10, 0]);
	});

	it('monthlyReport is the month of periodReport without the scope sections', async () => {
		const m = await monthlyReport(wh, '2026-02', { region: 'Rw' });
		const p = await periodReport(wh, '2026-02', { region: 'Rw' });
		expect(m.month).toBe('2026-02');
		expect(m.kpis).toEqual(p.kpis);
		expect(m.filters).toEqual({ region: 'Rw', from: '2026-02-01', to: '2026-02-28' });
	});
});

describe('what the review may claim (findings and Markdown)', () => {
	const base = async () => periodReport(wh, '2026-W24', { region: 'East' });

	it('a provisional figure: no tick, no verdict on its change, the sentence says it is provisional', async () => {
		const r = await base();
		const L = locale('en');
		const md = reportMarkdown(r, L);
		// rework 4/7 = 57.1 % misses < 5 % (a follow-up rate only rises as it matures, so the miss stands), but no ✗/✓ on a provisional figure
		const row = md.split('\n').find((l) => l.startsWith('| Rework rate |'))!;
		expect(row).toBe('| Rework rate | 57.1% (provisional) | 4/7 | < 5% | 25.0% (provisional — no claim) | — |');
		expect(md).toContain('# Weekly field-problem report — week 24 of 2026 (2026-06-08 – 2026-06-14)');
		expect(md).toContain('Region: East · data as of 2026-07-02');
		const f = findings(r, L);
		expect(
			f.some((s) => s.startsWith('Rework rate 57.1% (4/7) is provisional: 100% of its jobs are still inside the follow-up window'))
		).toBe(true);
		expect(f.filter((s) => s.includes('significantly'))).toEqual([]);
	});

	it('a final figure: "significantly higher" only when the test says so, else "no significant change"', async () => {
		const r = await base();
		const L = locale('en');
		const k = { ...r.kpis.rework_rate, provisional: false, previous_provisional: false, nowcast: null };
		const test = { diff: 0.321, p_value: 0.004, ci_low: 0.1, ci_high: 0.5, significant: true };
		const sig = {
			...r,
			kpis: { ...r.kpis, rework_rate: k },
			kpi_changes: { ...r.kpi_changes, rework_rate: { previous: test, same_month_last_year: null } }
		};
		expect(findings(sig, L)).toContain('Rework rate 57.1% (4/7) is significantly higher (p = 0.0040) against the previous period 25.0%.');
		expect(reportMarkdown(sig, L)).toContain('| Rework rate | 57.1% | 4/7 | < 5% ✗ | 25.0% (significantly higher (p = 0.0040)) | — |');
		const noise = {
			...sig,
			kpi_changes: {
				...sig.kpi_changes,
				rework_rate: { previous: { ...test, p_value: 0.24, significant: false }, same_month_last_year: null }
			}
		};
		expect(findings(noise, L).filter((s) => s.includes('significantly'))).toEqual([]);
		expect(reportMarkdown(noise, L)).toContain('| Rework rate | 57.1% | 4/7 | < 5% ✗ | 25.0% (no significant change) | — |');
	});
});

describe('the sections as the page and the Markdown both show them', () => {
	const texts = (tt: TextTable) => tt.rows.map((row) => row.map((c) => c.text));

	it('2026-Q1 in Qr: the recurring pair month by month, in English and Chinese', async () => {
		const r = await periodReport(wh, '2026-Q1', { region: 'Qr' });
		// Q1–Q4 above: 4 repairs, SN-Q1 twice → 1 unit; January 1, February 1, March 2; the previous quarter Q5 → 1; no significant change
		expect(texts(repeatedTable(locale('en'), r.repeated_faults))).toEqual([
			[M72, 'Capacitor', '4', '1', 'January 1 · February 1 · March 2', '1', 'no significant change']
		]);
		expect(texts(repeatedTable(locale('zh'), r.repeated_faults))).toEqual([
			[M72, '电容', '4', '1', '1月 1 · 2月 1 · 3月 2', '1', '无显著变化']
		]);
		expect(repeatedTable(locale('en'), r.repeated_faults).rows[0][6].bad).toBe(false);
		expect(reportMarkdown(r, locale('en'))).toContain(
			`| ${M72} | Capacitor | 4 | 1 | January 1 · February 1 · March 2 | 1 | no significant change |`
		);
	});

	it('2026-Q2 in South: the supplier claims summary and table', async () => {
		const r = await periodReport(wh, '2026-Q2', { region: 'South' });
		const L = locale('en');
		// the counts worked out above: 7 lines costing 2,936, 2 recovered (600 + 320), 2 submitted, 3 not claimed
		const summary = '7 warranty part lines costing 2,936.00: 2 recovered (920.00), 2 submitted, 3 not claimed.';
		expect(claimsSummary(L, r.supplier_claims)).toBe(summary);
		expect(texts(suppliersTable(L, r.supplier_claims))).toEqual([
			['Highly', '3', '2,550.00', '1', '600.00'],
			['Midea-E', '2', '320.00', '1', '320.00'],
			['—', '1', '36.00', '0', '0.00'],
			['Jianghai', '1', '30.00', '0', '0.00']
		]);
		const md = reportMarkdown(r, L);
		expect(md).toContain(summary);
		expect(md).toContain('| Highly | 3 | 2,550.00 | 1 | 600.00 |');
		// M35 × 电脑板: five repairs in June against none the quarter before → new, not rising
		expect(texts(repeatedTable(L, r.repeated_faults))).toEqual([
			[M35, 'Control board', '5', '1', 'April 0 · May 0 · June 5', '0', 'new (none the period before)']
		]);
	});
});
