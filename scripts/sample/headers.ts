// The header line of each sample file, derived from the input contract
// (src/lib/contract.ts): its columns in the contract's order, named by the
// canonical English name or by one of the contract's Chinese aliases — the
// first, unless the sample picks another to show that ingest knows it.
import { TABLES, type TableName } from '../../src/lib/contract';

/** Canonical column names of a table, in the contract's order: the keys of a sample record. */
export function columnsOf(table: TableName): string[] {
	return TABLES[table].columns.map((c) => c.name);
}

/**
 * A header line: English column names, or Chinese aliases (the first of each,
 * or the one `chosen` names). A chosen alias the contract does not list throws,
 * so the sample can never write a header ingest would not recognise.
 */
export function headersOf(table: TableName, lang: 'zh' | 'en', chosen: Record<string, string> = {}): string[] {
	return TABLES[table].columns.map((c) => {
		if (lang === 'en') return c.name;
		const alias = chosen[c.name] ?? c.aliases[0];
		if (!c.aliases.includes(alias)) throw new Error(`${table}.${c.name} has no alias ${JSON.stringify(alias)} in the contract`);
		return alias;
	});
}

/** The tickets export of the sample's dispatch system: the Chinese names it uses where they are not the contract's first alias. */
export const TICKET_HEADERS_ZH = headersOf('tickets', 'zh', {
	created_at: '受理时间',
	type: '服务类型',
	customer_id: '用户编号',
	purchase_date: '购机日期',
	team: '服务网点',
	team_type: '人员类型',
	arrived_at: '上门时间',
	warranty: '保内保外',
	satisfaction: '回访满意度'
});
export const TICKET_HEADERS_EN = headersOf('tickets', 'en');
export const REWORK_HEADERS = headersOf('rework', 'en');
export const PARTS_HEADERS = headersOf('parts', 'zh');
export const TECHNICIAN_HEADERS = headersOf('technicians', 'zh');
