// Service-level KPIs (docs/METRICS.md § Service-level KPIs).
import type { Warehouse } from '../warehouse';
import { loadSettings } from '../settings';
import { ticketWhere, type Filters } from './filters';
import { rate, type Rate } from './rate';

/** Promised response hours for a ticket, from the distance bands in the settings (bound, not spliced). */
function promisedHoursSQL(params: Record<string, string | number>): string {
	const s = loadSettings().promised_response;
	params.unknown_h = s.unknown_distance_hours;
	const arms = s.bands.map((b, i) => {
		params[`band${i}_h`] = b.hours;
		if (b.max_km === null) return `ELSE $band${i}_h`;
		params[`band${i}_km`] = b.max_km;
		return `WHEN t.distance_km <= $band${i}_km THEN $band${i}_h`;
	});
	const hasElse = arms.some((a) => a.startsWith('ELSE'));
	return `CASE WHEN t.distance_km IS NULL THEN $unknown_h ${arms.join(' ')} ${hasElse ? '' : 'ELSE NULL'} END`;
}

export async function onTimeRate(wh: Warehouse, f: Filters): Promise<Rate> {
	const w = ticketWhere(f);
	const params: Record<string, string | number> = { ...w.params };
	const promised = promisedHoursSQL(params);
	const r = await wh.one<{ n: number; x: number }>(
		`SELECT count(*) AS n,
		        count(*) FILTER (WHERE epoch(t.arrived_at) - epoch(t.created_at) <= (${promised}) * 3600) AS x
		 FROM ticket_facts t WHERE t.arrived_at IS NOT NULL AND ${w.sql}`,
		params
	);
	return rate(r.x, r.n);
}

export async function satisfactionRate(wh: Warehouse, f: Filters): Promise<Rate> {
	const w = ticketWhere(f);
	const r = await wh.one<{ n: number; x: number }>(
		`SELECT count(t.satisfaction) AS n, count(*) FILTER (WHERE t.satisfaction >= $min_score) AS x
		 FROM ticket_facts t WHERE ${w.sql}`,
		{ ...w.params, min_score: loadSettings().satisfied_min_score }
	);
	return rate(r.x, r.n);
}

/** complaint tickets ÷ all other tickets */
export async function complaintRate(wh: Warehouse, f: Filters): Promise<Rate> {
	const w = ticketWhere(f);
	const r = await wh.one<{ n: number; x: number }>(
		`SELECT count(*) FILTER (WHERE t.type <> 'complaint') AS n, count(*) FILTER (WHERE t.type = 'complaint') AS x
		 FROM ticket_facts t WHERE ${w.sql}`,
		w.params
	);
	return rate(r.x, r.n);
}

export interface TimeToComplete {
	tickets: number;
	mean_hours: number | null;
	median_hours: number | null;
}

export async function timeToComplete(wh: Warehouse, f: Filters): Promise<TimeToComplete> {
	const w = ticketWhere(f);
	return wh.one<TimeToComplete>(
		`SELECT count(*) AS tickets,
		        avg(epoch(t.completed_at) - epoch(t.created_at)) / 3600 AS mean_hours,
		        median(epoch(t.completed_at) - epoch(t.created_at)) / 3600 AS median_hours
		 FROM ticket_facts t WHERE t.completed_at IS NOT NULL AND ${w.sql}`,
		w.params
	);
}
