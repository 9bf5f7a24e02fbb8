// CSV ingest against the input contract (docs/DATA.md).
// Every test writes its own fixture files into a fresh temp dir and loads them
// into a fresh DuckDB file through the library (Warehouse.open + ingestFiles).
// Expectations come from DATA.md, not from src/lib/server/contract.ts.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { Warehouse } from '../../src/lib/server/warehouse';
import type { FileResult } from '../../src/lib/server/ingest/index';
import { warehouseFixture, type WarehouseFixture as Fixture } from './helpers/warehouse-fixture';
import {
	AMOUNT_RULE,
	DATE_RULE,
	MISSING,
	RESPONSIBILITY_RULE,
	SUPPLIER_CLAIM_RULE,
	TEAM_TYPE_RULE,
	TYPE_RULE,
	WARRANTY_RULE,
	YES_NO_RULE,
	fileResult,
	storedRejects
} from './helpers/ingest-expect';

type Row = Record<string, unknown>;

// ---------------------------------------------------------------- helpers

const fixture = () => warehouseFixture('ingest');

/** CSV text from lines, LF line ends and a final newline unless told otherwise */
function csv(lines: string[], eol = '\n', finalEol = true): string {
	return lines.join(eol) + (finalEol ? eol : '');
}

const DATA_TABLES = ['tickets', 'rework', 'parts', 'technicians'] as const;

/** every warehouse table, every column, rows in a stable order */
async function dump(wh: Warehouse): Promise<Record<string, Row[]>> {
	const out: Record<string, Row[]> = {};
	for (const t of [...DATA_TABLES, 'rejects', 'ingests']) out[t] = await wh.all(`SELECT * FROM ${t} ORDER BY ALL`);
	return out;
}

// The columns and header aliases DATA.md lists, in its order.
const CONTRACT: Record<(typeof DATA_TABLES)[number], [string, string[]][]> = {
	tickets: [
		['ticket_id', ['工单号', '工单编号']],
		['created_at', ['报修时间', '创建时间', '受理时间']],
		['type', ['类型', '工单类型', '服务类型']],
		['customer_id', ['客户编号', '客户ID', '用户编号']],
		['region', ['区域', '地区', '省份']],
		['city', ['城市']],
		['product_model', ['机型', '产品型号']],
		['serial_no', ['条码', '序列号', '机号']],
		['production_date', ['生产日期']],
		['batch', ['批次', '生产批次']],
		['purchase_date', ['购买日期', '购机日期']],
		['technician_id', ['师傅工号', '技术员', '服务人员']],
		['team', ['班组', '网点', '服务网点']],
		['team_type', ['队伍类型', '人员类型']],
		['arrived_at', ['到达时间', '上门时间']],
		['completed_at', ['完工时间', '完成时间']],
		['distance_km', ['服务半径', '距离']],
		['fault_code', ['故障代码']],
		['fault_component', ['故障部件']],
		['fault_description', ['故障描述']],
		['warranty', ['保修状态', '保内保外']],
		['satisfaction', ['满意度', '回访满意度']],
		['labor_fee', ['人工费']],
		['parts_fee', ['配件费']]
	],
	rework: [
		['rework_id', ['返工单号']],
		['original_ticket_id', ['原工单号']],
		['rework_ticket_id', ['返工工单号']],
		['rework_date', ['返工日期']],
		['reason', ['返工原因']],
		['responsibility', ['责任归属']],
		['cost', ['返工费用']]
	],
	parts: [
		['ticket_id', ['工单号']],
		['part_no', ['配件编码', '物料编码']],
		['part_name', ['配件名称']],
		['supplier', ['供应商']],
		['quantity', ['数量']],
		['unit_cost', ['单价']],
		['warranty_claim', ['三包件', '保修索赔']],
		['old_part_returned', ['旧件回收']],
		['supplier_claim', ['二次索赔']],
		['recovered_amount', ['追回金额']]
	],
	technicians: [
		['technician_id', ['师傅工号', '工号']],
		['name', ['姓名']],
		['hire_date', ['入职日期']],
		['team', ['班组']],
		['team_type', ['队伍类型']]
	]
};

const TICKET_HEADER_EN = 'ticket_id,created_at,type,customer_id';

// ---------------------------------------------------------------- encodings, headers, enums

describe('encodings, line ends and headers', () => {
	it('loads a GBK file with Chinese headers, Chinese enum words and CRLF line ends', async () => {
		const fx = await fixture();
		const text = csv(
			[
				'工单号,报修时间,服务类型,客户编号,区域,城市,机型,队伍类型,保修状态,回访满意度,故障部件,故障描述,完工时间,购机日期,服务半径,人工费',
				'G1,2026年7月1日,安装,客户甲,华东,上海,KFR-35GW/BpR3,自有,保内,5,压缩机,"压缩机异响,需更换",2026/7/2 9:05:00,2026/1/5,12.5,80',
				'G2,2026/7/1,维修,客户乙,华南,广州,KFR-26GW,外协,保外,4,电容,"第一行',
				'第二行",,,,',
				'G3,2026-07-03 08:15,保养,客户丙,华北,北京,,外包,保内,,,,,,,', // 外包 is not a team type
				'G4,2026-07-04,投诉,客户丁,西南,成都,,自有,保外,1,,噪音大,,,,'
			],
			'\r\n'
		);
		const file = fx.write('工单_gbk.csv', iconv.encode(text, 'gbk'));
		// the fixture really is GBK, not UTF-8
		expect(fs.readFileSync(file).includes(Buffer.from('工单号', 'utf8'))).toBe(false);
		expect(fs.readFileSync(file).includes(iconv.encode('工单号', 'gbk'))).toBe(true);

		const r = await fx.ingest(file);
		expect(r.ok).toBe(true);
		const f = fileResult(r, file);
		expect(f).toMatchObject({
			table: 'tickets',
			encoding: 'gb18030',
			rows_read: 4,
			rows_loaded: 3,
			rows_rejected: 1,
			ignored_columns: []
		});
		expect(f.error).toBeUndefined();
		expect(f.rejects).toEqual([{ line: 5, column: 'team_type', value: '外包', rule: TEAM_TYPE_RULE }]);

		const rows = await fx.wh.all(
			`SELECT ticket_id, created_at, type, customer_id, region, city, product_model, team_type, warranty, satisfaction,
              fault_component, fault_description, completed_at, purchase_date, distance_km, labor_fee
       FROM tickets ORDER BY ticket_id`
		);
		expect(rows).toEqual([
			{
				ticket_id: 'G1',
				created_at: '2026-07-01 00:00:00',
				type: 'install',
				customer_id: '客户甲',
				region: '华东',
				city: '上海',
				product_model: 'KFR-35GW/BpR3',
				team_type: 'internal',
				warranty: 'in',
				satisfaction: 5,
				fault_component: '压缩机',
				fault_description: '压缩机异响,需更换',
				completed_at: '2026-07-02 09:05:00',
				purchase_date: '2026-01-05',
				distance_km: 12.5,
				labor_fee: 80
			},
			{
				ticket_id: 'G2',
				created_at: '2026-07-01 00:00:00',
				type: 'repair',
				customer_id: '客户乙',
				region: '华南',
				city: '广州',
				product_model: 'KFR-26GW',
				team_type: 'outsourced',
				warranty: 'out',
				satisfaction: 4,
				fault_component: '电容',
				fault_description: '第一行\r\n第二行',
				completed_at: null,
				purchase_date: null,
				distance_km: null,
				labor_fee: null
			},
			{
				ticket_id: 'G4',
				created_at: '2026-07-04 00:00:00',
				type: 'complaint',
				customer_id: '客户丁',
				region: '西南',
				city: '成都',
				product_model: null,
				team_type: 'internal',
				warranty: 'out',
				satisfaction: 1,
				fault_component: null,
				fault_description: '噪音大',
				completed_at: null,
				purchase_date: null,
				distance_km: null,
				labor_fee: null
			}
		]);
		// G3 (保养) was rejected for its team type only; a good 保养 row is covered below
		expect(await storedRejects(fx.wh, file)).toEqual(f.rejects);
	});

	it('loads a GB18030 file whose Chinese text first appears after the first MiB (encoding judged on the whole file)', async () => {
		// DATA.md: GBK/GB18030 exports "must load without hand-editing". A long export
		// whose first MiB happens to be ASCII is still a GBK file.
		const fx = await fixture();
		const lines = [`${TICKET_HEADER_EN},city`];
		for (let i = 0, bytes = 0; bytes < 1.2 * (1 << 20); i++) {
			const line = `A${i},2026-07-01,install,cust-${i},Shanghai`;
			lines.push(line);
			bytes += line.length + 2;
		}
		const asciiRows = lines.length - 1;
		lines.push('LATE1,2026-07-02,维修,客户乙,上海');
		const file = fx.write('late_gbk.csv', iconv.encode(csv(lines, '\r\n'), 'gbk'));
		const f = fileResult(await fx.ingest(file), file);
		expect(f.rejects).toEqual([]);
		expect(f).toMatchObject({ encoding: 'gb18030', rows_read: asciiRows + 1, rows_loaded: asciiRows + 1, rows_rejected: 0 });
		expect(await fx.wh.all(`SELECT ticket_id, type, customer_id, city FROM tickets WHERE ticket_id = 'LATE1'`)).toEqual([
			{ ticket_id: 'LATE1', type: 'repair', customer_id: '客户乙', city: '上海' }
		]);
	});

	it('loads UTF-8 with a BOM, CRLF, English headers in odd case and spacing, English enum words in any case', async () => {
		const fx = await fixture();
		const text =
			'\uFEFF' +
			csv(
				[
					' Ticket_ID ,CREATED_AT,  Type,customer_ID , Team_Type,WARRANTY,Satisfaction ,Fault_Description',
					'B1,2026-07-01 14:30,Install,c1,INTERNAL,In,3,"cold, no air"',
					'B2,2026-07-02,REPAIR,c2,outsourced,OUT,,',
					'B3,2026-07-03,Maintenance,c3,Internal,in,5,',
					'B4,2026-07-04,cOmPlAiNt,c4,OutSourced,Out,1,'
				],
				'\r\n'
			);
		const file = fx.write('bom.csv', text);
		expect(fs.readFileSync(file).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
		const f = fileResult(await fx.ingest(file), file);
		expect(f).toMatchObject({
			table: 'tickets',
			encoding: 'utf-8-bom',
			rows_read: 4,
			rows_loaded: 4,
			rows_rejected: 0,
			ignored_columns: [],
			rejects: []
		});
		expect(
			await fx.wh.all(
				`SELECT ticket_id, created_at, type, customer_id, team_type, warranty, satisfaction, fault_description FROM tickets ORDER BY ticket_id`
			)
		).toEqual([
			{
				ticket_id: 'B1',
				created_at: '2026-07-01 14:30:00',
				type: 'install',
				customer_id: 'c1',
				team_type: 'internal',
				warranty: 'in',
				satisfaction: 3,
				fault_description: 'cold, no air'
			},
			{
				ticket_id: 'B2',
				created_at: '2026-07-02 00:00:00',
				type: 'repair',
				customer_id: 'c2',
				team_type: 'outsourced',
				warranty: 'out',
				satisfaction: null,
				fault_description: null
			},
			{
				ticket_id: 'B3',
				created_at: '2026-07-03 00:00:00',
				type: 'maintenance',
				customer_id: 'c3',
				team_type: 'internal',
				warranty: 'in',
				satisfaction: 5,
				fault_description: null
			},
			{
				ticket_id: 'B4',
				created_at: '2026-07-04 00:00:00',
				type: 'complaint',
				customer_id: 'c4',
				team_type: 'outsourced',
				warranty: 'out',
				satisfaction: 1,
				fault_description: null
			}
		]);
	});

	it('plain UTF-8 (no BOM) with LF and a last line without a newline', async () => {
		const fx = await fixture();
		const file = fx.write('plain.csv', csv([TICKET_HEADER_EN, 'P1,2026-07-01,install,c1', 'P2,2026-07-02,repair,c2'], '\n', false));
		const f = fileResult(await fx.ingest(file), file);
		expect(f).toMatchObject({ encoding: 'utf-8', rows_read: 2, rows_loaded: 2, rows_rejected: 0 });
		expect(await fx.wh.all(`SELECT ticket_id, customer_id FROM tickets ORDER BY 1`)).toEqual([
			{ ticket_id: 'P1', customer_id: 'c1' },
			{ ticket_id: 'P2', customer_id: 'c2' }
		]);
	});

	// One value per column, valid for its type, and what it is stored as.
	const VALUES: Record<(typeof DATA_TABLES)[number], [string, unknown][]> = {
		tickets: [
			['T1', 'T1'],
			['2026-07-01 08:00', '2026-07-01 08:00:00'],
			['维修', 'repair'],
			['C1', 'C1'],
			['华东', '华东'],
			['上海', '上海'],
			['KFR-35GW/BpR3', 'KFR-35GW/BpR3'],
			['SN0001', 'SN0001'],
			['2025-12-20', '2025-12-20'],
			['B2512', 'B2512'],
			['2026/3/4', '2026-03-04'],
			['W01', 'W01'],
			['一组', '一组'],
			['外协', 'outsourced'],
			['2026-07-01 10:00', '2026-07-01 10:00:00'],
			['2026/7/1 11:30:00', '2026-07-01 11:30:00'],
			['12.5', 12.5],
			['E1', 'E1'],
			['电容', '电容'],
			['不制冷', '不制冷'],
			['保外', 'out'],
			['4', 4],
			['80', 80],
			['35.5', 35.5]
		],
		rework: [
			['R1', 'R1'],
			['T1', 'T1'],
			['T2', 'T2'],
			['2026年7月5日', '2026-07-05'],
			['漏水', '漏水'],
			['安装', 'installer'],
			['60', 60]
		],
		parts: [
			['T1', 'T1'],
			['P-CAP-35', 'P-CAP-35'],
			['电容', '电容'],
			['供应商甲', '供应商甲'],
			['2', 2],
			['12.5', 12.5],
			['是', 'yes'],
			['否', 'no'],
			['已追回', 'recovered'],
			['20', 20]
		],
		technicians: [
			['W01', 'W01'],
			['张师傅', '张师傅'],
			['2024/3/1', '2024-03-01'],
			['一组', '一组'],
			['自有', 'internal']
		]
	};

	// variant 0: canonical names in odd case/spacing; variant k ≥ 1: the k-th alias
	// of each column (its last alias when it has fewer), in a case/spacing variant.
	for (const variant of [0, 1, 2, 3]) {
		it(`accepts every header alias of DATA.md (variant ${variant}) and maps each to its column`, async () => {
			const fx = await fixture();
			const files: Record<string, string> = {};
			for (const t of DATA_TABLES) {
				const headers = CONTRACT[t].map(([name, aliases], i) => {
					const h = variant === 0 ? name : aliases[Math.min(variant - 1, aliases.length - 1)];
					const cased = i % 2 === 0 ? h.toUpperCase() : h.toLowerCase(); // 客户ID → 客户id too
					return i % 3 === 0 ? `  ${cased} ` : cased;
				});
				files[t] = fx.write(`${t}.csv`, csv([headers.join(','), VALUES[t].map(([v]) => v).join(',')]));
			}
			const r = await fx.ingest(...Object.values(files));
			expect(r.ok).toBe(true);
			for (const t of DATA_TABLES) {
				const f = fileResult(r, files[t]);
				expect({ table: f.table, loaded: f.rows_loaded, ignored: f.ignored_columns, rejects: f.rejects }).toEqual({
					table: t,
					loaded: 1,
					ignored: [],
					rejects: []
				});
				const cols = CONTRACT[t].map(([name]) => name);
				const [row] = await fx.wh.all(`SELECT ${cols.join(', ')} FROM ${t}`);
				expect(row).toEqual(Object.fromEntries(cols.map((c, i) => [c, VALUES[t][i][1]])));
			}
		});
	}

	it('accepts every Chinese enum word and English words in any case, for every enum column', async () => {
		const fx = await fixture();
		const tickets = fx.write(
			'tickets.csv',
			csv([
				`${TICKET_HEADER_EN},team_type,warranty`,
				'E1,2026-07-01,安装,c,自有,保内',
				'E2,2026-07-01,维修,c,外协,保外',
				'E3,2026-07-01,保养,c,,',
				'E4,2026-07-01,投诉,c,,',
				'E5,2026-07-01,INSTALL,c,Internal,IN',
				'E6,2026-07-01,Repair,c,OUTSOURCED,oUt',
				'E7,2026-07-01,maintenance,c,,',
				'E8,2026-07-01,ComPlaint,c,,'
			])
		);
		const rework = fx.write(
			'rework.csv',
			csv([
				'rework_id,original_ticket_id,rework_date,responsibility',
				'R1,E1,2026-07-02,安装',
				'R2,E1,2026-07-02,产品',
				'R3,E1,2026-07-02,用户',
				'R4,E1,2026-07-02,未知',
				'R5,E1,2026-07-02,Installer',
				'R6,E1,2026-07-02,PRODUCT',
				'R7,E1,2026-07-02,customer',
				'R8,E1,2026-07-02,UnKnown'
			])
		);
		const parts = fx.write(
			'parts.csv',
			csv([
				'ticket_id,part_no,quantity,warranty_claim,old_part_returned,supplier_claim',
				'E1,P1,1,是,否,无',
				'E1,P2,1,否,是,已提交',
				'E1,P3,1,YES,No,已追回',
				'E1,P4,1,no,YES,NONE',
				'E1,P5,1,Yes,nO,Submitted',
				'E1,P6,1,,,recovered'
			])
		);
		const techs = fx.write(
			'technicians.csv',
			csv([
				'technician_id,hire_date,team_type',
				'W1,2024-01-01,自有',
				'W2,2024-01-01,外协',
				'W3,2024-01-01,INTERNAL',
				'W4,2024-01-01,Outsourced'
			])
		);
		const r = await fx.ingest(tickets, rework, parts, techs);
		expect(r.files.flatMap((f) => f.rejects)).toEqual([]);
		expect(await fx.wh.all(`SELECT ticket_id, type, team_type, warranty FROM tickets ORDER BY 1`)).toEqual([
			{ ticket_id: 'E1', type: 'install', team_type: 'internal', warranty: 'in' },
			{ ticket_id: 'E2', type: 'repair', team_type: 'outsourced', warranty: 'out' },
			{ ticket_id: 'E3', type: 'maintenance', team_type: null, warranty: null },
			{ ticket_id: 'E4', type: 'complaint', team_type: null, warranty: null },
			{ ticket_id: 'E5', type: 'install', team_type: 'internal', warranty: 'in' },
			{ ticket_id: 'E6', type: 'repair', team_type: 'outsourced', warranty: 'out' },
			{ ticket_id: 'E7', type: 'maintenance', team_type: null, warranty: null },
			{ ticket_id: 'E8', type: 'complaint', team_type: null, warranty: null }
		]);
		expect((await fx.wh.all(`SELECT responsibility FROM rework ORDER BY rework_id`)).map((x) => x.responsibility)).toEqual([
			'installer',
			'product',
			'customer',
			'unknown',
			'installer',
			'product',
			'customer',
			'unknown'
		]);
		expect(await fx.wh.all(`SELECT part_no, warranty_claim, old_part_returned, supplier_claim FROM parts ORDER BY part_no`)).toEqual([
			{ part_no: 'P1', warranty_claim: 'yes', old_part_returned: 'no', supplier_claim: 'none' },
			{ part_no: 'P2', warranty_claim: 'no', old_part_returned: 'yes', supplier_claim: 'submitted' },
			{ part_no: 'P3', warranty_claim: 'yes', old_part_returned: 'no', supplier_claim: 'recovered' },
			{ part_no: 'P4', warranty_claim: 'no', old_part_returned: 'yes', supplier_claim: 'none' },
			{ part_no: 'P5', warranty_claim: 'yes', old_part_returned: 'no', supplier_claim: 'submitted' },
			{ part_no: 'P6', warranty_claim: null, old_part_returned: null, supplier_claim: 'recovered' }
		]);
		expect((await fx.wh.all(`SELECT team_type FROM technicians ORDER BY technician_id`)).map((x) => x.team_type)).toEqual([
			'internal',
			'outsourced',
			'internal',
			'outsourced'
		]);
	});
});

// ---------------------------------------------------------------- dates

describe('date and time formats', () => {
	// [as written, stored TIMESTAMP, stored DATE]
	const FORMATS: [string, string, string][] = [
		['2026-07-01', '2026-07-01 00:00:00', '2026-07-01'],
		['2026/7/1', '2026-07-01 00:00:00', '2026-07-01'],
		['2026-07-01 14:30', '2026-07-01 14:30:00', '2026-07-01'],
		['2026/7/1 14:30:00', '2026-07-01 14:30:00', '2026-07-01'],
		['2026年7月1日', '2026-07-01 00:00:00', '2026-07-01'],
		// the same spellings with two-digit / other month and day values
		['2025-12-31', '2025-12-31 00:00:00', '2025-12-31'],
		['2025/12/31', '2025-12-31 00:00:00', '2025-12-31'],
		['2026/07/09', '2026-07-09 00:00:00', '2026-07-09'],
		['2025-11-09 08:05', '2025-11-09 08:05:00', '2025-11-09'],
		['2025/11/9 23:59:59', '2025-11-09 23:59:59', '2025-11-09'],
		['2025年11月9日', '2025-11-09 00:00:00', '2025-11-09'],
		['2024年2月29日', '2024-02-29 00:00:00', '2024-02-29']
	];

	it('stores each accepted spelling as the exact timestamp (timestamp columns) and date (date columns)', async () => {
		const fx = await fixture();
		const tickets = fx.write(
			'tickets.csv',
			csv([
				`${TICKET_HEADER_EN},arrived_at,completed_at,purchase_date,production_date`,
				...FORMATS.map(([s], i) => `D${String(i).padStart(2, '0')},${s},repair,c,${s},${s},${s},${s}`)
			])
		);
		const rework = fx.write(
			'rework.csv',
			csv(['rework_id,original_ticket_id,rework_date', ...FORMATS.map(([s], i) => `R${String(i).padStart(2, '0')},D00,${s}`)])
		);
		const techs = fx.write(
			'technicians.csv',
			csv(['technician_id,hire_date', ...FORMATS.map(([s], i) => `W${String(i).padStart(2, '0')},${s}`)])
		);
		const r = await fx.ingest(tickets, rework, techs);
		expect(r.files.map((f) => [f.table, f.rows_loaded, f.rejects])).toEqual([
			['technicians', FORMATS.length, []],
			['tickets', FORMATS.length, []],
			['rework', FORMATS.length, []]
		]);
		expect(
			await fx.wh.all(`SELECT created_at, arrived_at, completed_at, purchase_date, production_date FROM tickets ORDER BY ticket_id`)
		).toEqual(FORMATS.map(([, ts, d]) => ({ created_at: ts, arrived_at: ts, completed_at: ts, purchase_date: d, production_date: d })));
		expect((await fx.wh.all(`SELECT rework_date FROM rework ORDER BY rework_id`)).map((x) => x.rework_date)).toEqual(
			FORMATS.map(([, , d]) => d)
		);
		expect((await fx.wh.all(`SELECT hire_date FROM technicians ORDER BY technician_id`)).map((x) => x.hire_date)).toEqual(
			FORMATS.map(([, , d]) => d)
		);
		// the stored values are real TIMESTAMP / DATE values, not strings that look like them
		const [types] = await fx.wh.all(
			`SELECT typeof(created_at) AS ts, typeof(purchase_date) AS d,
              count(*) FILTER (WHERE created_at = TIMESTAMP '2026-07-01 14:30:00') AS at_1430,
              count(*) FILTER (WHERE created_at = TIMESTAMP '2026-07-01 00:00:00') AS at_midnight
       FROM tickets GROUP BY ALL`
		);
		expect(types).toEqual({ ts: 'TIMESTAMP', d: 'DATE', at_1430: 2, at_midnight: 3 });
	});

	it('rejects dates that do not exist or are not one of the spellings', async () => {
		const fx = await fixture();
		const bad = ['2025-02-30', '2026-13-01', '2026/7/32', '2026年2月30日', '2026-07-01 25:00', 'yesterday', '07/01/2026', '20260701'];
		const file = fx.write(
			'tickets.csv',
			csv([
				`${TICKET_HEADER_EN},purchase_date`,
				'OK1,2026-07-01,install,c,',
				...bad.map((b, i) => `X${i},${b},install,c,2026-01-01`),
				`P1,2026-07-01,install,c,2025-02-30`
			])
		);
		const f = fileResult(await fx.ingest(file), file);
		expect(f.rejects).toEqual([
			...bad.map((b, i) => ({ line: 3 + i, column: 'created_at', value: b, rule: DATE_RULE })),
			{ line: 3 + bad.length, column: 'purchase_date', value: '2025-02-30', rule: DATE_RULE }
		]);
		expect(f).toMatchObject({ rows_read: bad.length + 2, rows_loaded: 1, rows_rejected: bad.length + 1 });
		expect(await fx.wh.all(`SELECT ticket_id FROM tickets`)).toEqual([{ ticket_id: 'OK1' }]);
	});
});

// ---------------------------------------------------------------- quoting and line numbers

describe('quoted fields and physical line numbers', () => {
	for (const eol of ['\n', '\r\n']) {
		it(`keeps commas, doubled quotes and newlines inside quotes; later rejects carry the physical line (${JSON.stringify(eol)})`, async () => {
			const fx = await fixture();
			const lines = [
				/*  1 */ `${TICKET_HEADER_EN},fault_description,fault_component`,
				/*  2 */ 'Q1,2026-07-01,repair,C1,"压缩机, 电容, 电脑板",PCB',
				/*  3 */ 'Q2,2026-07-01,repair,C2,"he said ""it leaks"", twice",""',
				/*  4 */ 'Q3,2026-07-01,repair,C3,"line one',
				/*  5 */ 'line two, with a comma',
				/*  6 */ 'line ""three""",电容',
				/*  7 */ 'Q4,2026-07-01,bogus,C4,after the multi-line field,',
				/*  8 */ '',
				/*  9 */ 'Q5,2026-07-01,repair,C5,"a',
				/* 10 */ '',
				/* 11 */ 'b",',
				/* 12 */ 'Q3,2026-07-02,repair,C3b,duplicate of the multi-line row,',
				/* 13 */ 'Q6,2026-13-01,repair,C6,x,',
				/* 14 */ '"Q7","2026-07-01","install","C7","quoted, all of it","x"',
				/* 15 */ 'Q8,2026-07-01,repair,C8,"too, ""many""',
				/* 16 */ '",fields,here'
			];
			const file = fx.write('quoted.csv', csv(lines, eol));
			const f = fileResult(await fx.ingest(file), file);
			expect(f.rejects).toEqual([
				{ line: 7, column: 'type', value: 'bogus', rule: TYPE_RULE },
				{ line: 12, column: 'ticket_id', value: 'Q3', rule: 'duplicate id in this file (first on line 4)' },
				{ line: 13, column: 'created_at', value: '2026-13-01', rule: DATE_RULE },
				{
					line: 15,
					column: null,
					value: `Q8,2026-07-01,repair,C8,"too, ""many""${eol}",fields,here`,
					rule: expect.stringMatching(/^malformed CSV row: too many fields/)
				}
			]);
			// the blank line 8 is not a row
			expect(f).toMatchObject({ rows_read: 9, rows_loaded: 5, rows_rejected: 4 });
			expect(await fx.wh.all(`SELECT ticket_id, customer_id, fault_description, fault_component FROM tickets ORDER BY 1`)).toEqual([
				{ ticket_id: 'Q1', customer_id: 'C1', fault_description: '压缩机, 电容, 电脑板', fault_component: 'PCB' },
				{ ticket_id: 'Q2', customer_id: 'C2', fault_description: 'he said "it leaks", twice', fault_component: null },
				{
					ticket_id: 'Q3',
					customer_id: 'C3',
					fault_description: `line one${eol}line two, with a comma${eol}line "three"`,
					fault_component: '电容'
				},
				{ ticket_id: 'Q5', customer_id: 'C5', fault_description: `a${eol}${eol}b`, fault_component: null },
				{ ticket_id: 'Q7', customer_id: 'C7', fault_description: 'quoted, all of it', fault_component: 'x' }
			]);
			expect(await storedRejects(fx.wh, file)).toEqual(f.rejects);
		});
	}
});

// ---------------------------------------------------------------- bad rows

describe('bad rows: each rule, with file line, column, value and rule', () => {
	it('tickets, rework and parts: every rule; the good rows load; the rejects are kept in the rejects table', async () => {
		const fx = await fixture();
		const tickets = fx.write(
			'tickets.csv',
			csv([
				/*  1 */ 'ticket_id,created_at,type,customer_id,satisfaction,distance_km,labor_fee,warranty,fault_description',
				/*  2 */ 'T1,2026-07-01,install,C1,5,3,50,in,good',
				/*  3 */ 'T2,2025-02-30,install,C2,,,,,bad date',
				/*  4 */ 'T3,2026-07-02,fix,C3,,,,,bad enum',
				/*  5 */ 'T4,2026-07-03,repair,C4,,-2,,,negative distance',
				/*  6 */ 'T5,2026-07-04,repair,C5,6,,,,satisfaction 6',
				/*  7 */ 'T6,2026-07-05,repair,C6,0,,,,satisfaction 0',
				/*  8 */ 'T7,2026-07-06,repair,,,,,,missing customer',
				/*  9 */ 'T8,2026-07-07,repair,C8,,,-0.5,,negative fee',
				/* 10 */ 'T1,2026-07-08,repair,C1b,,,,,duplicate of line 2',
				/* 11 */ 'T9,2026-07-09,repair,C9,,,,,too,many',
				/* 12 */ 'T10,2026-07-10,repair',
				/* 13 */ 'T11,2026-07-11,maintenance,C11,2,,,OUT,good',
				/* 14 */ 'T12,2026-07-12,complaint,C12,,,,sometimes,bad warranty',
				/* 15 */ 'T13,2026-07-13,install,C13,4.5,,,,satisfaction not whole',
				/* 16 */ 'T14,2026-07-14,install,C14,,far,,,distance not a number',
				/* 17 */ '   ,2026-07-15,install,C15,,,,,blank id'
			])
		);
		const rework = fx.write(
			'rework.csv',
			csv([
				/*  1 */ 'rework_id,original_ticket_id,rework_ticket_id,rework_date,reason,responsibility,cost',
				/*  2 */ 'R1,T1,T11,2026-07-20,漏水,安装,120',
				/*  3 */ 'R2,T404,,2026-07-21,噪音,product,0',
				/*  4 */ 'R3,T11,,2026-02-30,x,customer,',
				/*  5 */ 'R4,T11,,2026-07-22,x,someone,',
				/*  6 */ 'R5,T11,,2026-07-23,x,unknown,-1',
				/*  7 */ 'R1,T11,,2026-07-24,x,unknown,',
				/*  8 */ ',T11,,2026-07-25,x,,',
				/*  9 */ 'R6,T2,,2026-07-25,rejected ticket,,',
				/* 10 */ 'R7,T11,,,x,,',
				/* 11 */ 'R8,T11,,2026-07-26,good,未知,'
			])
		);
		const parts = fx.write(
			'parts.csv',
			csv([
				/*  1 */ 'ticket_id,part_no,part_name,supplier,quantity,unit_cost,warranty_claim,old_part_returned,supplier_claim,recovered_amount',
				/*  2 */ 'T1,P-CAP,电容,S1,1,12.5,是,否,已提交,0',
				/*  3 */ 'T1,P-PCB,电脑板,S2,2,300,YES,no,Recovered,150',
				/*  4 */ 'T11,P-X,x,S3,0,1,,,,',
				/*  5 */ 'T11,P-Y,x,S3,1.5,1,,,,',
				/*  6 */ 'T11,P-Z,x,S3,-2,1,,,,',
				/*  7 */ 'T404,P-Q,x,S3,1,1,,,,',
				/*  8 */ 'T11,P-W,x,S3,1,-3,,,,',
				/*  9 */ 'T11,,x,S3,1,1,,,,',
				/* 10 */ 'T11,P-V,x,S3,1,1,maybe,,,',
				/* 11 */ 'T11,P-U,x,S3,1,1,,,pending,',
				/* 12 */ 'T11,P-T,x,S3,,1,,,,',
				/* 13 */ 'T11,P-S,x,S3,two,1,,,,',
				/* 14 */ 'T11,P-R,x,S3,1,1,,,,lots',
				/* 15 */ 'T11,P-OK,x,S3,3,,,是,,'
			])
		);
		// rework and parts first on purpose: tickets must still be loaded before them
		const r = await fx.ingest(parts, rework, tickets);
		expect(r.ok).toBe(true);
		expect(r.files.map((f) => f.table)).toEqual(['tickets', 'rework', 'parts']);

		const ft = fileResult(r, tickets);
		expect(ft.rejects).toEqual([
			{ line: 3, column: 'created_at', value: '2025-02-30', rule: DATE_RULE },
			{ line: 4, column: 'type', value: 'fix', rule: TYPE_RULE },
			{ line: 5, column: 'distance_km', value: '-2', rule: AMOUNT_RULE },
			{ line: 6, column: 'satisfaction', value: '6', rule: 'must be ≤ 5' },
			{ line: 7, column: 'satisfaction', value: '0', rule: 'must be ≥ 1' },
			{ line: 8, column: 'customer_id', value: null, rule: MISSING },
			{ line: 9, column: 'labor_fee', value: '-0.5', rule: AMOUNT_RULE },
			{ line: 10, column: 'ticket_id', value: 'T1', rule: 'duplicate id in this file (first on line 2)' },
			{
				line: 11,
				column: null,
				value: 'T9,2026-07-09,repair,C9,,,,,too,many',
				rule: expect.stringMatching(/^malformed CSV row: too many fields/)
			},
			{ line: 12, column: null, value: 'T10,2026-07-10,repair', rule: expect.stringMatching(/^malformed CSV row: too few fields/) },
			{ line: 14, column: 'warranty', value: 'sometimes', rule: WARRANTY_RULE },
			{ line: 15, column: 'satisfaction', value: '4.5', rule: 'not a whole number from 1 to 5' },
			{ line: 16, column: 'distance_km', value: 'far', rule: 'not a number' },
			{ line: 17, column: 'ticket_id', value: null, rule: MISSING }
		]);
		expect(ft).toMatchObject({ rows_read: 16, rows_loaded: 2, rows_rejected: 14, rows_inserted: 2 });
		expect(
			await fx.wh.all(
				`SELECT ticket_id, customer_id, satisfaction, distance_km, labor_fee, warranty, fault_description FROM tickets ORDER BY 1`
			)
		).toEqual([
			{ ticket_id: 'T1', customer_id: 'C1', satisfaction: 5, distance_km: 3, labor_fee: 50, warranty: 'in', fault_description: 'good' },
			{
				ticket_id: 'T11',
				customer_id: 'C11',
				satisfaction: 2,
				distance_km: null,
				labor_fee: null,
				warranty: 'out',
				fault_description: 'good'
			}
		]);

		const fr = fileResult(r, rework);
		const REF = 'no ticket with this id in the warehouse';
		expect(fr.rejects).toEqual([
			{ line: 3, column: 'original_ticket_id', value: 'T404', rule: REF },
			{ line: 4, column: 'rework_date', value: '2026-02-30', rule: DATE_RULE },
			{ line: 5, column: 'responsibility', value: 'someone', rule: RESPONSIBILITY_RULE },
			{ line: 6, column: 'cost', value: '-1', rule: AMOUNT_RULE },
			{ line: 7, column: 'rework_id', value: 'R1', rule: 'duplicate id in this file (first on line 2)' },
			{ line: 8, column: 'rework_id', value: null, rule: MISSING },
			{ line: 9, column: 'original_ticket_id', value: 'T2', rule: REF },
			{ line: 10, column: 'rework_date', value: null, rule: MISSING }
		]);
		expect(fr).toMatchObject({ rows_read: 10, rows_loaded: 2, rows_rejected: 8 });
		expect(await fx.wh.all(`SELECT * EXCLUDE (ingest_id) FROM rework ORDER BY 1`)).toEqual([
			{
				rework_id: 'R1',
				original_ticket_id: 'T1',
				rework_ticket_id: 'T11',
				rework_date: '2026-07-20',
				reason: '漏水',
				responsibility: 'installer',
				cost: 120
			},
			{
				rework_id: 'R8',
				original_ticket_id: 'T11',
				rework_ticket_id: null,
				rework_date: '2026-07-26',
				reason: 'good',
				responsibility: 'unknown',
				cost: null
			}
		]);

		const fp = fileResult(r, parts);
		expect(fp.rejects).toEqual([
			{ line: 4, column: 'quantity', value: '0', rule: 'must be ≥ 1' },
			{ line: 5, column: 'quantity', value: '1.5', rule: 'not a whole number' },
			{ line: 6, column: 'quantity', value: '-2', rule: 'must be ≥ 1' },
			{ line: 7, column: 'ticket_id', value: 'T404', rule: REF },
			{ line: 8, column: 'unit_cost', value: '-3', rule: AMOUNT_RULE },
			{ line: 9, column: 'part_no', value: null, rule: MISSING },
			{ line: 10, column: 'warranty_claim', value: 'maybe', rule: YES_NO_RULE },
			{ line: 11, column: 'supplier_claim', value: 'pending', rule: SUPPLIER_CLAIM_RULE },
			{ line: 12, column: 'quantity', value: null, rule: MISSING },
			{ line: 13, column: 'quantity', value: 'two', rule: 'not a whole number' },
			{ line: 14, column: 'recovered_amount', value: 'lots', rule: 'not a number' }
		]);
		expect(fp).toMatchObject({ rows_read: 14, rows_loaded: 3, rows_rejected: 11 });
		expect(await fx.wh.all(`SELECT * EXCLUDE (ingest_id) FROM parts ORDER BY part_no`)).toEqual([
			{
				ticket_id: 'T1',
				part_no: 'P-CAP',
				part_name: '电容',
				supplier: 'S1',
				quantity: 1,
				unit_cost: 12.5,
				warranty_claim: 'yes',
				old_part_returned: 'no',
				supplier_claim: 'submitted',
				recovered_amount: 0
			},
			{
				ticket_id: 'T11',
				part_no: 'P-OK',
				part_name: 'x',
				supplier: 'S3',
				quantity: 3,
				unit_cost: null,
				warranty_claim: null,
				old_part_returned: 'yes',
				supplier_claim: null,
				recovered_amount: null
			},
			{
				ticket_id: 'T1',
				part_no: 'P-PCB',
				part_name: '电脑板',
				supplier: 'S2',
				quantity: 2,
				unit_cost: 300,
				warranty_claim: 'yes',
				old_part_returned: 'no',
				supplier_claim: 'recovered',
				recovered_amount: 150
			}
		]);

		// the rejects table holds exactly the reported rejects, with file, table and ingest id
		for (const [file, f] of [
			[tickets, ft],
			[rework, fr],
			[parts, fp]
		] as const) {
			expect(await storedRejects(fx.wh, file)).toEqual(f.rejects);
			const meta = await fx.wh.all(
				`SELECT DISTINCT r.table_name, r.ingest_id = i.ingest_id AS same_ingest, i.rows_rejected
         FROM rejects r JOIN ingests i ON i.file = r.file WHERE r.file = $file`,
				{ file }
			);
			expect(meta).toEqual([{ table_name: f.table, same_ingest: true, rows_rejected: f.rows_rejected }]);
		}
		expect((await fx.wh.one<{ n: number }>(`SELECT count(*) AS n FROM rejects`)).n).toBe(
			ft.rejects.length + fr.rejects.length + fp.rejects.length
		);
	});

	it('a row breaking several rules gets one reject per broken column but counts as one rejected row', async () => {
		const fx = await fixture();
		const file = fx.write('t.csv', csv([`${TICKET_HEADER_EN},satisfaction`, 'M1,someday,teleport,,9', 'M2,2026-07-01,install,c,']));
		const f = fileResult(await fx.ingest(file), file);
		expect(f.rejects).toEqual([
			{ line: 2, column: 'created_at', value: 'someday', rule: DATE_RULE },
			{ line: 2, column: 'customer_id', value: null, rule: MISSING },
			{ line: 2, column: 'satisfaction', value: '9', rule: 'must be ≤ 5' },
			{ line: 2, column: 'type', value: 'teleport', rule: TYPE_RULE }
		]);
		expect(f).toMatchObject({ rows_read: 2, rows_loaded: 1, rows_rejected: 1 });
	});

	it('technicians: missing hire_date, bad date, bad team type, duplicate id', async () => {
		const fx = await fixture();
		const file = fx.write(
			'人员.csv',
			csv([
				'工号,姓名,入职日期,班组,队伍类型',
				'W1,张三,2024/3/1,一组,自有',
				'W2,李四,,二组,外协',
				'W3,王五,2024-02-30,二组,',
				'W4,赵六,2024-01-01,三组,临时',
				'W1,张三,2024/3/2,一组,自有'
			])
		);
		const f = fileResult(await fx.ingest(file), file);
		expect(f.table).toBe('technicians');
		expect(f.rejects).toEqual([
			{ line: 3, column: 'hire_date', value: null, rule: MISSING },
			{ line: 4, column: 'hire_date', value: '2024-02-30', rule: DATE_RULE },
			{ line: 5, column: 'team_type', value: '临时', rule: TEAM_TYPE_RULE },
			{ line: 6, column: 'technician_id', value: 'W1', rule: 'duplicate id in this file (first on line 2)' }
		]);
		expect(await fx.wh.all(`SELECT * EXCLUDE (ingest_id) FROM technicians`)).toEqual([
			{ technician_id: 'W1', name: '张三', hire_date: '2024-03-01', leave_date: null, team: '一组', team_type: 'internal' }
		]);
	});
});

// ---------------------------------------------------------------- whole-file outcomes

describe('whole-file outcomes', () => {
	async function withBaseline(fx: Fixture) {
		const base = fx.write('base.csv', csv([TICKET_HEADER_EN, 'BASE1,2026-07-01,install,c1', 'BASE2,2026-07-01,bad,c2']));
		const r = await fx.ingest(base);
		expect(fileResult(r, base).rows_loaded).toBe(1);
		return dump(fx.wh);
	}

	it('a missing required column rejects the whole file, naming the column and its aliases; the warehouse is unchanged', async () => {
		const fx = await fixture();
		const before = await withBaseline(fx);
		const file = fx.write('工单_缺列.csv', csv(['工单号,报修时间,类型,城市', 'N1,2026-07-01,安装,上海', 'N2,2026-07-02,维修,北京']));
		const r = await fx.ingest(file);
		expect(r.ok).toBe(false);
		const f = fileResult(r, file);
		expect(f).toMatchObject({ rows_read: 0, rows_loaded: 0, rows_rejected: 0, rejects: [] });
		expect(f.error).toBe(
			'工单_缺列.csv looks like a tickets file but lacks required column "customer_id" (any of: customer_id, 客户编号, 客户ID, 用户编号)'
		);
		expect(await dump(fx.wh)).toEqual(before);
	});

	it('several missing required columns are all named; a good file in the same run still loads', async () => {
		const fx = await fixture();
		await withBaseline(fx);
		const bad = fx.write('parts.csv', csv(['ticket_id,part_name,supplier', 'BASE1,电容,S1']));
		const badRework = fx.write('rework.csv', csv(['rework_id,original_ticket_id,reason', 'R1,BASE1,漏水']));
		const good = fx.write('tickets2.csv', csv([TICKET_HEADER_EN, 'NEW1,2026-07-03,repair,c3']));
		const before = await dump(fx.wh);
		const r = await fx.ingest(bad, badRework, good);
		expect(r.ok).toBe(false);
		const fp = fileResult(r, bad);
		expect(fp.error).toContain('parts');
		for (const s of ['"part_no"', 'part_no', '配件编码', '物料编码', '"quantity"', '数量']) expect(fp.error).toContain(s);
		expect(fp.rows_loaded).toBe(0);
		const fr = fileResult(r, badRework);
		expect(fr.error).toContain('rework');
		for (const s of ['"rework_date"', '返工日期']) expect(fr.error).toContain(s);
		expect(fileResult(r, good)).toMatchObject({ rows_loaded: 1, rejects: [] });
		expect(fileResult(r, good).error).toBeUndefined();
		const after = await dump(fx.wh);
		expect(after.parts).toEqual(before.parts);
		expect(after.rework).toEqual(before.rework);
		expect(after.rejects).toEqual(before.rejects);
		expect(after.tickets.map((t) => t.ticket_id)).toEqual(['BASE1', 'NEW1']);
	});

	it('a header with no known column is rejected as a whole', async () => {
		const fx = await fixture();
		const before = await withBaseline(fx);
		const file = fx.write('random.csv', csv(['foo,bar,baz', '1,2,3']));
		const r = await fx.ingest(file);
		expect(r.ok).toBe(false);
		expect(fileResult(r, file).error).toMatch(/no known column/);
		expect(await dump(fx.wh)).toEqual(before);
	});

	it('unknown extra columns are reported in ignored_columns, not an error, and kept out of the warehouse', async () => {
		const fx = await fixture();
		const file = fx.write('extra.csv', csv([`${TICKET_HEADER_EN},备注,Operator,city`, 'X1,2026-07-01,install,c,请尽快,op7,上海']));
		const r = await fx.ingest(file);
		expect(r.ok).toBe(true);
		const f = fileResult(r, file);
		expect(f.error).toBeUndefined();
		expect(f).toMatchObject({ rows_loaded: 1, rows_rejected: 0, rejects: [] });
		expect(f.ignored_columns).toEqual(['备注', 'Operator']);
		expect(await fx.wh.all(`SELECT ticket_id, city FROM tickets`)).toEqual([{ ticket_id: 'X1', city: '上海' }]);
		const cols = (await fx.wh.all<{ name: string }>(`SELECT name FROM pragma_table_info('tickets')`)).map((c) => c.name);
		expect(cols).toEqual([...CONTRACT.tickets.map(([n]) => n), 'ingest_id']);
	});

	it('an empty file loads nothing and is reported as an error; the warehouse is unchanged', async () => {
		const fx = await fixture();
		const before = await withBaseline(fx);
		const file = fx.write('empty.csv', '');
		const r = await fx.ingest(file);
		expect(r.ok).toBe(false);
		const f = fileResult(r, file);
		expect(f.error).toMatch(/empty/);
		expect(f).toMatchObject({ rows_read: 0, rows_loaded: 0, rejects: [] });
		expect(await dump(fx.wh)).toEqual(before);
	});

	it('a header-only file is fine: zero rows, no error, nothing changes', async () => {
		const fx = await fixture();
		const before = await withBaseline(fx);
		const a = fx.write('header_lf.csv', `${TICKET_HEADER_EN}\n`);
		const b = fx.write('header_no_eol.csv', '工单号,报修时间,类型,客户编号');
		const c = fx.write('header_bom_crlf.csv', `\uFEFFrework_id,original_ticket_id,rework_date\r\n`);
		const r = await fx.ingest(a, b, c);
		expect(r.ok).toBe(true);
		expect(r.files.map((f) => [f.table, f.rows_read, f.rows_loaded, f.rows_rejected, f.error, f.rejects])).toEqual([
			['tickets', 0, 0, 0, undefined, []],
			['tickets', 0, 0, 0, undefined, []],
			['rework', 0, 0, 0, undefined, []]
		]);
		const after = await dump(fx.wh);
		for (const t of [...DATA_TABLES, 'rejects'] as const) expect(after[t]).toEqual(before[t]);
	});
});

// ---------------------------------------------------------------- order, updates, parts lists

describe('load order and later files', () => {
	function fourFiles(fx: Fixture) {
		return {
			tickets: fx.write(
				'tickets.csv',
				csv([`${TICKET_HEADER_EN},technician_id`, 'O1,2026-07-01,install,c1,W1', 'O2,2026-07-02,repair,c2,W2'])
			),
			rework: fx.write('rework.csv', csv(['rework_id,original_ticket_id,rework_ticket_id,rework_date', 'R1,O1,O2,2026-07-03'])),
			parts: fx.write('parts.csv', csv(['ticket_id,part_no,quantity', 'O2,P1,1', 'O2,P2,2'])),
			technicians: fx.write('technicians.csv', csv(['technician_id,hire_date', 'W1,2024-01-01', 'W2,2024-02-01']))
		};
	}

	it('rework and parts given before tickets still load, because tickets load first', async () => {
		const fx = await fixture();
		const f = fourFiles(fx);
		const r = await fx.ingest(f.rework, f.parts, f.tickets, f.technicians);
		expect(r.ok).toBe(true);
		expect(r.files.map((x) => [path.basename(x.file), x.table, x.rows_loaded, x.rows_rejected])).toEqual([
			['technicians.csv', 'technicians', 2, 0],
			['tickets.csv', 'tickets', 2, 0],
			['rework.csv', 'rework', 1, 0],
			['parts.csv', 'parts', 2, 0]
		]);
		expect(await fx.wh.all(`SELECT rework_id, original_ticket_id FROM rework`)).toEqual([{ rework_id: 'R1', original_ticket_id: 'O1' }]);
		expect((await fx.wh.one<{ n: number }>(`SELECT count(*) AS n FROM parts`)).n).toBe(2);
	});

	it('a folder loads the same way (file names sort parts before tickets)', async () => {
		const fx = await fixture();
		const sub = path.join(fx.dir, 'in');
		fs.mkdirSync(sub);
		const f = fourFiles({ ...fx, write: (n, c) => fx.write(path.join('in', n), c) });
		fx.write(path.join('in', 'notes.txt'), 'not a csv');
		const r = await fx.ingest(sub);
		expect(r.ok).toBe(true);
		expect(r.files.map((x) => [x.file, x.rows_loaded, x.rows_rejected])).toEqual([
			[f.technicians, 2, 0],
			[f.tickets, 2, 0],
			[f.rework, 1, 0],
			[f.parts, 2, 0]
		]);
	});

	it('a later file with an existing ticket_id updates that ticket without erasing its other columns', async () => {
		const fx = await fixture();
		const first = fx.write(
			'tickets_0701.csv',
			csv([
				`${TICKET_HEADER_EN},region,city,technician_id,team_type,fault_description`,
				'U1,2026-07-01 09:00,repair,c1,华东,上海,W1,自有,不制冷',
				'U2,2026-07-01 10:00,install,c2,华南,广州,W2,外协,',
				'U3,2026-07-01 11:00,install,c3,华北,北京,W3,自有,'
			])
		);
		const r1 = await fx.ingest(first);
		expect(fileResult(r1, first)).toMatchObject({ rows_inserted: 3, rows_updated: 0, rows_unchanged: 0 });
		const id1 = (await fx.wh.one<{ id: number }>(`SELECT max(ingest_id) AS id FROM ingests`)).id;

		// U1 completed (with satisfaction); its region is blank here, which must not erase it.
		// U2 repeated exactly; U4 new; U3 absent.
		const second = fx.write(
			'tickets_0705.csv',
			csv([
				'工单号,受理时间,工单类型,用户编号,区域,完工时间,满意度',
				'U1,2026-07-01 09:00,维修,c1,,2026/7/3 16:20:00,5',
				'U2,2026-07-01 10:00,安装,c2,华南,,',
				'U4,2026-07-04 08:00,保养,c4,西北,,'
			])
		);
		const r2 = await fx.ingest(second);
		expect(fileResult(r2, second)).toMatchObject({ rows_loaded: 3, rows_inserted: 1, rows_updated: 1, rows_unchanged: 1, rejects: [] });
		const id2 = (await fx.wh.one<{ id: number }>(`SELECT max(ingest_id) AS id FROM ingests`)).id;
		expect(id2).toBeGreaterThan(id1);

		expect(
			await fx.wh.all(
				`SELECT ticket_id, created_at, type, customer_id, region, city, technician_id, team_type, fault_description,
                completed_at, satisfaction, ingest_id FROM tickets ORDER BY ticket_id`
			)
		).toEqual([
			{
				ticket_id: 'U1',
				created_at: '2026-07-01 09:00:00',
				type: 'repair',
				customer_id: 'c1',
				region: '华东',
				city: '上海',
				technician_id: 'W1',
				team_type: 'internal',
				fault_description: '不制冷',
				completed_at: '2026-07-03 16:20:00',
				satisfaction: 5,
				ingest_id: id2
			},
			{
				ticket_id: 'U2',
				created_at: '2026-07-01 10:00:00',
				type: 'install',
				customer_id: 'c2',
				region: '华南',
				city: '广州',
				technician_id: 'W2',
				team_type: 'outsourced',
				fault_description: null,
				completed_at: null,
				satisfaction: null,
				ingest_id: id1
			},
			{
				ticket_id: 'U3',
				created_at: '2026-07-01 11:00:00',
				type: 'install',
				customer_id: 'c3',
				region: '华北',
				city: '北京',
				technician_id: 'W3',
				team_type: 'internal',
				fault_description: null,
				completed_at: null,
				satisfaction: null,
				ingest_id: id1
			},
			{
				ticket_id: 'U4',
				created_at: '2026-07-04 08:00:00',
				type: 'maintenance',
				customer_id: 'c4',
				region: '西北',
				city: null,
				technician_id: null,
				team_type: null,
				fault_description: null,
				completed_at: null,
				satisfaction: null,
				ingest_id: id2
			}
		]);

		// a third file changes a value that was set (complaint after the repair)
		const third = fx.write('tickets_0710.csv', csv([TICKET_HEADER_EN + ',satisfaction', 'U1,2026-07-01 09:00,repair,c1,2']));
		const r3 = await fx.ingest(third);
		expect(fileResult(r3, third)).toMatchObject({ rows_updated: 1, rows_inserted: 0, rows_unchanged: 0 });
		expect(await fx.wh.all(`SELECT satisfaction, completed_at, region FROM tickets WHERE ticket_id = 'U1'`)).toEqual([
			{ satisfaction: 2, completed_at: '2026-07-03 16:20:00', region: '华东' }
		]);
		expect((await fx.wh.one<{ n: number }>(`SELECT count(*) AS n FROM tickets`)).n).toBe(4);
	});

	it("a later parts file replaces the parts list of each ticket it names and leaves other tickets' parts alone", async () => {
		const fx = await fixture();
		const t = fx.write('tickets.csv', csv([TICKET_HEADER_EN, 'K1,2026-07-01,repair,c1', 'K2,2026-07-01,repair,c2']));
		const p1 = fx.write('parts_a.csv', csv(['ticket_id,part_no,quantity,unit_cost', 'K1,P1,1,10', 'K1,P2,2,20', 'K2,P3,1,30']));
		const r1 = await fx.ingest(t, p1);
		expect(fileResult(r1, p1)).toMatchObject({ rows_loaded: 3, rows_inserted: 3, rows_updated: 0, rows_unchanged: 0 });

		const p2 = fx.write('parts_b.csv', csv(['工单号,物料编码,数量,单价', 'K1,P9,3,90']));
		const r2 = await fx.ingest(p2);
		expect(fileResult(r2, p2)).toMatchObject({ rows_loaded: 1, rows_inserted: 0, rows_updated: 1, rows_unchanged: 0 });
		const id2 = (await fx.wh.one<{ id: number }>(`SELECT max(ingest_id) AS id FROM ingests`)).id;
		const partsP1 = (await fx.wh.all(`SELECT ingest_id FROM ingests WHERE file = $f`, { f: p1 }))[0].ingest_id;
		expect(await fx.wh.all(`SELECT ticket_id, part_no, quantity, unit_cost, ingest_id FROM parts ORDER BY ticket_id, part_no`)).toEqual([
			{ ticket_id: 'K1', part_no: 'P9', quantity: 3, unit_cost: 90, ingest_id: id2 },
			{ ticket_id: 'K2', part_no: 'P3', quantity: 1, unit_cost: 30, ingest_id: partsP1 }
		]);

		// the same list again changes nothing
		const p3 = fx.write('parts_c.csv', csv(['ticket_id,part_no,quantity,unit_cost', 'K1,P9,3,90']));
		const r3 = await fx.ingest(p3);
		expect(fileResult(r3, p3)).toMatchObject({ rows_loaded: 1, rows_inserted: 0, rows_updated: 0, rows_unchanged: 1 });
		expect(await fx.wh.all(`SELECT ticket_id, part_no, ingest_id FROM parts ORDER BY ticket_id, part_no`)).toEqual([
			{ ticket_id: 'K1', part_no: 'P9', ingest_id: id2 },
			{ ticket_id: 'K2', part_no: 'P3', ingest_id: partsP1 }
		]);
	});
});

// ---------------------------------------------------------------- idempotency

describe('idempotency', () => {
	it('ingesting the same files twice leaves every table and the rejects identical; the second run reports them unchanged', async () => {
		const fx = await fixture();
		const tickets = fx.write(
			'tickets.csv',
			iconv.encode(
				csv(
					[
						'工单号,报修时间,类型,客户编号,城市,故障描述,满意度',
						'I1,2026/7/1 9:00:00,维修,c1,上海,"多行',
						'描述, 含逗号",5',
						'I2,2026年7月2日,安装,c2,北京,,',
						'I3,2025-02-30,安装,c3,北京,,', // bad date
						'I1,2026-07-03,维修,c1,上海,dup,4' // duplicate
					],
					'\r\n'
				),
				'gbk'
			)
		);
		const rework = fx.write(
			'rework.csv',
			csv(['rework_id,original_ticket_id,rework_date,cost', 'R1,I1,2026-07-05,10', 'R2,I3,2026-07-05,'])
		);
		const parts = fx.write('parts.csv', csv(['ticket_id,part_no,quantity', 'I1,P1,1', 'I1,P2,0', 'I2,P3,2']));
		const techs = fx.write('technicians.csv', csv(['technician_id,hire_date,team_type', 'W1,2024-01-01,自有', 'W2,2024-01-01,nobody']));
		const files = [tickets, rework, parts, techs];

		const r1 = await fx.ingest(...files);
		const d1 = await dump(fx.wh);
		expect(d1.rejects.length).toBe(5);
		expect(d1.ingests.length).toBe(4);

		const r2 = await fx.ingest(...files);
		const d2 = await dump(fx.wh);

		for (const t of DATA_TABLES) expect(d2[t], t).toEqual(d1[t]); // full rows, ingest_id included
		// the rejects are the same rows; a file loaded again replaces the rejects it got last time,
		// so they now belong to (point at) the second ingest of the same file
		const withoutId = (rows: Row[]) =>
			rows.map(({ ingest_id: _, ...rest }) => rest).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
		expect(withoutId(d2.rejects)).toEqual(withoutId(d1.rejects));
		const stale = await fx.wh.all(
			`SELECT r.* FROM rejects r WHERE r.ingest_id <> (SELECT max(i.ingest_id) FROM ingests i WHERE i.file = r.file)`
		);
		expect(stale).toEqual([]);
		expect(d2.ingests.length).toBe(8);

		const strip = (f: FileResult) => ({
			table: f.table,
			read: f.rows_read,
			loaded: f.rows_loaded,
			rejected: f.rows_rejected,
			rejects: f.rejects
		});
		expect(r2.files.map(strip)).toEqual(r1.files.map(strip));
		for (const f of r2.files) {
			expect(f.rows_inserted, f.file).toBe(0);
			expect(f.rows_updated, f.file).toBe(0);
			expect(f.rows_unchanged, f.file).toBe(f.rows_loaded);
		}
		expect(r2.files.map((f) => [f.table, f.rows_unchanged])).toEqual([
			['technicians', 1],
			['tickets', 2],
			['rework', 1],
			['parts', 2]
		]);
	});
});
