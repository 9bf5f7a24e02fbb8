// Which tickets a case is about, as SQL (parameterised): the repairs of its
// model × component (× fault code, × region), and the production month of a unit.
import { columnConds } from '../metrics/filters';
import type { Params } from '../warehouse';
import type { CaseFields } from '../../cases/types';

/** A unit's production date: production_date, else the first day of the month its batch code starts with (2024-03B, 202403…). */
export function producedSQL(alias = 't'): string {
	const b = `regexp_extract(${alias}.batch, '^(\\d{4})[-/]?(\\d{2})', `;
	return `coalesce(${alias}.production_date, try_cast(make_date(try_cast(${b}1) AS INTEGER), try_cast(${b}2) AS INTEGER), 1) AS DATE))`;
}

export interface Clause {
	sql: string;
	params: Params;
}

/** The case's repairs: model, component, and the fault code and region when the case names them. */
export function repairScope(c: Pick<CaseFields, 'product_model' | 'fault_component' | 'fault_code' | 'region'>, alias = 't'): Clause {
	const w = columnConds(
		{
			model: { column: `${alias}.product_model`, value: c.product_model },
			component: { column: `${alias}.fault_component`, value: c.fault_component },
			code: { column: `${alias}.fault_code`, value: c.fault_code || null },
			region: { column: `${alias}.region`, value: c.region || null }
		},
		'c_'
	);
	return { sql: [`${alias}.type = 'repair'`, ...w.conds].join(' AND '), params: w.params };
}

/** The units of the case's model known to be in service: its install tickets (in the case's region). */
export function unitScope(c: Pick<CaseFields, 'product_model' | 'region'>, alias = 't'): Clause {
	const w = columnConds(
		{ model: { column: `${alias}.product_model`, value: c.product_model }, region: { column: `${alias}.region`, value: c.region || null } },
		'u_'
	);
	return { sql: [`${alias}.type = 'install'`, ...w.conds].join(' AND '), params: w.params };
}

/** The affected production: the case's production range and batches (TRUE when it names neither). */
export function productionScope(
	c: Pick<CaseFields, 'production_from' | 'production_to' | 'batches'>,
	producedCol: string,
	batchCol: string
): Clause {
	const conds: string[] = [];
	const params: Record<string, string> = {};
	if (c.production_from) {
		conds.push(`${producedCol} >= CAST($p_from AS DATE)`);
		params.p_from = c.production_from;
	}
	if (c.production_to) {
		conds.push(`${producedCol} <= CAST($p_to AS DATE)`);
		params.p_to = c.production_to;
	}
	const batches = columnConds({ batch: { column: batchCol, value: c.batches.length ? c.batches : null } }, 'p_');
	conds.push(...batches.conds);
	return { sql: conds.length ? conds.join(' AND ') : 'TRUE', params: { ...params, ...batches.params } };
}
