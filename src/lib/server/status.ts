// What the warehouse holds: row counts and the ingest history.
import type { Status } from '../api/rows';
import type { Warehouse } from './warehouse';

/** the status data source's rows (src/lib/api/rows.ts), declared once */
export type WarehouseStatus = Status;

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
