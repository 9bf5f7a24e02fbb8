// npx tsx scripts/bench/check-replica.ts --replica DB [--memory 3GB]
// The proof that a replicated warehouse (replicate.ts) holds what the product's own
// full rebuild makes of its rows: on a copy of it, every derived table is hashed
// (order-insensitive: row count and the sum of each row's 128-bit md5), the full
// rebuild runs in a transaction, every table is hashed again, and the rebuild is
// rolled back. Exit 0 when nothing changed, 1 naming each table that did.
// The replica is not written (the copy is DB.check, removed at the end).
import { copyFileSync, rmSync } from 'node:fs';
import { rebuildDerived } from '../../src/lib/server/facts-build';
import { rebuildFactsKeys } from '../../src/lib/server/facts-keys';
import { MAINTAINED_TABLES } from '../../src/lib/server/maintained-tables';
import { Warehouse } from '../../src/lib/server/warehouse';
import { fail, parseArgs, str } from '../args';
import { tableHashes } from './table-hash';

const args = parseArgs(process.argv.slice(2), ['replica', 'memory']);
const replica = str(args, 'replica') ?? fail('--replica DB (made by replicate-warehouse.ts)');
const copy = `${replica}.check`;
const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);
copyFileSync(replica, copy);
const wh = await Warehouse.open(copy, { memoryLimit: str(args, 'memory', process.env.FIELDLOOP_MEMORY_LIMIT ?? '3GB') });
const changed: string[] = [];
try {
	const before = await tableHashes(wh);
	log(`hashed ${Object.keys(before).length} tables as replicated`);
	// every maintained table (maintained-tables.ts) must be there to be compared
	for (const t of MAINTAINED_TABLES.filter((t) => !(t in before))) {
		console.log(`MISSING ${t}`);
		changed.push(t);
	}
	await wh.run('BEGIN TRANSACTION');
	const t0 = performance.now();
	// what a first load does after its rows are in (facts.ts refreshDerived, the full path)
	await rebuildDerived(wh);
	await rebuildFactsKeys(wh);
	log(`full rebuild of the derived tables: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	const after = await tableHashes(wh);
	await wh.run('ROLLBACK');
	for (const t of new Set([...Object.keys(before), ...Object.keys(after)])) {
		const same = before[t] === after[t];
		console.log(`${same ? 'same   ' : 'CHANGED'} ${t.padEnd(22)} ${before[t] ?? '(none)'}${same ? '' : ` → ${after[t] ?? '(none)'}`}`);
		if (!same) changed.push(t);
	}
} finally {
	wh.close();
	rmSync(copy, { force: true });
	rmSync(`${copy}.wal`, { force: true });
}
console.log(
	changed.length
		? `the rebuild changed ${changed.join(', ')}`
		: 'the full rebuild changed nothing: the replica is what loading its rows makes'
);
process.exit(changed.length ? 1 : 0);
