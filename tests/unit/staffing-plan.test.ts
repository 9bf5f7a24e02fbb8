// The staffing plan end to end on a real DuckDB file built by `npm run ingest` from CSVs this test writes:
// the plan's figures on flat demand (worked by hand below), the roster weeks, the backtest of last year's peak,
// and the CLI's --json shape.
//
// The fixture: every day from Mon 2024-01-01 to Sun 2025-12-28 (104 weeks), region R1 / team A has 12 repairs
// (84 a week) and region R2 / team B (outsourced) 2 repairs (14 a week), no distances (promise 24 h).
// Flat history: every forecast is the history, every rolling-origin error ratio 1, so P50 = P80 = P95.
// Team A's technicians on tickets: A1–A3 in the six weeks from 2024-12-30, a third of their jobs reached after 30 h;
// A1–A6 on time otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Warehouse } from '../../src/lib/server/warehouse';
import { planBacktest, staffingOutlook, staffingPlan, type StaffingSettingsInput } from '../../src/lib/server/staffing';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let db: string;
let settingsFile: string;

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const stamp = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

function run(script: string, args: string[]) {
	const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: 120_000,
		env: { ...process.env, FORCE_COLOR: '0', FIELDLOOP_SETTINGS: settingsFile }
	});
	if (r.error) throw r.error;
	return r;
}

beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldloop-staffing-'));
	db = path.join(dir, 'wh.duckdb');
	settingsFile = path.join(dir, 'settings.json');
	fs.writeFileSync(settingsFile, '{}\n');
	const start = Date.UTC(2024, 0, 1);
	const shortFrom = Date.UTC(2024, 11, 30);
	const shortTo = shortFrom + 42 * DAY;
	const rows = ['ticket_id,created_at,type,customer_id,region,team,team_type,technician_id,arrived_at,completed_at'];
	for (let i = 0; i < 728; i++) {
		const day = start + i * DAY;
		const short = day >= shortFrom && day < shortTo;
		for (let j = 0; j < 12; j++) {
			const created = day + (9 * 60 + 30 * j) * 60_000;
			const late = short && j % 3 === 0;
			const arrived = created + (late ? 30 : 2) * 3_600_000;
			const tech = short ? `A${(j % 3) + 1}` : `A${(j % 6) + 1}`;
			rows.push(`K${i}-${j},${stamp(created)},repair,C${i}-${j},R1,A,internal,${tech},${stamp(arrived)},${stamp(arrived + 3_600_000)}`);
		}
		for (let j = 0; j < 2; j++) {
			const created = day + (10 * 60 + 60 * j) * 60_000;
			rows.push(
				`M${i}-${j},${stamp(created)},repair,D${i}-${j},R2,B,outsourced,B1,${stamp(created + 3_600_000)},${stamp(created + 7_200_000)}`
			);
		}
	}
	fs.writeFileSync(path.join(dir, 'tickets.csv'), rows.join('\n') + '\n');
	fs.writeFileSync(
		path.join(dir, 'technicians.csv'),
		[
			'technician_id,name,hire_date,leave_date,team,team_type',
			'T1,一,2020-01-01,,A,internal',
			'T2,二,2020-01-01,2026-01-10,A,outsourced',
			'T3,三,2026-01-06,,A,internal',
			'T4,四,2026-01-12,,A,internal',
			'T5,五,2025-01-01,,A,internal',
			'B1,六,2020-01-01,,B,outsourced'
		].join('\n') + '\n'
	);
	expect(iso(start + 727 * DAY)).toBe('2025-12-28');
	const r = run('scripts/ingest.ts', ['--db', db, path.join(dir, 'technicians.csv'), path.join(dir, 'tickets.csv')]);
	expect(r.status, r.stderr + r.stdout).toBe(0);
}, 300_000);

afterAll(() => {
	if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// on-time target 0.9, promise 24 h (no distances), 8 h × 6 days = 48 h a week, utilisation at most 0.85
const base = {
	targets: { on_time_rate: { min: 0.9 } },
	promised_response: {
		unknown_distance_hours: 24,
		bands: [
			{ max_km: 100, hours: 24 },
			{ max_km: null, hours: 48 }
		]
	}
};

describe('the CLI (npm run plan -- --json) on the fixture', () => {
	it('team A (region R1): 84 jobs, 4 technicians by the on-time target, the roster 3, 3, 4, 4', () => {
		// repairs 1.75 h: A = 84 × 1.75 / 48 = 3.0625; t/h = (24 × 48/168) / 1.75 = 3.9184;
		// N = 4: C(4, 3.0625) → on-time 0.9863927 ≥ 0.9 (N = 3 < A cannot keep up); ⌈3.0625/0.85⌉ = 4 as well.
		const r = run('scripts/plan.ts', ['--db', db, '--json', '--region', 'R1', '--weeks', '4']);
		expect(r.status, r.stderr).toBe(0);
		const out = JSON.parse(r.stdout);
		expect(Object.keys(out)).toEqual(expect.arrayContaining(['settings', 'weeks']));
		expect(out.settings).toMatchObject({ region: 'R1', quantile: 0.8, on_time_target: 0.9, outsourced_share: 0 });
		expect(out.weeks.map((w: { week: string }) => w.week)).toEqual(['2026-W01', '2026-W02', '2026-W03', '2026-W04']);
		for (const w of out.weeks) {
			expect(Object.keys(w)).toEqual(
				expect.arrayContaining([
					'week',
					'jobs_p50',
					'jobs_p80',
					'jobs_p95',
					'technicians_needed',
					'expected_on_time',
					'utilisation',
					'roster_active',
					'gap'
				])
			);
			expect(w.jobs_p50).toBeCloseTo(84, 9);
			expect(w.jobs_p80).toBeCloseTo(84, 9);
			expect(w.jobs_p95).toBeCloseTo(84, 9);
			expect(w.technicians_needed).toBe(4);
			expect(w.expected_on_time).toBeCloseTo(0.9863927, 6);
			expect(w.utilisation).toBeCloseTo(0.765625, 9);
		}
		// T2 leaves Sat 2026-01-10, T3 joins Tue 01-06 (counted from the next Monday), T4 on Mon 01-12; T5 since 2025
		expect(out.weeks.map((w: { roster_active: number }) => w.roster_active)).toEqual([3, 3, 4, 4]);
		expect(out.weeks.map((w: { roster_outsourced: number }) => w.roster_outsourced)).toEqual([1, 1, 0, 0]);
		expect(out.weeks.map((w: { gap: number }) => w.gap)).toEqual([-1, -1, 0, 0]);
		expect(out.weeks.map((w: { at_risk: boolean }) => w.at_risk)).toEqual([true, true, false, false]);
		// with 3 on the roster A = 3.0625 exceeds the head-count: the model promises nothing
		expect(out.weeks[0].expected_on_time_roster).toBe(0);
	});

	it('without a scope: 98 jobs a week, a seventh of them outsourced', () => {
		const r = run('scripts/plan.ts', ['--db', db, '--json', '--weeks', '1']);
		expect(r.status, r.stderr).toBe(0);
		const out = JSON.parse(r.stdout);
		expect(out.weeks[0].jobs_p80).toBeCloseTo(98, 9);
		expect(out.settings.outsourced_share).toBeCloseTo(1 / 7, 12);
		// A = 98 × 1.75 / 48 = 3.5729; N = 4 → on-time 0.8548 < 0.9, N = 5 meets it; ⌈A / 0.85⌉ = 5 as well
		expect(out.weeks[0]).toMatchObject({ technicians_needed: 5, technicians_for_on_time: 5, binding: 'on_time' });
		// 5 × 6/7 = 4.29 → 5 in-house, 0 outsourced; the roster on 2025-12-29: T1, T5 in-house, T2 and B1 outsourced
		expect(out.weeks[0]).toMatchObject({ needed_internal: 5, needed_outsourced: 0, roster_internal: 2, roster_outsourced: 2, gap: -1 });
	});

	it('--by region plans each region on its own, beside its own roster', () => {
		// R2: 14 jobs of 1.75 h, A = 0.5104; one technician (M/M/1): 1 − 0.5104·e^{−0.4896 × 3.9184} = 0.9250 ≥ 0.9; B1 on the roster
		const r = run('scripts/plan.ts', ['--db', db, '--json', '--weeks', '4', '--by', 'region']);
		expect(r.status, r.stderr).toBe(0);
		const rows = JSON.parse(r.stdout).breakdown;
		expect(rows.map((x: { value: string }) => x.value)).toEqual(['R1', 'R2']);
		expect(rows[0]).toMatchObject({
			dim: 'region',
			peak_week: '2026-W01',
			technicians_needed: 4,
			roster_active: 3,
			gap: -1,
			weeks_at_risk: 2
		});
		expect(rows[1]).toMatchObject({ dim: 'region', technicians_needed: 1, roster_active: 1, gap: 0, weeks_at_risk: 0 });
		expect(rows[1].expected_on_time).toBeCloseTo(0.925045, 5);
	});

	it('prints a table, and refuses bad options', () => {
		const r = run('scripts/plan.ts', ['--db', db, '--region', 'R1', '--weeks', '2']);
		expect(r.status, r.stderr).toBe(0);
		expect(r.stdout).toMatch(/2026-W01\s+2025-12-29\s+84\s+84\s+84\s+4\s+98\.6%\s+76\.6%\s+3\s+2\/4\s+1\/0\s+-1\s+AT RISK/);
		const bad = run('scripts/plan.ts', ['--db', db, '--quantile', '1.5']);
		expect(bad.status).toBe(2);
		expect(bad.stderr).toMatch(/--quantile must be between 0.01 and 0.99/);
	});
});

describe('staffingPlan and planBacktest on the fixture', () => {
	let wh: Warehouse;
	beforeAll(async () => {
		wh = await Warehouse.open(db, { readOnly: true });
	});
	afterAll(() => wh?.close());

	const settings: StaffingSettingsInput = {
		...base,
		staffing: {
			jobs_per_technician_per_day: 4,
			working_days_per_week: 6,
			hours_per_day: 8,
			hours_per_job: { repair: 2 },
			max_utilisation: 0.85
		}
	};

	it('staffs the chosen quantile: the what-ifs move the need the way the queue says', async () => {
		// repairs of 2 h: A = 84 × 2/48 = 3.5, t/h = 3.4286; N = 4 → 0.8671 < 0.9, N = 5 → 0.9977930
		const plan = await staffingPlan(wh, settings, { region: 'R1', weeks: 1 });
		expect(plan?.weeks[0]).toMatchObject({ technicians_needed: 5, technicians_for_on_time: 5, binding: 'on_time' });
		expect(plan?.weeks[0].expected_on_time).toBeCloseTo(0.997793, 6);
		// 10% overtime: 52.8 h a week, A = 168/52.8 = 3.1818, t/h = (24 × 52.8/168)/2 = 3.7714; N = 4 → 0.9731; ⌈3.18/0.85⌉ = 4
		const ot = await staffingPlan(wh, settings, { region: 'R1', weeks: 1, overtime: 0.1 });
		expect(ot?.weeks[0].technicians_needed).toBe(4);
		expect(ot?.weeks[0].utilisation).toBeCloseTo(168 / 52.8 / 4, 9);
		// 6 jobs a day: every job 8/6 h, A = 84 × (4/3)/48 = 2.3333; ⌈2.3333/0.85⌉ = 3
		const jobs = await staffingPlan(wh, settings, { region: 'R1', weeks: 1, jobsPerTechnicianPerDay: 6 });
		expect(jobs?.weeks[0].offered_load).toBeCloseTo(7 / 3, 9);
		expect(jobs?.weeks[0].technicians_needed).toBe(3);
	});

	it('the review outlook: 13 weeks from the first Monday of the next month', async () => {
		const nov = await staffingOutlook(wh, settings, '2025-11', { region: 'R1' });
		expect(nov?.weeks).toHaveLength(13);
		expect(nov?.weeks[0]).toMatchObject({ week: '2025-W49', week_start: '2025-12-01', technicians_needed: 5 });
		const dec = await staffingOutlook(wh, settings, '2025-12', { region: 'R1' });
		expect(dec?.weeks[0].week_start).toBe('2026-01-05');
		await expect(staffingOutlook(wh, settings, '2025-13')).rejects.toThrow(/YYYY-MM/);
	});

	it('needs a year of history before its first week', async () => {
		expect(await staffingPlan(wh, settings, { from: '2024-06' })).toBeNull();
		await expect(staffingPlan(wh, settings, { from: '2025-12-30' })).rejects.toThrow(/Monday/);
	});

	it('backtests the busiest 13 weeks of the last year: the short-staffed weeks were the late ones', async () => {
		// all 13-week stretches of the last 52 complete weeks tie on jobs: the earliest, from 2024-12-30, is taken
		const b = await planBacktest(wh, settings, { region: 'R1' });
		expect(b?.from).toBe('2024-12-30');
		expect(b?.weeks).toHaveLength(13);
		expect(b?.weeks.every((w) => w.recommended === 5)).toBe(true);
		expect(b?.weeks.map((w) => w.technicians)).toEqual([3, 3, 3, 3, 3, 3, 6, 6, 6, 6, 6, 6, 6]);
		expect(b?.below).toEqual({ weeks: 6, arrived: 504, on_time: 336, on_time_share: 2 / 3 });
		expect(b?.at_or_above).toEqual({ weeks: 7, arrived: 588, on_time: 588, on_time_share: 1 });
		expect(b?.correlation).toBeCloseTo(1, 12);
		// flat history: planned 84 = actual 84 every week
		expect(b?.demand_within_plan).toBe(13);
		expect(b?.finding).toBe(
			'6 week(s) below the recommendation were on time 66.7% against 100.0% for the 7 at or above it: weeks short of the plan did worse, as the plan expects.'
		);
	});
});
