// What the command line can ask of a warehouse, declared once. A command runs
// on the warehouse directly when no server holds it, or inside the running
// server (through its write queue when it changes data) when one does; either
// way the same function does the work, so the answers cannot differ.
// (the report is imported when asked for, so loading files does not load the metric layer)
import { ingestFiles, type IngestResult } from './ingest/index';
import { undoIngest, type UndoResult } from './ingest/undo';
import type { monthlyReport } from './report';
import { warehouseStatus, type WarehouseStatus } from './status';
import type { Warehouse } from './warehouse';

export interface Command<A, R> {
	/** changes the warehouse (runs in the server's write queue) */
	writes: boolean;
	run: (wh: Warehouse, args: A) => Promise<R>;
}

function command<A, R>(writes: boolean, run: (wh: Warehouse, args: A) => Promise<R>): Command<A, R> {
	return { writes, run };
}

export const COMMANDS = {
	ingest: command(true, (wh, a: { paths: string[]; encoding?: 'utf-8' | 'gbk' }): Promise<IngestResult> =>
		ingestFiles(wh, a.paths, { encoding: a.encoding })
	),
	undo: command(true, (wh, a: { id: number }): Promise<UndoResult> => undoIngest(wh, a.id)),
	status: command(false, (wh): Promise<WarehouseStatus> => warehouseStatus(wh)),
	report: command(false, async (wh, a: { month: string }): Promise<Awaited<ReturnType<typeof monthlyReport>>> =>
		(await import('./report')).monthlyReport(wh, a.month)
	)
};

export type CommandName = keyof typeof COMMANDS;
export type CommandArgs<N extends CommandName> = Parameters<(typeof COMMANDS)[N]['run']>[1];
export type CommandResult<N extends CommandName> = Awaited<ReturnType<(typeof COMMANDS)[N]['run']>>;

export function isCommand(name: string): name is CommandName {
	return Object.hasOwn(COMMANDS, name);
}
