/**
 * Deterministic sample data in the shape Chinese after-sales service companies export
 * (see docs/DATA.md): tickets.csv, rework.csv, parts.csv, technicians.csv.
 *
 * Same options → byte-identical files. Output is streamed day by day; the only state kept
 * across tickets is the technician roster, customer counters and the follow-up visits
 * (rework / repeat repairs) still due within the next 30 days.
 *
 * Deliberately bad rows (written only when tickets >= MIN_TICKETS_FOR_BAD_ROWS = 200),
 * 10 in total, each listed in SampleResult.badRows with its file line:
 *   tickets.csv (7): created_at `YYYY-02-30 hh:mm` (unparseable date),
 *                    completed_at `YYYY/13/dd hh:mm:ss` (unparseable date),
 *                    type `咨询` (unknown enum), distance_km `-5` (negative number),
 *                    satisfaction `7` (out of 1–5),
 *                    2 rows repeating an earlier 工单号 (duplicate id)
 *   rework.csv  (1): original_ticket_id that does not exist in tickets
 *   parts.csv   (2): quantity `0`; ticket_id that does not exist in tickets
 * Bad ticket rows are maintenance visits with no parts, rework or follow-ups depending on them.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';

export interface SampleOptions {
	outDir: string;
	tickets?: number;
	seed?: number;
	start?: string;
	months?: number;
	ticketsEncoding?: 'gbk' | 'utf8';
	ticketsHeaders?: 'zh' | 'en';
}

export type SampleTable = 'tickets' | 'rework' | 'parts' | 'technicians';

export interface BadRow {
	table: SampleTable;
	/** physical line in the file where the record starts (the header is line 1) */
	line: number;
	column: string;
	value: string;
	rule: string;
}

export interface SampleResult {
	files: { path: string; table: SampleTable; rows: number; badRows: number }[];
	badRows: BadRow[];
}

export const DEFAULT_TICKETS = 110_000;
export const DEFAULT_SEED = 20231101;
export const DEFAULT_START = '2023-11-01';
export const DEFAULT_MONTHS = 36;
export const MIN_TICKETS_FOR_BAD_ROWS = 200;
export const SPIKE_MODEL = 'KFR-35GW/BpR3';
export const SPIKE_COMPONENT = '电容';

export const TICKET_HEADERS_ZH = [
	'工单号',
	'受理时间',
	'服务类型',
	'用户编号',
	'区域',
	'城市',
	'机型',
	'条码',
	'生产日期',
	'批次',
	'购机日期',
	'师傅工号',
	'服务网点',
	'人员类型',
	'上门时间',
	'完工时间',
	'服务半径',
	'故障代码',
	'故障部件',
	'故障描述',
	'保内保外',
	'回访满意度',
	'人工费',
	'配件费'
];
export const TICKET_HEADERS_EN = [
	'ticket_id',
	'created_at',
	'type',
	'customer_id',
	'region',
	'city',
	'product_model',
	'serial_no',
	'production_date',
	'batch',
	'purchase_date',
	'technician_id',
	'team',
	'team_type',
	'arrived_at',
	'completed_at',
	'distance_km',
	'fault_code',
	'fault_component',
	'fault_description',
	'warranty',
	'satisfaction',
	'labor_fee',
	'parts_fee'
];
export const REWORK_HEADERS = ['rework_id', 'original_ticket_id', 'rework_ticket_id', 'rework_date', 'reason', 'responsibility', 'cost'];
export const PARTS_HEADERS = ['工单号', '配件编码', '配件名称', '供应商', '数量', '单价', '三包件', '旧件回收', '二次索赔', '追回金额'];
export const TECHNICIAN_HEADERS = ['师傅工号', '姓名', '入职日期', '班组', '队伍类型'];

// ---------------------------------------------------------------------------------------------
// Random numbers

type Rand = () => number;

function mulberry32(seed: number): Rand {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function randInt(rand: Rand, min: number, max: number): number {
	return min + Math.floor(rand() * (max - min + 1));
}

function pick<T>(rand: Rand, items: readonly T[]): T {
	return items[Math.floor(rand() * items.length)];
}

/** Index into `weights` chosen with probability proportional to its weight. */
function pickIndex(rand: Rand, weights: readonly number[], total: number): number {
	let r = rand() * total;
	for (let i = 0; i < weights.length - 1; i++) {
		r -= weights[i];
		if (r < 0) return i;
	}
	return weights.length - 1;
}

function sum(values: readonly number[]): number {
	return values.reduce((a, b) => a + b, 0);
}

// ---------------------------------------------------------------------------------------------
// Calendar: every day is an integer index; its strings are formatted once.

const MS_PER_DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;
/** Purchases go back 8 years and production dates a bit further. */
const CALENDAR_DAYS_BEFORE_START = 3650;
const CALENDAR_DAYS_AFTER_END = 45;

class Calendar {
	readonly iso: string[] = [];
	readonly slash: string[] = [];
	readonly chinese: string[] = [];
	readonly year: Int16Array;
	readonly month: Int8Array; // 1–12
	readonly dom: Int8Array;
	readonly weekday: Int8Array; // 0 = Sunday
	/** yyyymmdd as a number, for calendar comparisons */
	readonly key: Int32Array;
	/** day index of the first day of the sample window */
	readonly startDay: number;
	readonly endDay: number;

	constructor(start: string, months: number) {
		const [y, m, d] = parseIsoDate(start);
		const startMs = Date.UTC(y, m - 1, d);
		const endMs = Date.UTC(y, m - 1 + months, d);
		const windowDays = Math.round((endMs - startMs) / MS_PER_DAY);
		const total = CALENDAR_DAYS_BEFORE_START + windowDays + CALENDAR_DAYS_AFTER_END;
		this.startDay = CALENDAR_DAYS_BEFORE_START;
		this.endDay = CALENDAR_DAYS_BEFORE_START + windowDays;
		this.year = new Int16Array(total);
		this.month = new Int8Array(total);
		this.dom = new Int8Array(total);
		this.weekday = new Int8Array(total);
		this.key = new Int32Array(total);
		for (let i = 0; i < total; i++) {
			const date = new Date(startMs + (i - CALENDAR_DAYS_BEFORE_START) * MS_PER_DAY);
			const yy = date.getUTCFullYear();
			const mm = date.getUTCMonth() + 1;
			const dd = date.getUTCDate();
			this.year[i] = yy;
			this.month[i] = mm;
			this.dom[i] = dd;
			this.weekday[i] = date.getUTCDay();
			this.key[i] = yy * 10000 + mm * 100 + dd;
			this.iso.push(`${yy}-${pad2(mm)}-${pad2(dd)}`);
			this.slash.push(`${yy}/${mm}/${dd}`);
			this.chinese.push(`${yy}年${mm}月${dd}日`);
		}
	}

	/** Bought less than `years` calendar years before `day`. */
	within(purchaseDay: number, day: number, years: number): boolean {
		return this.key[purchaseDay] > this.key[day] - years * 10000;
	}

	/** 0-based month number within the sample window */
	windowMonth(day: number): number {
		return (this.year[day] - this.year[this.startDay]) * 12 + this.month[day] - this.month[this.startDay];
	}
}

function parseIsoDate(text: string): [number, number, number] {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!match) throw new Error(`start must look like 2023-11-01, got "${text}"`);
	return [Number(match[1]), Number(match[2]), Number(match[3])];
}

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));
function pad2(n: number): string {
	return PAD2[n];
}

/**
 * Exports mix date styles, even within one file; each row uses one style throughout.
 * Style 0: `2026-07-01 14:30` / `2026-07-01`; 1: `2026/7/1 14:30:00` / `2026/7/1`;
 * 2: `2026-07-01 14:30:00` / `2026年7月1日`.
 */
const DATE_STYLE_WEIGHTS = [0.55, 0.3, 0.15];

class DateFormatter {
	constructor(private cal: Calendar) {}

	date(day: number, style: number): string {
		if (style === 0) return this.cal.iso[day];
		if (style === 1) return this.cal.slash[day];
		return this.cal.chinese[day];
	}

	/** `t` is minutes since calendar day 0 */
	timestamp(t: number, style: number): string {
		const day = Math.floor(t / MINUTES_PER_DAY);
		const minuteOfDay = t - day * MINUTES_PER_DAY;
		const hhmm = `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`;
		if (style === 0) return `${this.cal.iso[day]} ${hhmm}`;
		const seconds = pad2((t * 37 + 11) % 60); // systems that keep seconds; derived so it stays deterministic
		if (style === 1) return `${this.cal.slash[day]} ${hhmm}:${seconds}`;
		return `${this.cal.iso[day]} ${hhmm}:${seconds}`;
	}
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

type TicketKind = 0 | 1 | 2 | 3;
const INSTALL = 0;
const REPAIR = 1;
const MAINTENANCE = 2;
const COMPLAINT = 3;
const KIND_ZH = ['安装', '维修', '保养', '投诉'];
const KIND_EN = ['install', 'repair', 'maintenance', 'complaint'];
/** Share of freshly called-in tickets; rework and repeat visits (≈4% of all) add repairs on top. */
const FRESH_KIND_SHARE = [0.47, 0.32, 0.183, 0.027];
/** Relative load by calendar month (Jan..Dec); each row averages ≈ 1. */
const SEASON: readonly (readonly number[])[] = [
	[0.68, 0.64, 0.78, 0.92, 1.1, 1.4, 1.62, 1.55, 1.05, 0.86, 0.7, 0.66], // install: summer peak
	[0.74, 0.68, 0.7, 0.78, 0.95, 1.3, 1.7, 1.62, 1.1, 0.8, 0.74, 0.8], // repair: summer peak, small winter bump
	[0.45, 0.4, 1.0, 1.75, 1.85, 1.1, 0.7, 0.65, 1.35, 1.55, 0.75, 0.45], // maintenance: spring and autumn
	[0.7, 0.6, 0.7, 0.85, 1.0, 1.3, 1.7, 1.6, 1.1, 0.9, 0.8, 0.75] // complaint
];
const WEEKDAY_LOAD = [1.06, 0.97, 0.97, 0.97, 0.98, 1.0, 1.08];
const ANNUAL_GROWTH = 1.08;
/** Share of enum cells written with the English word instead of the Chinese one. */
const ENGLISH_WORD_SHARE = 0.02;

interface Team {
	name: string;
	city: string;
	region: string;
	internal: boolean;
}
const TEAMS: readonly Team[] = [
	{ name: '杭州一组', city: '杭州', region: '浙江', internal: true },
	{ name: '杭州二组', city: '杭州', region: '浙江', internal: true },
	{ name: '宁波一组', city: '宁波', region: '浙江', internal: true },
	{ name: '苏州一组', city: '苏州', region: '江苏', internal: true },
	{ name: '上海浦东组', city: '上海', region: '上海', internal: true },
	{ name: '宁波网点', city: '宁波', region: '浙江', internal: false },
	{ name: '苏州网点', city: '苏州', region: '江苏', internal: false },
	{ name: '温州网点', city: '温州', region: '浙江', internal: false },
	{ name: '南京网点', city: '南京', region: '江苏', internal: false }
];
const INTERNAL_SHARE = 0.55;

const SURNAMES =
	'王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩凯健俊帆帅旭宇龙林峰建国志文海洋亮成东庆春永胜义兴福';

interface Model {
	name: string;
	serialPrefix: string;
	weight: number;
	large: boolean;
}
const MODELS: readonly Model[] = [
	{ name: 'KFR-26GW/BpR3', serialPrefix: '26BPR3', weight: 0.17, large: false },
	{ name: SPIKE_MODEL, serialPrefix: '35BPR3', weight: 0.16, large: false },
	{ name: 'KFR-35GW/NhGc1', serialPrefix: '35NHGC', weight: 0.14, large: false },
	{ name: 'KFR-26GW/NhZa3', serialPrefix: '26NHZA', weight: 0.12, large: false },
	{ name: 'KFR-50LW/BpR3', serialPrefix: '50LBPR', weight: 0.14, large: true },
	{ name: 'KFR-72LW/NhBa1', serialPrefix: '72LNHB', weight: 0.12, large: true },
	{ name: 'KFR-50GW/BpR1', serialPrefix: '50BPR1', weight: 0.15, large: true }
];
const MODEL_WEIGHTS = MODELS.map((m) => m.weight);
const MODEL_WEIGHT_TOTAL = sum(MODEL_WEIGHTS);
const SPIKE_MODEL_INDEX = MODELS.findIndex((m) => m.name === SPIKE_MODEL);

interface Component {
	name: string;
	codes: readonly string[];
	weight: number;
	descriptions: readonly string[];
}
const COMPONENTS: readonly Component[] = [
	{
		name: '压缩机',
		codes: ['P4', 'E5'],
		weight: 0.08,
		descriptions: ['压缩机不启动', '压缩机异响，运行电流偏大', '开机后外机嗡嗡响不运转']
	},
	{
		name: SPIKE_COMPONENT,
		codes: ['U5', 'E4'],
		weight: 0.1,
		descriptions: ['外风机不转，电容鼓包', '开机几分钟后停机，电容容量不足', '室外机不启动']
	},
	{ name: '电脑板', codes: ['E6', 'EE'], weight: 0.17, descriptions: ['遥控无反应', '内机显示E6通讯故障', '主板烧毁，有焦味'] },
	{ name: '漏氟', codes: ['F0', 'E3'], weight: 0.21, descriptions: ['制冷效果差，低压偏低', '不制冷，连接管接头有油迹', '外机阀门处漏氟'] },
	{ name: '四通阀', codes: ['U7'], weight: 0.06, descriptions: ['不制热', '制冷制热切换异常', '四通阀换向声音异常'] },
	{ name: '风扇电机', codes: ['H6'], weight: 0.13, descriptions: ['内风机不转', '风机异响', '出风很小，风机转速低'] },
	{ name: '传感器', codes: ['F1', 'F2', 'E1'], weight: 0.15, descriptions: ['显示F1，感温包阻值异常', '频繁停机', '温度显示不准'] }
];
const COMPONENT_WEIGHTS = COMPONENTS.map((c) => c.weight);
const COMPONENT_WEIGHT_TOTAL = sum(COMPONENT_WEIGHTS);
const SPIKE_COMPONENT_INDEX = COMPONENTS.findIndex((c) => c.name === SPIKE_COMPONENT);
const DRAIN_COMPONENT: Component = { name: '排水管', codes: ['E9'], weight: 0, descriptions: ['内机滴水'] };

interface Part {
	no: string;
	name: string;
	supplier: string;
	cost: number;
}
/** Parts used per fault component; the second list is for large (≥ 2 HP) units. */
const PARTS_BY_COMPONENT: Record<string, readonly [Part, Part]> = {
	压缩机: [
		{ no: 'COMP-QXA-A082', name: '压缩机', supplier: '华意压缩', cost: 980 },
		{ no: 'COMP-HL-B120', name: '压缩机', supplier: '海立股份', cost: 1360 }
	],
	电容: [
		{ no: 'CAP-35UF-01', name: '电容', supplier: '法拉电子', cost: 28 },
		{ no: 'CAP-45UF-01', name: '电容', supplier: '法拉电子', cost: 36 }
	],
	电脑板: [
		{ no: 'PCB-BPR3-01', name: '电脑板', supplier: '和而泰', cost: 320 },
		{ no: 'PCB-BPR3-02', name: '电脑板', supplier: '和而泰', cost: 410 }
	],
	四通阀: [
		{ no: 'VLV-4W-01', name: '四通阀', supplier: '海立股份', cost: 165 },
		{ no: 'VLV-4W-02', name: '四通阀', supplier: '海立股份', cost: 210 }
	],
	风扇电机: [
		{ no: 'MOT-FAN-30W', name: '风扇电机', supplier: '卧龙电驱', cost: 210 },
		{ no: 'MOT-FAN-60W', name: '风扇电机', supplier: '卧龙电驱', cost: 265 }
	],
	传感器: [
		{ no: 'SNS-NTC-10K', name: '传感器', supplier: '和而泰', cost: 18 },
		{ no: 'SNS-NTC-20K', name: '传感器', supplier: '和而泰', cost: 22 }
	]
};
const REFRIGERANT: Part = { no: 'REF-R32-1KG', name: '冷媒', supplier: '华意压缩', cost: 65 };
const PARTS_USE_SHARE = 0.72;

const INSTALL_NOTES = ['挂机安装', '柜机安装，需加长铜管', '空调移机', '新房安装，打孔一个', '高空作业，外机支架更换'];
const MAINTENANCE_NOTES = ['清洗内机滤网', '深度清洗蒸发器', '季前检测，加氟', '外机清洗'];
const COMPLAINT_NOTES = ['师傅迟到两小时', '收费不合理', '安装后墙面未清理', '服务态度差', '多次报修未解决', '预约时间无人联系'];
const MESSY_DESCRIPTIONS = [
	(code: string, part: string) => `用户称"开机就跳闸",已检查电源\n复查显示${code}，更换${part}`,
	(code: string, part: string) => `客户反映"外机响声大",需二次上门\n怀疑${part}故障(${code})`,
	(code: string, part: string) => `"不制冷",内机显示${code}\n建议更换${part}`
];

interface Reason {
	name: string;
	component: Component;
	weight: number;
}
const INSTALL_REWORK_REASONS: readonly Reason[] = [
	{ name: '漏水', component: DRAIN_COMPONENT, weight: 0.3 },
	{ name: '安装不规范', component: DRAIN_COMPONENT, weight: 0.22 },
	{ name: '接线错误', component: COMPONENTS[2], weight: 0.2 },
	{ name: '漏氟', component: COMPONENTS[3], weight: 0.18 },
	{ name: '噪音', component: COMPONENTS[5], weight: 0.1 }
];
const REPAIR_REWORK_REASONS: readonly Reason[] = [
	{ name: '不制冷', component: COMPONENTS[3], weight: 0.35 },
	{ name: '漏氟', component: COMPONENTS[3], weight: 0.28 },
	{ name: '噪音', component: COMPONENTS[5], weight: 0.15 },
	{ name: '接线错误', component: COMPONENTS[2], weight: 0.12 },
	{ name: '漏水', component: DRAIN_COMPONENT, weight: 0.1 }
];
const RESPONSIBILITIES = ['installer', 'product', 'customer', 'unknown'];
const INSTALL_RESPONSIBILITY_WEIGHTS = [0.8, 0.08, 0.07, 0.05];
const REPAIR_RESPONSIBILITY_WEIGHTS = [0.35, 0.45, 0.05, 0.15];

// ---------------------------------------------------------------------------------------------
// Field behaviour

const COMPLETION_RATE = 0.97;
const LATE_ARRIVAL_RATE = 0.05; // plus arrivals pushed past 24 h by working hours → ≈ 8% late overall
const SATISFACTION_SURVEY_RATE = 0.62;
const SATISFACTION_ON_TIME = [0.025, 0.025, 0.05, 0.24, 0.66]; // P(1..5)
const SATISFACTION_LATE = [0.07, 0.08, 0.15, 0.3, 0.4];
const REPEAT_INSTALL_CUSTOMER_RATE = 0.065;
const WARRANTY_YEARS = 3;
const REPAIR_REWORK_RATE = 0.032;
const REPAIR_REPEAT_VISIT_RATE = 0.046; // plus rework visits → ≈ 6% of repairs revisited within 30 days
const INSTALL_REWORK_TICKET_RATE = 0.85;
const REPAIR_REWORK_TICKET_RATE = 0.8;
/** Monthly count of capacitor faults on SPIKE_MODEL in the last month vs. its usual month. */
const SPIKE_FACTOR = 4.8;
const SPIKE_MIN_CASES = 30;

function installReworkRate(internal: boolean, tenureDays: number): number {
	if (!internal) return 0.05;
	if (tenureDays < 90) return 0.36;
	if (tenureDays < 365) return 0.08;
	return 0.03;
}

/** Created-at hour of day weights (call centre and app orders). */
const HOUR_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 7, 8, 7, 5, 6, 7, 7, 6, 5, 4, 4, 3, 2, 1, 0.5];
const HOUR_WEIGHT_TOTAL = sum(HOUR_WEIGHTS);
/** 1.0 … 150.0 km in tenths, formatted once */
const DISTANCE_TEXT: string[] = Array.from({ length: 1491 }, (_, i) => String((10 + i) / 10));

// ---------------------------------------------------------------------------------------------
// Technicians

interface Technician {
	id: string;
	name: string;
	hireDay: number;
	team: number;
	internal: boolean;
}

function technicianCount(tickets: number): number {
	const scaled = 60 + 10 * Math.log10(Math.max(1, tickets / 10_000));
	return Math.min(90, Math.max(60, Math.round(scaled)));
}

/** Spring hiring windows (Mar 1 – May 31) that fall inside the sample window. */
function springWindows(cal: Calendar): [number, number][] {
	const windows: [number, number][] = [];
	let from = -1;
	for (let day = cal.startDay; day < cal.endDay; day++) {
		const spring = cal.month[day] >= 3 && cal.month[day] <= 5;
		if (spring && from < 0) from = day;
		if (!spring && from >= 0) {
			windows.push([from, day - 1]);
			from = -1;
		}
	}
	if (from >= 0) windows.push([from, cal.endDay - 1]);
	return windows;
}

function buildRoster(cal: Calendar, count: number, rand: Rand): Technician[] {
	const springs = springWindows(cal);
	const springHires = springs.length ? Math.round(count * 0.3) : 0;
	const cohorts: number[][] = [];
	const baseHires: number[] = [];
	for (let i = 0; i < count - springHires; i++) baseHires.push(cal.startDay - randInt(rand, 20, 2200));
	cohorts.push(baseHires);
	springs.forEach(([from, to], s) => {
		const size = Math.floor(springHires / springs.length) + (s < springHires % springs.length ? 1 : 0);
		cohorts.push(Array.from({ length: size }, () => randInt(rand, from, to)));
	});

	const names = new Set<string>();
	const hires: Omit<Technician, 'id'>[] = [];
	for (const cohort of cohorts) {
		const internalCount = Math.round(cohort.length * INTERNAL_SHARE);
		const internalFlags = shuffle(
			rand,
			cohort.map((_, i) => i < internalCount)
		);
		cohort.forEach((hireDay, i) => {
			const internal = internalFlags[i];
			hires.push({ name: uniqueName(rand, names), hireDay, internal, team: pickTeam(rand, internal) });
		});
	}
	hires.sort((a, b) => a.hireDay - b.hireDay);
	return hires.map((t, i) => ({ ...t, id: `T${String(i + 1).padStart(4, '0')}` }));
}

function shuffle<T>(rand: Rand, items: T[]): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[items[i], items[j]] = [items[j], items[i]];
	}
	return items;
}

function uniqueName(rand: Rand, taken: Set<string>): string {
	for (;;) {
		const given = rand() < 0.35 ? pick(rand, [...GIVEN]) : pick(rand, [...GIVEN]) + pick(rand, [...GIVEN]);
		const name = pick(rand, [...SURNAMES]) + given;
		if (!taken.has(name)) {
			taken.add(name);
			return name;
		}
	}
}

function pickTeam(rand: Rand, internal: boolean): number {
	const candidates = TEAMS.map((t, i) => (t.internal === internal ? i : -1)).filter((i) => i >= 0);
	return pick(rand, candidates);
}

// ---------------------------------------------------------------------------------------------
// Volume plan: tickets per day and the type mix per month

interface VolumePlan {
	perDay: Int32Array; // indexed by window day (0 = start)
	/** cumulative fresh-kind probabilities per window month: [install, +repair, +maintenance] */
	kindCut: Float64Array;
	/** extra SPIKE_MODEL capacitor repairs spread over the last month */
	spikeCases: number;
	/** tickets in the last month */
	lastMonthTickets: number;
}

function kindWeights(month: number): number[] {
	return FRESH_KIND_SHARE.map((share, kind) => share * SEASON[kind][month - 1]);
}

function planVolume(cal: Calendar, tickets: number, rand: Rand): VolumePlan {
	const days = cal.endDay - cal.startDay;
	const months = cal.windowMonth(cal.endDay - 1) + 1;
	const weight = new Float64Array(days);
	let total = 0;
	for (let i = 0; i < days; i++) {
		const day = cal.startDay + i;
		const growth = Math.pow(ANNUAL_GROWTH, i / 365.25);
		const noise = 0.92 + 0.16 * rand();
		weight[i] = growth * WEEKDAY_LOAD[cal.weekday[day]] * noise * sum(kindWeights(cal.month[day]));
		total += weight[i];
	}

	const perDay = new Int32Array(days);
	const repairsPerMonth = new Float64Array(months);
	let cumulative = 0;
	let assigned = 0;
	for (let i = 0; i < days; i++) {
		cumulative += weight[i];
		const upTo = Math.round((tickets * cumulative) / total);
		perDay[i] = upTo - assigned;
		assigned = upTo;
		const kinds = kindWeights(cal.month[cal.startDay + i]);
		repairsPerMonth[cal.windowMonth(cal.startDay + i)] += (perDay[i] * kinds[REPAIR]) / sum(kinds);
	}

	const kindCut = new Float64Array(months * 3);
	for (let m = 0; m < months; m++) {
		const kinds = kindWeights(((cal.month[cal.startDay] - 1 + m) % 12) + 1);
		const kindTotal = sum(kinds);
		kindCut[m * 3] = kinds[0] / kindTotal;
		kindCut[m * 3 + 1] = (kinds[0] + kinds[1]) / kindTotal;
		kindCut[m * 3 + 2] = (kinds[0] + kinds[1] + kinds[2]) / kindTotal;
	}
	const lastMonth = months - 1;
	let lastMonthTickets = 0;
	for (let i = 0; i < days; i++) if (cal.windowMonth(cal.startDay + i) === lastMonth) lastMonthTickets += perDay[i];
	return { perDay, kindCut, spikeCases: spikeCases(repairsPerMonth), lastMonthTickets };
}

/**
 * The last month gets SPIKE_FACTOR× the usual (mean of the previous 12 months) capacitor
 * failures on SPIKE_MODEL, at least SPIKE_MIN_CASES when there are enough repairs for that.
 */
function spikeCases(repairsPerMonth: Float64Array): number {
	const last = repairsPerMonth.length - 1;
	if (last < 1) return 0;
	const baseShare =
		(MODELS[SPIKE_MODEL_INDEX].weight / MODEL_WEIGHT_TOTAL) * (COMPONENTS[SPIKE_COMPONENT_INDEX].weight / COMPONENT_WEIGHT_TOTAL);
	const previous = repairsPerMonth.slice(Math.max(0, last - 12), last);
	const usual = (sum([...previous]) / previous.length) * baseShare;
	const lastRepairs = repairsPerMonth[last];
	const target = Math.max(SPIKE_FACTOR * usual, Math.min(SPIKE_MIN_CASES, 0.5 * lastRepairs));
	return Math.max(0, Math.round(target - lastRepairs * baseShare));
}

// ---------------------------------------------------------------------------------------------
// CSV output

const SINK_BUFFER_BYTES = 1 << 18;

interface SinkFormat {
	encoding: 'gbk' | 'utf8';
	bom: boolean;
	eol: '\r\n' | '\n';
}

/** Encodes records straight into a byte buffer that goes to the write stream when full. */
class CsvSink {
	rows = 0;
	lines = 0;
	private buffer = Buffer.allocUnsafe(SINK_BUFFER_BYTES);
	private used = 0;
	private readonly gbk: GbkEncoder | null;
	private readonly eol: string;
	private error: Error | null = null;

	private constructor(
		readonly path: string,
		private stream: WriteStream,
		format: SinkFormat
	) {
		stream.on('error', (error) => (this.error ??= error)); // rethrown by drain() / close()
		this.gbk = format.encoding === 'gbk' ? new GbkEncoder() : null;
		this.eol = format.eol;
		if (format.bom) this.append('\uFEFF');
	}

	static open(path: string, format: SinkFormat, header: readonly string[]): CsvSink {
		const sink = new CsvSink(path, createWriteStream(path, { highWaterMark: 1 << 20 }), format);
		sink.append(header.join(','));
		sink.append(format.eol);
		sink.lines = 1;
		return sink;
	}

	/** Appends one record; returns the file line it starts on. */
	write(record: string, embeddedNewlines = 0): number {
		this.append(record);
		this.append(this.eol);
		this.rows++;
		const line = this.lines + 1;
		this.lines += 1 + embeddedNewlines;
		return line;
	}

	private append(text: string): void {
		if (this.used + text.length * 3 > this.buffer.length) this.flush(text.length * 3);
		this.used += this.gbk ? this.gbk.encodeInto(text, this.buffer, this.used) : this.buffer.write(text, this.used, 'utf8');
	}

	/** Hands the filled part to the stream and starts a new buffer with room for `need` bytes. */
	private flush(need = 0): void {
		if (this.used > 0) this.stream.write(this.buffer.subarray(0, this.used));
		this.buffer = Buffer.allocUnsafe(Math.max(SINK_BUFFER_BYTES, need));
		this.used = 0;
	}

	async drain(): Promise<void> {
		if (this.error) throw this.error;
		if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
	}

	async close(): Promise<void> {
		if (this.used > 0) this.stream.write(this.buffer.subarray(0, this.used));
		this.stream.end();
		await finished(this.stream);
		if (this.error) throw this.error;
	}
}

/**
 * iconv-lite's GBK with each non-ASCII character looked up once and cached: the text is
 * mostly ASCII with a small Chinese vocabulary, and iconv's general encoder dominated the run time.
 */
class GbkEncoder {
	/** per UTF-16 code unit: 0 = not looked up yet, else (byte length << 16) | bytes */
	private readonly codes = new Int32Array(65536);

	/** Writes `text` into `out` at `offset` (room for 2 bytes per character assumed); returns the bytes written. */
	encodeInto(text: string, out: Buffer, offset: number): number {
		let n = offset;
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c < 0x80) {
				out[n++] = c;
				continue;
			}
			const code = this.codes[c] || this.lookUp(c);
			if (code >> 16 === 2) out[n++] = (code >> 8) & 0xff;
			out[n++] = code & 0xff;
		}
		return n - offset;
	}

	private lookUp(c: number): number {
		// Lone surrogates and characters outside GBK come back from iconv as '?'.
		const bytes = iconv.encode(String.fromCharCode(c), 'gbk');
		const code = bytes.length === 2 ? (2 << 16) | (bytes[0] << 8) | bytes[1] : (1 << 16) | bytes[0];
		this.codes[c] = code;
		return code;
	}
}

/** RFC 4180: quote when the value holds a comma, quote or line break. */
function csvField(value: string): string {
	return value && /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function countNewlines(value: string): number {
	let n = 0;
	for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) n++;
	return n;
}

function money(value: number): string {
	return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

// ---------------------------------------------------------------------------------------------
// Tickets

interface Unit {
	model: number;
	serial: string; // '' when the unit's label was not recorded
	productionDay: number;
	purchaseDay: number;
	/** 0: production date only, 1: batch only, 2: both */
	productionStyle: number;
}

interface TicketRow {
	id: string;
	created: string;
	type: string;
	customer: string;
	region: string;
	city: string;
	model: string;
	serial: string;
	production: string;
	batch: string;
	purchase: string;
	technician: string;
	team: string;
	teamType: string;
	arrived: string;
	completed: string;
	distance: string;
	faultCode: string;
	faultComponent: string;
	description: string;
	warranty: string;
	satisfaction: string;
	laborFee: string;
	partsFee: string;
}

/** A visit already known to be due: rework of a job or a repair that did not hold. */
interface FollowUp {
	originalId: string;
	customer: number;
	team: number;
	unit: Unit;
	component: Component;
	rework: { reason: string; responsibility: string; cost: number } | null;
	withTicket: boolean;
}

interface Visit {
	arrived: number; // minutes, -1 when not recorded
	completed: number; // -1 when not completed
}

type BadTicketKind = 'created_at' | 'completed_at' | 'type' | 'distance_km' | 'satisfaction' | 'duplicate';
const BAD_TICKET_SLOTS: readonly [number, BadTicketKind][] = [
	[0.12, 'created_at'],
	[0.25, 'type'],
	[0.38, 'distance_km'],
	[0.51, 'satisfaction'],
	[0.64, 'duplicate'],
	[0.77, 'completed_at'],
	[0.9, 'duplicate']
];
const DUPLICATE_LOOKBACK = 0.05;
const FOLLOW_UP_HORIZON = 64; // ring of day buckets; follow-ups are due within 31 days

class SampleWriter {
	private readonly fmt: DateFormatter;
	private readonly byTeam: number[][];
	private active = 0; // roster is sorted by hire day: technicians [0, active) work today
	private installCustomers = 0;
	private otherCustomers = 0;
	private reworkCount = 0;
	private repairCount = 0;
	private readonly followUps: FollowUp[][] = Array.from({ length: FOLLOW_UP_HORIZON }, () => []);
	private readonly badSlots = new Map<number, BadTicketKind>();
	private readonly duplicateSources = new Map<number, number>(); // source slot → bad slot
	private readonly duplicateIds = new Map<number, string>(); // bad slot → id to repeat
	readonly badRows: BadRow[] = [];
	private slot = 0;
	private zeroQuantityPending = false;
	private spikeCasesLeft: number;
	private spikeSlotsLeft = -1; // set when the last month starts

	constructor(
		private readonly cal: Calendar,
		private readonly roster: Technician[],
		private readonly plan: VolumePlan,
		private readonly rand: Rand,
		private readonly sinks: { tickets: CsvSink; rework: CsvSink; parts: CsvSink },
		private readonly ticketColumns: readonly string[],
		tickets: number
	) {
		this.fmt = new DateFormatter(cal);
		this.spikeCasesLeft = plan.spikeCases;
		this.byTeam = TEAMS.map((_, team) => roster.flatMap((t, i) => (t.team === team ? [i] : [])));
		if (tickets >= MIN_TICKETS_FOR_BAD_ROWS) this.placeBadSlots(tickets);
	}

	private placeBadSlots(tickets: number): void {
		for (const [fraction, kind] of BAD_TICKET_SLOTS) {
			const slot = Math.floor(tickets * fraction);
			this.badSlots.set(slot, kind);
			if (kind === 'duplicate') this.duplicateSources.set(slot - Math.max(1, Math.floor(tickets * DUPLICATE_LOOKBACK)), slot);
		}
	}

	async run(): Promise<void> {
		const days = this.cal.endDay - this.cal.startDay;
		const badRowsOn = this.badSlots.size > 0;
		for (let i = 0; i < days; i++) {
			const day = this.cal.startDay + i;
			while (this.active < this.roster.length && this.roster[this.active].hireDay <= day) this.active++;
			if (badRowsOn && i === Math.floor(days * 0.3)) this.zeroQuantityPending = true;
			if (badRowsOn && i === Math.floor(days * 0.45)) this.writeDanglingRework(day);
			if (badRowsOn && i === Math.floor(days * 0.6)) this.writeDanglingPart(day);
			this.writeDay(day, this.plan.perDay[i], i === days - 1);
			await Promise.all([this.sinks.tickets.drain(), this.sinks.rework.drain(), this.sinks.parts.drain()]);
		}
	}

	private writeDay(day: number, count: number, lastDay: boolean): void {
		const due = this.takeDueFollowUps(day);
		const withTicket = due.filter((f) => f.withTicket);
		for (const followUp of due) if (!followUp.withTicket) this.writeRework(followUp, day, '');

		const minutes = this.createdMinutes(count);
		const spikeMonth = this.cal.windowMonth(day) === this.cal.windowMonth(this.cal.endDay - 1);
		if (spikeMonth && this.spikeSlotsLeft < 0) this.spikeSlotsLeft = this.plan.lastMonthTickets;
		const idPrefix = ticketIdPrefix(this.cal.iso[day]);
		let pending = 0;
		for (let i = 0; i < count; i++) {
			const id = idPrefix + String(i + 1).padStart(6, '0');
			const t = day * MINUTES_PER_DAY + minutes[i];
			const bad = this.badSlots.get(this.slot);
			const remaining = withTicket.length - pending;
			if (bad) this.writeBadTicket(bad, id, day, t);
			else if (remaining > 0 && this.rand() * (count - i) < remaining) this.writeFollowUpTicket(withTicket[pending++], id, day, t);
			else this.writeFreshTicket(id, day, t, spikeMonth && this.takeSpikeCase());
			const dupTarget = this.duplicateSources.get(this.slot);
			if (dupTarget !== undefined) this.duplicateIds.set(dupTarget, id);
			this.slot++;
			if (spikeMonth) this.spikeSlotsLeft--;
		}
		// More visits due than slots today (rare): they move to tomorrow.
		if (!lastDay) for (const followUp of withTicket.slice(pending)) this.followUps[(day + 1) % FOLLOW_UP_HORIZON].push(followUp);
	}

	/** Spreads exactly plan.spikeCases over the last month's slots. */
	private takeSpikeCase(): boolean {
		if (this.spikeCasesLeft <= 0 || this.rand() * this.spikeSlotsLeft >= this.spikeCasesLeft) return false;
		this.spikeCasesLeft--;
		return true;
	}

	private takeDueFollowUps(day: number): FollowUp[] {
		const bucket = this.followUps[day % FOLLOW_UP_HORIZON];
		this.followUps[day % FOLLOW_UP_HORIZON] = [];
		return bucket;
	}

	private schedule(day: number, followUp: FollowUp): void {
		if (day < this.cal.endDay) this.followUps[day % FOLLOW_UP_HORIZON].push(followUp);
	}

	/** Sorted minute-of-day values for the day's created_at times. */
	private createdMinutes(count: number): Int32Array {
		const minutes = new Int32Array(count);
		for (let i = 0; i < count; i++) {
			minutes[i] = pickIndex(this.rand, HOUR_WEIGHTS, HOUR_WEIGHT_TOTAL) * 60 + Math.floor(this.rand() * 60);
		}
		return minutes.sort();
	}

	// --- fresh tickets -------------------------------------------------------------------------

	private writeFreshTicket(id: string, day: number, t: number, spike: boolean): void {
		const kind = spike ? REPAIR : this.pickKind(day);
		const tech = this.roster[this.pickTechnician()];
		const customer = this.pickCustomer(kind);
		const style = pickIndex(this.rand, DATE_STYLE_WEIGHTS, 1);
		const row = this.baseRow(id, t, kind, customer, tech, style);
		if (kind === COMPLAINT) return this.writeComplaint(row);

		const unit = spike ? this.spikeUnit(day) : this.makeUnit(kind, day);
		this.describeUnit(row, unit, style);
		const inWarranty = kind === INSTALL || this.cal.within(unit.purchaseDay, day, WARRANTY_YEARS);
		row.warranty = this.enumWord(inWarranty ? '保内' : '保外', inWarranty ? 'in' : 'out');
		const component = kind === REPAIR ? (spike ? COMPONENTS[SPIKE_COMPONENT_INDEX] : this.pickComponent()) : null;
		const visit = this.visit(t, style, row);

		if (kind === REPAIR && component) this.finishRepair(row, component, unit, inWarranty, visit, customer, tech);
		else row.description = this.maybeNote(kind === INSTALL ? INSTALL_NOTES : MAINTENANCE_NOTES, 0.3);
		if (kind === INSTALL && visit.completed >= 0) this.maybeReworkInstall(row.id, visit, unit, customer, tech, day);
		this.writeTicket(row);
	}

	private pickKind(day: number): TicketKind {
		const base = this.cal.windowMonth(day) * 3;
		const r = this.rand();
		if (r < this.plan.kindCut[base]) return INSTALL;
		if (r < this.plan.kindCut[base + 1]) return REPAIR;
		if (r < this.plan.kindCut[base + 2]) return MAINTENANCE;
		return COMPLAINT;
	}

	private pickTechnician(): number {
		return Math.floor(this.rand() * Math.max(1, this.active));
	}

	/** Customers are integers; installs and other first contacts use separate id ranges. */
	private pickCustomer(kind: TicketKind): number {
		if (kind === INSTALL) {
			if (this.installCustomers > 0 && this.rand() < REPEAT_INSTALL_CUSTOMER_RATE) {
				return 2 * Math.floor(this.rand() * this.installCustomers);
			}
			return 2 * this.installCustomers++;
		}
		const knownShare = kind === COMPLAINT ? 0.7 : 0.45;
		if (this.installCustomers > 0 && this.rand() < knownShare) return 2 * Math.floor(this.rand() * this.installCustomers);
		return 2 * this.otherCustomers++ + 1;
	}

	private baseRow(id: string, t: number, kind: TicketKind, customer: number, tech: Technician, style: number): TicketRow {
		const team = TEAMS[tech.team];
		return {
			id,
			created: this.fmt.timestamp(t, style),
			type: this.enumWord(KIND_ZH[kind], KIND_EN[kind]),
			customer: customerId(customer),
			region: team.region,
			city: team.city,
			model: '',
			serial: '',
			production: '',
			batch: '',
			purchase: '',
			technician: tech.id,
			team: team.name,
			teamType: this.enumWord(team.internal ? '自有' : '外协', team.internal ? 'internal' : 'outsourced'),
			arrived: '',
			completed: '',
			distance: '',
			faultCode: '',
			faultComponent: '',
			description: '',
			warranty: '',
			satisfaction: '',
			laborFee: '',
			partsFee: ''
		};
	}

	private enumWord(chinese: string, english: string): string {
		return this.rand() < ENGLISH_WORD_SHARE ? english : chinese;
	}

	private writeComplaint(row: TicketRow): void {
		row.description = pick(this.rand, COMPLAINT_NOTES);
		if (this.rand() < 0.4) {
			row.technician = '';
			row.team = '';
			row.teamType = '';
		}
		this.writeTicket(row);
	}

	private maybeNote(notes: readonly string[], probability: number): string {
		return this.rand() < probability ? pick(this.rand, notes) : '';
	}

	// --- units ---------------------------------------------------------------------------------

	private makeUnit(kind: TicketKind, day: number): Unit {
		const model = pickIndex(this.rand, MODEL_WEIGHTS, MODEL_WEIGHT_TOTAL);
		const purchaseDay = kind === INSTALL ? day - randInt(this.rand, 0, 14) : day - 1 - Math.floor(2920 * Math.pow(this.rand(), 1.6)); // unit age up to 8 years, mostly young
		const productionDay = purchaseDay - randInt(this.rand, 20, 240);
		const serialRate = kind === MAINTENANCE ? 0.7 : kind === INSTALL ? 0.95 : 0.9;
		return this.unit(model, productionDay, purchaseDay, serialRate);
	}

	/** The emerging issue: recently built SPIKE_MODEL units whose capacitors fail. */
	private spikeUnit(day: number): Unit {
		const purchaseDay = day - randInt(this.rand, 20, 150);
		return this.unit(SPIKE_MODEL_INDEX, purchaseDay - randInt(this.rand, 15, 60), purchaseDay, 0.9);
	}

	private unit(model: number, productionDay: number, purchaseDay: number, serialRate: number): Unit {
		const serial =
			this.rand() < serialRate
				? MODELS[model].serialPrefix + String(this.cal.year[productionDay] % 100) + String(Math.floor(this.rand() * 1e8)).padStart(8, '0')
				: '';
		const productionStyle = pickIndex(this.rand, [0.55, 0.35, 0.1], 1);
		return { model, serial, productionDay, purchaseDay, productionStyle };
	}

	private describeUnit(row: TicketRow, unit: Unit, style: number): void {
		row.model = MODELS[unit.model].name;
		row.serial = unit.serial;
		if (unit.productionStyle !== 1) row.production = this.fmt.date(unit.productionDay, style);
		if (unit.productionStyle !== 0) row.batch = batchOf(this.cal, unit.productionDay);
		row.purchase = this.fmt.date(unit.purchaseDay, style);
	}

	private pickComponent(): Component {
		return COMPONENTS[pickIndex(this.rand, COMPONENT_WEIGHTS, COMPONENT_WEIGHT_TOTAL)];
	}

	// --- visit timing --------------------------------------------------------------------------

	/** Arrival and completion times; fills arrived/completed/distance/satisfaction. */
	private visit(created: number, style: number, row: TicketRow): Visit {
		const completed = this.rand() < COMPLETION_RATE;
		const hasArrival = completed ? this.rand() < 0.96 : this.rand() < 0.4;
		let arrived = -1;
		let done = -1;
		if (hasArrival) {
			const delay =
				this.rand() < LATE_ARRIVAL_RATE
					? MINUTES_PER_DAY + Math.floor(this.rand() * 1800)
					: 30 + Math.floor(Math.pow(this.rand(), 1.5) * 1380);
			arrived = this.duringWorkingHours(created + delay);
			if (completed) done = arrived + 30 + Math.floor(this.rand() * 240);
		} else if (completed) {
			done = created + 120 + Math.floor(this.rand() * 2700);
		}
		const late = arrived >= 0 && arrived - created > MINUTES_PER_DAY;
		if (arrived >= 0) row.arrived = this.fmt.timestamp(arrived, style);
		if (done >= 0) row.completed = this.fmt.timestamp(done, style);
		if (this.rand() >= 0.05) row.distance = DISTANCE_TEXT[Math.round(1490 * Math.pow(this.rand(), 3.2))];
		if (done >= 0 && this.rand() < SATISFACTION_SURVEY_RATE) {
			row.satisfaction = String(1 + pickIndex(this.rand, late ? SATISFACTION_LATE : SATISFACTION_ON_TIME, 1));
		}
		return { arrived, completed: done };
	}

	/** Technicians knock on doors between 08:00 and 21:00. */
	private duringWorkingHours(t: number): number {
		const day = Math.floor(t / MINUTES_PER_DAY);
		const minute = t - day * MINUTES_PER_DAY;
		if (minute < 8 * 60) return day * MINUTES_PER_DAY + 8 * 60 + Math.floor(this.rand() * 120);
		if (minute >= 21 * 60) return (day + 1) * MINUTES_PER_DAY + 8 * 60 + Math.floor(this.rand() * 120);
		return t;
	}

	// --- repairs, parts, rework ------------------------------------------------------------------

	private finishRepair(
		row: TicketRow,
		component: Component,
		unit: Unit,
		inWarranty: boolean,
		visit: Visit,
		customer: number,
		tech: Technician
	): void {
		row.faultComponent = component.name;
		row.faultCode = pick(this.rand, component.codes);
		row.description = this.repairDescription(component, row.faultCode);
		if (visit.completed < 0) return;

		const partsCost = this.writeParts(row.id, component, unit, inWarranty);
		if (!inWarranty) {
			row.laborFee = String(80 + 10 * randInt(this.rand, 0, 12));
			if (partsCost > 0) row.partsFee = money(partsCost);
		}
		this.maybeRevisitRepair(row.id, visit, unit, customer, tech, component);
	}

	private repairDescription(component: Component, code: string): string {
		this.repairCount++;
		if (this.repairCount % 397 === 13) return pick(this.rand, MESSY_DESCRIPTIONS)(code, component.name);
		const r = this.rand();
		if (r < 0.15) return '';
		const text = pick(this.rand, component.descriptions);
		return r < 0.18 ? `${text},已上门检测` : text;
	}

	/** Writes the parts used on a completed repair; returns their cost. */
	private writeParts(ticketId: string, component: Component, unit: Unit, inWarranty: boolean): number {
		const variants = PARTS_BY_COMPONENT[component.name];
		const usesRefrigerant = component.name === '漏氟' || component.name === '压缩机' || (component.name === '四通阀' && this.rand() < 0.5);
		if (!variants && !usesRefrigerant) return 0;
		if (this.rand() >= PARTS_USE_SHARE) return 0;
		const large = MODELS[unit.model].large;
		let cost = 0;
		if (variants) cost += this.writePart(ticketId, variants[large ? 1 : 0], 1, inWarranty);
		if (usesRefrigerant) cost += this.writePart(ticketId, REFRIGERANT, large ? 2 : randInt(this.rand, 1, 2), inWarranty);
		return cost;
	}

	private writePart(ticketId: string, part: Part, quantity: number, inWarranty: boolean): number {
		const returned = this.rand() < (inWarranty ? 0.85 : 0.4);
		let claim = '无';
		let recovered = '';
		if (inWarranty && returned) {
			const r = this.rand();
			if (r < 0.35) {
				claim = '已追回';
				recovered = money(Math.round(part.cost * quantity * (70 + 30 * this.rand())) / 100);
			} else if (r < 0.65) claim = '已提交';
		}
		let quantityText = String(quantity);
		if (this.zeroQuantityPending) {
			this.zeroQuantityPending = false;
			quantityText = '0';
		}
		const line = this.sinks.parts.write(
			[
				ticketId,
				part.no,
				part.name,
				part.supplier,
				quantityText,
				money(part.cost),
				inWarranty ? '是' : '否',
				returned ? '是' : '否',
				claim,
				recovered
			].join(',')
		);
		if (quantityText === '0') this.badRows.push({ table: 'parts', line, column: PARTS_HEADERS[4], value: '0', rule: 'integer ≥ 1' });
		return part.cost * quantity;
	}

	private maybeReworkInstall(id: string, visit: Visit, unit: Unit, customer: number, tech: Technician, day: number): void {
		if (this.rand() >= installReworkRate(tech.internal, day - tech.hireDay)) return;
		const reason =
			INSTALL_REWORK_REASONS[
				pickIndex(
					this.rand,
					INSTALL_REWORK_REASONS.map((r) => r.weight),
					1
				)
			];
		const responsibility = RESPONSIBILITIES[pickIndex(this.rand, INSTALL_RESPONSIBILITY_WEIGHTS, 1)];
		this.schedule(this.reworkDay(visit), {
			originalId: id,
			customer,
			team: tech.team,
			unit,
			component: reason.component,
			rework: { reason: reason.name, responsibility, cost: this.reworkCost(responsibility) },
			withTicket: this.rand() < INSTALL_REWORK_TICKET_RATE
		});
	}

	private maybeRevisitRepair(id: string, visit: Visit, unit: Unit, customer: number, tech: Technician, component: Component): void {
		const r = this.rand();
		if (r < REPAIR_REWORK_RATE) {
			const reason =
				REPAIR_REWORK_REASONS[
					pickIndex(
						this.rand,
						REPAIR_REWORK_REASONS.map((x) => x.weight),
						1
					)
				];
			const responsibility = RESPONSIBILITIES[pickIndex(this.rand, REPAIR_RESPONSIBILITY_WEIGHTS, 1)];
			this.schedule(this.reworkDay(visit), {
				originalId: id,
				customer,
				team: tech.team,
				unit,
				component: reason.component,
				rework: { reason: reason.name, responsibility, cost: this.reworkCost(responsibility) },
				withTicket: this.rand() < REPAIR_REWORK_TICKET_RATE
			});
		} else if (r < REPAIR_REWORK_RATE + REPAIR_REPEAT_VISIT_RATE && unit.serial) {
			const again = this.rand() < 0.6 ? component : this.pickComponent();
			const day = Math.floor(visit.completed / MINUTES_PER_DAY) + randInt(this.rand, 2, 25);
			this.schedule(day, {
				originalId: id,
				customer,
				team: tech.team,
				unit,
				component: again,
				rework: null,
				withTicket: true
			});
		}
	}

	/** A few days to ~4 weeks after the job was completed. */
	private reworkDay(visit: Visit): number {
		return Math.floor(visit.completed / MINUTES_PER_DAY) + randInt(this.rand, 3, 26);
	}

	private reworkCost(responsibility: string): number {
		if (responsibility === 'customer') return 0;
		if (responsibility === 'installer') return 80 + 10 * randInt(this.rand, 0, 32);
		return 50 + 10 * randInt(this.rand, 0, 20);
	}

	private writeRework(followUp: FollowUp, day: number, reworkTicketId: string): void {
		const rework = followUp.rework;
		if (!rework) return;
		this.sinks.rework.write(
			[
				reworkId(++this.reworkCount),
				followUp.originalId,
				reworkTicketId,
				this.cal.iso[day],
				rework.reason,
				rework.responsibility,
				String(rework.cost)
			].join(',')
		);
	}

	// --- follow-up visits ----------------------------------------------------------------------

	private writeFollowUpTicket(followUp: FollowUp, id: string, day: number, t: number): void {
		const tech = this.roster[this.pickTeamMate(followUp.team)];
		const style = pickIndex(this.rand, DATE_STYLE_WEIGHTS, 1);
		const row = this.baseRow(id, t, REPAIR, followUp.customer, tech, style);
		this.describeUnit(row, followUp.unit, style);
		const inWarranty = this.cal.within(followUp.unit.purchaseDay, day, WARRANTY_YEARS);
		row.warranty = this.enumWord(inWarranty ? '保内' : '保外', inWarranty ? 'in' : 'out');
		const visit = this.visit(t, style, row);
		this.finishRepair(row, followUp.component, followUp.unit, inWarranty, visit, followUp.customer, tech);
		if (followUp.rework) {
			row.description = `返工：${followUp.rework.reason}`;
			this.writeRework(followUp, day, id);
		}
		this.writeTicket(row);
	}

	/** Someone from the original team who already works here, usually not the original technician. */
	private pickTeamMate(team: number): number {
		const members = this.byTeam[team].filter((i) => i < this.active);
		return members.length ? pick(this.rand, members) : this.pickTechnician();
	}

	// --- output --------------------------------------------------------------------------------

	private writeTicket(row: TicketRow): number {
		const record = [
			row.id,
			row.created,
			row.type,
			row.customer,
			row.region,
			row.city,
			row.model,
			row.serial,
			row.production,
			row.batch,
			row.purchase,
			row.technician,
			row.team,
			row.teamType,
			row.arrived,
			row.completed,
			row.distance,
			row.faultCode,
			row.faultComponent,
			csvField(row.description),
			row.warranty,
			row.satisfaction,
			row.laborFee,
			row.partsFee
		].join(',');
		return this.sinks.tickets.write(record, row.description ? countNewlines(row.description) : 0);
	}

	// --- deliberately bad rows -----------------------------------------------------------------

	private writeBadTicket(kind: BadTicketKind, id: string, day: number, t: number): void {
		const tech = this.roster[this.pickTechnician()];
		const style = 0; // ISO, which corrupt() relies on
		const row = this.baseRow(id, t, MAINTENANCE, this.pickCustomer(MAINTENANCE), tech, style);
		this.describeUnit(row, this.makeUnit(MAINTENANCE, day), style);
		row.warranty = '保外';
		this.visit(t, style, row);
		if (!row.completed) row.completed = this.fmt.timestamp(t + 180, style);

		const line = this.writeTicket(this.corrupt(row, kind, day));
		const [column, value, rule] = this.badCell(row, kind);
		this.badRows.push({ table: 'tickets', line, column: this.ticketColumns[column], value, rule });
	}

	private corrupt(row: TicketRow, kind: BadTicketKind, day: number): TicketRow {
		const year = this.cal.year[day];
		if (kind === 'created_at') row.created = `${year}-02-30 ${row.created.slice(11, 16)}`;
		if (kind === 'completed_at') row.completed = `${year}/13/${this.cal.dom[day]} 16:20:00`;
		if (kind === 'type') row.type = '咨询';
		if (kind === 'distance_km') row.distance = '-5';
		if (kind === 'satisfaction') row.satisfaction = '7';
		if (kind === 'duplicate') row.id = this.duplicateIds.get(this.slot) ?? row.id;
		return row;
	}

	/** [column index, value, broken rule] of a corrupted row */
	private badCell(row: TicketRow, kind: BadTicketKind): [number, string, string] {
		switch (kind) {
			case 'created_at':
				return [1, row.created, 'unparseable date'];
			case 'completed_at':
				return [15, row.completed, 'unparseable date'];
			case 'type':
				return [2, row.type, 'unknown type'];
			case 'distance_km':
				return [16, row.distance, 'number ≥ 0'];
			case 'satisfaction':
				return [21, row.satisfaction, 'integer 1–5'];
			case 'duplicate':
				return [0, row.id, 'ticket_id already used by an earlier row'];
		}
	}

	private writeDanglingRework(day: number): void {
		const missing = ticketId(this.cal.iso[day - 5], 999_999);
		const line = this.sinks.rework.write(
			[reworkId(++this.reworkCount), missing, '', this.cal.iso[day], '漏水', 'installer', '120'].join(',')
		);
		this.badRows.push({ table: 'rework', line, column: REWORK_HEADERS[1], value: missing, rule: 'must exist in tickets' });
	}

	private writeDanglingPart(day: number): void {
		const missing = ticketId(this.cal.iso[day - 3], 999_998);
		const part = PARTS_BY_COMPONENT['电容'][0];
		const line = this.sinks.parts.write(
			[missing, part.no, part.name, part.supplier, '1', money(part.cost), '是', '是', '无', ''].join(',')
		);
		this.badRows.push({ table: 'parts', line, column: PARTS_HEADERS[0], value: missing, rule: 'must exist in tickets' });
	}
}

/** `GD20260701` + 6-digit sequence within the day */
function ticketIdPrefix(isoDate: string): string {
	return `GD${isoDate.slice(0, 4)}${isoDate.slice(5, 7)}${isoDate.slice(8, 10)}`;
}

function ticketId(isoDate: string, seq: number): string {
	return ticketIdPrefix(isoDate) + String(seq).padStart(6, '0');
}

function reworkId(n: number): string {
	return `RW${String(n).padStart(7, '0')}`;
}

/** Customer numbers are scrambled (a bijection mod 10^8) so ids look like hashed phone numbers. */
function customerId(n: number): string {
	return `C${String((n * 48271 + 7_340_033) % 100_000_000).padStart(8, '0')}`;
}

/** `2024-03B`: production month plus the ten-day part of the month (A/B/C). */
function batchOf(cal: Calendar, day: number): string {
	const part = cal.dom[day] <= 10 ? 'A' : cal.dom[day] <= 20 ? 'B' : 'C';
	return `${cal.year[day]}-${pad2(cal.month[day])}${part}`;
}

// ---------------------------------------------------------------------------------------------
// Entry point

export async function generateSample(opts: SampleOptions): Promise<SampleResult> {
	const tickets = Math.max(0, Math.floor(opts.tickets ?? DEFAULT_TICKETS));
	const seed = opts.seed ?? DEFAULT_SEED;
	const cal = new Calendar(opts.start ?? DEFAULT_START, opts.months ?? DEFAULT_MONTHS);
	if (cal.endDay <= cal.startDay) throw new Error('months must be at least 1');
	await mkdir(opts.outDir, { recursive: true });

	const roster = buildRoster(cal, technicianCount(tickets), mulberry32(seed ^ 0x5eed1234));
	const plan = planVolume(cal, tickets, mulberry32(seed ^ 0x0c0ffee5));
	const technicians = writeTechnicians(join(opts.outDir, 'technicians.csv'), roster, cal);

	const utf8Tickets = opts.ticketsEncoding === 'utf8';
	const ticketColumns = opts.ticketsHeaders === 'en' ? TICKET_HEADERS_EN : TICKET_HEADERS_ZH;
	const sinks = {
		tickets: CsvSink.open(
			join(opts.outDir, 'tickets.csv'),
			utf8Tickets ? { encoding: 'utf8', bom: false, eol: '\n' } : { encoding: 'gbk', bom: false, eol: '\r\n' },
			ticketColumns
		),
		rework: CsvSink.open(join(opts.outDir, 'rework.csv'), { encoding: 'utf8', bom: true, eol: '\n' }, REWORK_HEADERS),
		parts: CsvSink.open(join(opts.outDir, 'parts.csv'), { encoding: 'utf8', bom: true, eol: '\r\n' }, PARTS_HEADERS)
	};
	const writer = new SampleWriter(cal, roster, plan, mulberry32(seed), sinks, ticketColumns, tickets);
	await writer.run();
	await Promise.all([sinks.tickets.close(), sinks.rework.close(), sinks.parts.close(), technicians.close()]);

	const badCount = (table: SampleTable) => writer.badRows.filter((b) => b.table === table).length;
	const entry = (sink: CsvSink, table: SampleTable) => ({ path: sink.path, table, rows: sink.rows, badRows: badCount(table) });
	return {
		files: [entry(sinks.tickets, 'tickets'), entry(sinks.rework, 'rework'), entry(sinks.parts, 'parts'), entry(technicians, 'technicians')],
		badRows: writer.badRows
	};
}

function writeTechnicians(path: string, roster: Technician[], cal: Calendar): CsvSink {
	const sink = CsvSink.open(path, { encoding: 'gbk', bom: false, eol: '\r\n' }, TECHNICIAN_HEADERS);
	for (const tech of roster) {
		const team = TEAMS[tech.team];
		sink.write([tech.id, tech.name, cal.slash[tech.hireDay], team.name, team.internal ? '自有' : '外协'].join(','));
	}
	return sink;
}
