// Repeat customers and repeat visits (docs/METRICS.md § Repeat customers and repeat visits).
import type { Warehouse } from '../warehouse';
import { loadSettings } from '../settings';
import { ticketWhere, type Filters } from './filters';
import { measureRate } from './measures';
import { rate, withIntervals, type GroupRate, type Rate } from './rate';

/** Installs in the filter, each flagged when its customer had an install earlier, anywhere in the warehouse (ticket_facts.repeat_customer). */
function installsSQL(f: Filters) {
	const w = ticketWhere(f);
	return { sql: `SELECT t.* FROM ticket_facts t WHERE t.type = 'install' AND ${w.sql}`, params: w.params };
}

export const repeatCustomerShare = (wh: Warehouse, f: Filters): Promise<Rate> => measureRate(wh, f, 'repeat_customer_share');

export async function repeatCustomerByMonth(wh: Warehouse, f: Filters): Promise<(Rate & { month: string })[]> {
	const q = installsSQL(f);
	const rows = await wh.all<{ month: string; n: number; x: number }>(
		`SELECT strftime(created_at, '%Y-%m') AS month, count(*) AS n, count(*) FILTER (WHERE repeat_customer) AS x
		 FROM (${q.sql}) GROUP BY 1 ORDER BY 1`,
		q.params
	);
	return rows.map((r) => ({ month: r.month, ...rate(r.x, r.n) }));
}

/**
 * Repair tickets in the filter, each flagged when another repair of the same
 * unit (serial_no; without one, the same customer and model) was opened more
 * than zero and at most `repeat_visit_days` × 24 h later, wherever it falls
 * (ticket_facts.next_repair_hours: the gap to the next such repair).
 */
function repairsSQL(f: Filters) {
	const w = ticketWhere(f, 'r');
	return {
		sql: `SELECT r.*, coalesce(r.next_repair_hours <= $days * 24, false) AS repeat_visit
		FROM ticket_facts r WHERE r.type = 'repair' AND ${w.sql}`,
		params: { ...w.params, days: loadSettings().repeat_visit_days }
	};
}

export const repeatVisitRate = (wh: Warehouse, f: Filters): Promise<Rate> => measureRate(wh, f, 'repeat_visit_rate');

export async function repeatVisitBy(wh: Warehouse, f: Filters, dim: 'model' | 'team' | 'month'): Promise<GroupRate[]> {
	const q = repairsSQL(f);
	const expr = dim === 'model' ? 'product_model' : dim === 'team' ? 'team' : "strftime(created_at, '%Y-%m')";
	const rows = await wh.all<{ grp: string | null; n: number; x: number }>(
		`SELECT ${expr} AS grp, count(*) AS n, count(*) FILTER (WHERE repeat_visit) AS x
		 FROM (${q.sql}) GROUP BY 1 ORDER BY ${dim === 'month' ? 'grp' : 'n DESC, grp'}`,
		q.params
	);
	const overall = rate(
		rows.reduce((a, r) => a + r.x, 0),
		rows.reduce((a, r) => a + r.n, 0)
	);
	return withIntervals(
		rows.map((r) => ({ group: r.grp, numerator: r.x, denominator: r.n })),
		overall
	);
}
