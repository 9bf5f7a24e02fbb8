// The evidence a case carries to the factory, gathered from the warehouse when
// the case opens and again after every ingest: repairs by month and per 1,000
// units in service, the Nevada rows of the affected production months, the
// batches and serial numbers, sample fault descriptions, the parts used with
// their suppliers, warranty cost and supplier claims.
import { monthSeq } from '../../months';
import type { Warehouse } from '../warehouse';
import { producedSQL, productionScope, repairScope, unitScope } from './scope';
import type { CaseEvidence, CaseFields, MonthRepairs } from '../../cases/types';

const SERIALS_LISTED = 200;
const BATCHES_LISTED = 30;
const DESCRIPTIONS_LISTED = 8;

export async function gatherEvidence(wh: Warehouse, c: CaseFields): Promise<CaseEvidence> {
	const r = repairScope(c);
	const p = productionScope(c, 's.produced', 's.batch');
	const scope = `WITH s AS (SELECT t.*, ${producedSQL('t')} AS produced FROM ticket_facts t WHERE ${r.sql}),
	               c AS (SELECT * FROM s WHERE ${p.sql})`;
	const params = { ...r.params, ...p.params };
	const u = unitScope(c);

	const [months, installs, nevada, batches, serials, descriptions, parts, until] = await Promise.all([
		wh.aside((x) =>
			x.all<{ m: string; n: number }>(
				`${scope} SELECT strftime(created_at, '%Y-%m') AS m, count(*) AS n FROM c GROUP BY 1 ORDER BY 1`,
				params
			)
		),
		wh.aside((x) =>
			x.all<{ m: string; n: number }>(
				`SELECT strftime(t.created_at, '%Y-%m') AS m, count(*) AS n FROM ticket_facts t WHERE ${u.sql} GROUP BY 1 ORDER BY 1`,
				u.params
			)
		),
		wh.aside((x) =>
			x.all<{ production_month: string; months_in_service: number; repairs: number }>(
				`${scope}, n AS (SELECT produced, coalesce(purchase_date, produced) AS since, CAST(created_at AS DATE) AS failed FROM c WHERE produced IS NOT NULL)
				 SELECT strftime(produced, '%Y-%m') AS production_month,
				        date_diff('month', since, failed) - CASE WHEN day(failed) < day(since) THEN 1 ELSE 0 END AS months_in_service, count(*) AS repairs
				 FROM n GROUP BY 1, 2 HAVING months_in_service >= 0 ORDER BY 1, 2`,
				params
			)
		),
		wh.aside((x) =>
			x.all<{ batch: string; repairs: number }>(
				`${scope} SELECT batch, count(*) AS repairs FROM c WHERE batch IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${BATCHES_LISTED}`,
				params
			)
		),
		wh.aside((x) =>
			x.all<{ serial_no: string; total: number }>(
				`${scope} SELECT serial_no, count(*) OVER () AS total FROM (SELECT DISTINCT serial_no FROM c WHERE serial_no IS NOT NULL) ORDER BY serial_no LIMIT ${SERIALS_LISTED}`,
				params
			)
		),
		wh.aside((x) =>
			x.all<{ text: string; count: number }>(
				`${scope} SELECT fault_description AS text, count(*) AS count FROM c WHERE fault_description IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${DESCRIPTIONS_LISTED}`,
				params
			)
		),
		wh.aside((x) =>
			x.all<CaseEvidence['parts'][number]>(
				`${scope} SELECT p.supplier, p.part_no, any_value(p.part_name) AS part_name, sum(p.quantity) AS quantity,
				        coalesce(sum(p.quantity * p.unit_cost), 0) AS cost,
				        coalesce(sum(p.quantity * p.unit_cost) FILTER (WHERE p.warranty_claim = 'yes'), 0) AS warranty_cost,
				        count(*) FILTER (WHERE p.supplier_claim = 'submitted') AS claims_submitted,
				        count(*) FILTER (WHERE p.supplier_claim = 'recovered') AS claims_recovered,
				        coalesce(sum(p.recovered_amount), 0) AS recovered_amount
				 FROM parts p JOIN c ON c.ticket_id = p.ticket_id GROUP BY p.supplier, p.part_no ORDER BY cost DESC, p.supplier, p.part_no`,
				params
			)
		),
		wh.aside((x) => x.one<{ d: string | null }>(`SELECT CAST(CAST(max(created_at) AS DATE) AS VARCHAR) AS d FROM ticket_facts`))
	]);

	const byMonth: MonthRepairs[] = [];
	if (months.length) {
		const first = [months[0].m, installs[0]?.m ?? months[0].m].sort()[0];
		const last = until.d ? until.d.slice(0, 7) : months.at(-1)!.m;
		const rep = new Map(months.map((m) => [m.m, m.n]));
		const inst = new Map(installs.map((m) => [m.m, m.n]));
		let cumulative = 0;
		for (const m of monthSeq(first, last)) {
			cumulative += inst.get(m) ?? 0;
			if (m < months[0].m) continue;
			const repairs = rep.get(m) ?? 0;
			byMonth.push({ month: m, repairs, installs: cumulative, rate_per_1000: cumulative > 0 ? (1000 * repairs) / cumulative : null });
		}
	}
	return {
		repairs: months.reduce((s, m) => s + m.n, 0),
		by_month: byMonth,
		nevada,
		batches,
		serials: serials.map((s) => s.serial_no),
		serials_total: serials[0]?.total ?? 0,
		descriptions,
		parts,
		warranty_cost: parts.reduce((s, x) => s + x.warranty_cost, 0),
		recovered_amount: parts.reduce((s, x) => s + x.recovered_amount, 0),
		data_until: until.d
	};
}
