// Which tickets a case is about, as SQL (parameterised): the repairs of its
// model × component (× fault code, × region), and the production month of a unit.
import type { Params } from '../warehouse';
import type { CaseFields } from './types';

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
	const conds = [`${alias}.type = 'repair'`, `${alias}.product_model = $c_model`, `${alias}.fault_component = $c_component`];
	const params: Record<string, string> = { c_model: c.product_model, c_component: c.fault_component };
	if (c.fault_code) {
		conds.push(`${alias}.fault_code = $c_code`);
		params.c_code = c.fault_code;
	}
	if (c.region) {
		conds.push(`${alias}.region = $c_region`);
		params.c_region = c.region;
	}
	return { sql: conds.join(' AND '), params };
}

/** The units of the case's model known to be in service: its install tickets (in the case's region). */
export function unitScope(c: Pick<CaseFields, 'product_model' | 'region'>, alias = 't'): Clause {
	const conds = [`${alias}.type = 'install'`, `${alias}.product_model = $u_model`];
	const params: Record<string, string> = { u_model: c.product_model };
	if (c.region) {
		conds.push(`${alias}.region = $u_region`);
		params.u_region = c.region;
	}
	return { sql: conds.join(' AND '), params };
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
	if (c.batches.length) {
		conds.push(`${batchCol} IN (${c.batches.map((_, i) => `$p_b${i}`).join(', ')})`);
		c.batches.forEach((b, i) => (params[`p_b${i}`] = b));
	}
	return { sql: conds.length ? conds.join(' AND ') : 'TRUE', params };
}
