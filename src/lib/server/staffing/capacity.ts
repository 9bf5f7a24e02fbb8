// Technicians needed for a week's demand to keep the response promise (docs/METRICS.md § Staffing).
// Pure functions. The queue runs in working time: a technician works `technicianHoursPerWeek` of the week's
// 168 hours, so a promise of t calendar hours allows t × technicianHoursPerWeek / 168 working hours of wait.
import { erlangB } from './erlang';

export interface CapacityInputs {
	/** mean work hours per job (travel and on site), over the week's job mix */
	hoursPerJob: number;
	/** working hours one technician gives a week: hours per day × working days × (1 + overtime) */
	technicianHoursPerWeek: number;
	/** share of the week's jobs on Monday … Sunday (sums to 1) */
	dayShares: number[];
	/** promised response bands: share of jobs, promised calendar hours */
	bands: { share: number; hours: number }[];
	/** on-time share to reach (settings.targets.on_time_rate) */
	onTimeTarget: number;
	/** highest mean utilisation a plan may have (1 = none) */
	maxUtilisation: number;
}

const HOURS_PER_WEEK = 168;

/** Offered load (erlangs, i.e. technicians kept busy on average) of a week's jobs. */
export function offeredLoad(jobs: number, c: CapacityInputs): number {
	return (jobs * c.hoursPerJob) / c.technicianHoursPerWeek;
}

/**
 * Erlang B of one offered load for a growing number of servers: B(n) continues the recursion from the last n asked
 * (erlang.ts erlangB runs it from 0 each time), so the search for the smallest head-count costs one pass, not one
 * per head-count tried; the same operations in the same order, so the same numbers.
 */
class ErlangBRun {
	private k = 0;
	private b = 1;
	constructor(private readonly a: number) {}
	at(n: number): number {
		if (n < this.k || this.k === 0) {
			// from the start (erlangB checks its arguments)
			this.b = erlangB(n, this.a);
			this.k = n;
			return this.b;
		}
		for (let k = this.k + 1; k <= n; k++) this.b = (this.a * this.b) / (k + this.a * this.b);
		this.k = n;
		return this.b;
	}
}

/** Each weekday's Erlang B run for the week's jobs (what expectedOnTime reads). */
const dayRuns = (jobs: number, c: CapacityInputs) => c.dayShares.map((share) => new ErlangBRun(offeredLoad(jobs, c) * 7 * share));

/**
 * Expected share of the week's jobs reached within their promised hours with n technicians:
 * each weekday's load is the week's load × 7 × that day's share; per day and per band,
 * P(wait ≤ t) = 1 − C(n, A_day)·e^{−(n − A_day)·t/h} (0 for a day with A_day ≥ n); weighted by jobs.
 * (erlang.ts onTimeShare and erlangC, with B(n, A_day) from the day's run.)
 */
export function expectedOnTime(n: number, jobs: number, c: CapacityInputs, runs: ErlangBRun[] = dayRuns(jobs, c)): number {
	if (jobs <= 0) return 1;
	const a = offeredLoad(jobs, c);
	let total = 0;
	c.dayShares.forEach((share, d) => {
		const aDay = a * 7 * share;
		for (const b of c.bands) {
			const tOverH = (b.hours * c.technicianHoursPerWeek) / HOURS_PER_WEEK / c.hoursPerJob;
			let onTime: number;
			if (aDay === 0) onTime = 1;
			else if (aDay >= n) onTime = 0;
			else {
				const erlangB = runs[d].at(n);
				onTime = 1 - ((n * erlangB) / (n - aDay * (1 - erlangB))) * Math.exp(-(n - aDay) * tOverH);
			}
			total += share * b.share * onTime;
		}
	});
	return total;
}

export interface Need {
	technicians: number;
	/** the smallest head-count that meets the on-time target alone */
	technicians_for_on_time: number;
	expected_on_time: number;
	utilisation: number;
	/** which condition set the number: the on-time target or the utilisation ceiling */
	binding: 'on_time' | 'utilisation' | 'none';
}

/** The smallest n whose expected on-time share meets the target and whose utilisation is at most the ceiling. */
export function techniciansNeeded(jobs: number, c: CapacityInputs): Need {
	if (!(jobs > 0)) return { technicians: 0, technicians_for_on_time: 0, expected_on_time: 1, utilisation: 0, binding: 'none' };
	const a = offeredLoad(jobs, c);
	const busiest = a * 7 * Math.max(...c.dayShares);
	let onTimeN = Math.max(1, Math.floor(busiest) + 1);
	// n only grows from here: each day's Erlang B continues from the last n
	const runs = dayRuns(jobs, c);
	while (expectedOnTime(onTimeN, jobs, c, runs) < c.onTimeTarget) {
		onTimeN++;
		if (onTimeN > 1e6) throw new Error('no head-count up to a million meets the on-time target');
	}
	const utilN = Math.max(1, Math.ceil(a / c.maxUtilisation - 1e-9));
	const n = Math.max(onTimeN, utilN);
	return {
		technicians: n,
		technicians_for_on_time: onTimeN,
		expected_on_time: expectedOnTime(n, jobs, c, runs),
		utilisation: a / n,
		binding: onTimeN >= utilN ? 'on_time' : 'utilisation'
	};
}
