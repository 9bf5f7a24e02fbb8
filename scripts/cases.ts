// npm run cases -- [--db PATH] open --model M --component C [--title T] [--code X] [--region R] [--owner O]
//                  [--owner-kind factory|supplier] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--batches B1,B2] [--note TEXT] [--json]
//                | update ID [--status S] [--outcome effective|not_effective] [--cut-in YYYY-MM-DD] [--cut-in-batch B]
//                  [--change TEXT] [--owner O] [--title T] [--note TEXT] [--version V] [--json]
//                | verify ID [--json] | list [--json] | show ID [--json]
//                | export ID --format md|json [--lang zh|en] | export all --format csv|json
// Every command takes --who NAME (default: $USER). Through the same writer as
// everything else: inside the running server when it holds the warehouse.
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { CaseWithHistory, Verification } from '../src/lib/cases/types';
import { caseMarkdown, casesCsv } from '../src/lib/server/cases/export';
import { DEFAULT_DB } from '../src/lib/server/warehouse';
import { fail, parseArgs, str } from './args';
import { runOrExit } from './lib/warehouse-access';

const VALUE_FLAGS = [
	'db',
	'model',
	'component',
	'title',
	'code',
	'region',
	'owner',
	'owner-kind',
	'from',
	'to',
	'batches',
	'note',
	'status',
	'outcome',
	'cut-in',
	'cut-in-batch',
	'change',
	'version',
	'who',
	'format',
	'lang',
	'out'
];
const USAGE = `usage: npm run cases -- [--db PATH] open --model M --component C [--title T] [--json]
       | update ID [--status S] [--cut-in YYYY-MM-DD] [--note TEXT] [--version V] | verify ID [--json]
       | list [--json] | show ID [--json] | export ID --format md|json|pdf [--out FILE] | export all --format csv|json`;

const args = parseArgs(process.argv.slice(2), VALUE_FLAGS);
const [cmd, idArg] = args.positional;
const db = str(args, 'db', DEFAULT_DB);
const json = args.flags.json === true;
const who = str(args, 'who') ?? safeUser();
const lang = str(args, 'lang', 'zh');
if (lang !== 'zh' && lang !== 'en') fail('--lang must be zh or en');

function safeUser(): string {
	try {
		return userInfo().username || 'cli';
	} catch {
		return 'cli';
	}
}

function caseId(): number {
	const id = Number(idArg);
	if (!idArg || !Number.isInteger(id) || id < 1) fail(`${cmd} needs a case number\n${USAGE}`);
	return id;
}

/** Flags given on the command line, under the case's field names. */
function fields(map: Record<string, string>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [flag, field] of Object.entries(map)) {
		const v = str(args, flag);
		if (v !== undefined) out[field] = v;
	}
	return out;
}

const FIELD_FLAGS = {
	model: 'product_model',
	component: 'fault_component',
	title: 'title',
	code: 'fault_code',
	region: 'region',
	owner: 'owner',
	'owner-kind': 'owner_kind',
	from: 'production_from',
	to: 'production_to',
	batches: 'batches',
	change: 'change_description',
	'cut-in': 'cut_in_date',
	'cut-in-batch': 'cut_in_batch'
};

const print = (v: unknown) => process.stdout.write(JSON.stringify(v, null, 2) + '\n');

function verdictLine(v: Verification | null): string {
	if (!v || v.verdict === 'no_cut_in') return 'verdict: no cut-in yet';
	const f = (x: number | null, d = 2) => (x === null ? '—' : x.toFixed(d));
	return (
		`verdict: ${v.verdict} — before ${f(v.rate_before)} / after ${f(v.rate_after)} failures per 1,000 unit-months ` +
		`(${v.failures_before} in ${f(v.unit_months_before, 0)}, ${v.failures_after} in ${f(v.unit_months_after, 0)} unit-months, first ${f(v.window_months, 1)} months in service); ` +
		`ratio ${f(v.ratio)} [${f(v.ci_low)}, ${v.ci_high === null ? '∞' : f(v.ci_high)}], p = ${v.p_value === null ? '—' : v.p_value.toPrecision(3)}` +
		(v.unit_months_needed
			? `; still needed: ${v.unit_months_needed.after} unit-months after the cut-in${v.unit_months_needed.before ? `, ${v.unit_months_needed.before} before` : ''}`
			: '')
	);
}

function printCase(c: CaseWithHistory): void {
	process.stdout.write(
		[
			`case ${c.id} (version ${c.version}): ${c.title}`,
			`status: ${c.status}${c.outcome ? ` (${c.outcome})` : ''}${c.reopened ? `, reopened ${c.reopened}× by a new alarm` : ''}`,
			`model × component: ${c.product_model} × ${c.fault_component}${c.fault_code ? ` · ${c.fault_code}` : ''}${c.region ? ` · ${c.region}` : ''}`,
			`owner: ${c.owner ?? '—'}${c.owner_kind ? ` (${c.owner_kind})` : ''}`,
			`cut-in: ${c.cut_in_batch ?? c.cut_in_date ?? '—'}${c.change_description ? ` — ${c.change_description}` : ''}`,
			`evidence: ${c.evidence ? `${c.evidence.repairs} repairs, warranty cost ${c.evidence.warranty_cost.toFixed(0)}, data up to ${c.evidence.data_until}` : '—'}`,
			verdictLine(c.verdict),
			'history:',
			...c.history.map(
				(h) =>
					`  ${h.at}  ${h.who}  ${h.what}${h.detail && h.what === 'status' ? ` ${h.detail.from} → ${h.detail.to}` : ''}${h.note ? ` — ${h.note}` : ''}`
			)
		].join('\n') + '\n'
	);
}

switch (cmd) {
	case 'open': {
		const f = fields(FIELD_FLAGS);
		if (!f.product_model || !f.fault_component) fail(`open needs --model and --component\n${USAGE}`);
		const c = await runOrExit(db, 'cases_open', { fields: f, who, note: str(args, 'note') ?? null });
		if (json) print(c);
		else printCase(c);
		break;
	}
	case 'update': {
		const id = caseId();
		const v = str(args, 'version');
		if (v !== undefined && !/^\d+$/.test(v)) fail('--version takes the version number the case showed');
		const input = {
			...fields(FIELD_FLAGS),
			status: str(args, 'status'),
			outcome: str(args, 'outcome'),
			note: str(args, 'note'),
			version: v === undefined ? undefined : Number(v)
		};
		const r = await runOrExit(db, 'cases_update', { id, input, who });
		if (!r.ok) {
			process.stderr.write(`fieldloop: ${r.error}\n`);
			if (json && r.current) print(r.current);
			process.exit(r.status === 409 ? 4 : 1);
		}
		if (json) print(r.case);
		else printCase(r.case);
		break;
	}
	case 'verify': {
		const v = await runOrExit(db, 'cases_verify', { id: caseId() });
		if (json) {
			const { verdict, rate_before, rate_after, ratio, ci_low, ci_high, p_value, unit_months_before, unit_months_after } = v;
			print({ verdict, rate_before, rate_after, ratio, ci_low, ci_high, p_value, unit_months_before, unit_months_after, details: v });
		} else process.stdout.write(verdictLine(v) + '\n');
		break;
	}
	case 'list': {
		const rows = await runOrExit(db, 'cases_list', {});
		if (json) print(rows);
		else if (!rows.length) process.stdout.write('no cases\n');
		else
			for (const r of rows)
				process.stdout.write(
					`${String(r.id).padStart(4)}  ${r.status.padEnd(16)}${String(r.age_days).padStart(5)}d  ${(r.verdict ?? '—').padEnd(22)}${(r.owner ?? '—').padEnd(14)}${r.title}\n`
				);
		break;
	}
	case 'show': {
		const c = await runOrExit(db, 'cases_show', { id: caseId() });
		if (json) print(c);
		else printCase(c);
		break;
	}
	case 'export': {
		const format = str(args, 'format', idArg === 'all' ? 'csv' : 'md');
		if (idArg === 'all') {
			if (format !== 'csv' && format !== 'json') fail('export all takes --format csv or json');
			const rows = await runOrExit(db, 'cases_list', {});
			process.stdout.write(format === 'csv' ? casesCsv(rows) : JSON.stringify(rows, null, 2) + '\n');
			break;
		}
		if (format === 'pdf') {
			// the case page printed by headless Chromium, as the review's handout is (scripts/lib/pdf.ts)
			const out = str(args, 'out');
			if (!out) fail('export ID --format pdf needs --out FILE');
			const { printPage } = await import('./lib/pdf');
			const c = await runOrExit(db, 'cases_show', { id: caseId() });
			writeFileSync(out!, await printPage(db, `/cases/${c.id}`, lang));
			process.stderr.write(`wrote ${out}\n`);
			break;
		}
		if (format !== 'md' && format !== 'json') fail('export takes --format md or json');
		const c = await runOrExit(db, 'cases_show', { id: caseId() });
		process.stdout.write(format === 'md' ? caseMarkdown(c, lang) : JSON.stringify(c, null, 2) + '\n');
		break;
	}
	default:
		fail(USAGE);
}
