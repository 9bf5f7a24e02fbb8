// What the sample company's exports talk about (ticket kinds, seasons, teams,
// names, models, components, parts, notes, rework reasons) and how its field
// work behaves (completion, lateness, satisfaction, rework and repeat rates).
import { sum } from './random';
import { SPIKE_COMPONENT, SPIKE_MODEL } from './options';

export type TicketKind = 0 | 1 | 2 | 3;
export const INSTALL = 0;
export const REPAIR = 1;
export const MAINTENANCE = 2;
export const COMPLAINT = 3;
export const KIND_ZH = ['安装', '维修', '保养', '投诉'];
export const KIND_EN = ['install', 'repair', 'maintenance', 'complaint'];
/** Share of freshly called-in tickets; rework and repeat visits (≈4% of all) add repairs on top. */
export const FRESH_KIND_SHARE = [0.47, 0.32, 0.183, 0.027];
/** Relative load by calendar month (Jan..Dec); each row averages ≈ 1. */
export const SEASON: readonly (readonly number[])[] = [
	[0.68, 0.64, 0.78, 0.92, 1.1, 1.4, 1.62, 1.55, 1.05, 0.86, 0.7, 0.66], // install: summer peak
	[0.74, 0.68, 0.7, 0.78, 0.95, 1.3, 1.7, 1.62, 1.1, 0.8, 0.74, 0.8], // repair: summer peak, small winter bump
	[0.45, 0.4, 1.0, 1.75, 1.85, 1.1, 0.7, 0.65, 1.35, 1.55, 0.75, 0.45], // maintenance: spring and autumn
	[0.7, 0.6, 0.7, 0.85, 1.0, 1.3, 1.7, 1.6, 1.1, 0.9, 0.8, 0.75] // complaint
];
export const WEEKDAY_LOAD = [1.06, 0.97, 0.97, 0.97, 0.98, 1.0, 1.08];
export const ANNUAL_GROWTH = 1.08;
/** Share of enum cells written with the English word instead of the Chinese one. */
export const ENGLISH_WORD_SHARE = 0.02;

export interface Team {
	name: string;
	city: string;
	region: string;
	internal: boolean;
}
export const TEAMS: readonly Team[] = [
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
export const INTERNAL_SHARE = 0.55;

export const SURNAMES =
	'王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
export const GIVEN = '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩凯健俊帆帅旭宇龙林峰建国志文海洋亮成东庆春永胜义兴福';

export interface Model {
	name: string;
	serialPrefix: string;
	weight: number;
	large: boolean;
}
export const MODELS: readonly Model[] = [
	{ name: 'KFR-26GW/BpR3', serialPrefix: '26BPR3', weight: 0.17, large: false },
	{ name: SPIKE_MODEL, serialPrefix: '35BPR3', weight: 0.16, large: false },
	{ name: 'KFR-35GW/NhGc1', serialPrefix: '35NHGC', weight: 0.14, large: false },
	{ name: 'KFR-26GW/NhZa3', serialPrefix: '26NHZA', weight: 0.12, large: false },
	{ name: 'KFR-50LW/BpR3', serialPrefix: '50LBPR', weight: 0.14, large: true },
	{ name: 'KFR-72LW/NhBa1', serialPrefix: '72LNHB', weight: 0.12, large: true },
	{ name: 'KFR-50GW/BpR1', serialPrefix: '50BPR1', weight: 0.15, large: true }
];
export const MODEL_WEIGHTS = MODELS.map((m) => m.weight);
export const MODEL_WEIGHT_TOTAL = sum(MODEL_WEIGHTS);
export const SPIKE_MODEL_INDEX = MODELS.findIndex((m) => m.name === SPIKE_MODEL);

export interface Component {
	name: string;
	codes: readonly string[];
	weight: number;
	descriptions: readonly string[];
}
export const COMPONENTS: readonly Component[] = [
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
export const COMPONENT_WEIGHTS = COMPONENTS.map((c) => c.weight);
export const COMPONENT_WEIGHT_TOTAL = sum(COMPONENT_WEIGHTS);
export const SPIKE_COMPONENT_INDEX = COMPONENTS.findIndex((c) => c.name === SPIKE_COMPONENT);
export const DRAIN_COMPONENT: Component = { name: '排水管', codes: ['E9'], weight: 0, descriptions: ['内机滴水'] };

export interface Part {
	no: string;
	name: string;
	supplier: string;
	cost: number;
}
/** Parts used per fault component; the second list is for large (≥ 2 HP) units. */
export const PARTS_BY_COMPONENT: Record<string, readonly [Part, Part]> = {
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
export const REFRIGERANT: Part = { no: 'REF-R32-1KG', name: '冷媒', supplier: '华意压缩', cost: 65 };
export const PARTS_USE_SHARE = 0.72;

export const INSTALL_NOTES = ['挂机安装', '柜机安装，需加长铜管', '空调移机', '新房安装，打孔一个', '高空作业，外机支架更换'];
export const MAINTENANCE_NOTES = ['清洗内机滤网', '深度清洗蒸发器', '季前检测，加氟', '外机清洗'];
export const COMPLAINT_NOTES = ['师傅迟到两小时', '收费不合理', '安装后墙面未清理', '服务态度差', '多次报修未解决', '预约时间无人联系'];
export const MESSY_DESCRIPTIONS = [
	(code: string, part: string) => `用户称"开机就跳闸",已检查电源\n复查显示${code}，更换${part}`,
	(code: string, part: string) => `客户反映"外机响声大",需二次上门\n怀疑${part}故障(${code})`,
	(code: string, part: string) => `"不制冷",内机显示${code}\n建议更换${part}`
];

export interface Reason {
	name: string;
	component: Component;
	weight: number;
}
export const INSTALL_REWORK_REASONS: readonly Reason[] = [
	{ name: '漏水', component: DRAIN_COMPONENT, weight: 0.3 },
	{ name: '安装不规范', component: DRAIN_COMPONENT, weight: 0.22 },
	{ name: '接线错误', component: COMPONENTS[2], weight: 0.2 },
	{ name: '漏氟', component: COMPONENTS[3], weight: 0.18 },
	{ name: '噪音', component: COMPONENTS[5], weight: 0.1 }
];
export const REPAIR_REWORK_REASONS: readonly Reason[] = [
	{ name: '不制冷', component: COMPONENTS[3], weight: 0.35 },
	{ name: '漏氟', component: COMPONENTS[3], weight: 0.28 },
	{ name: '噪音', component: COMPONENTS[5], weight: 0.15 },
	{ name: '接线错误', component: COMPONENTS[2], weight: 0.12 },
	{ name: '漏水', component: DRAIN_COMPONENT, weight: 0.1 }
];
export const RESPONSIBILITIES = ['installer', 'product', 'customer', 'unknown'];
export const INSTALL_RESPONSIBILITY_WEIGHTS = [0.8, 0.08, 0.07, 0.05];
export const REPAIR_RESPONSIBILITY_WEIGHTS = [0.35, 0.45, 0.05, 0.15];

// ---------------------------------------------------------------------------------------------
// Field behaviour

export const COMPLETION_RATE = 0.97;
export const LATE_ARRIVAL_RATE = 0.05; // plus arrivals pushed past 24 h by working hours → ≈ 8% late overall
export const SATISFACTION_SURVEY_RATE = 0.62;
export const SATISFACTION_ON_TIME = [0.025, 0.025, 0.05, 0.24, 0.66]; // P(1..5)
export const SATISFACTION_LATE = [0.07, 0.08, 0.15, 0.3, 0.4];
export const REPEAT_INSTALL_CUSTOMER_RATE = 0.065;
export const WARRANTY_YEARS = 3;
export const REPAIR_REWORK_RATE = 0.032;
export const REPAIR_REPEAT_VISIT_RATE = 0.046; // plus rework visits → ≈ 6% of repairs revisited within 30 days
export const INSTALL_REWORK_TICKET_RATE = 0.85;
export const REPAIR_REWORK_TICKET_RATE = 0.8;
/** Monthly count of capacitor faults on SPIKE_MODEL in the last month vs. its usual month. */
export const SPIKE_FACTOR = 4.8;
export const SPIKE_MIN_CASES = 30;

export function installReworkRate(internal: boolean, tenureDays: number): number {
	if (!internal) return 0.05;
	if (tenureDays < 90) return 0.36;
	if (tenureDays < 365) return 0.08;
	return 0.03;
}

/** Created-at hour of day weights (call centre and app orders). */
export const HOUR_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 7, 8, 7, 5, 6, 7, 7, 6, 5, 4, 4, 3, 2, 1, 0.5];
export const HOUR_WEIGHT_TOTAL = sum(HOUR_WEIGHTS);
/** 1.0 … 150.0 km in tenths, formatted once */
export const DISTANCE_TEXT: string[] = Array.from({ length: 1491 }, (_, i) => String((10 + i) / 10));
