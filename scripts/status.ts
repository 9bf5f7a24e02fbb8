// npm run status -- [--db PATH] [--json] [--lang en|zh]
import { basename } from 'node:path';
import { DEFAULT_DB } from '../src/lib/server/warehouse';
import { runOrExit } from './lib/warehouse-access';
import { lookup, translate, type Lang } from '../src/lib/i18n';
import { parseArgs, str } from './args';

const args = parseArgs(process.argv.slice(2), ['db', 'lang']);
const lang: Lang = str(args, 'lang', 'en') === 'zh' ? 'zh' : 'en';
const tableLabel = (name: string) => (lang === 'en' ? name : (lookup(lang, 'data', `table_${name}`) ?? name));
const status = await runOrExit(str(args, 'db', DEFAULT_DB), 'status', {});
if (args.flags.json) console.log(JSON.stringify(status));
else {
	for (const [name, n] of Object.entries(status.tables)) console.log(`${tableLabel(name).padEnd(12)} ${n}`);
	console.log(`\n${translate(lang, 'cli.ingests')}`);
	for (const i of status.ingests)
		console.log(
			`  ${translate(lang, 'cli.ingest_line', { id: i.ingest_id, at: i.at, file: basename(i.file), table: i.table ? tableLabel(i.table) : '—', loaded: i.rows_loaded, rejected: i.rows_rejected })}` +
				(i.undone_at ? ` ${translate(lang, 'cli.undone', { at: i.undone_at })}` : '')
		);
}
