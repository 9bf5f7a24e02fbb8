// What the warehouse holds: row counts and the ingest history.
import type { Warehouse } from './warehouse';

export interface WarehouseStatus {
	tables: { tickets: number; rework: number; parts: number; technicians: number; rejects: number };
	ingests: {
		ingest_id: number;
		file: string;
		table: string | null;
		encoding: string | null;
		at: string;
		rows_read: number;
		rows_loaded: number;
		rows_rejected: number;
		/** when `npm run ingest -- --undo` put back what this ingest changed */
		undone_at: string | null;
	}[];
}

export async function warehouseStatus(wh: Warehouse): Promise<WarehouseStatus> {
	const tables = await wh.one<WarehouseStatus['tables']>(
		`SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM rework) AS rework,
		        (SELECT count(*) FROM parts) AS parts, (SELECT count(*) FROM technicians) AS technicians,
		        (SELECT count(*) FROM rejects) AS rejects`
	);
	const ingests = await wh.all<WarehouseStatus['ingests'][number]>(
		// the file's name only: a response never shows where the server keeps its files
		`SELECT ingest_id, parse_filename(file, false, 'both_slash') AS file, table_name AS "table", encoding, strftime(loaded_at, '%Y-%m-%d %H:%M:%S') AS "at",
		        rows_read, rows_loaded, rows_rejected, strftime(undone_at, '%Y-%m-%d %H:%M:%S') AS undone_at
		 FROM ingests ORDER BY ingest_id`
	);
	return { tables, ingests };
}
