// A tickets.csv record by contract column name, and the deliberately bad rows: where they go and how each is broken.
import { columnsOf } from './headers';

/** The tickets columns the sample fills (contract names); any other column of the contract is left empty. */
export const TICKET_FIELDS = [
	'ticket_id',
	'created_at',
	'type',
	'customer_id',
	'region',
	'city',
	'product_model',
	'serial_no',
	'production_date',
	'batch',
	'purchase_date',
	'technician_id',
	'team',
	'team_type',
	'arrived_at',
	'completed_at',
	'distance_km',
	'fault_code',
	'fault_component',
	'fault_description',
	'warranty',
	'satisfaction',
	'labor_fee',
	'parts_fee'
] as const;

/** A tickets.csv record by contract column name (src/lib/contract.ts): the file's column order comes from the contract. */
export type TicketRow = Record<(typeof TICKET_FIELDS)[number], string>;
export const EMPTY_TICKET = Object.fromEntries(TICKET_FIELDS.map((c) => [c, ''])) as TicketRow;
const TICKET_COLUMNS = columnsOf('tickets');
for (const c of TICKET_FIELDS) if (!TICKET_COLUMNS.includes(c)) throw new Error(`tickets.${c} is not a column of the contract`);

export type BadTicketKind = 'created_at' | 'completed_at' | 'type' | 'distance_km' | 'satisfaction' | 'duplicate';
export const BAD_TICKET_SLOTS: readonly [number, BadTicketKind][] = [
	[0.12, 'created_at'],
	[0.25, 'type'],
	[0.38, 'distance_km'],
	[0.51, 'satisfaction'],
	[0.64, 'duplicate'],
	[0.77, 'completed_at'],
	[0.9, 'duplicate']
];
export const DUPLICATE_LOOKBACK = 0.05;

/** The row broken the way `kind` says (in place): a bad date, an unknown type, a negative distance, a score out of range, an earlier id. */
export function corrupt(row: TicketRow, kind: BadTicketKind, year: number, dom: number, duplicateId: string | undefined): TicketRow {
	if (kind === 'created_at') row.created_at = `${year}-02-30 ${row.created_at.slice(11, 16)}`;
	if (kind === 'completed_at') row.completed_at = `${year}/13/${dom} 16:20:00`;
	if (kind === 'type') row.type = '咨询';
	if (kind === 'distance_km') row.distance_km = '-5';
	if (kind === 'satisfaction') row.satisfaction = '7';
	if (kind === 'duplicate') row.ticket_id = duplicateId ?? row.ticket_id;
	return row;
}

/** The column each kind of bad row breaks, and the rule it breaks. */
const BROKEN: Record<BadTicketKind, [keyof TicketRow, string]> = {
	created_at: ['created_at', 'unparseable date'],
	completed_at: ['completed_at', 'unparseable date'],
	type: ['type', 'unknown type'],
	distance_km: ['distance_km', 'number ≥ 0'],
	satisfaction: ['satisfaction', 'integer 1–5'],
	duplicate: ['ticket_id', 'ticket_id already used by an earlier row']
};

/** [column, value, broken rule] of a corrupted row */
export function badCell(row: TicketRow, kind: BadTicketKind): [keyof TicketRow, string, string] {
	const [column, rule] = BROKEN[kind];
	return [column, row[column], rule];
}
