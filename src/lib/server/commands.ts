// What the command line can ask of a warehouse, declared once. A command runs
// on the warehouse directly when no server holds it, or inside the running
// server (through its write queue when it changes data) when one does; either
// way the same function does the work, so the answers cannot differ.
// (the report is imported when asked for, so loading files does not load the metric layer)
import { ingestFiles, type IngestResult } from './ingest/index';
import { undoIngest, type UndoResult } from './ingest/undo';
import type { PeriodReport, ReportScope } from './report';
import type { CaseSummary, UpdateOutcome } from './cases/service';
import type { CaseWithHistory, Verification } from '../cases/types';
import type { UpdateInput } from './cases/repo';
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
	// (after the load: new alarms announced, closed cases whose pair alarms again reopened — src/lib/server/cases/after-ingest.ts)
	ingest: command(true, async (wh, a: { paths: string[]; encoding?: 'utf-8' | 'gbk' }): Promise<IngestResult> =>
		(await import('./cases/after-ingest')).afterIngest(wh, await ingestFiles(wh, a.paths, { encoding: a.encoding }))
	),
	undo: command(true, (wh, a: { id: number }): Promise<UndoResult> => undoIngest(wh, a.id)),
	status: command(false, (wh): Promise<WarehouseStatus> => warehouseStatus(wh)),
	// a week, month or quarter ('2026-W42', '2026-10', '2026-Q3'), scoped by region / team / model (report.ts periodReport)
	report: command(false, async (wh, a: { month?: string; period?: string; scope?: ReportScope }): Promise<PeriodReport> =>
		(await import('./report')).periodReport(wh, a.period ?? a.month ?? '', a.scope ?? {})
	),
	// quality cases (src/lib/server/cases; npm run cases)
	cases_list: command(false, async (wh): Promise<CaseSummary[]> => (await import('./cases/service')).casesList(wh)),
	cases_show: command(false, async (wh, a: { id: number }): Promise<CaseWithHistory> =>
		(await import('./cases/service')).casesShow(wh, a.id)
	),
	cases_open: command(
		true,
		async (wh, a: { fields: Record<string, unknown>; who: string; note?: string | null }): Promise<CaseWithHistory> =>
			(await import('./cases/service')).casesOpen(wh, a)
	),
	cases_update: command(true, async (wh, a: { id: number; input: UpdateInput; who: string }): Promise<UpdateOutcome> =>
		(await import('./cases/service')).casesUpdate(wh, a)
	),
	cases_verify: command(true, async (wh, a: { id: number }): Promise<Verification> => (await import('./cases/service')).casesVerify(wh, a))
};

export type CommandName = keyof typeof COMMANDS;
export type CommandArgs<N extends CommandName> = Parameters<(typeof COMMANDS)[N]['run']>[1];
export type CommandResult<N extends CommandName> = Awaited<ReturnType<(typeof COMMANDS)[N]['run']>>;

export function isCommand(name: string): name is CommandName {
	return Object.hasOwn(COMMANDS, name);
}
