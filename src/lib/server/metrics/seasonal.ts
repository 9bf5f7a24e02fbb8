// Seasonal load and staffing (docs/METRICS.md § Seasonal load and staffing).
import type { DayLoadRow, LoadRow, PeakToOffRow } from '../../api/rows';
import { route } from '../rollup';
import type { Warehouse } from '../warehouse';
import { ticketWhere, type Filters } from './filters';
import { completeMonth, dataSpan } from './maturity';
import { seasonalForecast, type Forecast } from './forecast';

/** Tickets per month ('YYYY-MM') by type. */
export async function loadByMonth(wh: Warehouse, f: Filters): Promise<LoadRow[]> {
	const w = ticketWhere(f);
	const src = await route(wh, f, { grain: 'month' });
	return wh.all<LoadRow>(
		// group on the truncated timestamp, format the few groups afterwards (formatting millions of rows was the cost)
		`SELECT strftime(m, '%Y-%m') AS period, type, tickets FROM (
		   SELECT date_trunc('month', t.created_at) AS m, t.type, ${src.count()} AS tickets
		   FROM ${src.table} t WHERE ${w.sql} GROUP BY 1, 2) ORDER BY 1, 2`,
		w.params
	);
}

/** Tickets per ISO week ('2025-W27', weeks start on Monday) by type, with the week's Monday. */
export async function loadByWeek(wh: Warehouse, f: Filters): Promise<(LoadRow & { week_start: string })[]> {
	const w = ticketWhere(f);
	const src = await route(wh, f);
	return wh.all(
		`SELECT strftime(wk, '%G-W%V') AS period, strftime(wk, '%Y-%m-%d') AS week_start, type, tickets FROM (
		   SELECT date_trunc('week', t.created_at) AS wk, t.type, ${src.count()} AS tickets
		   FROM ${src.table} t WHERE ${w.sql} GROUP BY 1, 2) ORDER BY 2, 3`,
		w.params
	);
}

/** Tickets per calendar day, for the calendar heatmap. */
export async function loadByDay(wh: Warehouse, f: Filters): Promise<DayLoadRow[]> {
	const w = ticketWhere(f);
	const src = await route(wh, f);
	return wh.all(
		`SELECT strftime(d, '%Y-%m-%d') AS day, tickets FROM (
		   SELECT CAST(t.created_at AS DATE) AS d, ${src.count()} AS tickets FROM ${src.table} t WHERE ${w.sql} GROUP BY 1) ORDER BY 1`,
		w.params
	);
}

/** Busiest month's average daily tickets ÷ quietest month's, for each year with tickets in all twelve months. */
export async function peakToOffByYear(wh: Warehouse, f: Filters): Promise<PeakToOffRow[]> {
	const w = ticketWhere(f);
	const src = await route(wh, f, { grain: 'month' });
	return wh.all<PeakToOffRow>(
		`WITH m AS (
		   SELECT year(t.created_at) AS y, month(t.created_at) AS mo, ${src.count()} AS n
		   FROM ${src.table} t WHERE ${w.sql} GROUP BY 1, 2),
		 d AS (SELECT y, mo, n / day(last_day(make_date(y, mo, 1))) AS per_day FROM m)
		 SELECT y AS year, max(per_day) / min(per_day) AS ratio,
		        arg_max(mo, per_day) AS peak_month, max(per_day) AS peak_per_day,
		        arg_min(mo, per_day) AS off_month, min(per_day) AS off_per_day
		 FROM d GROUP BY y HAVING count(*) = 12 ORDER BY y`,
		w.params
	);
}

export interface MonthlyForecast {
	forecast: Forecast;
	history: { month: string; value: number }[];
}

/**
 * Jobs (installs, repairs, maintenance) per complete month and their 12-month forecast with 80 % / 95 % intervals
 * and its error on held-back data (forecast.ts); null under 12 complete months. The weekly staffing plan is the
 * staffing engine's (src/lib/server/staffing).
 */
export async function monthlyForecast(wh: Warehouse, f: Filters): Promise<MonthlyForecast | null> {
	const w = ticketWhere(f);
	const src = await route(wh, f, { grain: 'month' });
	const rows = await wh.all<{ month: string; value: number }>(
		`SELECT strftime(m, '%Y-%m') AS month, value FROM (
		   SELECT date_trunc('month', t.created_at) AS m, ${src.count()} AS value
		   FROM ${src.table} t WHERE t.type <> 'complaint' AND ${w.sql} GROUP BY 1) ORDER BY 1`,
		w.params
	);
	// a month still in progress would read as a collapse in demand: forecast from complete months only
	const last = completeMonth(await dataSpan(wh));
	const history = rows.filter((h) => last !== null && h.month <= last);
	if (history.length < 12) return null;
	return { forecast: seasonalForecast(history, 12), history };
}
