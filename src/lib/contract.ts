// The input contract (docs/DATA.md): which columns each exported file has, the
// header aliases that name them, and the type rule each value must pass.

export type TableName = 'tickets' | 'rework' | 'parts' | 'technicians';

export type ColumnKind =
	| { kind: 'text' }
	| { kind: 'timestamp' }
	| { kind: 'date' }
	| { kind: 'number'; min: number }
	| { kind: 'integer'; min: number; max?: number }
	| { kind: 'enum'; words: Record<string, string[]> };

export interface ColumnSpec {
	name: string;
	aliases: string[];
	required: boolean;
	type: ColumnKind;
}

export interface TableSpec {
	name: TableName;
	/** Columns that identify a row; a later file with the same key updates it. */
	key: string[];
	columns: ColumnSpec[];
	/** Columns whose values must exist in tickets.ticket_id. */
	ticketRefs: string[];
}

const text = { kind: 'text' } as const;
const timestamp = { kind: 'timestamp' } as const;
const date = { kind: 'date' } as const;
const amount = { kind: 'number', min: 0 } as const;

export const TICKET_TYPES = {
	install: ['install', '安装'],
	repair: ['repair', '维修'],
	maintenance: ['maintenance', '保养'],
	complaint: ['complaint', '投诉']
};
export const TEAM_TYPES = { internal: ['internal', '自有'], outsourced: ['outsourced', '外协'] };
const WARRANTY = { in: ['in', '保内'], out: ['out', '保外'] };
const YES_NO = { yes: ['yes', '是'], no: ['no', '否'] };
const RESPONSIBILITY = {
	installer: ['installer', '安装'],
	product: ['product', '产品'],
	customer: ['customer', '用户'],
	unknown: ['unknown', '未知']
};
const SUPPLIER_CLAIM = { none: ['none', '无'], submitted: ['submitted', '已提交'], recovered: ['recovered', '已追回'] };

function col(name: string, aliases: string[], type: ColumnKind, required = false): ColumnSpec {
	return { name, aliases, required, type };
}

export const TABLES: Record<TableName, TableSpec> = {
	tickets: {
		name: 'tickets',
		key: ['ticket_id'],
		ticketRefs: [],
		columns: [
			col('ticket_id', ['工单号', '工单编号'], text, true),
			col('created_at', ['报修时间', '创建时间', '受理时间'], timestamp, true),
			col('type', ['类型', '工单类型', '服务类型'], { kind: 'enum', words: TICKET_TYPES }, true),
			col('customer_id', ['客户编号', '客户ID', '用户编号'], text, true),
			col('region', ['区域', '地区', '省份'], text),
			col('city', ['城市'], text),
			col('product_model', ['机型', '产品型号'], text),
			col('serial_no', ['条码', '序列号', '机号'], text),
			col('production_date', ['生产日期'], date),
			col('batch', ['批次', '生产批次'], text),
			col('purchase_date', ['购买日期', '购机日期'], date),
			col('technician_id', ['师傅工号', '技术员', '服务人员'], text),
			col('team', ['班组', '网点', '服务网点'], text),
			col('team_type', ['队伍类型', '人员类型'], { kind: 'enum', words: TEAM_TYPES }),
			col('arrived_at', ['到达时间', '上门时间'], timestamp),
			col('completed_at', ['完工时间', '完成时间'], timestamp),
			col('distance_km', ['服务半径', '距离'], amount),
			col('fault_code', ['故障代码'], text),
			col('fault_component', ['故障部件'], text),
			col('fault_description', ['故障描述'], text),
			col('warranty', ['保修状态', '保内保外'], { kind: 'enum', words: WARRANTY }),
			col('satisfaction', ['满意度', '回访满意度'], { kind: 'integer', min: 1, max: 5 }),
			col('labor_fee', ['人工费'], amount),
			col('parts_fee', ['配件费'], amount)
		]
	},
	rework: {
		name: 'rework',
		key: ['rework_id'],
		ticketRefs: ['original_ticket_id'],
		columns: [
			col('rework_id', ['返工单号'], text, true),
			col('original_ticket_id', ['原工单号'], text, true),
			col('rework_ticket_id', ['返工工单号'], text),
			col('rework_date', ['返工日期'], date, true),
			col('reason', ['返工原因'], text),
			col('responsibility', ['责任归属'], { kind: 'enum', words: RESPONSIBILITY }),
			col('cost', ['返工费用'], amount)
		]
	},
	parts: {
		name: 'parts',
		// parts.csv has no id of its own: a file is the parts list of the tickets it
		// names, so loading it replaces those tickets' earlier parts lines.
		key: ['ticket_id'],
		ticketRefs: ['ticket_id'],
		columns: [
			col('ticket_id', ['工单号'], text, true),
			col('part_no', ['配件编码', '物料编码'], text, true),
			col('part_name', ['配件名称'], text),
			col('supplier', ['供应商'], text),
			col('quantity', ['数量'], { kind: 'integer', min: 1 }, true),
			col('unit_cost', ['单价'], amount),
			col('warranty_claim', ['三包件', '保修索赔'], { kind: 'enum', words: YES_NO }),
			col('old_part_returned', ['旧件回收'], { kind: 'enum', words: YES_NO }),
			col('supplier_claim', ['二次索赔'], { kind: 'enum', words: SUPPLIER_CLAIM }),
			col('recovered_amount', ['追回金额'], amount)
		]
	},
	technicians: {
		name: 'technicians',
		key: ['technician_id'],
		ticketRefs: [],
		columns: [
			col('technician_id', ['师傅工号', '工号'], text, true),
			col('name', ['姓名'], text),
			col('hire_date', ['入职日期'], date, true),
			col('leave_date', ['离职日期', '离岗日期'], date),
			col('team', ['班组'], text),
			col('team_type', ['队伍类型'], { kind: 'enum', words: TEAM_TYPES })
		]
	}
};

/** Load order: tickets first, since rework and parts refer to them. */
export const LOAD_ORDER: TableName[] = ['technicians', 'tickets', 'rework', 'parts'];

export function normalizeHeader(h: string): string {
	return h
		.replace(/^\uFEFF/, '')
		.trim()
		.toLowerCase();
}

export function columnForHeader(table: TableSpec, header: string): ColumnSpec | undefined {
	const h = normalizeHeader(header);
	return table.columns.find((c) => c.name === h || c.aliases.some((a) => a.toLowerCase() === h));
}

export function describeAliases(c: ColumnSpec): string {
	return [c.name, ...c.aliases].join(', ');
}

export function sqlType(t: ColumnKind): string {
	switch (t.kind) {
		case 'timestamp':
			return 'TIMESTAMP';
		case 'date':
			return 'DATE';
		case 'number':
			return 'DOUBLE';
		case 'integer':
			return 'INTEGER';
		default:
			return 'VARCHAR';
	}
}

export interface HeaderMatch {
	table: TableSpec;
	/** canonical column → 0-based position in the file */
	positions: Map<string, number>;
	/** header name in the file of each mapped column */
	headerOf: Map<string, string>;
	/** headers the contract does not know: kept out of the warehouse, reported once */
	ignored: string[];
	missing: ColumnSpec[];
}

const PREFERENCE: TableName[] = ['tickets', 'rework', 'parts', 'technicians'];

function mapHeaders(table: TableSpec, headers: string[]): HeaderMatch {
	const positions = new Map<string, number>();
	const headerOf = new Map<string, string>();
	const ignored: string[] = [];
	headers.forEach((h, i) => {
		const c = columnForHeader(table, h);
		if (c && !positions.has(c.name)) {
			positions.set(c.name, i);
			headerOf.set(c.name, h);
		} else ignored.push(h === '' ? `(column ${i + 1} has no header)` : h);
	});
	const missing = table.columns.filter((c) => c.required && !positions.has(c.name));
	return { table, positions, headerOf, ignored, missing };
}

/**
 * Which table a header line belongs to: a file that has every required column of
 * a table is that table's file; otherwise the table whose columns it names most.
 * null when it names no known column at all. (Used by ingest and by the upload preview.)
 */
export function matchHeaders(headers: string[]): HeaderMatch | null {
	let best: { m: HeaderMatch; score: number } | null = null;
	for (const name of PREFERENCE) {
		const m = mapHeaders(TABLES[name], headers);
		const score = m.positions.size + (m.missing.length === 0 ? 1000 : 0);
		if (!best || score > best.score) best = { m, score };
	}
	return best && best.m.positions.size > 0 ? best.m : null;
}
