// The faster paths of the review's sections and the Nevada chart give the same
// figures as before: Nevada against the query it replaced (kept here as the
// reference), on hand-made batch codes worked out by hand (one of which, month 13,
// made the query before fail) and on the sample with
// random filters; the recurring faults' months and previous period from the
// rollup against the same from the facts, for a week, a month and a quarter; the
// nowcast's delay distribution (maturity.ts), now read from reworked tickets only,
// counts the delays the unfiltered join counts.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../scripts/sample/random';
import { nevada } from '../../src/lib/server/metrics/faults';
import { dataSpan, nowcast } from '../../src/lib/server/metrics/maturity';
import { JOB } from '../../src/lib/server/metrics/measures';
import { DEFAULT_SETTINGS } from '../../src/lib/server/settings';
import { addDays } from '../../src/lib/months';
import { ticketWhere, type Filters } from '../../src/lib/server/metrics/filters';
import { parsePeriod, previousPeriod } from '../../src/lib/periods';
import { repeatedFaults } from '../../src/lib/server/report-sections';
import { fromFacts } from '../../src/lib/server/rollup';
import { Warehouse } from '../../src/lib/server/warehouse';
import type { T } from './fixtures/metrics-fixture';
import { sampleWithOptions } from './helpers/sample-options';
import { ticketsWarehouse } from './helpers/tickets-warehouse';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('report-fast');

/** The Nevada query as it was before (one pass, the batch's month worked out per row): the reference. */
async function nevadaBefore(wh: Warehouse, f: Filters) {
	const w = ticketWhere(f);
	return wh.all(
		`WITH u AS (
		   SELECT t.created_at,
		          coalesce(t.production_date, try_cast(make_date(
		            try_cast(regexp_extract(t.batch, '^(\\d{4})[-/]?(\\d{2})', 1) AS INTEGER),
		            try_cast(regexp_extract(t.batch, '^(\\d{4})[-/]?(\\d{2})', 2) AS INTEGER), 1) AS DATE)) AS produced,
		          t.purchase_date
		   FROM ticket_facts t WHERE t.type = 'repair' AND ${w.sql}),
		 s AS (
		   SELECT produced, coalesce(purchase_date, produced) AS in_service_from, CAST(created_at AS DATE) AS failed FROM u
		   WHERE produced IS NOT NULL)
		 SELECT strftime(produced, '%Y-%m') AS production_month,
		        date_diff('month', in_service_from, failed) - CASE WHEN day(failed) < day(in_service_from) THEN 1 ELSE 0 END AS months_in_service,
		        count(*) AS repairs
		 FROM s GROUP BY 1, 2 HAVING months_in_service >= 0 ORDER BY 1, 2`,
		w.params
	);
}

describe('Nevada on hand-made batch codes', () => {
	// repairs on 2026-05-20; what sets the production month and the day in service:
	const rows: T[] = [
		{ id: 'N1', created: '2026-05-20 10:00', type: 'repair', cust: 'a', model: 'M', production: '2025-11-25' }, // in service 2025-11-25: 5 whole months (day 20 < 25 → 6 − 1)
		{ id: 'N2', created: '2026-05-20 10:00', type: 'repair', cust: 'b', model: 'M', batch: '2025-11B' }, // 2025-11-01: 6
		{ id: 'N3', created: '2026-05-20 10:00', type: 'repair', cust: 'c', model: 'M', batch: '202511' }, // 2025-11-01: 6
		{ id: 'N4', created: '2026-05-20 10:00', type: 'repair', cust: 'd', model: 'M', batch: '2025/11C', purchase: '2026-01-20' }, // from the purchase: 4
		{ id: 'N5', created: '2026-05-20 10:00', type: 'repair', cust: 'e', model: 'M', batch: 'X2025-11' }, // no month at the start: left out
		{ id: 'N6', created: '2026-05-20 10:00', type: 'repair', cust: 'f', model: 'M', batch: '2025-13A' }, // no such month: left out
		{ id: 'N7', created: '2026-05-20 10:00', type: 'repair', cust: 'g', model: 'M', production: '2026-03-02', batch: '2020-01A' }, // the date wins: 2026-03, 2
		{ id: 'N8', created: '2026-05-20 10:00', type: 'repair', cust: 'h', model: 'M', batch: '2026-06A' }, // made after it failed: left out
		{ id: 'N9', created: '2026-05-20 10:00', type: 'install', cust: 'i', model: 'M', batch: '2025-11A' } // not a repair
	];

	const hand = ticketsWarehouse(tempDir, rows);

	it('the production month from the date, else the batch code; whole months in service from the purchase, else production', async () => {
		const { wh } = hand;
		const cells = await nevada(wh, {});
		expect(cells).toEqual([
			{ production_month: '2025-11', months_in_service: 4, repairs: 1 },
			{ production_month: '2025-11', months_in_service: 5, repairs: 1 },
			{ production_month: '2025-11', months_in_service: 6, repairs: 2 },
			{ production_month: '2026-03', months_in_service: 2, repairs: 1 }
		]);
		// the query before failed on the code with month 13 (make_date: "Date out of range")
		await expect(nevadaBefore(wh, {})).rejects.toThrow(/out of range/);
		expect(await nevada(wh, { to: '2026-05-19' })).toEqual([]);
	});
});

describe('on the sample: the same figures as before', () => {
	const sample = sampleWithOptions(tempDir, 6000, 31);

	/** Random filters: a date range and up to three of the filter bar's dimensions (the sample's generator, seeded). */
	function randomFilters(n: number): Filters[] {
		const { options } = sample;
		const rand = mulberry32(5);
		const pick = (xs: string[]) => xs[Math.floor(rand() * xs.length)];
		const out: Filters[] = [{}, { from: '2025-11-01', to: '2026-10-31' }];
		for (let i = 0; i < n; i++) {
			const f: Record<string, string> = {};
			const a = `2025-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
			f.from = a;
			f.to = `2026-${a.slice(5)}`;
			for (const dim of ['region', 'city', 'model', 'team', 'team_type', 'technician'] as const)
				if (rand() < 0.3) f[dim] = dim === 'team_type' ? pick(['internal', 'outsourced']) : pick(options[dim]);
			out.push(f as Filters);
		}
		return out;
	}

	it('Nevada equals the query it replaced, for the whole sample and random filters', async () => {
		const { wh } = sample;
		const { batch_only } = await wh.one<{ batch_only: number }>(
			`SELECT count(*) AS batch_only FROM ticket_facts WHERE type = 'repair' AND production_date IS NULL AND batch IS NOT NULL`
		);
		expect(batch_only).toBeGreaterThan(50);
		let cells = 0;
		for (const f of randomFilters(12)) {
			const now = await nevada(wh, f);
			expect(now, JSON.stringify(f)).toEqual(await nevadaBefore(wh, f));
			cells += now.length;
		}
		expect(cells).toBeGreaterThan(500);
	});

	it("the nowcast's delays read only reworked tickets: every ticket with a rework record is one, and the delays counted are all of them", async () => {
		const { wh } = sample;
		const { unmarked, linked } = await wh.one<{ unmarked: number; linked: number }>(
			`SELECT count(*) FILTER (WHERE NOT t.reworked) AS unmarked, count(*) AS linked
			 FROM ticket_facts t JOIN (SELECT DISTINCT original_ticket_id AS id FROM rework) r ON r.id = t.ticket_id`
		);
		expect(linked).toBeGreaterThan(100);
		expect(unmarked).toBe(0);
		const span = (await dataSpan(wh))!;
		const f = { from: addDays(span.last, -59), to: span.last };
		const now = await nowcast(wh, f, 'rework_rate', DEFAULT_SETTINGS, span);
		// the delays as read before: every job up to the window's end joined to its first rework, with no reworked filter
		const { k } = await wh.one<{ k: number }>(
			`WITH fr AS (SELECT original_ticket_id AS id, min(rework_date) AS rd FROM rework GROUP BY 1)
			 SELECT count(*) AS k FROM ticket_facts t JOIN fr ON fr.id = t.ticket_id
			 WHERE ${JOB} AND CAST(t.created_at AS DATE) <= CAST($end AS DATE) - $days::INTEGER
			   AND date_diff('day', CAST(t.created_at AS DATE), fr.rd) BETWEEN 0 AND $days`,
			{ end: span.last, days: DEFAULT_SETTINGS.rework_followup_days }
		);
		expect(k).toBeGreaterThan(50);
		expect(now.delays_from).toBe(k);
	});

	it('the recurring faults of a week, a month and a quarter: from the rollup as from the facts', async () => {
		const { wh, options } = sample;
		const scopes: Filters[] = [
			{},
			{ region: options.region[0] },
			{ team: options.team[2] },
			{ model: options.model[0] },
			{ region: options.region[1], model: options.model[2] }
		];
		let listed = 0;
		for (const key of ['2026-W24', '2026-06', '2026-Q2', '2025-Q4'])
			for (const dims of scopes) {
				const p = parsePeriod(key)!;
				const rolled = await repeatedFaults(wh, dims, p, previousPeriod(p), 1000);
				expect(rolled, `${key} ${JSON.stringify(dims)}`).toEqual(
					await fromFacts(() => repeatedFaults(wh, dims, p, previousPeriod(p), 1000))
				);
				listed += rolled.length;
			}
		expect(listed).toBeGreaterThan(50);
	});
});
