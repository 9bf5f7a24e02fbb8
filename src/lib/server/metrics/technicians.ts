// Technicians' names from the roster (technicians.name, the roster's 姓名): the
// one lookup every list that shows a technician id reads, so that the name
// stands beside the id (the rework jobs list, the rate by technician, the
// review's worst installers). The label itself is src/lib/technician.ts.
import type { Warehouse } from '../warehouse';

/** technician_id → name, for every technician on the roster (name null where the roster has none). */
export async function technicianNames(wh: Warehouse): Promise<Map<string, string | null>> {
	const rows = await wh.all<{ technician_id: string; name: string | null }>(`SELECT technician_id, name FROM technicians`);
	return new Map(rows.map((r) => [r.technician_id, r.name]));
}

/** Groups by technician with each one's name beside its id (null: not on the roster, or no name there). */
export async function withTechnicianNames<T extends { group: string | null }>(
	wh: Warehouse,
	rows: T[]
): Promise<(T & { name: string | null })[]> {
	const names = await technicianNames(wh);
	return rows.map((r) => ({ ...r, name: r.group === null ? null : (names.get(r.group) ?? null) }));
}

/** The name column of the technician on a ticket_facts row under `alias`, for a query that lists jobs. */
export const technicianNameSQL = (alias: string) => `(SELECT n.name FROM technicians n WHERE n.technician_id = ${alias}.technician_id)`;
