// Which table a file feeds, judged from its header, and where each contract
// column sits in it.
import { basename } from 'node:path';
import { TABLES, columnForHeader, describeAliases, type TableSpec } from '../contract';
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
}

const PREFERENCE: TableSpec[] = [TABLES.tickets, TABLES.rework, TABLES.parts, TABLES.technicians];

function mapHeaders(table: TableSpec, headers: string[]) {
	const positions = new Map<string, number>();
	const headerOf = new Map<string, string>();
	const ignored: string[] = [];
	headers.forEach((h, i) => {
		const c = columnForHeader(table, h);
		if (c && !positions.has(c.name)) {
			positions.set(c.name, i);
			headerOf.set(c.name, h);
		} else ignored.push(h === '' ? `(column ${i + 1} has no header)` : h);
	});
	const missing = table.columns.filter((c) => c.required && !positions.has(c.name));
	return { positions, headerOf, ignored, missing };
}

export function planFile(path: string, sniffed: Sniffed): FilePlan {
	let best: { table: TableSpec; m: ReturnType<typeof mapHeaders>; score: number } | null = null;
	for (const table of PREFERENCE) {
		const m = mapHeaders(table, sniffed.headers);
		// A file that has every required column of a table is that table's file;
		// otherwise the table whose columns it names most is the one it meant.
		const score = m.positions.size + (m.missing.length === 0 ? 1000 : 0);
		if (!best || score > best.score) best = { table, m, score };
	}
	if (!best || best.m.positions.size === 0)
		throw new FileRejected(
			`no known column in the header line (${printable(sniffed.headers.slice(0, 8).join(', '))}); expected the columns of tickets, rework, parts or technicians`
		);
	if (best.m.missing.length > 0)
		throw new FileRejected(
			`${basename(path)} looks like a ${best.table.name} file but lacks required column${best.m.missing.length > 1 ? 's' : ''} ` +
				best.m.missing.map((c) => `"${c.name}" (any of: ${describeAliases(c)})`).join('; ')
		);
	return { path, sniffed, table: best.table, ...best.m };
}

/** Header text as it can be shown in a terminal: control characters replaced, long text cut. */
function printable(s: string): string {
	const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
	return clean.length > 120 ? `${clean.slice(0, 120)}…` : clean;
}
