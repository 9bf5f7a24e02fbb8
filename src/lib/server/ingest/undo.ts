// Undoing an ingest: the rows it inserted go, the rows it updated get back the
// values they had before (kept in <table>_history), and the derived tables
// follow, all in one transaction. Refused when a later ingest changed the same
// rows (undo that one first) or when other rows now refer to tickets it added.
import { TABLES, type TableName } from '../../contract';
import { beginTouch, recordTouch, refreshDerived } from '../facts';
import { rowColumns, type Warehouse } from '../warehouse';
import { dropTemp } from '../sql-runner';

export class UndoRefused extends Error {}

export interface UndoResult {
	ingest_id: number;
	file: string;
	table: TableName;
	rows_removed: number;
	rows_restored: number;
}

export async function undoIngest(wh: Warehouse, ingestId: number): Promise<UndoResult> {
	const found = await wh.all<{ file: string; table_name: TableName | null; undone: boolean; error: string | null }>(
		`SELECT file, table_name, undone_at IS NOT NULL AS undone, error FROM ingests WHERE ingest_id = $id`,
		{ id: ingestId }
	);
	if (!found.length) throw new UndoRefused(`there is no ingest #${ingestId} (npm run status lists them)`);
	const { file, table_name: name, undone } = found[0];
	if (undone) throw new UndoRefused(`ingest #${ingestId} was undone already`);
	if (!name) throw new UndoRefused(`ingest #${ingestId} loaded nothing, so there is nothing to undo`);
	const key = TABLES[name].key[0];
	return wh.transaction(async () => {
		// every key this ingest wrote: rows still tagged with it, rows it replaced, and rows a later ingest replaced since
		await wh.run(
			`CREATE OR REPLACE TEMP TABLE undo_keys AS
			SELECT DISTINCT ${key} AS k FROM ${name} WHERE ingest_id = $id
			UNION SELECT DISTINCT ${key} FROM ${name}_history WHERE replaced_by = $id OR ingest_id = $id`,
			{ id: ingestId }
		);
		try {
			const later = await wh.all<{ k: string; by: number }>(
				`SELECT ${key} AS k, min(replaced_by) AS by FROM ${name}_history
				 WHERE ingest_id = $id AND replaced_by > $id AND ${key} IN (SELECT k FROM undo_keys) GROUP BY 1 ORDER BY 1 LIMIT 3`,
				{ id: ingestId }
			);
			if (later.length)
				throw new UndoRefused(
					`ingest #${later[0].by} changed rows that #${ingestId} wrote (${key} ${later.map((r) => r.k).join(', ')}…): undo #${later[0].by} first`
				);
			const { restored } = await wh.one<{ restored: number }>(`SELECT count(*) AS restored FROM ${name}_history WHERE replaced_by = $id`, {
				id: ingestId
			});
			// a ticket this ingest added must not be left without the rows that refer to it
			if (name === 'tickets') {
				const refs = await wh.all<{ t: string }>(
					`SELECT original_ticket_id AS t FROM rework WHERE original_ticket_id IN (SELECT k FROM undo_keys)
					   AND original_ticket_id NOT IN (SELECT ticket_id FROM tickets_history WHERE replaced_by = $id)
					 UNION SELECT ticket_id FROM parts WHERE ticket_id IN (SELECT k FROM undo_keys)
					   AND ticket_id NOT IN (SELECT ticket_id FROM tickets_history WHERE replaced_by = $id)
					 LIMIT 3`,
					{ id: ingestId }
				);
				if (refs.length)
					throw new UndoRefused(
						`rework or parts rows refer to tickets that ingest #${ingestId} added (${refs.map((r) => r.t).join(', ')}…): undo those ingests first`
					);
			}
			await beginTouch(wh);
			// the rows as they are now, read once (found by the key column alone, then fetched by row id): their keys are
			// touched, they are counted and deleted by row id, without a pass over the whole table for each
			await wh.run(`CREATE OR REPLACE TEMP TABLE undo_current AS SELECT rowid AS rid, * FROM ${name}
				WHERE rowid IN (SELECT rowid FROM ${name} WHERE ${key} IN (SELECT k FROM undo_keys))`);
			await recordTouch(wh, name, 'undo_current');
			const { removed } = await wh.one<{ removed: number }>(`SELECT count(*) AS removed FROM undo_current`);
			await wh.run(`DELETE FROM ${name} WHERE rowid IN (SELECT rid FROM undo_current)`);
			const cols = rowColumns(name).join(', ');
			await wh.run(`INSERT INTO ${name} (${cols}) SELECT ${cols} FROM ${name}_history WHERE replaced_by = $id`, { id: ingestId });
			await recordTouch(wh, name, `(SELECT * FROM ${name}_history WHERE replaced_by = ${Number(ingestId)})`, 'new');
			await wh.run(`DELETE FROM ${name}_history WHERE replaced_by = $id`, { id: ingestId });
			await refreshDerived(wh);
			await wh.bumpDataVersion();
			await wh.run(`UPDATE ingests SET undone_at = current_localtimestamp() WHERE ingest_id = $id`, { id: ingestId });
			return { ingest_id: ingestId, file, table: name, rows_removed: removed - restored, rows_restored: restored };
		} finally {
			await dropTemp(wh, 'undo_keys', 'undo_current', 'touch');
		}
	});
}
