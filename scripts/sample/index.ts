/**
 * Deterministic sample data in the shape Chinese after-sales service companies export
 * (see docs/DATA.md): tickets.csv, rework.csv, parts.csv, technicians.csv.
 *
 * Same options → byte-identical files. Output is streamed day by day; the only state kept
 * across tickets is the technician roster, customer counters and the follow-up visits
 * (rework / repeat repairs) still due within the next 30 days.
 *
 * Deliberately bad rows (written only when tickets >= MIN_TICKETS_FOR_BAD_ROWS = 200),
 * 10 in total, each listed in SampleResult.badRows with its file line:
 *   tickets.csv (7): created_at `YYYY-02-30 hh:mm` (unparseable date),
 *                    completed_at `YYYY/13/dd hh:mm:ss` (unparseable date),
 *                    type `咨询` (unknown enum), distance_km `-5` (negative number),
 *                    satisfaction `7` (out of 1–5),
 *                    2 rows repeating an earlier 工单号 (duplicate id)
 *   rework.csv  (1): original_ticket_id that does not exist in tickets
 *   parts.csv   (2): quantity `0`; ticket_id that does not exist in tickets
 * Bad ticket rows are maintenance visits with no parts, rework or follow-ups depending on them.
 *
 * The files' columns and header names come from the input contract (headers.ts); the
 * parts of the generator: random.ts, calendar.ts, vocabulary.ts (the company and its field
 * work), roster.ts, volume.ts, tickets.ts (the day-by-day writer), ticket-row.ts (a record and
 * the bad rows), ids.ts, csv.ts.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Calendar } from './calendar';
import { CsvSink } from './csv';
import { PARTS_HEADERS, REWORK_HEADERS, TECHNICIAN_HEADERS, TICKET_HEADERS_EN, TICKET_HEADERS_ZH } from './headers';
import {
	DEFAULT_MONTHS,
	DEFAULT_SEED,
	DEFAULT_START,
	DEFAULT_TICKETS,
	type SampleOptions,
	type SampleResult,
	type SampleTable
} from './options';
import { mulberry32 } from './random';
import { buildRoster, technicianCount, type Technician } from './roster';
import { SampleWriter } from './tickets';
import { TEAMS } from './vocabulary';
import { planVolume } from './volume';

export * from './options';
export { PARTS_HEADERS, REWORK_HEADERS, TECHNICIAN_HEADERS, TICKET_HEADERS_EN, TICKET_HEADERS_ZH } from './headers';

export async function generateSample(opts: SampleOptions): Promise<SampleResult> {
	const tickets = Math.max(0, Math.floor(opts.tickets ?? DEFAULT_TICKETS));
	const seed = opts.seed ?? DEFAULT_SEED;
	const cal = new Calendar(opts.start ?? DEFAULT_START, opts.months ?? DEFAULT_MONTHS);
	if (cal.endDay <= cal.startDay) throw new Error('months must be at least 1');
	await mkdir(opts.outDir, { recursive: true });

	const roster = buildRoster(cal, technicianCount(tickets), mulberry32(seed ^ 0x5eed1234));
	const plan = planVolume(cal, tickets, mulberry32(seed ^ 0x0c0ffee5));
	const technicians = writeTechnicians(join(opts.outDir, 'technicians.csv'), roster, cal);

	const utf8Tickets = opts.ticketsEncoding === 'utf8';
	const sinks = {
		tickets: CsvSink.open(
			join(opts.outDir, 'tickets.csv'),
			utf8Tickets ? { encoding: 'utf8', bom: false, eol: '\n' } : { encoding: 'gbk', bom: false, eol: '\r\n' },
			'tickets',
			opts.ticketsHeaders === 'en' ? TICKET_HEADERS_EN : TICKET_HEADERS_ZH
		),
		rework: CsvSink.open(join(opts.outDir, 'rework.csv'), { encoding: 'utf8', bom: true, eol: '\n' }, 'rework', REWORK_HEADERS),
		parts: CsvSink.open(join(opts.outDir, 'parts.csv'), { encoding: 'utf8', bom: true, eol: '\r\n' }, 'parts', PARTS_HEADERS)
	};
	const writer = new SampleWriter(cal, roster, plan, mulberry32(seed), sinks, tickets);
	await writer.run();
	await Promise.all([sinks.tickets.close(), sinks.rework.close(), sinks.parts.close(), technicians.close()]);

	const badCount = (table: SampleTable) => writer.badRows.filter((b) => b.table === table).length;
	const entry = (sink: CsvSink, table: SampleTable) => ({ path: sink.path, table, rows: sink.rows, badRows: badCount(table) });
	return {
		files: [entry(sinks.tickets, 'tickets'), entry(sinks.rework, 'rework'), entry(sinks.parts, 'parts'), entry(technicians, 'technicians')],
		badRows: writer.badRows
	};
}

function writeTechnicians(path: string, roster: Technician[], cal: Calendar): CsvSink {
	const sink = CsvSink.open(path, { encoding: 'gbk', bom: false, eol: '\r\n' }, 'technicians', TECHNICIAN_HEADERS);
	for (const tech of roster) {
		const team = TEAMS[tech.team];
		sink.writeRecord({
			technician_id: tech.id,
			name: tech.name,
			hire_date: cal.slash[tech.hireDay],
			team: team.name,
			team_type: team.internal ? '自有' : '外协'
		});
	}
	return sink;
}
