// The sample's header lines come from the input contract (scripts/sample/headers.ts):
// ingest's own header matching must read every one of them as the right table,
// every column mapped to itself, nothing ignored, nothing missing.
import { describe, expect, it } from 'vitest';
import { matchHeaders, TABLES, type TableName } from '../../src/lib/contract';
import {
	columnsOf,
	headersOf,
	PARTS_HEADERS,
	REWORK_HEADERS,
	TECHNICIAN_HEADERS,
	TICKET_HEADERS_EN,
	TICKET_HEADERS_ZH
} from '../../scripts/sample/headers';

const FILES: [TableName, string[]][] = [
	['tickets', TICKET_HEADERS_ZH],
	['tickets', TICKET_HEADERS_EN],
	['rework', REWORK_HEADERS],
	['parts', PARTS_HEADERS],
	['technicians', TECHNICIAN_HEADERS]
];

describe('sample headers', () => {
	it.each(FILES)('%s: ingest maps every header to its own column, in the contract’s order', (table, headers) => {
		const m = matchHeaders(headers)!;
		expect(m.table.name).toBe(table);
		expect(m.missing).toEqual([]);
		expect(m.ignored).toEqual([]);
		expect(columnsOf(table).map((c) => m.positions.get(c))).toEqual(columnsOf(table).map((_, i) => i));
	});

	it('the dispatch system’s Chinese names where they are not the first alias', () => {
		// 受理时间 is created_at's third alias, 服务网点 team's third, 回访满意度 satisfaction's second
		const at = (c: string) => TICKET_HEADERS_ZH[columnsOf('tickets').indexOf(c)];
		expect([at('created_at'), at('team'), at('satisfaction'), at('ticket_id')]).toEqual(['受理时间', '服务网点', '回访满意度', '工单号']);
		expect(TABLES.tickets.columns.find((c) => c.name === 'created_at')!.aliases.indexOf('受理时间')).toBe(2);
	});

	it('an alias the contract does not list is refused', () => {
		expect(() => headersOf('tickets', 'zh', { created_at: '下单时间' })).toThrow(
			'tickets.created_at has no alias "下单时间" in the contract'
		);
	});
});
