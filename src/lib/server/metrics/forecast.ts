/**
 * Seasonal forecast of monthly job counts and the weekly staffing it implies.
 *
 * Method: seasonal naive with a year-over-year growth factor, built from the
 * simple benchmark methods of R. J. Hyndman & G. Athanasopoulos, "Forecasting:
 * Principles and Practice", 3rd ed., §5.2 (seasonal naive method; drift). The
 * seasonal naive forecast repeats the last observed season,
 *   ŷ(T+h) = y(T+h−m(k+1))  with m = 12, k = ⌊(h−1)/m⌋,
 * and, in the spirit of the drift method (which extrapolates the average change
 * seen in the data), the level is scaled by the last year-over-year change:
 *   ŷ(T+h) = y(T+h−m(k+1)) × g,  g = Σ last 12 months ÷ Σ the 12 before them.
 * The same g applies to every horizon (it is not compounded beyond 12 months).
 * Pure functions; dates are handled in UTC only.
 */

export interface MonthlyPoint {
	month: string /* 'YYYY-MM' */;
	value: number;
}

export interface Forecast {
	/** 'seasonal-naive-with-growth' when g was estimated, 'seasonal-naive' when g = 1 by rule. */
	method: string;
	/** Year-over-year factor applied to last year's values. */
	growth: number;
	/** The next `horizon` months after the last input month. */
	points: MonthlyPoint[];
	/**
	 * Error on the last held-out season (≥ 24 months of input only): the model is
	 * refitted without the last 12 months and forecasts them. MAPE is a fraction,
	 * averaged over held-out months with y > 0 (NaN if there are none); MAE is
	 * averaged over all 12 months.
	 */
	holdout: { months: MonthlyPoint[]; forecast: MonthlyPoint[]; mape: number; mae: number } | null;
}

const SEASON = 12;

/** 'YYYY-MM' → months since year 0 (year·12 + month − 1). */
function monthIndex(month: string): number {
	const m = /^(\d{4})-(\d{2})$/.exec(month);
	const mm = m ? Number(m[2]) : 0;
	if (!m || mm < 1 || mm > 12) throw new Error(`Invalid month "${month}": expected 'YYYY-MM'`);
	return Number(m[1]) * 12 + mm - 1;
}

function monthLabel(index: number): string {
	const year = Math.floor(index / 12);
	const month = (index % 12) + 1;
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

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

/** Forecast a gap-free series whose first month has index `start`. */
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
	const points: MonthlyPoint[] = [];
	for (let h = 1; h <= horizon; h++) {
		points.push({ month: monthLabel(start + n - 1 + h), value: last[(h - 1) % SEASON] * growth });
	}
	return { method, growth, points };
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
			`Seasonal forecast needs at least 12 consecutive months of data, got ${span} ` + `(${monthLabel(start)} to ${monthLabel(end)})`
		);
	}
	const values = Array.from({ length: span }, (_, i) => map.get(start + i) ?? 0);
	const { method, growth, points } = fit(values, start, horizon);

	let holdout: Forecast['holdout'] = null;
	if (span >= 2 * SEASON) {
		const train = values.slice(0, span - SEASON);
		const predicted = fit(train, start, SEASON).points;
		const months = values.slice(span - SEASON).map((value, i) => ({
			month: monthLabel(start + span - SEASON + i),
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
	return { method, growth, points, holdout };
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
