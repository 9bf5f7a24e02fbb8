// The staffing plan (docs/METRICS.md § Staffing): demand per week with P50/P80/P95, the technicians that keep the
// response promise at the chosen quantile, and the roster beside them. The CLI (npm run plan), the seasonal page
// and the review's staffing outlook all call staffingPlan, so they agree.
import { techniciansNeeded, expectedOnTime, offeredLoad, type CapacityInputs } from './capacity';
import { demandModel, demandQuantile, growthAt, pointForecast, SEASON_WEEKS, type DemandModel } from './demand';
import {
	dailyJobs,
	dataEnd,
	JOB_TYPES,
	outsourcedJobShare,
	promiseBands,
	roster,
	type Db,
	type JobType,
	type PromiseSettings,
	type Scope
} from './queries';
import { rosterByWeek } from './roster';
import { addDays, firstMondayOfMonth, isoWeek, mondayOf, weekday, weeksBetween } from './weeks';

/** The settings the plan reads; new keys fall back to STAFFING_DEFAULTS. */
export interface StaffingSettingsInput {
	staffing: {
		jobs_per_technician_per_day: number;
		working_days_per_week: number;
		hours_per_day?: number;
		hours_per_job?: Partial<Record<JobType, number>>;
		max_utilisation?: number;
		demand_quantile?: number;
	};
	promised_response: PromiseSettings;
	targets: { on_time_rate: { min: number } | { max: number } };
}

export const STAFFING_DEFAULTS = {
	hours_per_day: 8,
	hours_per_job: { install: 2.5, repair: 1.75, maintenance: 1.25 } as Record<JobType, number>,
	max_utilisation: 0.85,
	demand_quantile: 0.8
};

/** What-if inputs; each overrides its setting. */
export interface PlanOptions extends Scope {
	/** first planned week: 'YYYY-MM' (its first Monday) or a Monday 'YYYY-MM-DD'; default the week after the last complete one */
	from?: string | null;
	weeks?: number;
	quantile?: number;
	/** when given, every job takes hours_per_day ÷ this, whatever its type */
	jobsPerTechnicianPerDay?: number;
	hoursPerDay?: number;
	workingDays?: number;
	/** extra working time as a share of the normal week, e.g. 0.1 */
	overtime?: number;
	/** share of the needed technicians that come from outsourced partners; default their share of last year's jobs */
	outsourcedShare?: number;
}

export interface PlanWeek {
	week: string;
	week_start: string;
	jobs_p50: number;
	jobs_p80: number;
	jobs_p95: number;
	/** jobs at the chosen quantile, and by type */
	jobs_planned: number;
	jobs_by_type: Record<JobType, number>;
	work_hours: number;
	offered_load: number;
	technicians_needed: number;
	/** the head-count the on-time target alone asks for (the utilisation ceiling may ask for more) */
	technicians_for_on_time: number;
	binding: 'on_time' | 'utilisation' | 'none';
	expected_on_time: number;
	utilisation: number;
	roster_active: number;
	roster_internal: number;
	roster_outsourced: number;
	needed_internal: number;
	needed_outsourced: number;
	/** roster − needed: negative = short */
	gap: number;
	gap_internal: number;
	gap_outsourced: number;
	/** expected on-time share if the week ran with the roster as it is */
	expected_on_time_roster: number;
	at_risk: boolean;
}

export interface StaffingPlan {
	settings: {
		region: string | null;
		team: string | null;
		quantile: number;
		on_time_target: number;
		max_utilisation: number;
		hours_per_day: number;
		working_days_per_week: number;
		overtime: number;
		technician_hours_per_week: number;
		hours_per_job: Record<JobType, number>;
		jobs_per_technician_per_day: number | null;
		outsourced_share: number;
		promise_bands: { hours: number; share: number }[];
		day_shares: number[];
	};
	forecast: {
		method: string;
		data_end: string;
		/** the last week the forecast uses (Monday) */
		origin_week: string;
		history_weeks: number;
		growth: number;
		backtest: DemandModel['backtest'];
	};
	weeks: PlanWeek[];
}

function onTimeTarget(t: StaffingSettingsInput['targets']['on_time_rate']): number {
	return 'min' in t ? t.min : 1 - t.max;
}

function checkShare(name: string, v: number | undefined, lo: number, hi: number): void {
	if (v !== undefined && !(v >= lo && v <= hi)) throw new Error(`${name} must be between ${lo} and ${hi}, got ${v}`);
}

/** The plan for `weeks` weeks from `from`, or null when the scope has under 52 weeks of history before it. */
export async function staffingPlan(db: Db, settings: StaffingSettingsInput, opts: PlanOptions = {}): Promise<StaffingPlan | null> {
	const s = settings.staffing;
	const quantile = opts.quantile ?? s.demand_quantile ?? STAFFING_DEFAULTS.demand_quantile;
	checkShare('quantile', quantile, 0.01, 0.99);
	checkShare('overtime', opts.overtime, 0, 2);
	checkShare('outsourced share', opts.outsourcedShare, 0, 1);
	const hoursPerDay = opts.hoursPerDay ?? s.hours_per_day ?? STAFFING_DEFAULTS.hours_per_day;
	const workingDays = opts.workingDays ?? s.working_days_per_week;
	if (!(hoursPerDay > 0 && hoursPerDay <= 24)) throw new Error(`hours per day must be in (0, 24], got ${hoursPerDay}`);
	if (!(workingDays > 0 && workingDays <= 7)) throw new Error(`working days must be in (0, 7], got ${workingDays}`);
	if (opts.jobsPerTechnicianPerDay !== undefined && !(opts.jobsPerTechnicianPerDay > 0)) {
		throw new Error(`jobs per technician per day must be positive, got ${opts.jobsPerTechnicianPerDay}`);
	}
	const weeks = opts.weeks ?? 13;
	if (!Number.isInteger(weeks) || weeks < 1 || weeks > 104) throw new Error(`weeks must be an integer from 1 to 104, got ${weeks}`);
	const overtime = opts.overtime ?? 0;
	const hoursPerJob = { ...STAFFING_DEFAULTS.hours_per_job, ...(s.hours_per_job ?? {}) };
	const maxUtilisation = s.max_utilisation ?? STAFFING_DEFAULTS.max_utilisation;
	if (!(maxUtilisation > 0 && maxUtilisation <= 1)) throw new Error(`staffing.max_utilisation must be in (0, 1], got ${maxUtilisation}`);
	for (const t of JOB_TYPES) {
		if (!(hoursPerJob[t] > 0)) throw new Error(`staffing.hours_per_job.${t} must be above 0, got ${hoursPerJob[t]}`);
	}
	const scope: Scope = { region: opts.region ?? null, team: opts.team ?? null };

	const end = await dataEnd(db);
	if (end === null) return null;
	const days = await dailyJobs(db, scope);
	if (days.length === 0) return null;

	// weekly series, index 0 = the first whole week with data (a partial first week would read as a dip)
	const first = weekday(days[0].day) === 0 ? days[0].day : addDays(mondayOf(days[0].day), 7);
	const lastComplete = weekday(end) === 6 ? mondayOf(end) : addDays(mondayOf(end), -7);
	let start: string;
	if (!opts.from) start = addDays(lastComplete, 7);
	else if (/^\d{4}-\d{2}$/.test(opts.from)) start = firstMondayOfMonth(opts.from);
	else if (/^\d{4}-\d{2}-\d{2}$/.test(opts.from) && weekday(opts.from) === 0) start = opts.from;
	else throw new Error(`from must be YYYY-MM or a Monday YYYY-MM-DD, got "${opts.from}"`);
	const origin = Math.min(weeksBetween(first, lastComplete), weeksBetween(first, start) - 1);
	if (origin + 1 < SEASON_WEEKS) return null;

	const total = new Array<number>(origin + 1).fill(0);
	const byType = Object.fromEntries(JOB_TYPES.map((t) => [t, new Array<number>(origin + 1).fill(0)])) as Record<JobType, number[]>;
	const dow = new Array<number>(7).fill(0);
	const windowFrom = addDays(first, 7 * (origin - SEASON_WEEKS + 1));
	const windowTo = addDays(first, 7 * (origin + 1));
	for (const d of days) {
		const i = weeksBetween(first, mondayOf(d.day));
		if (i < 0 || i > origin) continue;
		total[i] += d.jobs;
		byType[d.type][i] += d.jobs;
		if (d.day >= windowFrom) dow[weekday(d.day)] += d.jobs;
	}
	const dowTotal = dow.reduce((a, b) => a + b, 0);
	const dayShares = dowTotal > 0 ? dow.map((n) => n / dowTotal) : new Array<number>(7).fill(1 / 7);

	const bandRows = await promiseBands(db, scope, settings.promised_response, windowFrom, windowTo);
	const bandTotal = bandRows.reduce((a, b) => a + b.jobs, 0);
	const bands =
		bandTotal > 0
			? bandRows.map((b) => ({ hours: b.hours, share: b.jobs / bandTotal }))
			: [{ hours: settings.promised_response.unknown_distance_hours, share: 1 }];
	const outsourcedShare = opts.outsourcedShare ?? (await outsourcedJobShare(db, scope, windowFrom, windowTo)) ?? 0;

	const model = demandModel(total, origin);
	const offset = weeksBetween(first, start) - origin; // horizon of the first planned week
	const horizon = offset + weeks - 1;
	const point = pointForecast(total, origin, horizon);
	const typePoint = Object.fromEntries(JOB_TYPES.map((t) => [t, pointForecast(byType[t], origin, horizon)])) as Record<JobType, number[]>;

	const technicianHoursPerWeek = hoursPerDay * workingDays * (1 + overtime);
	const target = onTimeTarget(settings.targets.on_time_rate);
	const mondays = Array.from({ length: weeks }, (_, j) => addDays(start, 7 * j));
	const rosterWeeks = rosterByWeek(await roster(db, scope), mondays);

	const planWeeks = mondays.map((monday, j): PlanWeek => {
		const h = offset + j - 1;
		const p = point[h];
		const [p50, p80, p95, planned] = [0.5, 0.8, 0.95, quantile].map((q) => demandQuantile(model, p, q));
		const typeSum = JOB_TYPES.reduce((a, t) => a + typePoint[t][h], 0);
		const mix = Object.fromEntries(JOB_TYPES.map((t) => [t, typeSum > 0 ? typePoint[t][h] / typeSum : 1 / JOB_TYPES.length])) as Record<
			JobType,
			number
		>;
		const meanHours =
			opts.jobsPerTechnicianPerDay !== undefined
				? hoursPerDay / opts.jobsPerTechnicianPerDay
				: JOB_TYPES.reduce((a, t) => a + mix[t] * hoursPerJob[t], 0);
		const c: CapacityInputs = { hoursPerJob: meanHours, technicianHoursPerWeek, dayShares, bands, onTimeTarget: target, maxUtilisation };
		const need = techniciansNeeded(planned, c);
		const r = rosterWeeks[j];
		const neededInternal = Math.ceil(need.technicians * (1 - outsourcedShare) - 1e-9);
		const neededOutsourced = need.technicians - neededInternal;
		return {
			week: isoWeek(monday),
			week_start: monday,
			jobs_p50: p50,
			jobs_p80: p80,
			jobs_p95: p95,
			jobs_planned: planned,
			jobs_by_type: Object.fromEntries(JOB_TYPES.map((t) => [t, planned * mix[t]])) as Record<JobType, number>,
			work_hours: planned * meanHours,
			offered_load: offeredLoad(planned, c),
			technicians_needed: need.technicians,
			technicians_for_on_time: need.technicians_for_on_time,
			binding: need.binding,
			expected_on_time: need.expected_on_time,
			utilisation: need.utilisation,
			roster_active: r.active,
			roster_internal: r.internal,
			roster_outsourced: r.outsourced,
			needed_internal: neededInternal,
			needed_outsourced: neededOutsourced,
			gap: r.active - need.technicians,
			gap_internal: r.internal - neededInternal,
			gap_outsourced: r.outsourced - neededOutsourced,
			expected_on_time_roster: expectedOnTime(r.active, planned, c),
			at_risk: r.active < need.technicians
		};
	});

	return {
		settings: {
			region: scope.region ?? null,
			team: scope.team ?? null,
			quantile,
			on_time_target: target,
			max_utilisation: maxUtilisation,
			hours_per_day: hoursPerDay,
			working_days_per_week: workingDays,
			overtime,
			technician_hours_per_week: technicianHoursPerWeek,
			hours_per_job: hoursPerJob,
			jobs_per_technician_per_day: opts.jobsPerTechnicianPerDay ?? null,
			outsourced_share: outsourcedShare,
			promise_bands: bands,
			day_shares: dayShares
		},
		forecast: {
			method: 'seasonal naive with growth on weeks; quantiles from rolling-origin forecast errors (FPP3 §5.2, §5.5, §5.10)',
			data_end: end,
			origin_week: addDays(first, 7 * origin),
			history_weeks: origin + 1,
			growth: growthAt(total, origin),
			backtest: model.backtest
		},
		weeks: planWeeks
	};
}

/**
 * The review's staffing outlook: the 13 weeks (about three months) from the first Monday of the month after
 * `month` ('YYYY-MM'), planned from the history before them.
 */
export async function staffingOutlook(
	db: Db,
	settings: StaffingSettingsInput,
	month: string,
	opts: PlanOptions = {}
): Promise<StaffingPlan | null> {
	const m = /^(\d{4})-(\d{2})$/.exec(month);
	if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Error(`month must be YYYY-MM, got "${month}"`);
	const next = Number(m[2]) === 12 ? `${Number(m[1]) + 1}-01` : `${m[1]}-${String(Number(m[2]) + 1).padStart(2, '0')}`;
	return staffingPlan(db, settings, { ...opts, from: next, weeks: 13 });
}
