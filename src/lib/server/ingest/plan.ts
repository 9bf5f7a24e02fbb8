// Which table a file feeds, judged from its header, and where each contract
// column sits in it.
import { basename } from 'node:path';
import { describeAliases, matchHeaders, type TableSpec } from '../../contract';
import { FileRejected, type Sniffed } from './sniff';

export interface FilePlan {
	path: string;
	sniffed: Sniffed;
	table: TableSpec;
	/** canonical column → 0-based position in the file */
	positions: Map<string, number>;
	/** header name in the file of each mapped column */
	headerOf: Map<string, string>;
	/** headers the contract does not know: kept out of the warehouse, reported once */
	ignored: string[];
	/** bytes of the file's longest record, once the load's first pass has read the file */
	longestRecord?: number;
	/** the line each row of the file starts on if the reader rejects no record (RecordScanner.rowLines), once the load's first pass has read the file */
	rowLines?: ((row: number) => number) | null;
	/** an .xlsx file: the UTF-8 CSV its sheet was written to (read in place of `path`), and that CSV's line → sheet row */
	source?: { csv: string; sheet: string; lineOf?: (line: number) => number };
}

export function planFile(path: string, sniffed: Sniffed): FilePlan {
	const best = matchHeaders(sniffed.headers);
	if (!best)
		throw new FileRejected(
			`no known column in the header line (${printable(sniffed.headers.slice(0, 8).join(', '))}); expected the columns of tickets, rework, parts or technicians`
		);
	if (best.missing.length > 0)
		throw new FileRejected(
			`${basename(path)} looks like a ${best.table.name} file but lacks required column${best.missing.length > 1 ? 's' : ''} ` +
				best.missing.map((c) => `"${c.name}" (any of: ${describeAliases(c)})`).join('; ')
		);
	return { path, sniffed, table: best.table, positions: best.positions, headerOf: best.headerOf, ignored: best.ignored };
}

/** Header text as it can be shown in a terminal: control characters replaced, long text cut. */
function printable(s: string): string {
	const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
	return clean.length > 120 ? `${clean.slice(0, 120)}…` : clean;
}
