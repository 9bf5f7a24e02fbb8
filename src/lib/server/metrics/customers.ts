// Repeat customers and repeat visits (docs/METRICS.md § Repeat customers and repeat visits):
// the measures repeat_customer_share and repeat_visit_rate (measures.ts), overall and by group.
import { settings as configured } from '../config';
import type { Settings } from '../settings';
import { REPEAT_VISIT_DIMENSIONS, type MonthRateRow } from '../../api/contract';
import type { Warehouse } from '../warehouse';
import type { DimensionName } from './dimensions';
import type { Filters } from './filters';
import { measureRate, rateBy } from './measures';
import type { GroupRate, Rate } from './rate';

/** Installs whose customer had an install earlier, anywhere in the warehouse (ticket_facts.repeat_customer) ÷ installs. */
export const repeatCustomerShare = (wh: Warehouse, f: Filters, s: Settings = configured()): Promise<Rate> =>
	measureRate(wh, f, 'repeat_customer_share', s);

export async function repeatCustomerByMonth(wh: Warehouse, f: Filters, s: Settings = configured()): Promise<MonthRateRow[]> {
	const { groups } = await rateBy(wh, f, 'repeat_customer_share', 'month', s);
	return groups.map((g) => ({ month: g.group as string, numerator: g.numerator, denominator: g.denominator, value: g.value }));
}

/**
 * Repair tickets followed by another repair of the same unit (serial_no; without
 * one, the same customer and model) opened more than zero and at most
 * `repeat_visit_days` × 24 h later, wherever it falls ÷ repair tickets.
 */
export const repeatVisitRate = (wh: Warehouse, f: Filters, s: Settings = configured()): Promise<Rate> =>
	measureRate(wh, f, 'repeat_visit_rate', s);

// every repeat-visit breakdown the contract offers is a dimension of the semantic layer
REPEAT_VISIT_DIMENSIONS satisfies readonly DimensionName[];

export async function repeatVisitBy(
	wh: Warehouse,
	f: Filters,
	dim: (typeof REPEAT_VISIT_DIMENSIONS)[number],
	s: Settings = configured()
): Promise<GroupRate[]> {
	return (await rateBy(wh, f, 'repeat_visit_rate', dim, s)).groups;
}
