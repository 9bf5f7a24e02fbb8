/**
 * Seasonal forecast of monthly job counts, its prediction intervals, its error
 * on held-back data, and the weekly staffing it implies.
 *
 * Method: seasonal naive with a year-over-year growth factor, built from the
 * simple benchmark methods of R. J. Hyndman & G. Athanasopoulos, "Forecasting:
 * Principles and Practice", 3rd ed. (FPP3), §5.2 (seasonal naive method; drift).
 * The seasonal naive forecast repeats the last observed season,
 *   ŷ(T+h) = y(T+h−m(k+1))  with m = 12, k = ⌊(h−1)/m⌋,
 * and, in the spirit of the drift method (which extrapolates the average change
 * seen in the data), the level is scaled by the last year-over-year change:
 *   ŷ(T+h) = y(T+h−m(k+1)) × g,  g = Σ last 12 months ÷ Σ the 12 before them.
 * The same g applies to every horizon (it is not compounded beyond 12 months).
 *
 * Prediction intervals (FPP3 §5.5, "Benchmark methods"): normal intervals from
 * the residuals of the fitted model, e(t) = y(t) − g·y(t−12) for every month
 * with a month a year before it,
 *   σ̂ = √(Σ e(t)² ÷ (T − K − M)),  M = 12 months without a residual,
 *   K = 1 when g was estimated (0 when g = 1 by rule),
 *   σ̂(h) = σ̂·√(k+1) (the seasonal naive multi-step rule, k = ⌊(h−1)/12⌋),
 *   ŷ ± 1.2816·σ̂(h) (80 %), ŷ ± 1.9600·σ̂(h) (95 %), the lower end cut at 0
 * (job counts are not negative). Parameter uncertainty in g is ignored, as FPP3's
 * benchmark intervals ignore it; with no residual degree of freedom there is no
 * interval (null).
 *
 * Error on held-back data (FPP3 §5.8 and §5.10): with three years or more, the
 * last season is held back — the model is refitted without the last 12 months
 * and forecasts them; with less, rolling-origin evaluation (time-series cross-
 * validation): every origin from month 12 on is refitted on the months before
 * it and forecasts up to 12 months ahead, within the data. Errors are the mean
 * absolute error and the mean absolute percentage error over all forecasts
 * made, with the share of actuals inside the 80 % and 95 % intervals.
 * Pure functions; dates are handled in UTC only.
 */
import type { ForecastEvaluation, ForecastMonth, MonthValue, SeasonalForecast } from '../../api/rows';
import { monthFromIndex, monthIndex } from '../../months';

// The row types are the API contract's (src/lib/api/rows.ts): what the page draws is what this computes.
export type MonthlyPoint = MonthValue;
export type ForecastPoint = ForecastMonth;
export type Evaluation = ForecastEvaluation;

export interface Forecast extends SeasonalForecast {
	/** σ̂ of the one-season-ahead residuals (null without a residual degree of freedom) */
	residual_sd: number | null;
	/** how the intervals were built */
	interval_method: string;
}

const SEASON = 12;
/** Standard normal quantiles for two-sided 80 % and 95 % intervals. */
const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;

export const FORECAST_REFERENCE =
	'Seasonal naive with year-over-year growth (Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., §5.2); ' +
	'80 % and 95 % intervals from the residual standard deviation (§5.5); error on held-back data (§5.8, rolling origin §5.10).';
const INTERVAL_METHOD = 'normal, σ̂ from residuals y(t) − g·y(t−12), σ̂(h) = σ̂·√(⌊(h−1)/12⌋+1), lower end cut at 0';

/** Index the points by month, rejecting bad months, duplicates and non-finite values. */
function byMonth(series: MonthlyPoint[]): Map<number, number> {
	const map = new Map<number, number>();
	for (const { month, value } of series) {
		const i = monthIndex(month);
		if (!Number.isFinite(value)) throw new Error(`Non-finite value for month ${month}`);
		if (map.has(i)) throw new Error(`Duplicate month ${month} in series`);
		map.set(i, value);
	}
	return map;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Forecast a gap-free series whose first month has index `start`, with intervals. */
function fit(values: number[], start: number, horizon: number) {
	const n = values.length;
	const last = values.slice(n - SEASON);
	let growth = 1;
	let method = 'seasonal-naive';
	if (n >= 2 * SEASON) {
		const previous = sum(values.slice(n - 2 * SEASON, n - SEASON));
		// A previous year with no jobs gives no usable ratio: fall back to g = 1.
		if (previous > 0) {
			growth = sum(last) / previous;
			method = 'seasonal-naive-with-growth';
		}
	}
	// residuals of the fitted model for every month with a month a year before it
	const residuals = values.slice(SEASON).map((y, i) => y - growth * values[i]);
	const df = residuals.length - (method === 'seasonal-naive-with-growth' ? 1 : 0);
	const sd = df > 0 ? Math.sqrt(sum(residuals.map((e) => e * e)) / df) : null;
	const points: ForecastPoint[] = [];
	for (let h = 1; h <= horizon; h++) {
		const value = last[(h - 1) % SEASON] * growth;
		const sh = sd === null ? null : sd * Math.sqrt(Math.floor((h - 1) / SEASON) + 1);
		points.push({
			month: monthFromIndex(start + n - 1 + h),
			value,
			lo80: sh === null ? null : Math.max(0, value - Z80 * sh),
			hi80: sh === null ? null : value + Z80 * sh,
			lo95: sh === null ? null : Math.max(0, value - Z95 * sh),
			hi95: sh === null ? null : value + Z95 * sh
		});
	}
	return { method, growth, points, sd };
}

/** Accumulates forecast errors against actuals. */
function scorer() {
	const abs: number[] = [];
	const pct: number[] = [];
	let with80 = 0;
	let in80 = 0;
	let in95 = 0;
	return {
		add(actual: number, p: ForecastPoint) {
			abs.push(Math.abs(actual - p.value));
			if (actual > 0) pct.push(Math.abs(actual - p.value) / actual);
			if (p.lo80 !== null && p.hi80 !== null && p.lo95 !== null && p.hi95 !== null) {
				with80++;
				if (actual >= p.lo80 && actual <= p.hi80) in80++;
				if (actual >= p.lo95 && actual <= p.hi95) in95++;
			}
		},
		result(method: Evaluation['method'], origins: number): Evaluation {
			return {
				method,
				forecasts: abs.length,
				origins,
				mae: abs.length ? sum(abs) / abs.length : null,
				mape: pct.length ? sum(pct) / pct.length : null,
				coverage80: with80 ? in80 / with80 : null,
				coverage95: with80 ? in95 / with80 : null
			};
		}
	};
}

/** Held-back season with ≥ 36 months; rolling origin (every origin from month 12, up to 12 months ahead) below. */
function evaluate(values: number[], start: number): Evaluation {
	const n = values.length;
	const s = scorer();
	if (n >= 3 * SEASON) {
		const predicted = fit(values.slice(0, n - SEASON), start, SEASON).points;
		predicted.forEach((p, i) => s.add(values[n - SEASON + i], p));
		return s.result('holdout-last-season', 1);
	}
	let origins = 0;
	for (let o = SEASON; o < n; o++) {
		origins++;
		const predicted = fit(values.slice(0, o), start, Math.min(SEASON, n - o)).points;
		predicted.forEach((p, i) => s.add(values[o + i], p));
	}
	return s.result('rolling-origin', origins);
}

/**
 * Forecast the `horizon` months after the last month of `series`
 * (see the module comment for the method). The input may be unordered; months
 * missing between the first and last month count as 0. Throws if a month is
 * malformed or repeated, a value is not finite, or the series spans fewer than
 * 12 months.
 */
export function seasonalForecast(series: MonthlyPoint[], horizon = 12): Forecast {
	if (!Number.isInteger(horizon) || horizon < 0) {
		throw new Error(`Forecast horizon must be a non-negative integer, got ${horizon}`);
	}
	const map = byMonth(series);
	if (map.size === 0) {
		throw new Error('Seasonal forecast needs at least 12 consecutive months of data, got none');
	}
	const indices = [...map.keys()];
	const start = Math.min(...indices);
	const end = Math.max(...indices);
	const span = end - start + 1;
	if (span < SEASON) {
		throw new Error(
			`Seasonal forecast needs at least 12 consecutive months of data, got ${span} ` +
				`(${monthFromIndex(start)} to ${monthFromIndex(end)})`
		);
	}
	const values = Array.from({ length: span }, (_, i) => map.get(start + i) ?? 0);
	const { method, growth, points, sd } = fit(values, start, horizon);

	let holdout: Forecast['holdout'] = null;
	if (span >= 2 * SEASON) {
		const train = values.slice(0, span - SEASON);
		const predicted = fit(train, start, SEASON).points.map((p) => ({ month: p.month, value: p.value }));
		const months = values.slice(span - SEASON).map((value, i) => ({
			month: monthFromIndex(start + span - SEASON + i),
			value
		}));
		const errors = months.map((m, i) => Math.abs(m.value - predicted[i].value));
		const pct = months.flatMap((m, i) => (m.value > 0 ? [errors[i] / m.value] : []));
		holdout = {
			months,
			forecast: predicted,
			mape: pct.length ? sum(pct) / pct.length : NaN,
			mae: sum(errors) / errors.length
		};
	}
	return {
		method,
		method_reference: FORECAST_REFERENCE,
		growth,
		points,
		residual_sd: sd,
		interval_method: INTERVAL_METHOD,
		holdout,
		evaluation: evaluate(values, start)
	};
}

const DAY_MS = 86_400_000;

function parseUtcDate(date: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
	if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) {
		throw new Error(`Invalid date "${date}": expected 'YYYY-MM-DD'`);
	}
	return t;
}

/**
 * Weekly jobs and technician head-count from monthly (forecast) job counts.
 * Each month's jobs are spread evenly over its calendar days (value ÷ days in
 * month); each week sums the 7 days from its Monday (`fromDate` must be a
 * Monday). Days outside the given months contribute 0 — nothing is invented.
 * technicians = ⌈jobs ÷ (jobsPerTechnicianPerDay × workingDaysPerWeek)⌉, with a
 * 1e-9 tolerance so float noise (e.g. 7.0000000001) does not add a person.
 */
export function weeklyStaffing(
	monthly: MonthlyPoint[],
	opts: { jobsPerTechnicianPerDay: number; workingDaysPerWeek: number; fromDate: string; weeks: number }
): { week_start: string; jobs: number; technicians: number }[] {
	const { jobsPerTechnicianPerDay, workingDaysPerWeek, fromDate, weeks } = opts;
	if (!(jobsPerTechnicianPerDay > 0) || !Number.isFinite(jobsPerTechnicianPerDay)) {
		throw new Error(`jobsPerTechnicianPerDay must be a positive number, got ${jobsPerTechnicianPerDay}`);
	}
	if (!(workingDaysPerWeek > 0 && workingDaysPerWeek <= 7)) {
		throw new Error(`workingDaysPerWeek must be in (0, 7], got ${workingDaysPerWeek}`);
	}
	if (!Number.isInteger(weeks) || weeks < 0) {
		throw new Error(`weeks must be a non-negative integer, got ${weeks}`);
	}
	const from = parseUtcDate(fromDate);
	if (new Date(from).getUTCDay() !== 1) throw new Error(`fromDate ${fromDate} is not a Monday`);

	const map = byMonth(monthly);
	const capacity = jobsPerTechnicianPerDay * workingDaysPerWeek;
	const perDay = (t: number): number => {
		const d = new Date(t);
		const y = d.getUTCFullYear();
		const m = d.getUTCMonth();
		const value = map.get(y * 12 + m);
		if (value === undefined) return 0;
		const daysInMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
		return value / daysInMonth;
	};

	const out: { week_start: string; jobs: number; technicians: number }[] = [];
	for (let w = 0; w < weeks; w++) {
		const weekStart = from + w * 7 * DAY_MS;
		let jobs = 0;
		for (let d = 0; d < 7; d++) jobs += perDay(weekStart + d * DAY_MS);
		out.push({
			week_start: new Date(weekStart).toISOString().slice(0, 10),
			jobs,
			technicians: Math.max(0, Math.ceil(jobs / capacity - 1e-9))
		});
	}
	return out;
}
