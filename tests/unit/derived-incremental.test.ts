// The derived tables kept by small ingests (facts.ts refreshDerived, incremental
// path) hold exactly what a full rebuild of the same warehouse would: after each
// file of a seeded random sequence — new tickets sharing customers, units and
// technicians with stored ones (earlier and later than them), updates of stored
// tickets (their satisfaction, type, date, customer, serial number), a ticket
// moving to another region or to one of its own (and back, so a filter value
// goes), rework on stored tickets, a technician's hire date, undoing a file —
// ticket_facts, filter_options and ticket_rollup hash the same as rebuilt ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSample } from '../../scripts/sample/index';
import { mulberry32 } from '../../scripts/sample/random';
import { TABLES } from '../../src/lib/contract';
import { TIER_TABLES } from '../../src/lib/server/rollup';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { UndoRefused, undoIngest } from '../../src/lib/server/ingest/undo';
import { Warehouse } from '../../src/lib/server/warehouse';
import { ingestChanging, unlikeRebuild } from './helpers/rebuild';

const STEPS = 36;
const DERIVED_TABLES = ['ticket_facts', 'filter_options', ...TIER_TABLES];
const TICKET_COLUMNS = TABLES.tickets.columns.map((c) => c.name);
/** The timestamps and dates of a ticket, moved together so the row rules still hold. */
const WHEN = ['created_at', 'arrived_at', 'completed_at', 'purchase_date', 'production_date'];

let dir: string;
let wh: Warehouse;

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-derived-'));
	await generateSample({ outDir: path.join(dir, 'sample'), tickets: 2500, seed: 5 });
	wh = await Warehouse.open(path.join(dir, 'w.duckdb'));
	const files = ['technicians.csv', 'tickets.csv', 'rework.csv'].map((f) => path.join(dir, 'sample', f));
	expect((await ingestFiles(wh, files)).ok).toBe(true);
}, 120_000);

afterAll(() => {
	wh?.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

/** The derived tables whose content differs from a full rebuild's (worked out, then rolled back). */
const tablesUnlikeRebuild = () => unlikeRebuild(wh, DERIVED_TABLES);

const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;

describe('derived tables after a random sequence of small ingests', () => {
	it(`each of ${STEPS} seeded files (new, updated, moved tickets, rework, hire dates, undo) leaves them equal to a full rebuild`, async () => {
		const r = mulberry32(20261202);
		const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
		/** k stored tickets picked by the seeded generator (a salted hash orders them) */
		const someTickets = async (k: number, where = 'true') =>
			(
				await wh.all<{ id: string }>(`SELECT ticket_id AS id FROM tickets WHERE ${where} ORDER BY hash(ticket_id || $salt) LIMIT ${k}`, {
					salt: String(r())
				})
			).map((x) => x.id);
		const ids = (xs: string[]) => `(${xs.map(lit).join(', ')})`;
		const writeTickets = async (file: string, select: string) => {
			await wh.run(`COPY (${select}) TO ${lit(file)} (HEADER, DELIMITER ',')`);
		};
		const shifted = (days: number) => Object.fromEntries(WHEN.map((c) => [c, `${c} + INTERVAL (${days}) DAY`]));
		const ingested: number[] = [];
		const outcomes: string[] = [];
		const ops = ['new', 'new', 'update', 'update', 'move', 'rework', 'hire', 'undo'] as const;
		for (let step = 0; step < STEPS; step++) {
			const op = step < ops.length ? ops[step] : ops[int(0, ops.length - 1)];
			const file = path.join(dir, `step-${step}-${op}.csv`);
			if (op === 'undo') {
				const id = ingested.pop();
				if (id === undefined) continue;
				try {
					await undoIngest(wh, id);
					outcomes.push(`${step} undo #${id}`);
				} catch (err) {
					if (!(err instanceof UndoRefused)) throw err;
					outcomes.push(`${step} undo #${id} refused`);
				}
			} else {
				if (op === 'new') {
					// copies of stored tickets under new ids: the same customer, unit and technician, earlier or later;
					// half the time repairs of units without a serial number (the unit is the customer's model)
					const unitless = r() < 0.5;
					const src = await someTickets(int(1, 5), unitless ? `serial_no IS NULL AND type = 'repair'` : 'true');
					const kept = TICKET_COLUMNS.filter((c) => c !== 'ticket_id' && !WHEN.includes(c));
					const made: Record<string, string> = {
						...shifted(int(-300, 60)),
						ticket_id: `'ZN${step}-' || row_number() OVER (ORDER BY ticket_id)`,
						...(unitless
							? {}
							: {
									type: `CASE hash(ticket_id || '${step}') % 3 WHEN 0 THEN 'install' WHEN 1 THEN 'repair' ELSE 'maintenance' END`,
									serial_no: `CASE WHEN hash(ticket_id || 's${step}') % 4 = 0 THEN NULL ELSE serial_no END`
								})
					};
					const cols = [...kept.filter((c) => !(c in made)), ...Object.keys(made)];
					await writeTickets(
						file,
						`SELECT ${cols.map((c) => (c in made ? `${made[c]} AS ${c}` : c)).join(', ')} FROM tickets WHERE ticket_id IN ${ids(src)}`
					);
				} else if (op === 'update') {
					// each stored ticket changes one thing: satisfaction, type, dates, customer or serial (another ticket's)
					const [targets, donors] = [await someTickets(int(1, 6)), await someTickets(6)];
					const donor = (col: string) => `(SELECT ${col} FROM tickets WHERE ticket_id = ${lit(donors[0])})`;
					const change: Record<string, string> = [
						{ satisfaction: `CASE WHEN satisfaction = 5 THEN 2 ELSE 5 END` },
						{ type: `CASE WHEN type = 'repair' THEN 'install' ELSE 'repair' END` },
						shifted(int(-200, 200)),
						{ customer_id: donor('customer_id') },
						{ serial_no: `coalesce(${donor('serial_no')}, serial_no)` }
					][int(0, 4)];
					await writeTickets(
						file,
						`SELECT ${TICKET_COLUMNS.map((c) => (c in change ? `${change[c]} AS ${c}` : c)).join(', ')} FROM tickets WHERE ticket_id IN ${ids(targets)}`
					);
				} else if (op === 'move') {
					// to a region of its own (a new filter value), or back from there to a stored one (the value goes)
					const away = await someTickets(1, `region LIKE 'ZR%'`);
					const back = away.length > 0 && r() < 0.6;
					const [id] = back ? away : await someTickets(1, `region NOT LIKE 'ZR%'`);
					const to = back
						? await wh.one<{ region: string; city: string }>(`SELECT region, city FROM tickets WHERE region NOT LIKE 'ZR%' LIMIT 1`)
						: { region: `ZR${step}`, city: `ZC${step}` };
					await writeTickets(
						file,
						`SELECT * EXCLUDE (ingest_id) REPLACE (${lit(to.region)} AS region, ${lit(to.city)} AS city) FROM tickets WHERE ticket_id = ${lit(id)}`
					);
				} else if (op === 'rework') {
					const src = await someTickets(int(1, 4));
					await wh.run(
						`COPY (SELECT 'RW${step}-' || row_number() OVER (ORDER BY ticket_id) AS rework_id, ticket_id AS original_ticket_id,
						        CAST(created_at AS DATE) + 3 AS rework_date, 'again' AS reason
						       FROM tickets WHERE ticket_id IN ${ids(src)}) TO ${lit(file)} (HEADER, DELIMITER ',')`
					);
				} else {
					const [tech] = (
						await wh.all<{ id: string }>(`SELECT technician_id AS id FROM technicians ORDER BY hash(technician_id || $salt) LIMIT 1`, {
							salt: String(r())
						})
					).map((x) => x.id);
					await wh.run(
						`COPY (SELECT * EXCLUDE (ingest_id) REPLACE (hire_date - ${int(1, 400)} AS hire_date) FROM technicians
						       WHERE technician_id = ${lit(tech)}) TO ${lit(file)} (HEADER, DELIMITER ',')`
					);
				}
				const f = await ingestChanging(wh, file, `${step} ${op}`);
				ingested.push(f.ingest_id!);
				outcomes.push(`${step} ${op} ${f.derived}`);
			}
			expect(await tablesUnlikeRebuild(), `after ${outcomes.at(-1)}`).toEqual([]);
		}
		// the sequence exercised the incremental path (not full rebuilds) and every kind of change
		expect(outcomes.filter((o) => o.endsWith('incremental')).length).toBeGreaterThanOrEqual(STEPS - 8);
		for (const op of ['new', 'update', 'move', 'rework', 'hire'])
			expect(
				outcomes.some((o) => o.includes(` ${op} incremental`)),
				op
			).toBe(true);
		expect(outcomes.some((o) => /undo #\d+$/.test(o))).toBe(true);
	}, 900_000);
});
