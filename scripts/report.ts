// npm run report -- [--db PATH] --month YYYY-MM [--format json|md] [--lang zh|en]
import { isValidMonth } from '../src/lib/server/metrics/filters';
import { monthlyReport } from '../src/lib/server/report';
import { reportMarkdown } from '../src/lib/report/markdown';
import { DEFAULT_DB, Warehouse } from '../src/lib/server/warehouse';
import { fail, parseArgs, str } from './args';

const args = parseArgs(process.argv.slice(2), ['db', 'month', 'format', 'lang']);
const month = str(args, 'month');
if (!month || !isValidMonth(month)) fail('--month YYYY-MM is required (e.g. --month 2026-07)');
const format = str(args, 'format', 'md');
if (format !== 'json' && format !== 'md') fail('--format must be json or md');
const lang = str(args, 'lang', 'zh');
if (lang !== 'zh' && lang !== 'en') fail('--lang must be zh or en');

const wh = await Warehouse.open(str(args, 'db', DEFAULT_DB));
const report = await monthlyReport(wh, month);
wh.close();
process.stdout.write(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : reportMarkdown(report, lang));
