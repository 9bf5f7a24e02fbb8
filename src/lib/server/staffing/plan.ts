// The staffing plan (docs/METRICS.md § Staffing): demand per week with P50/P80/P95, the technicians that keep the
// response promise at the chosen quantile, and the roster beside them. The CLI (npm run plan), the seasonal page
// and the review's staffing outlook all call staffingPlan, so they agree.
import { techniciansNeeded, expectedOnTime, offeredLoad, type CapacityInputs } from './capacity';
import { demandModel, demandQuantile, growthAt, pointForecast, SEASON_WEEKS, type DemandModel } from './demand';
import {
	dataEnd,
	JOB_TYPES,
	outsourcedJobs,
	promiseBands,
	roster,
	type Db,
	type GroupDim,
	type JobType,
	type PromiseSettings,
	type Scope,
	type WeekJobs,
	weekdayJobs,
	weeklyJobs
} from './queries';
import { rosterByWeek, type RosterMember } from './roster';
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

/** The options and settings the plan runs with, checked. */
interface Resolved {
	quantile: number;
	hoursPerDay: number;
	workingDays: number;
	weeks: number;
	overtime: number;
	hoursPerJob: Record<JobType, number>;
	maxUtilisation: number;
}

function resolve(settings: StaffingSettingsInput, opts: PlanOptions): Resolved {
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
	const hoursPerJob = { ...STAFFING_DEFAULTS.hours_per_job, ...(s.hours_per_job ?? {}) };
	const maxUtilisation = s.max_utilisation ?? STAFFING_DEFAULTS.max_utilisation;
	if (!(maxUtilisation > 0 && maxUtilisation <= 1)) throw new Error(`staffing.max_utilisation must be in (0, 1], got ${maxUtilisation}`);
	for (const t of JOB_TYPES) {
		if (!(hoursPerJob[t] > 0)) throw new Error(`staffing.hours_per_job.${t} must be above 0, got ${hoursPerJob[t]}`);
	}
	return { quantile, hoursPerDay, workingDays, weeks, overtime: opts.overtime ?? 0, hoursPerJob, maxUtilisation };
}

/**
 * The first planned week and the year the plan learns from: its last week (`anchor`) is the last complete week
 * before the plan, and the promise bands, the weekday shares and the outsourced share read the 52 weeks up to it.
 * The same for every scope, so grouped inputs share one window.
 */
function planDates(
	end: string,
	from: string | null | undefined
): { start: string; lastComplete: string; windowFrom: string; windowTo: string } {
	const lastComplete = weekday(end) === 6 ? mondayOf(end) : addDays(mondayOf(end), -7);
	let start: string;
	if (!from) start = addDays(lastComplete, 7);
	else if (/^\d{4}-\d{2}$/.test(from)) start = firstMondayOfMonth(from);
	else if (/^\d{4}-\d{2}-\d{2}$/.test(from) && weekday(from) === 0) start = from;
	else throw new Error(`from must be YYYY-MM or a Monday YYYY-MM-DD, got "${from}"`);
	const anchor = lastComplete < addDays(start, -7) ? lastComplete : addDays(start, -7);
	return { start, lastComplete, windowFrom: addDays(anchor, -7 * (SEASON_WEEKS - 1)), windowTo: addDays(anchor, 7) };
}

/** A scope's weekly job series up to the plan, or null when it has under 52 weeks of history before it. */
function weeklyHistory(weeks: WeekJobs[], dates: ReturnType<typeof planDates>) {
	// index 0 = the first whole week with data (a partial first week would read as a dip)
	const firstDay = weeks.reduce((a, w) => (w.first_day < a ? w.first_day : a), weeks[0].first_day);
	const first = weekday(firstDay) === 0 ? firstDay : addDays(mondayOf(firstDay), 7);
	const origin = Math.min(weeksBetween(first, dates.lastComplete), weeksBetween(first, dates.start) - 1);
	if (origin + 1 < SEASON_WEEKS) return null;
	const total = new Array<number>(origin + 1).fill(0);
	const byType = Object.fromEntries(JOB_TYPES.map((t) => [t, new Array<number>(origin + 1).fill(0)])) as Record<JobType, number[]>;
	for (const w of weeks) {
		const i = weeksBetween(first, w.week);
		if (i < 0 || i > origin) continue;
		total[i] += w.jobs;
		byType[w.type][i] += w.jobs;
	}
	return { first, origin, total, byType };
}

/** Each weekday's share of the jobs of the plan's year (a seventh each without jobs). */
function weekdayShares(rows: { dow: number; jobs: number }[]): number[] {
	const dow = new Array<number>(7).fill(0);
	for (const r of rows) dow[r.dow] += r.jobs;
	const total = dow.reduce((a, b) => a + b, 0);
	return total > 0 ? dow.map((n) => n / total) : new Array<number>(7).fill(1 / 7);
}

/** Rows of a grouped input by their group, in their order. */
function byGroup<T extends { v: string | null }>(rows: T[]): Map<string | null, T[]> {
	const out = new Map<string | null, T[]>();
	for (const r of rows) {
		const list = out.get(r.v);
		if (list) list.push(r);
		else out.set(r.v, [r]);
	}
	return out;
}

/** What the plan knows already (the backtest has read them): the data's end and the scope's weekly jobs. */
export interface KnownHistory {
	end: string;
	weeks: WeekJobs[];
}

/**
 * The plan of each scope: the one of `opts` (key null), or, with `by`, each region's or team's own (opts' region
 * and team ignored), in the order of their values; a scope without a year of history before the plan maps to
 * nothing. Every input is read once, grouped by `by`, whatever the number of scopes.
 */
export async function staffingPlans(
	db: Db,
	settings: StaffingSettingsInput,
	opts: PlanOptions,
	by: GroupDim | null,
	known?: KnownHistory
): Promise<Map<string | null, StaffingPlan>> {
	const r = resolve(settings, opts);
	const scope: Scope = by ? {} : { region: opts.region ?? null, team: opts.team ?? null };
	const plans = new Map<string | null, StaffingPlan>();
	// the data's end and the weekly history side by side (the review runs the plan beside its other sections)
	const [end, weeks] = known
		? [known.end, null]
		: await sideBySide(db, [(c: Db) => dataEnd(c), (c: Db) => weeklyJobs(c, scope, by)] as const);
	if (end === null) return plans;
	const history = known ? new Map([[null, known.weeks]]) : byGroup(weeks!);
	if (history.size === 0) return plans;
	const dates = planDates(end, opts.from);
	const histories = new Map<string | null, NonNullable<ReturnType<typeof weeklyHistory>>>();
	for (const [v, ws] of history) {
		const h = ws.length ? weeklyHistory(ws, dates) : null;
		if (h) histories.set(v, h);
	}
	if (histories.size === 0) return plans;

	const year = { scope, from: dates.windowFrom, to: dates.windowTo, by };
	// the year's inputs and the roster side by side
	const [bandRows, outsourcedRows, weekdayRows, members] = await sideBySide(db, [
		(c: Db) => promiseBands(c, year, settings.promised_response),
		(c: Db) => (opts.outsourcedShare === undefined ? outsourcedJobs(c, year) : Promise.resolve(null)),
		(c: Db) => weekdayJobs(c, year),
		(c: Db) => roster(c, scope)
	] as const);
	const bands = byGroup(bandRows);
	const outsourced = outsourcedRows ? byGroup(outsourcedRows) : null;
	const weekdays = byGroup(weekdayRows);
	for (const [v, h] of histories) {
		const o = outsourced?.get(v)?.[0];
		const share = opts.outsourcedShare ?? (o && o.typed > 0 ? o.outsourced / o.typed : 0);
		const team = by ? members.filter((m) => m[by] === v) : members;
		const s: Scope = by ? { region: null, team: null, [by]: v } : scope;
		const shares = weekdayShares(weekdays.get(v) ?? []);
		plans.set(v, planOf(r, settings, opts, s, end, dates, { ...h, dayShares: shares }, bands.get(v) ?? [], share, team));
	}
	return plans;
}

/**
 * The works side by side, each on a connection of its own, when `db` can make one (Warehouse.aside); else one
 * after the other on `db` (a connection runs one statement at a time).
 */
async function sideBySide<T extends readonly unknown[]>(db: Db, works: { readonly [K in keyof T]: (c: Db) => Promise<T[K]> }): Promise<T> {
	const aside = (db as { aside?: <R>(work: (c: Db) => Promise<R>) => Promise<R> }).aside;
	if (typeof aside === 'function') return (await Promise.all(works.map((w) => aside.call(db, w)))) as unknown as T;
	const out: unknown[] = [];
	for (const w of works) out.push(await w(db));
	return out as unknown as T;
}

/** The plan for `weeks` weeks from `from`, or null when the scope has under 52 weeks of history before it. */
export async function staffingPlan(db: Db, settings: StaffingSettingsInput, opts: PlanOptions = {}): Promise<StaffingPlan | null> {
	return (await staffingPlans(db, settings, opts, null)).get(null) ?? null;
}

/** One scope's plan from its inputs. Pure. */
function planOf(
	cfg: Resolved,
	settings: StaffingSettingsInput,
	opts: PlanOptions,
	scope: Scope,
	end: string,
	dates: ReturnType<typeof planDates>,
	hist: NonNullable<ReturnType<typeof weeklyHistory>> & { dayShares: number[] },
	bandRows: { hours: number; jobs: number }[],
	outsourcedShare: number,
	members: RosterMember[]
): StaffingPlan {
	const { quantile, hoursPerDay, workingDays, weeks, overtime, hoursPerJob, maxUtilisation } = cfg;
	const { first, origin, total, byType, dayShares } = hist;
	const { start } = dates;
	const bandTotal = bandRows.reduce((a, b) => a + b.jobs, 0);
	const bands =
		bandTotal > 0
			? bandRows.map((b) => ({ hours: b.hours, share: b.jobs / bandTotal }))
			: [{ hours: settings.promised_response.unknown_distance_hours, share: 1 }];

	const model = demandModel(total, origin);
	const offset = weeksBetween(first, start) - origin; // horizon of the first planned week
	const horizon = offset + weeks - 1;
	const point = pointForecast(total, origin, horizon);
	const typePoint = Object.fromEntries(JOB_TYPES.map((t) => [t, pointForecast(byType[t], origin, horizon)])) as Record<JobType, number[]>;

	const technicianHoursPerWeek = hoursPerDay * workingDays * (1 + overtime);
	const target = onTimeTarget(settings.targets.on_time_rate);
	const mondays = Array.from({ length: weeks }, (_, j) => addDays(start, 7 * j));
	const rosterWeeks = rosterByWeek(members, mondays);

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
