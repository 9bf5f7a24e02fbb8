// npm run report -- [--db PATH] --month YYYY-MM [--format json|md] [--lang zh|en]
import { isValidMonth } from '../src/lib/months';
import { locale, translate } from '../src/lib/i18n';
import { reportMarkdown } from '../src/lib/report/markdown';
import { settings } from '../src/lib/server/config';
import { DEFAULT_DB } from '../src/lib/server/warehouse';
import { runOrExit } from './lib/warehouse-access';
import { fail, parseArgs, str } from './args';

const args = parseArgs(process.argv.slice(2), ['db', 'month', 'format', 'lang']);
const lang = str(args, 'lang', 'zh');
if (lang !== 'zh' && lang !== 'en') fail(`${translate('zh', 'cli.lang_invalid')}\n${translate('en', 'cli.lang_invalid')}`);
const month = str(args, 'month');
if (!month) fail(translate(lang, 'cli.month_required'));
if (!isValidMonth(month)) fail(translate(lang, 'cli.month_invalid', { month }));
const format = str(args, 'format', 'md');
if (format !== 'json' && format !== 'md') fail(translate(lang, 'cli.format_invalid'));

const report = await runOrExit(str(args, 'db', DEFAULT_DB), 'report', { month });
// a month without tickets: say so and exit 1 rather than print a review of nothing
if (Object.values(report.kpis).every((k) => k.denominator === 0)) {
	process.stderr.write(`${translate(lang, 'cli.no_data', { period: month })}\n`);
	process.exit(1);
}
process.stdout.write(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : reportMarkdown(report, locale(lang, settings())));
