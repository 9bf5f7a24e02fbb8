// The dimensions a figure can be filtered or broken down by, declared once:
// name → SQL expression over a ticket_facts row (any alias). The filter
// builder (filters.ts), the group rates (measures.ts rateBy) and the drill-down
// to a group's rows (rework.ts reworkedJobs) all read them.
import { MULTI_VALUE_FILTERS as MULTI } from '../../api/params';
import type { Settings } from '../settings';

export type Params = Record<string, string | number>;

export interface Dimension {
	/** the group value of a row under `alias`; computed dimensions bind what they need from the settings into `params` */
	expr(alias: string, s: Settings, params: Params): string;
	/** groups come out sorted by their value (months in time), not largest first */
	sortByValue?: boolean;
	/** groups come out in this fixed order whatever their sizes, so bars never swap places between pages and months (values not listed after, no value last) */
	order?: readonly string[];
}

/** The dimensions the global filter bar sets: plain columns, filtered on equality with the value (or any of the values, MULTI_VALUE_FILTERS). */
export const FILTER_COLUMNS = {
	region: 'region',
	city: 'city',
	model: 'product_model',
	team: 'team',
	team_type: 'team_type',
	technician: 'technician_id'
} as const;
export type DimensionFilter = keyof typeof FILTER_COLUMNS;
export const DIMENSION_FILTERS = Object.keys(FILTER_COLUMNS) as DimensionFilter[];
/** The filters that take a list of values (declared with the browser's parameters); the others take one. */
export const MULTI_VALUE_FILTERS: readonly DimensionFilter[] = MULTI;

/** A technician's tenure band on the job date, from ticket_facts.tenure_days and the settings' bounds (METRICS.md § Rework). */
const TENURE_BANDS = ['new', 'developing', 'experienced', 'unknown'] as const;

const columns = Object.fromEntries(
	Object.entries(FILTER_COLUMNS).map(([name, col]): [string, Dimension] => [name, { expr: (a) => `${a}.${col}` }])
) as Record<DimensionFilter, Dimension>;

export const DIMENSIONS: Record<DimensionFilter | 'tenure' | 'month', Dimension> = {
	...columns,
	tenure: {
		expr(a, s, params) {
			params.new_below = s.tenure_days.new_below;
			params.developing_below = s.tenure_days.developing_below;
			return `CASE WHEN ${a}.tenure_days IS NULL THEN 'unknown' WHEN ${a}.tenure_days < $new_below THEN 'new'
			  WHEN ${a}.tenure_days < $developing_below THEN 'developing' ELSE 'experienced' END`;
		},
		order: TENURE_BANDS
	},
	team_type: { ...columns.team_type, order: ['internal', 'outsourced'] },
	month: { expr: (a) => `strftime(${a}.created_at, '%Y-%m')`, sortByValue: true }
};

export type DimensionName = keyof typeof DIMENSIONS;
