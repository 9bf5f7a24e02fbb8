// npm run status -- [--db PATH] [--json]
import { basename } from 'node:path';
import { warehouseStatus } from '../src/lib/server/status';
import { DEFAULT_DB, Warehouse } from '../src/lib/server/warehouse';
import { parseArgs, str } from './args';

const args = parseArgs(process.argv.slice(2), ['db']);
const wh = await Warehouse.open(str(args, 'db', DEFAULT_DB));
const status = await warehouseStatus(wh);
wh.close();
if (args.flags.json) console.log(JSON.stringify(status));
else {
	for (const [t, n] of Object.entries(status.tables)) console.log(`${t.padEnd(12)} ${n}`);
	console.log('\ningests:');
	for (const i of status.ingests)
		console.log(`  #${i.ingest_id} ${i.at} ${basename(i.file)} → ${i.table}: ${i.rows_loaded} loaded, ${i.rows_rejected} rejected`);
}
