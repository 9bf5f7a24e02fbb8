// npm run report -- (--week YYYY-Www | --month YYYY-MM | --quarter YYYY-Qn) [--region R] [--team T] [--model M]
//                   [--format md|json|pdf] [--out FILE] [--lang zh|en] [--db PATH]
// md and json go to stdout (or --out); pdf needs --out and is printed by headless Chromium (scripts/lib/pdf.ts).
import { writeFileSync } from 'node:fs';
import { isValidMonth } from '../src/lib/months';
import { parsePeriod } from '../src/lib/periods';
import { locale, translate } from '../src/lib/i18n';
import { reportMarkdown } from '../src/lib/report/markdown';
import { settings } from '../src/lib/server/config';
import { ChromiumMissingError } from '../src/lib/server/report-pdf';
import { DEFAULT_DB } from '../src/lib/server/warehouse';
import { runOrExit } from './lib/warehouse-access';
import { fail, parseArgs, str } from './args';

const args = parseArgs(process.argv.slice(2), ['db', 'week', 'month', 'quarter', 'region', 'team', 'model', 'format', 'out', 'lang']);
const lang = str(args, 'lang', 'zh');
if (lang !== 'zh' && lang !== 'en') fail(`${translate('zh', 'cli.lang_invalid')}\n${translate('en', 'cli.lang_invalid')}`);
const given = (['week', 'month', 'quarter'] as const).filter((k) => args.flags[k] !== undefined);
if (given.length === 0) fail(translate(lang, 'period.cli_period_required'));
if (given.length > 1) fail(translate(lang, 'period.cli_one_period'));
const kind = given[0];
const value = str(args, kind);
if (!value) fail(translate(lang, 'period.cli_period_required'));
const p = parsePeriod(value);
if (!p || p.kind !== kind) {
	if (kind === 'month' && !isValidMonth(value)) fail(translate(lang, 'cli.month_invalid', { month: value }));
	fail(
		translate(lang, kind === 'week' ? 'period.cli_week_invalid' : kind === 'quarter' ? 'period.cli_quarter_invalid' : 'cli.month_invalid', {
			value,
			month: value
		})
	);
}
const format = str(args, 'format', 'md');
if (format !== 'json' && format !== 'md' && format !== 'pdf') fail(translate(lang, 'period.cli_format_invalid'));
const out = str(args, 'out');
if (format === 'pdf' && !out) fail(translate(lang, 'period.cli_pdf_needs_out'));
const scope: { region?: string; team?: string; model?: string } = {};
for (const k of ['region', 'team', 'model'] as const) {
	const v = str(args, k);
	if (v) scope[k] = v;
}
const db = str(args, 'db', DEFAULT_DB);

const report = await runOrExit(db, 'report', { period: p.key, scope });
// a period without tickets: say so and exit 1 rather than print a review of nothing
if (Object.values(report.kpis).every((k) => k.denominator === 0)) {
	process.stderr.write(`${translate(lang, 'cli.no_data', { period: p.key })}\n`);
	process.exit(1);
}
if (format === 'pdf') {
	try {
		const { printReview } = await import('./lib/pdf');
		const res = await printReview(db, p.key, scope, lang);
		writeFileSync(out!, res.pdf);
		process.stderr.write(`${translate(lang, 'period.cli_written', { file: out! })}\n`);
	} catch (err) {
		process.stderr.write(`fieldloop: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
		process.exit(err instanceof ChromiumMissingError ? 4 : 1);
	}
} else {
	const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : reportMarkdown(report, locale(lang, settings()));
	if (out) writeFileSync(out, text);
	else process.stdout.write(text);
}
