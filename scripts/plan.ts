// npm run plan -- [--db PATH] [--from YYYY-MM] [--weeks N] [--region R] [--team T] [--quantile 0.8]
//                 [--jobs-per-day J | --hours-per-day H] [--working-days D] [--overtime 0.1] [--outsourced-share S]
//                 [--by region|team] [--backtest] [--json]
// The staffing plan (docs/METRICS.md § Staffing): weekly demand P50/P80/P95, the technicians that keep the
// response promise at the chosen quantile, and the roster beside them; --by adds each region's or team's own plan
// (its peak week), --backtest the backtest of the last year's peak.
import { settings } from '../src/lib/server/config';
import { planBacktest, staffingBreakdown, staffingPlan, type BreakdownRow, type PlanOptions } from '../src/lib/server/staffing';
import { DEFAULT_DB, Warehouse } from '../src/lib/server/warehouse';
import { fail, parseArgs, str } from './args';

const VALUE_FLAGS = [
	'db',
	'from',
	'weeks',
	'region',
	'team',
	'quantile',
	'jobs-per-day',
	'hours-per-day',
	'working-days',
	'overtime',
	'outsourced-share',
	'by'
];
const BOOLEAN_FLAGS = ['json', 'backtest'];
const args = parseArgs(process.argv.slice(2), VALUE_FLAGS);
for (const f of Object.keys(args.flags)) if (!VALUE_FLAGS.includes(f) && !BOOLEAN_FLAGS.includes(f)) fail(`unknown option --${f}`);
if (args.positional.length) fail(`unexpected argument ${args.positional[0]}`);

function num(name: string, ok: (n: number) => boolean, what: string): number | undefined {
	const v = str(args, name);
	if (v === undefined) return undefined;
	const n = Number(v);
	if (v.trim() === '' || !Number.isFinite(n) || !ok(n)) fail(`--${name} must be ${what}, got "${v}"`);
	return n;
}

const by = str(args, 'by');
if (by !== undefined && by !== 'region' && by !== 'team') fail(`--by must be region or team, got "${by}"`);
const from = str(args, 'from');
if (from !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(from)) fail(`--from must be YYYY-MM, got "${from}"`);
const opts: PlanOptions = {
	from,
	weeks: num('weeks', (n) => Number.isInteger(n) && n >= 1 && n <= 104, 'a whole number from 1 to 104'),
	region: str(args, 'region'),
	team: str(args, 'team'),
	quantile: num('quantile', (n) => n >= 0.01 && n <= 0.99, 'between 0.01 and 0.99'),
	jobsPerTechnicianPerDay: num('jobs-per-day', (n) => n > 0, 'a number above 0'),
	hoursPerDay: num('hours-per-day', (n) => n > 0 && n <= 24, 'a number of hours above 0, at most 24'),
	workingDays: num('working-days', (n) => n > 0 && n <= 7, 'a number of days above 0, at most 7'),
	overtime: num('overtime', (n) => n >= 0 && n <= 2, 'a share from 0 to 2 (0.1 = 10% more hours)'),
	outsourcedShare: num('outsourced-share', (n) => n >= 0 && n <= 1, 'a share from 0 to 1')
};

const s = settings();
const wh = await Warehouse.open(str(args, 'db', DEFAULT_DB));
let plan;
let backtest = null;
let breakdown: BreakdownRow[] | null = null;
try {
	plan = await staffingPlan(wh, s, opts);
	if (args.flags.backtest) backtest = await planBacktest(wh, s, { ...opts, from: null });
	if (by) breakdown = await staffingBreakdown(wh, s, by, opts);
} catch (e) {
	wh.close();
	fail((e as Error).message);
}
wh.close();
if (!plan) fail('not enough history: the plan needs at least 52 whole weeks of jobs in the scope before its first week');

if (args.flags.json) {
	process.stdout.write(JSON.stringify({ ...plan, ...(breakdown ? { breakdown } : {}), ...(backtest ? { backtest } : {}) }, null, 2) + '\n');
} else {
	const out: string[] = [];
	const p = plan.settings;
	const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
	out.push(
		`Staffing plan${p.region ? ` · region ${p.region}` : ''}${p.team ? ` · team ${p.team}` : ''} — demand at P${Math.round(p.quantile * 100)}, ` +
			`on-time target ${pct(p.on_time_target)}, utilisation at most ${pct(p.max_utilisation)}`,
		`Technician week: ${p.technician_hours_per_week.toFixed(1)} h (${p.hours_per_day} h × ${p.working_days_per_week} days` +
			`${p.overtime ? ` + ${pct(p.overtime)} overtime` : ''}); ` +
			(p.jobs_per_technician_per_day !== null
				? `${p.jobs_per_technician_per_day} jobs per day`
				: `hours per job: install ${p.hours_per_job.install}, repair ${p.hours_per_job.repair}, maintenance ${p.hours_per_job.maintenance}`) +
			`; outsourced share ${pct(p.outsourced_share)}`,
		`Forecast: ${plan.forecast.method}; data to ${plan.forecast.data_end}, last week used ${plan.forecast.origin_week}, growth ×${plan.forecast.growth.toFixed(3)}` +
			(plan.forecast.backtest
				? `; rolling-origin error MAPE ${pct(plan.forecast.backtest.mape)} over ${plan.forecast.backtest.forecasts} forecasts from ${plan.forecast.backtest.origins} origins`
				: ''),
		''
	);
	const head = ['week', 'monday', 'jobs P50', 'P80', 'P95', 'needed', 'on-time', 'util.', 'roster', 'in-house', 'outsourced', 'gap', ''];
	const rows = plan.weeks.map((w) => [
		w.week,
		w.week_start,
		w.jobs_p50.toFixed(0),
		w.jobs_p80.toFixed(0),
		w.jobs_p95.toFixed(0),
		String(w.technicians_needed) + (w.binding === 'utilisation' ? '*' : ''),
		pct(w.expected_on_time),
		pct(w.utilisation),
		String(w.roster_active),
		`${w.roster_internal}/${w.needed_internal}`,
		`${w.roster_outsourced}/${w.needed_outsourced}`,
		(w.gap > 0 ? '+' : '') + w.gap,
		w.at_risk ? 'AT RISK' : ''
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (r: string[]) =>
		r
			.map((c, i) => (i < 2 || i === r.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
			.join('  ')
			.trimEnd();
	out.push(line(head), ...rows.map(line), '');
	out.push('needed* = set by the utilisation ceiling (the on-time target alone asks for fewer); in-house and outsourced: roster/needed.');
	if (breakdown) {
		out.push('', `By ${by}: each planned on its own, its peak week (a scope without a year of history is left out)`);
		const hh = [by as string, 'peak week', 'jobs', 'needed', 'on-time', 'util.', 'roster', 'gap', 'weeks at risk'];
		const hr = breakdown.map((r) => [
			r.value,
			r.peak_week,
			r.jobs_planned.toFixed(0),
			String(r.technicians_needed),
			pct(r.expected_on_time),
			pct(r.utilisation),
			String(r.roster_active),
			(r.gap > 0 ? '+' : '') + r.gap,
			String(r.weeks_at_risk)
		]);
		const total = breakdown.reduce((a, r) => a + r.technicians_needed, 0);
		// CJK characters take two columns in a terminal
		const cols = (c: string) => [...c].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1), 0);
		const hw = hh.map((h, i) => Math.max(...[h, ...hr.map((r) => r[i])].map(cols)));
		const hl = (r: string[]) =>
			r
				.map((c, i) => (i < 2 ? c + ' '.repeat(hw[i] - cols(c)) : ' '.repeat(hw[i] - cols(c)) + c))
				.join('  ')
				.trimEnd();
		out.push(hl(hh), ...hr.map(hl), `Separate queues need more than one pooled queue: ${total} in all at their own peaks.`);
	}
	if (backtest) {
		out.push('', `Backtest: the ${backtest.weeks.length} busiest weeks from ${backtest.from}, planned the week before`);
		const bh = ['week', 'jobs planned', 'jobs', 'recommended', 'worked', 'on-time', ''];
		const br = backtest.weeks.map((w) => [
			w.week,
			w.jobs_planned.toFixed(0),
			String(w.jobs),
			String(w.recommended),
			String(w.technicians),
			pct(w.on_time_share),
			w.below ? 'below' : ''
		]);
		const bw = bh.map((h, i) => Math.max(h.length, ...br.map((r) => r[i].length)));
		const bl = (r: string[]) =>
			r
				.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(bw[i]) : c.padStart(bw[i])))
				.join('  ')
				.trimEnd();
		out.push(bl(bh), ...br.map(bl), '', backtest.finding, backtest.demand_finding);
	}
	process.stdout.write(out.join('\n') + '\n');
}
