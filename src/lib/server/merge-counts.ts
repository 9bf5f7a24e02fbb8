// Applying a summed delta of counts to a maintained table of counts by group (the rollup tiers, rollup.ts; the
// time-to-complete tables, completion-tier.ts), inside the transaction that changed the facts.
//
// A group the delta touches is updated in place, and only in the count columns whose value changes; a group left
// with no tickets is deleted; a new group is inserted. (Deleting every touched group and inserting it again, as
// before, appended to every column of the table's last row group: DuckDB then makes that row group's columns anew
// at commit and rewrites them all at the checkpoint that closes the ingest, for each such table. An update in place
// rewrites only the updated columns of the row groups it touched.)
import type { SqlRunner } from './sql-runner';

export interface CountsMerge {
	table: string;
	/** the summed delta: a table or a parenthesised subquery with the keys and counts, one row per group */
	sum: string;
	/** the group's columns (compared NULL-equal) */
	keys: readonly string[];
	/** each count column and the type its value is stored as; `n` (the tickets in the group) among them */
	counts: readonly (readonly [column: string, type: string])[];
	/** conditions on the stored rows' own columns (alias r), constants the scan checks first (zone maps) */
	near: string;
	/** the order new groups are inserted in */
	order: string;
	/** the name of the temp table of touched groups (dropped by the caller) */
	temp: string;
}

/** Each group of `table` that `sum` touches becomes its stored counts plus the delta's (see above). */
export async function mergeCounts(db: SqlRunner, m: CountsMerge): Promise<void> {
	const same = (a: string) => m.keys.map((k) => `${a}.${k} IS NOT DISTINCT FROM d.${k}`).join(' AND ');
	const cols = m.counts.map(([c]) => c);
	// the sum of the stored count and the delta's, NULL when both are (as sum() over the two rows)
	const added = m.counts.map(
		([c, type]) =>
			`CAST(CASE WHEN h.${c} IS NULL AND d.${c} IS NULL THEN NULL ELSE coalesce(h.${c}, 0) + coalesce(d.${c}, 0) END AS ${type}) AS ${c}`
	);
	// the touched groups: the stored row (rid; NULL for a new group), its counts as they become and as they were
	await db.run(`CREATE OR REPLACE TEMP TABLE ${m.temp} AS
		SELECT h.rid, ${m.keys.map((k) => `d.${k}`).join(', ')}, ${added.join(', ')}, ${cols.map((c) => `h.${c} AS was_${c}`).join(', ')}
		FROM ${m.sum} d
		LEFT JOIN (SELECT r.rowid AS rid, r.* FROM ${m.table} r SEMI JOIN ${m.sum} d ON ${same('r')} WHERE ${m.near}) h ON ${same('h')}`);
	const kept = (a: string) => `${a}rid IS NOT NULL AND ${a}n > 0`;
	const differs = (a: string, c: string) => `${a}${c} IS DISTINCT FROM ${a}was_${c}`;
	const what = await db.one<Record<string, number | boolean | null>>(
		`SELECT count(*) FILTER (WHERE rid IS NULL AND n > 0) AS "+new", count(*) FILTER (WHERE rid IS NOT NULL AND (n > 0) IS NOT TRUE) AS "+gone",
		        ${cols.map((c) => `bool_or(${kept('')} AND ${differs('', c)}) AS ${c}`).join(', ')}
		 FROM ${m.temp}`
	);
	// (each statement only when it has rows: one by row id reads the first vector of the table even for none)
	const changed = cols.filter((c) => what[c] === true);
	if (changed.length)
		await db.run(`UPDATE ${m.table} SET ${changed.map((c) => `${c} = x.${c}`).join(', ')}
			FROM ${m.temp} x WHERE ${m.table}.rowid = x.rid AND ${kept('x.')} AND (${changed.map((c) => differs('x.', c)).join(' OR ')})`);
	if (Number(what['+gone']) > 0)
		await db.run(`DELETE FROM ${m.table} WHERE rowid IN (SELECT rid FROM ${m.temp} WHERE rid IS NOT NULL AND (n > 0) IS NOT TRUE)`);
	if (Number(what['+new']) > 0)
		await db.run(
			`INSERT INTO ${m.table} BY NAME SELECT ${[...m.keys, ...cols].join(', ')} FROM ${m.temp} WHERE rid IS NULL AND n > 0 ORDER BY ${m.order}`
		);
}
