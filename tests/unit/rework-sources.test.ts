// The rework sources (src/lib/server/metrics/rework.ts) against an independent
// reference, on the sample with extra rework records (second records of reworked
// jobs, records of tickets that are no jobs or not completed, records without a
// reason or responsibility) and random filters:
// - the Pareto by reason and responsibility, and every page of the reworked jobs
//   list, equal a plain join of rework to the tickets table and the roster (not
//   ticket_facts: the tenure worked out from the hire date here);
// - rework by group read from wherever route() sends it equals the same figure
//   from the facts (routing off), names included;
// - the time to complete (metrics/service.ts, integer gaps) equals the mean and
//   median of the epoch-second gaps over the tickets table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../scripts/sample/random';
import { REWORK_DIMENSIONS, REWORK_JOB_SORTS, type ReworkDimension, type ReworkJobSort } from '../../src/lib/api/contract';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { ticketWhere, type Filters } from '../../src/lib/server/metrics/filters';
import { reworkBy, reworkedJobs, reworkPareto } from '../../src/lib/server/metrics/rework';
import { timeToComplete } from '../../src/lib/server/metrics/service';
import { fromFacts, route } from '../../src/lib/server/rollup';
import { DEFAULT_SETTINGS } from '../../src/lib/server/settings';
import { Warehouse } from '../../src/lib/server/warehouse';
import { sampleWarehouse } from './helpers/sample-warehouse';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('rework-sources');
const S = DEFAULT_SETTINGS;

/** The reference list: every rework record of a completed job in the filter, its ticket and its technician looked up directly. */
const REFERENCE_JOBS = `
	SELECT t.ticket_id, strftime(t.created_at, '%Y-%m-%d %H:%M') AS created_at, t.type, t.technician_id, h.name AS technician_name,
	       t.team, t.team_type,
	       CASE WHEN h.hire_date IS NULL THEN 'unknown'
	            WHEN date_diff('day', h.hire_date, CAST(t.created_at AS DATE)) < $new_below THEN 'new'
	            WHEN date_diff('day', h.hire_date, CAST(t.created_at AS DATE)) < $developing_below THEN 'developing'
	            ELSE 'experienced' END AS tenure,
	       t.product_model, r.rework_id, strftime(r.rework_date, '%Y-%m-%d') AS rework_date, r.reason, r.responsibility,
	       date_diff('day', h.hire_date, CAST(t.created_at AS DATE)) AS tenure_days, t.created_at AS created_ts, t.region
	FROM tickets t JOIN rework r ON r.original_ticket_id = t.ticket_id LEFT JOIN technicians h ON h.technician_id = t.technician_id
	WHERE t.type IN ('install', 'repair', 'maintenance') AND t.completed_at IS NOT NULL`;

/** The reference list's column each sort orders by. */
const REFERENCE_SORT: Record<ReworkJobSort, string> = {
	ticket_id: 'ticket_id',
	created_at: 'created_ts',
	type: 'type',
	technician_id: 'technician_id',
	technician_name: 'technician_name',
	team: 'team',
	team_type: 'team_type',
	tenure: 'tenure_days',
	product_model: 'product_model',
	rework_id: 'rework_id',
	rework_date: 'rework_date',
	reason: 'reason',
	responsibility: 'responsibility'
};

/** The reference list's value of a group (tenure by its band, month by created_at). */
const REFERENCE_GROUP: Record<ReworkDimension, string> = {
	team_type: 'team_type',
	tenure: 'tenure',
	team: 'team',
	technician: 'technician_id',
	model: 'product_model',
	region: 'region',
	month: `strftime(created_ts, '%Y-%m')`
};

interface Page {
	offset: number;
	limit: number;
	sort: ReworkJobSort | null;
	order: 'asc' | 'desc';
}

async function referenceJobs(wh: Warehouse, f: Filters, group: { dim: ReworkDimension; value: string | null } | undefined, p: Page) {
	const w = ticketWhere(f);
	const params: Record<string, string | number> = {
		...w.params,
		new_below: S.tenure_days.new_below,
		developing_below: S.tenure_days.developing_below,
		lim: p.limit,
		off: p.offset
	};
	let cond = 'TRUE';
	if (group) {
		cond = group.value === null ? `${REFERENCE_GROUP[group.dim]} IS NULL` : `${REFERENCE_GROUP[group.dim]} = $grp`;
		if (group.value !== null) params.grp = group.value;
	}
	const first = p.sort ? `${REFERENCE_SORT[p.sort]} ${p.order.toUpperCase()} NULLS LAST, ` : '';
	return wh.all(
		`SELECT * EXCLUDE (tenure_days, created_ts, region), count(*) OVER () AS total
		 FROM (${REFERENCE_JOBS} AND ${w.sql}) WHERE ${cond} ORDER BY ${first}created_ts DESC, rework_id LIMIT $lim OFFSET $off`,
		params
	);
}

async function referencePareto(wh: Warehouse, f: Filters, by: 'reason' | 'responsibility') {
	const w = ticketWhere(f);
	const rows = await wh.all<{ key: string; count: number }>(
		`SELECT coalesce(r.${by}, 'unknown') AS key, count(*) AS count FROM rework r JOIN tickets t ON t.ticket_id = r.original_ticket_id
		 WHERE ${w.sql} GROUP BY 1 ORDER BY count DESC, key`,
		w.params
	);
	const total = rows.reduce((a, r) => a + r.count, 0);
	let running = 0;
	return rows.map((r) => ({ key: r.key, count: r.count, share: r.count / total, cumulative_share: (running += r.count) / total }));
}

describe('the rework sources equal their reference on random filters', () => {
	let wh: Warehouse;
	let options: Record<string, string[]>;
	let span: { lo: string; hi: string };
	const rand = mulberry32(714);
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
	const some = (xs: string[], most: number) => [...new Set(Array.from({ length: 1 + Math.floor(rand() * most) }, () => pick(xs)))];

	/** A random filter: dates (often), one or two regions or models, a team, a team type or a technician (sometimes). */
	function randomFilter(): Filters {
		const f: Filters = {};
		const day = (lo: string, hi: string) => {
			const a = Date.parse(lo);
			return new Date(a + Math.floor(rand() * ((Date.parse(hi) - a) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
		};
		if (rand() < 0.8) {
			f.from = day(span.lo, span.hi);
			f.to = day(f.from, span.hi);
		}
		if (rand() < 0.4) f.region = some(options.region, 2);
		if (rand() < 0.3) f.model = some(options.model, 2);
		if (rand() < 0.2) f.team = pick(options.team);
		if (rand() < 0.3) f.team_type = pick(['internal', 'outsourced'] as const);
		if (rand() < 0.15) f.technician = pick(options.technician);
		return f;
	}

	beforeAll(async () => {
		const dir = tempDir();
		wh = await sampleWarehouse(dir, 5000, 29);
		// extra records: a second one for 150 reworked jobs, one for 150 other tickets of any type and state; a
		// third of them without a reason, a fifth without a responsibility
		const again = await wh.all<{ id: string }>(`SELECT original_ticket_id AS id FROM rework ORDER BY hash(rework_id) LIMIT 150`);
		const other = await wh.all<{ id: string }>(
			`SELECT ticket_id AS id FROM tickets WHERE ticket_id NOT IN (SELECT original_ticket_id FROM rework) ORDER BY hash(ticket_id) LIMIT 150`
		);
		const reasons = (await wh.all<{ r: string }>(`SELECT DISTINCT reason AS r FROM rework WHERE reason IS NOT NULL ORDER BY 1`)).map(
			(r) => r.r
		);
		const lines = ['rework_id,original_ticket_id,rework_ticket_id,rework_date,reason,responsibility,cost'];
		[...again, ...other].forEach(({ id }, i) => {
			const reason = i % 3 === 0 ? '' : reasons[i % reasons.length];
			const resp = i % 5 === 0 ? '' : ['installer', 'product', 'customer', 'unknown'][i % 4];
			lines.push(`XR${String(i).padStart(4, '0')},${id},,2026-10-15,${reason},${resp},50`);
		});
		fs.writeFileSync(path.join(dir, 'rework-extra.csv'), lines.join('\n') + '\n');
		expect((await ingestFiles(wh, [path.join(dir, 'rework-extra.csv')])).ok).toBe(true);
		const counts = await wh.one<{ multi: number; blank: number }>(
			`SELECT (SELECT count(*) FROM (SELECT original_ticket_id FROM rework GROUP BY 1 HAVING count(*) > 1)) AS multi,
			        (SELECT count(*) FROM rework WHERE reason IS NULL) AS blank`
		);
		// the cases the extra records are for are there
		expect(counts.multi).toBeGreaterThanOrEqual(150);
		expect(counts.blank).toBeGreaterThanOrEqual(100);
		const rows = await wh.all<{ dim: string; value: string }>(`SELECT dim, value FROM filter_options ORDER BY 1, 2`);
		options = {};
		for (const r of rows) (options[r.dim] ??= []).push(r.value);
		span = await wh.one(`SELECT strftime(min(created_at), '%Y-%m-%d') AS lo, strftime(max(created_at), '%Y-%m-%d') AS hi FROM tickets`);
	}, 180_000);
	afterAll(() => wh?.close());

	it('the Pareto by reason and by responsibility: the plain join of rework to tickets, on 40 filters', async () => {
		let nonEmpty = 0;
		for (let i = 0; i < 40; i++) {
			const f = i === 0 ? {} : randomFilter();
			for (const by of ['reason', 'responsibility'] as const) {
				const ref = await referencePareto(wh, f, by);
				expect(await reworkPareto(wh, f, by), `${by} ${JSON.stringify(f)}`).toEqual(ref);
				if (ref.length) nonEmpty++;
			}
		}
		expect(nonEmpty).toBeGreaterThan(40);
	});

	it('pages of the jobs list (random group, order, page): the plain join of rework to tickets and the roster, on 60 filters', async () => {
		let rows = 0;
		for (let i = 0; i < 60; i++) {
			const f = i === 0 ? {} : randomFilter();
			// a group and one of its values in the filtered list (now and then no value: the group of empty cells)
			let group: { dim: ReworkDimension; value: string | null } | undefined;
			if (rand() < 0.5) {
				const dim = pick(REWORK_DIMENSIONS);
				const w = ticketWhere(f);
				const values = await wh.all<{ v: string | null }>(
					`SELECT DISTINCT ${REFERENCE_GROUP[dim]} AS v FROM (${REFERENCE_JOBS} AND ${w.sql}) ORDER BY 1`,
					{ ...w.params, new_below: S.tenure_days.new_below, developing_below: S.tenure_days.developing_below }
				);
				group = { dim, value: values.length && rand() < 0.9 ? pick(values).v : null };
			}
			const page: Page = {
				offset: pick([0, 0, 3, 17, 100]),
				limit: pick([1, 5, 20, 100]),
				sort: rand() < 0.7 ? pick(REWORK_JOB_SORTS) : null,
				order: pick(['asc', 'desc'] as const)
			};
			const got = await reworkedJobs(wh, f, group, page, S);
			const ref = await referenceJobs(wh, f, group, page);
			expect(got, `${JSON.stringify(f)} ${JSON.stringify(group)} ${JSON.stringify(page)}`).toEqual(ref);
			rows += got.length;
		}
		expect(rows).toBeGreaterThan(300);
	});

	it('rework by each group, routed, equals the same from the facts (technicians named), on 30 filters', async () => {
		// by technician and by tenure over dates (and the filters the technician tier has): the technician tier
		for (const dim of ['technician', 'tenure'])
			for (const f of [
				{ from: '2025-11-01', to: '2026-10-31' },
				{ from: '2026-03-05', to: '2026-06-20', region: options.region.slice(0, 2) }
			])
				expect((await route(wh, f, { measures: ['rework_rate'], dims: [dim], grain: 'month' }, S)).table).toBe('ticket_rollup_technician');
		for (let i = 0; i < 30; i++) {
			const f = i === 0 ? {} : randomFilter();
			for (const dim of REWORK_DIMENSIONS) {
				const routed = await reworkBy(wh, f, dim, S);
				expect(routed, `${dim} ${JSON.stringify(f)}`).toEqual(await fromFacts(() => reworkBy(wh, f, dim, S)));
				if (dim === 'technician') expect(routed.filter((g) => g.group !== null).every((g) => 'name' in g)).toBe(true);
			}
		}
	});

	it('the time to complete (whole microseconds) equals the mean and median of epoch-second gaps, on 30 filters', async () => {
		for (let i = 0; i < 30; i++) {
			const f = i === 0 ? {} : randomFilter();
			const w = ticketWhere(f);
			const ref = await wh.one<{ tickets: number; mean_hours: number | null; median_hours: number | null }>(
				`SELECT count(*) AS tickets, avg(epoch(t.completed_at) - epoch(t.created_at)) / 3600 AS mean_hours,
				        median(epoch(t.completed_at) - epoch(t.created_at)) / 3600 AS median_hours
				 FROM tickets t WHERE t.completed_at IS NOT NULL AND ${w.sql}`,
				w.params
			);
			const got = await timeToComplete(wh, f);
			const where = JSON.stringify(f);
			expect(got.tickets, where).toBe(ref.tickets);
			for (const k of ['mean_hours', 'median_hours'] as const) {
				if (ref[k] === null) expect(got[k], where).toBeNull();
				else expect(Math.abs(got[k]! - ref[k]), `${k} ${where}: ${got[k]} vs ${ref[k]}`).toBeLessThanOrEqual(1e-12 * Math.abs(ref[k]));
			}
		}
	});
});
