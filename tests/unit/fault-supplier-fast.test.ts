// The Nevada chart and the supplier view from their narrow tables (fault-facts.ts:
// nevada_facts, warranty_parts) give the figures of the queries they replaced
// (kept here verbatim as the reference): on the sample with random filters, and
// after every kind of change an ingest or an undo makes — a ticket moved to
// another city, region, day or production date, new repairs, parts lists
// replaced, warranty flags flipped — where the tables also equal a full rebuild,
// row for row. A hand-made case checks a moved ticket's parts follow it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../scripts/sample/random';
import { NEVADA_TABLE, WARRANTY_TABLE, faultFactsReady, rebuildFaultFacts } from '../../src/lib/server/fault-facts';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { undoIngest } from '../../src/lib/server/ingest/undo';
import { nevada, nevadaFromFacts, supplierView, supplierViewFromFacts } from '../../src/lib/server/metrics/faults';
import { ticketWhere, type Filters } from '../../src/lib/server/metrics/filters';
import type { SupplierRow } from '../../src/lib/api/rows';
import { Warehouse } from '../../src/lib/server/warehouse';
import { sampleWithOptions } from './helpers/sample-options';
import { tempDirMaker } from './helpers/temp-dir';

const tempDir = tempDirMaker('fault-fast');

/** Nevada as it was computed before the table (faults.ts at 8b4d167): the reference. */
async function nevadaBefore(wh: Warehouse, f: Filters) {
	const w = ticketWhere(f);
	return wh.all(
		`WITH r AS MATERIALIZED (
		   SELECT t.production_date, t.batch, t.purchase_date, CAST(t.created_at AS DATE) AS failed
		   FROM ticket_facts t WHERE t.type = 'repair' AND ${w.sql}),
		 b AS (
		   SELECT batch, CASE WHEN m BETWEEN 1 AND 12 THEN make_date(y, m, 1) END AS produced FROM (
		     SELECT batch, try_cast(regexp_extract(batch, '^(\\d{4})[-/]?(\\d{2})', 1) AS INTEGER) AS y,
		            try_cast(regexp_extract(batch, '^(\\d{4})[-/]?(\\d{2})', 2) AS INTEGER) AS m
		     FROM (SELECT DISTINCT batch FROM r WHERE production_date IS NULL AND batch IS NOT NULL))),
		 s AS (
		   SELECT produced, coalesce(purchase_date, produced) AS in_service_from, failed
		   FROM (SELECT coalesce(r.production_date, b.produced) AS produced, r.purchase_date, r.failed FROM r LEFT JOIN b ON b.batch = r.batch)
		   WHERE produced IS NOT NULL),
		 m AS (
		   SELECT date_trunc('month', produced) AS pm,
		          date_diff('month', in_service_from, failed) - CASE WHEN day(failed) < day(in_service_from) THEN 1 ELSE 0 END AS months_in_service,
		          count(*) AS repairs
		   FROM s WHERE failed >= in_service_from GROUP BY 1, 2)
		 SELECT strftime(pm, '%Y-%m') AS production_month, months_in_service, repairs FROM m ORDER BY 1, 2`,
		w.params
	);
}

/** The supplier view as it was computed before the table (parts joined to the facts): the reference. */
async function suppliersBefore(wh: Warehouse, f: Filters): Promise<SupplierRow[]> {
	const w = ticketWhere(f);
	return wh.all<SupplierRow>(
		`SELECT p.supplier, p.part_no, any_value(p.part_name) AS part_name, sum(p.quantity) AS quantity,
		        coalesce(sum(p.quantity * p.unit_cost), 0) AS cost, count(*) AS lines,
		        count(*) FILTER (WHERE p.supplier_claim IS NULL OR p.supplier_claim = 'none') AS claim_none,
		        count(*) FILTER (WHERE p.supplier_claim = 'submitted') AS claim_submitted,
		        count(*) FILTER (WHERE p.supplier_claim = 'recovered') AS claim_recovered,
		        coalesce(sum(p.recovered_amount), 0) AS recovered_amount
		 FROM parts p JOIN ticket_facts t ON t.ticket_id = p.ticket_id
		 WHERE p.warranty_claim = 'yes' AND ${w.sql}
		 GROUP BY p.supplier, p.part_no ORDER BY cost DESC, quantity DESC, p.supplier, p.part_no`,
		w.params
	);
}

/**
 * The supplier rows equal: every key, name and count exactly; the two sums of DOUBLE amounts (cost, recovered) to
 * 1e-12 of their size — a sum of doubles depends on the order its threads add them in, so the reference itself
 * differs from run to run in the last digit (568613.1900000002 and …01 for the same rows at 1M tickets).
 */
function expectSameSuppliers(now: SupplierRow[], ref: SupplierRow[], what: string): void {
	const exact = (rows: SupplierRow[]) => rows.map(({ cost: _c, recovered_amount: _r, ...rest }) => rest);
	expect(exact(now), what).toEqual(exact(ref));
	now.forEach((r, i) => {
		expect(Math.abs(r.cost - ref[i].cost), `${what} cost ${r.part_no}`).toBeLessThanOrEqual(1e-12 * Math.max(1, ref[i].cost));
		expect(Math.abs(r.recovered_amount - ref[i].recovered_amount), `${what} recovered ${r.part_no}`).toBeLessThanOrEqual(
			1e-12 * Math.max(1, ref[i].recovered_amount)
		);
	});
}

/** A table's rows as sorted text (a multiset), to compare with a rebuild. */
async function rowsOf(wh: Warehouse, table: string): Promise<string[]> {
	return (await wh.all<{ r: string }>(`SELECT CAST(x AS VARCHAR) AS r FROM ${table} x ORDER BY 1`)).map((x) => x.r);
}

/** Both tables as a full rebuild would make them, worked out and rolled back. */
async function rebuilt(wh: Warehouse): Promise<[string[], string[]]> {
	await wh.run('BEGIN TRANSACTION');
	try {
		await rebuildFaultFacts(wh);
		return [await rowsOf(wh, NEVADA_TABLE), await rowsOf(wh, WARRANTY_TABLE)];
	} finally {
		await wh.run('ROLLBACK');
	}
}

async function expectAsRebuilt(wh: Warehouse, what: string): Promise<void> {
	const [n, w] = await rebuilt(wh);
	expect(n.length, what).toBeGreaterThan(0);
	expect(await rowsOf(wh, NEVADA_TABLE), `${what}: nevada_facts`).toEqual(n);
	expect(await rowsOf(wh, WARRANTY_TABLE), `${what}: warranty_parts`).toEqual(w);
}

describe('on the sample: the same figures as the queries they replaced', () => {
	const sample = sampleWithOptions(tempDir, 6000, 41);

	/** Random filters: a date range and up to three of the filter bar's dimensions (seeded). */
	function randomFilters(n: number, seed: number): Filters[] {
		const { options } = sample;
		const rand = mulberry32(seed);
		const pick = (xs: string[]) => xs[Math.floor(rand() * xs.length)];
		const out: Filters[] = [
			{},
			{ from: '2025-11-01', to: '2026-10-31' },
			{ from: '2026-10-01', to: '2026-10-31', region: [options.region[0]] }
		];
		for (let i = 0; i < n; i++) {
			const f: Record<string, string | string[]> = {};
			const a = `202${4 + Math.floor(rand() * 2)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
			f.from = a;
			f.to = `2026-${a.slice(5)}`;
			for (const dim of ['region', 'city', 'model', 'team', 'team_type', 'technician'] as const)
				if (rand() < 0.3)
					f[dim] =
						dim === 'team_type'
							? pick(['internal', 'outsourced'])
							: dim === 'region' || dim === 'model'
								? [pick(options[dim]), pick(options[dim])]
								: pick(options[dim]);
			out.push(f as Filters);
		}
		return out;
	}

	async function compareAll(wh: Warehouse, filters: Filters[], what: string): Promise<{ cells: number; rows: number }> {
		let cells = 0;
		let rows = 0;
		for (const f of filters) {
			const n = await nevada(wh, f);
			expect(n, `${what} nevada ${JSON.stringify(f)}`).toEqual(await nevadaBefore(wh, f));
			expect(await nevadaFromFacts(wh, f), `${what} nevada from facts ${JSON.stringify(f)}`).toEqual(n);
			const s = await supplierView(wh, f);
			expectSameSuppliers(s, await suppliersBefore(wh, f), `${what} suppliers ${JSON.stringify(f)}`);
			expectSameSuppliers(await supplierViewFromFacts(wh, f), s, `${what} suppliers from facts ${JSON.stringify(f)}`);
			cells += n.length;
			rows += s.length;
		}
		return { cells, rows };
	}

	it('the tables are there and hold what a rebuild makes; every random filter gives the reference figures', async () => {
		const { wh } = sample;
		expect(await faultFactsReady(wh)).toBe(true);
		await expectAsRebuilt(wh, 'after the first load');
		const { cells, rows } = await compareAll(wh, randomFilters(16, 7), 'first load');
		expect(cells).toBeGreaterThan(500);
		expect(rows).toBeGreaterThan(50);
	});

	it('after tickets moved, new repairs, parts lists replaced and each undone: the tables equal a rebuild, the figures the reference', async () => {
		const { wh } = sample;
		const dir = tempDir();
		const rand = mulberry32(99);
		const csv = async (file: string, sql: string) => {
			const p = path.join(dir, file);
			await wh.run(`COPY (${sql}) TO '${p}' (HEADER, DELIMITER ',')`);
			return p;
		};
		const ticketCols = (await wh.all<{ name: string }>(`SELECT name FROM pragma_table_info('tickets') WHERE name <> 'ingest_id'`)).map(
			(r) => r.name
		);
		// 60 repairs with warranty lines: moved to another region and city, a few days later, another production date
		// or batch or purchase date; and 10 new repairs (copies under new ids, batch codes of each kind)
		const region = await wh.one<{ r: string; c: string }>(
			`SELECT region AS r, city AS c FROM tickets WHERE region IS NOT NULL ORDER BY region DESC LIMIT 1`
		);
		const seed = Math.floor(rand() * 1000);
		const changed = ticketCols.map((c) =>
			c === 'region'
				? `'${region.r}' AS region`
				: c === 'city'
					? `'${region.c}' AS city`
					: c === 'created_at'
						? `created_at + INTERVAL 9 DAY AS created_at`
						: c === 'production_date'
							? `CASE WHEN hash(ticket_id) % 3 = 0 THEN DATE '2024-02-29' ELSE production_date END AS production_date`
							: c === 'batch'
								? `CASE WHEN hash(ticket_id) % 3 = 1 THEN '2023/07X' ELSE batch END AS batch`
								: c === 'purchase_date'
									? `CASE WHEN hash(ticket_id) % 3 = 2 THEN DATE '2024-05-31' ELSE purchase_date END AS purchase_date`
									: c
		);
		const fresh = ticketCols.map((c) =>
			c === 'ticket_id'
				? `'NEW' || ticket_id AS ticket_id`
				: c === 'production_date'
					? 'NULL AS production_date'
					: c === 'batch'
						? `['2025-03B', '202412', '2025-13A', 'LOT9', '2026/01'][1 + CAST(hash(ticket_id) % 5 AS INTEGER)] AS batch`
						: c
		);
		const tickets = await csv(
			'tickets.csv',
			`SELECT ${changed.join(', ')} FROM tickets WHERE ticket_id IN (
			   SELECT DISTINCT ticket_id FROM parts WHERE warranty_claim = 'yes' ORDER BY hash(ticket_id || '${seed}') LIMIT 60)
			 UNION ALL
			 SELECT ${fresh.join(', ')} FROM (SELECT * FROM tickets WHERE type = 'repair' ORDER BY hash(ticket_id || '${seed}') LIMIT 10)`
		);
		// parts lists of 40 tickets replaced: warranty flags flipped, quantities changed, a line added
		const partCols = (await wh.all<{ name: string }>(`SELECT name FROM pragma_table_info('parts') WHERE name <> 'ingest_id'`)).map(
			(r) => r.name
		);
		const flipped = partCols.map((c) =>
			c === 'warranty_claim'
				? `CASE WHEN warranty_claim = 'yes' THEN 'no' ELSE 'yes' END AS warranty_claim`
				: c === 'quantity'
					? 'quantity + 1 AS quantity'
					: c
		);
		const parts = await csv(
			'parts.csv',
			`WITH chosen AS (SELECT DISTINCT ticket_id FROM parts ORDER BY hash(ticket_id || '${seed}x') LIMIT 40)
			 SELECT ${flipped.join(', ')} FROM parts WHERE ticket_id IN (SELECT ticket_id FROM chosen)
			 UNION ALL SELECT ${partCols.map((c) => (c === 'part_no' ? `'EXTRA-1' AS part_no` : c === 'warranty_claim' ? `'yes' AS warranty_claim` : c)).join(', ')}
			 FROM parts WHERE ticket_id IN (SELECT ticket_id FROM chosen) AND rowid % 2 = 0`
		);
		const before = { nevada: await nevada(wh, {}), suppliers: await supplierView(wh, {}) };
		const filters = randomFilters(8, 13);
		const ids: number[] = [];
		for (const f of [tickets, parts]) {
			const r = await ingestFiles(wh, [f]);
			expect(r.ok, JSON.stringify(r.files[0].error)).toBe(true);
			expect(r.files[0].rows_loaded).toBeGreaterThan(30);
			// the incremental paths, not a rebuild: the facts follow the tickets, only the warranty lines the parts
			expect(r.files[0].derived).toBe(f === tickets ? 'incremental' : 'none');
			ids.push(r.files[0].ingest_id!);
			await expectAsRebuilt(wh, `after ${path.basename(f)}`);
			await compareAll(wh, filters, `after ${path.basename(f)}`);
		}
		// the changes changed the figures (else the comparisons above prove little)
		expect(await nevada(wh, {})).not.toEqual(before.nevada);
		expect((await supplierView(wh, {})).map((r) => [r.part_no, r.lines])).not.toEqual(before.suppliers.map((r) => [r.part_no, r.lines]));
		expect((await supplierView(wh, {})).some((r) => r.part_no === 'EXTRA-1')).toBe(true);
		for (const id of ids.reverse()) {
			await undoIngest(wh, id);
			await expectAsRebuilt(wh, `after undoing #${id}`);
			await compareAll(wh, filters, `after undoing #${id}`);
		}
		expect(await nevada(wh, {})).toEqual(before.nevada);
		expectSameSuppliers(await supplierView(wh, {}), before.suppliers, 'after both undone');
	}, 240_000);
});

describe('by hand: a ticket moved to another region takes its warranty lines along', () => {
	it('the view of each region before and after the move, worked out from the rows', async () => {
		const dir = tempDir();
		fs.writeFileSync(
			path.join(dir, 'tickets.csv'),
			[
				'ticket_id,created_at,type,customer_id,region,city,product_model,production_date,batch,purchase_date',
				'A1,2026-03-10 09:00,repair,c1,华东,上海,M1,2025-01-15,,2025-03-01', // in service 2025-03-01 → 2026-03-10: 12 months
				'A2,2026-03-12 09:00,repair,c2,华东,上海,M1,,2025-06B,', // batch 2025-06 → 2025-06-01: 9 months
				'B1,2026-03-20 09:00,repair,c3,华南,广州,M1,,202601,' // 2026-01-01 → 03-20: 2 months
			].join('\n')
		);
		fs.writeFileSync(
			path.join(dir, 'parts.csv'),
			[
				'ticket_id,part_no,part_name,supplier,quantity,unit_cost,warranty_claim,supplier_claim,recovered_amount',
				'A1,CMP-1,压缩机,S1,1,800,yes,recovered,500',
				'A1,CAP-1,电容,S2,2,10,no,,',
				'A2,CMP-1,压缩机,S1,1,800,yes,submitted,',
				'B1,CMP-1,压缩机,S1,1,800,yes,,'
			].join('\n')
		);
		const wh = await Warehouse.open(path.join(dir, 'w.duckdb'));
		try {
			expect((await ingestFiles(wh, [path.join(dir, 'tickets.csv'), path.join(dir, 'parts.csv')])).ok).toBe(true);
			const east = { region: ['华东'] };
			const south = { region: ['华南'] };
			const line = (quantity: number, cost: number, none: number, submitted: number, recovered: number, amount: number) => ({
				supplier: 'S1',
				part_no: 'CMP-1',
				part_name: '压缩机',
				quantity,
				cost,
				lines: quantity,
				claim_none: none,
				claim_submitted: submitted,
				claim_recovered: recovered,
				recovered_amount: amount
			});
			// 华东: A1 (recovered 500) and A2 (submitted); A1's capacitor is not a warranty line
			expect(await supplierView(wh, east)).toEqual([line(2, 1600, 0, 1, 1, 500)]);
			expect(await supplierView(wh, south)).toEqual([line(1, 800, 1, 0, 0, 0)]);
			expect(await nevada(wh, east)).toEqual([
				{ production_month: '2025-01', months_in_service: 12, repairs: 1 },
				{ production_month: '2025-06', months_in_service: 9, repairs: 1 }
			]);
			// A1 moves to 华南 and to 2026-04-02 (still from its purchase 2025-03-01: 13 months); A2 gets a purchase date
			fs.writeFileSync(
				path.join(dir, 'move.csv'),
				[
					'ticket_id,created_at,type,customer_id,region,city,product_model,purchase_date',
					'A1,2026-04-02 09:00,repair,c1,华南,广州,M1,',
					'A2,2026-03-12 09:00,repair,c2,华东,上海,M1,2025-12-20' // from 2025-12-20 → 03-12: 3 − 1 = 2 months
				].join('\n')
			);
			expect((await ingestFiles(wh, [path.join(dir, 'move.csv')])).ok).toBe(true);
			expect(await supplierView(wh, east)).toEqual([line(1, 800, 0, 1, 0, 0)]);
			expect(await supplierView(wh, south)).toEqual([line(2, 1600, 1, 0, 1, 500)]);
			expect(await supplierView(wh, { ...south, from: '2026-04-01', to: '2026-04-30' })).toEqual([line(1, 800, 0, 0, 1, 500)]);
			expect(await nevada(wh, east)).toEqual([{ production_month: '2025-06', months_in_service: 2, repairs: 1 }]);
			expect(await nevada(wh, south)).toEqual([
				{ production_month: '2025-01', months_in_service: 13, repairs: 1 },
				{ production_month: '2026-01', months_in_service: 2, repairs: 1 }
			]);
			// B1's list replaced: the compressor is no warranty line any more, a capacitor is
			fs.writeFileSync(
				path.join(dir, 'parts2.csv'),
				[
					'ticket_id,part_no,part_name,supplier,quantity,unit_cost,warranty_claim',
					'B1,CMP-1,压缩机,S1,1,800,no',
					'B1,CAP-1,电容,S2,3,10,yes'
				].join('\n')
			);
			const r = await ingestFiles(wh, [path.join(dir, 'parts2.csv')]);
			expect(r.ok).toBe(true);
			expect(r.files[0].derived).toBe('none');
			expect((await supplierView(wh, south)).map((x) => [x.supplier, x.part_no, x.quantity, x.cost, x.lines])).toEqual([
				['S1', 'CMP-1', 1, 800, 1],
				['S2', 'CAP-1', 3, 30, 1]
			]);
		} finally {
			wh.close();
		}
	});
});
