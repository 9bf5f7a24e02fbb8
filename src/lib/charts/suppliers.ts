// Warranty parts cost by supplier: the supplier totals of the parts lines the
// suppliers data source returns (by supplier and part), as horizontal bars of
// cost and amount recovered, the claim counts in the tooltip.
import type { SupplierRow } from '$lib/api/contract';
import type { Locale } from '$lib/i18n';
import { barsOption } from './bars';
import { escapeHtml as esc } from './escape';
import { OK } from './palette';
import type { ChartOption } from './setup';

export interface SupplierTotal {
	supplier: string | null;
	cost: number;
	recovered: number;
	none: number;
	submitted: number;
	claimed: number;
}

/** One row per supplier, the costliest first. */
export function supplierTotals(rows: SupplierRow[]): SupplierTotal[] {
	const by = new Map<string, SupplierTotal>();
	for (const r of rows) {
		const k = r.supplier ?? '';
		const s = by.get(k) ?? { supplier: r.supplier || null, cost: 0, recovered: 0, none: 0, submitted: 0, claimed: 0 };
		s.cost += r.cost;
		s.recovered += r.recovered_amount;
		s.none += r.claim_none;
		s.submitted += r.claim_submitted;
		s.claimed += r.claim_recovered;
		by.set(k, s);
	}
	return [...by.values()].sort((a, b) => b.cost - a.cost);
}

export function supplierOption(totals: SupplierTotal[], L: Locale): ChartOption {
	return barsOption(
		totals.map((s) => s.supplier ?? L.t('common.unknown')),
		[
			{ name: L.t('faults.warranty_cost'), data: totals.map((s) => Math.round(s.cost)), color: OK },
			{ name: L.t('faults.recovered_amount'), data: totals.map((s) => Math.round(s.recovered)), color: '#2ca02c' }
		],
		{
			horizontal: true,
			labels: true,
			format: (v) => L.num(v),
			extra: (i) => {
				const s = totals[i];
				return esc(
					`${L.t('faults.claim_lines')}: ${L.t('faults.claim_none')} ${L.num(s.none)} · ${L.t('faults.claim_submitted')} ${L.num(s.submitted)} · ${L.t('faults.claim_recovered')} ${L.num(s.claimed)}`
				);
			}
		}
	);
}

/** What all suppliers' parts cost and what was recovered. */
export function supplierSum(totals: SupplierTotal[]): { cost: number; recovered: number } {
	return { cost: totals.reduce((a, s) => a + s.cost, 0), recovered: totals.reduce((a, s) => a + s.recovered, 0) };
}

export const supplierChartHeight = (totals: SupplierTotal[]) => Math.max(200, 70 + totals.length * 44);
