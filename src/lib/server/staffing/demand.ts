// Weekly demand forecast with its uncertainty. Pure functions on gap-free weekly series.
//
// Method (R. J. Hyndman & G. Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed.):
// - point: seasonal naive with growth (§5.2), on weeks: the same week a year (52 weeks, so weekdays line up)
//   earlier, averaged with its two neighbours to damp one-week noise, times g = the last 52 weeks' jobs ÷ the
//   52 before them (g = 1 with under 104 weeks of history);
// - quantiles: from the empirical distribution of the method's own forecast errors (§5.5, "prediction intervals
//   from bootstrapped residuals": future errors are assumed to be like past ones), taken as ratios actual ÷
//   forecast from a rolling-origin evaluation (§5.10, time series cross-validation): every week with at least 52
//   weeks behind it is an origin, forecasting each later week up to 52 ahead. Origins with a growth estimate
//   (≥ 104 weeks behind them) are used alone when they give at least 20 errors. Quantile q of the forecast =
//   point × quantile q of the ratios (the quantiles of all bootstrap draws, computed exactly instead of sampled).

export const SEASON_WEEKS = 52;
const MAX_HORIZON = 52;
const MIN_ERRORS = 20;

/** Quantile of sorted values, linear interpolation between order statistics (R's type 7, Hyndman & Fan 1996). */
export function quantileSorted(sorted: number[], q: number): number {
	if (sorted.length === 0) return NaN;
	const pos = (sorted.length - 1) * q;
	const lo = Math.floor(pos);
	const hi = Math.ceil(pos);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Growth factor at an origin: the 52 weeks up to it ÷ the 52 before (1 when there are not 104 weeks, or none before). */
export function growthAt(values: number[], origin: number): number {
	if (origin + 1 < 2 * SEASON_WEEKS) return 1;
	const last = sum(values.slice(origin - SEASON_WEEKS + 1, origin + 1));
	const before = sum(values.slice(origin - 2 * SEASON_WEEKS + 1, origin - SEASON_WEEKS + 1));
	return before > 0 ? last / before : 1;
}

/**
 * Point forecasts for weeks origin+1 … origin+horizon from values[0..origin]: the same week k·52 weeks
 * earlier (the most recent observed one), averaged with its observed neighbours, times the growth at the origin.
 */
export function pointForecast(values: number[], origin: number, horizon: number): number[] {
	if (origin + 1 < SEASON_WEEKS) throw new Error(`a seasonal forecast needs 52 weeks of history, got ${origin + 1}`);
	const g = growthAt(values, origin);
	const out: number[] = [];
	for (let h = 1; h <= horizon; h++) {
		const target = origin + h;
		const back = SEASON_WEEKS * Math.ceil(h / SEASON_WEEKS);
		const centre = target - back;
		const window = [centre - 1, centre, centre + 1].filter((i) => i >= 0 && i <= origin);
		out.push((sum(window.map((i) => values[i])) / window.length) * g);
	}
	return out;
}

export interface ForecastError {
	origin: number;
	horizon: number;
	actual: number;
	forecast: number;
}

/** Rolling-origin evaluation: every origin with ≥ 52 weeks behind it and a later observed week, horizons 1…52. */
export function rollingOriginErrors(values: number[], lastObserved: number): ForecastError[] {
	const out: ForecastError[] = [];
	for (let o = SEASON_WEEKS - 1; o < lastObserved; o++) {
		const horizon = Math.min(MAX_HORIZON, lastObserved - o);
		const fc = pointForecast(values, o, horizon);
		fc.forEach((f, i) => out.push({ origin: o, horizon: i + 1, actual: values[o + i + 1], forecast: f }));
	}
	return out;
}

export interface DemandModel {
	/** ratios actual ÷ forecast the quantiles come from, sorted */
	ratios: number[];
	/** true when only origins with a growth estimate were used */
	with_growth_only: boolean;
	/** rolling-origin error of the point forecast: mean absolute percentage error (weeks with jobs), bias = median ratio − 1 */
	backtest: { origins: number; forecasts: number; mape: number; bias: number } | null;
}

/**
 * The error distribution and the backtest summary from the history values[0..lastObserved]: the errors of
 * rollingOriginErrors with a positive forecast, those of origins with a growth estimate alone when there are
 * MIN_ERRORS of them. Worked out in one pass without an object per error (a plan per team made ~5,000 each), the
 * same operations in the same order as pointForecast and the error list, so the same numbers.
 */
export function demandModel(values: number[], lastObserved: number): DemandModel {
	// [origin, actual, forecast] of every error with a positive forecast, in rollingOriginErrors' order
	const origins: number[] = [];
	const actuals: number[] = [];
	const forecasts: number[] = [];
	for (let o = SEASON_WEEKS - 1; o < lastObserved; o++) {
		const horizon = Math.min(MAX_HORIZON, lastObserved - o);
		const g = growthAt(values, o);
		for (let h = 1; h <= horizon; h++) {
			// pointForecast's: the mean of the same week a season back and its observed neighbours, times the growth
			const centre = o + h - SEASON_WEEKS * Math.ceil(h / SEASON_WEEKS);
			let total = 0;
			let n = 0;
			for (let i = centre - 1; i <= centre + 1; i++) {
				if (i >= 0 && i <= o) {
					total += values[i];
					n++;
				}
			}
			const f = (total / n) * g;
			if (!(f > 0)) continue;
			origins.push(o);
			actuals.push(values[o + h]);
			forecasts.push(f);
		}
	}
	const firstGrown = origins.findIndex((o) => o + 1 >= 2 * SEASON_WEEKS);
	const grown = firstGrown < 0 ? 0 : origins.length - firstGrown;
	const withGrowthOnly = grown >= MIN_ERRORS;
	// origins ascend: the errors of grown origins are the last `grown`
	const from = withGrowthOnly ? firstGrown : 0;
	const used = origins.length - from;
	const ratios: number[] = [];
	for (let i = from; i < origins.length; i++) ratios.push(actuals[i] / forecasts[i]);
	ratios.sort((a, b) => a - b);
	if (used === 0) return { ratios, with_growth_only: false, backtest: null };
	let pctSum = 0;
	let pctN = 0;
	for (let i = from; i < origins.length; i++) {
		if (actuals[i] > 0) {
			pctSum += Math.abs(actuals[i] - forecasts[i]) / actuals[i];
			pctN++;
		}
	}
	return {
		ratios,
		with_growth_only: withGrowthOnly,
		backtest: {
			origins: new Set(origins.slice(from)).size,
			forecasts: used,
			mape: pctN ? pctSum / pctN : NaN,
			bias: quantileSorted(ratios, 0.5) - 1
		}
	};
}

/** Quantile q of a week's jobs given its point forecast. With no error history, the point itself. */
export function demandQuantile(model: DemandModel, point: number, q: number): number {
	if (model.ratios.length === 0) return point;
	return point * quantileSorted(model.ratios, q);
}
