// Backtest of the plan (docs/METRICS.md § Staffing): for the busiest stretch of the last year of data, the plan
// as it would have been made the week before it, beside the technicians who actually worked each week (distinct
// technician_id on its jobs) and the on-time share they achieved.
import { staffingPlans, type PlanOptions, type StaffingSettingsInput } from './plan';
import { dataEnd, weekActuals, weeklyJobs, type Db } from './queries';
import { addDays, isoWeek, mondayOf, weekday } from './weeks';

export interface BacktestWeek {
	week: string;
	week_start: string;
	recommended: number;
	jobs_planned: number;
	expected_on_time: number;
	jobs: number;
	technicians: number;
	arrived: number;
	on_time: number;
	/** on_time ÷ arrived; null without arrivals */
	on_time_share: number | null;
	below: boolean;
}

export interface BacktestGroup {
	weeks: number;
	arrived: number;
	on_time: number;
	on_time_share: number | null;
}

export interface PlanBacktest {
	from: string;
	weeks: BacktestWeek[];
	below: BacktestGroup;
	at_or_above: BacktestGroup;
	/** Pearson correlation over the weeks of (technicians − recommended) with the on-time share; null when undefined */
	correlation: number | null;
	/** what the data shows, in a sentence */
	finding: string;
	/** weeks whose actual jobs were at or below the planned quantile (an out-of-sample check of the demand quantiles) */
	demand_within_plan: number;
	/** the same, in a sentence */
	demand_finding: string;
}

function group(ws: BacktestWeek[]): BacktestGroup {
	const arrived = ws.reduce((a, w) => a + w.arrived, 0);
	const onTime = ws.reduce((a, w) => a + w.on_time, 0);
	return { weeks: ws.length, arrived, on_time: onTime, on_time_share: arrived > 0 ? onTime / arrived : null };
}

/** Pearson correlation; null with fewer than 3 points or no spread. */
export function pearson(xs: number[], ys: number[]): number | null {
	const n = xs.length;
	if (n < 3) return null;
	const mx = xs.reduce((a, b) => a + b, 0) / n;
	const my = ys.reduce((a, b) => a + b, 0) / n;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		sxy += (xs[i] - mx) * (ys[i] - my);
		sxx += (xs[i] - mx) ** 2;
		syy += (ys[i] - my) ** 2;
	}
	return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export function describeBacktest(b: Pick<PlanBacktest, 'weeks' | 'below' | 'at_or_above' | 'correlation'>, target: number): string {
	const { below, at_or_above: above } = b;
	if (below.weeks === 0) {
		const missed = b.weeks.filter((w) => w.on_time_share !== null && w.on_time_share < target).length;
		return (
			`Every week had at least the recommended number of technicians; on-time was ${pct(above.on_time_share)} ` +
			`(${missed} of ${above.weeks} weeks under the ${pct(target)} target), so the data cannot show what fewer would have done.`
		);
	}
	if (above.weeks === 0) {
		return `Every week had fewer technicians than recommended; on-time was ${pct(below.on_time_share)}, and no week had enough to compare with.`;
	}
	const diff = below.on_time_share !== null && above.on_time_share !== null ? below.on_time_share - above.on_time_share : null;
	const lower = diff !== null && diff < 0;
	return (
		`${below.weeks} week(s) below the recommendation were on time ${pct(below.on_time_share)} against ` +
		`${pct(above.on_time_share)} for the ${above.weeks} at or above it: ` +
		(lower
			? 'weeks short of the plan did worse, as the plan expects.'
			: 'weeks short of the plan did not do worse; the data does not bear the plan out.')
	);
}

/** Backtests the plan over the `weeks`-week stretch (default 13) with the most jobs among the last 52 complete weeks. */
export async function planBacktest(db: Db, settings: StaffingSettingsInput, opts: PlanOptions = {}): Promise<PlanBacktest | null> {
	const span = opts.weeks ?? 13;
	const end = await dataEnd(db);
	if (end === null) return null;
	const scope = { region: opts.region ?? null, team: opts.team ?? null };
	const history = await weeklyJobs(db, scope);
	if (history.length === 0) return null;
	const lastComplete = weekday(end) === 6 ? mondayOf(end) : addDays(mondayOf(end), -7);
	const firstCandidate = addDays(lastComplete, -7 * 51);
	const weekly = new Map<string, number>();
	for (const w of history) {
		if (w.week >= firstCandidate && w.week <= lastComplete) weekly.set(w.week, (weekly.get(w.week) ?? 0) + w.jobs);
	}
	let best: { start: string; jobs: number } | null = null;
	for (let i = 0; i + span <= 52; i++) {
		const startWeek = addDays(firstCandidate, 7 * i);
		let jobs = 0;
		for (let k = 0; k < span; k++) jobs += weekly.get(addDays(startWeek, 7 * k)) ?? 0;
		if (!best || jobs > best.jobs) best = { start: startWeek, jobs };
	}
	if (!best) return null;
	// the plan as made the week before the stretch, from the history read above
	const plan = (await staffingPlans(db, settings, { ...opts, from: best.start, weeks: span }, null, { end, weeks: history })).get(null);
	if (!plan) return null;
	const actual = await weekActuals(db, { scope, from: best.start, to: addDays(best.start, 7 * span) }, settings.promised_response);
	const byWeek = new Map(actual.map((a) => [a.week_start, a]));
	const weeks: BacktestWeek[] = plan.weeks.map((p) => {
		const a = byWeek.get(p.week_start) ?? { jobs: 0, technicians: 0, arrived: 0, on_time: 0 };
		return {
			week: isoWeek(p.week_start),
			week_start: p.week_start,
			recommended: p.technicians_needed,
			jobs_planned: p.jobs_planned,
			expected_on_time: p.expected_on_time,
			jobs: a.jobs,
			technicians: a.technicians,
			arrived: a.arrived,
			on_time: a.on_time,
			on_time_share: a.arrived > 0 ? a.on_time / a.arrived : null,
			below: a.technicians < p.technicians_needed
		};
	});
	const withShare = weeks.filter((w) => w.on_time_share !== null);
	const result = {
		from: best.start,
		weeks,
		below: group(weeks.filter((w) => w.below)),
		at_or_above: group(weeks.filter((w) => !w.below)),
		correlation: pearson(
			withShare.map((w) => w.technicians - w.recommended),
			withShare.map((w) => w.on_time_share as number)
		)
	};
	const within = weeks.filter((w) => w.jobs <= w.jobs_planned).length;
	const q = plan.settings.quantile;
	return {
		...result,
		finding: describeBacktest(result, plan.settings.on_time_target),
		demand_within_plan: within,
		demand_finding:
			`Actual jobs were at or below the planned P${Math.round(q * 100)} in ${within} of ${weeks.length} weeks ` +
			`(the quantile expects about ${(q * weeks.length).toFixed(1)}).`
	};
}
