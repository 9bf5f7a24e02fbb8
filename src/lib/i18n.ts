// Labels in Chinese and English, shared by the report and the pages.
export type Lang = 'zh' | 'en';

export const LABELS = {
	rework_rate: { en: 'Rework rate', zh: '返工率' },
	repeat_customer_share: { en: 'Repeat-customer share', zh: '老客户复购占比' },
	repeat_visit_rate: { en: 'Repeat-visit rate', zh: '重复维修率' },
	on_time_rate: { en: 'On-time service', zh: '上门及时率' },
	satisfaction_rate: { en: 'Satisfaction', zh: '满意率' },
	complaint_rate: { en: 'Complaint rate', zh: '投诉率' },
	install: { en: 'Install', zh: '安装' },
	repair: { en: 'Repair', zh: '维修' },
	maintenance: { en: 'Maintenance', zh: '保养' },
	complaint: { en: 'Complaint', zh: '投诉' },
	internal: { en: 'In-house', zh: '自有' },
	outsourced: { en: 'Outsourced', zh: '外协' },
	new: { en: 'New (< 90 days)', zh: '新人（<90天）' },
	developing: { en: 'Developing (90–364 days)', zh: '成长期（90–364天）' },
	experienced: { en: 'Experienced (≥ 1 year)', zh: '熟手（≥1年）' },
	unknown: { en: 'Unknown', zh: '未知' },
	none: { en: '(none)', zh: '（空）' },
	installer: { en: 'Installer', zh: '安装方' },
	product: { en: 'Product', zh: '产品' },
	customer: { en: 'Customer', zh: '用户' },
	target: { en: 'Target', zh: '目标' },
	previous_month: { en: 'Last month', zh: '上月' },
	same_month_last_year: { en: 'Same month last year', zh: '去年同月' },
	this_month: { en: 'This month', zh: '本月' },
	group: { en: 'Group', zh: '分组' },
	jobs: { en: 'Jobs', zh: '工单数' },
	reworked: { en: 'Reworked', zh: '返工' },
	rate: { en: 'Rate', zh: '比率' },
	ci95: { en: '95% interval', zh: '95%置信区间' },
	above_limit: { en: 'Above control limit', zh: '超出控制上限' },
	yes: { en: 'yes', zh: '是' },
	no: { en: 'no', zh: '否' },
	meets: { en: 'meets target', zh: '达标' },
	misses: { en: 'misses target', zh: '未达标' },
	monthly_review: { en: 'Monthly service review', zh: '月度服务质量例会' },
	kpis: { en: 'Key figures', zh: '关键指标' },
	findings: { en: 'Top findings', zh: '主要发现' },
	rework_by_team_type: { en: 'Rework by team type', zh: '按队伍类型的返工率' },
	rework_by_tenure: { en: 'Rework by technician tenure', zh: '按师傅工龄的返工率' },
	fault_pareto: { en: 'Repair faults by component (Pareto)', zh: '维修故障部件排列图' },
	component: { en: 'Component', zh: '故障部件' },
	count: { en: 'Count', zh: '数量' },
	cumulative: { en: 'Cumulative share', zh: '累计占比' },
	emerging_issues: { en: 'Emerging issues', zh: '新发质量问题' },
	model: { en: 'Model', zh: '机型' },
	baseline: { en: 'Baseline', zh: '基线' },
	p_value: { en: 'p-value', zh: 'p值' },
	peak_to_off: { en: 'Peak-to-off-season ratio', zh: '旺淡季比' },
	year: { en: 'Year', zh: '年份' },
	ratio: { en: 'Ratio', zh: '倍数' },
	no_data: { en: 'No tickets match these filters.', zh: '没有符合筛选条件的工单。' },
	time_to_complete: { en: 'Time to complete', zh: '完工时长' },
	mean: { en: 'mean', zh: '平均' },
	median: { en: 'median', zh: '中位数' },
	hours: { en: 'h', zh: '小时' },
	// interface
	app_tagline: { en: 'After-sales quality feedback', zh: '售后服务质量反馈' },
	nav_overview: { en: 'Overview', zh: '总览' },
	nav_rework: { en: 'Rework', zh: '返工' },
	nav_customers: { en: 'Customers', zh: '客户' },
	nav_seasonal: { en: 'Seasonal load & staffing', zh: '季节负荷与排班' },
	nav_faults: { en: 'Fault hotspots', zh: '故障热点' },
	nav_review: { en: 'Monthly review', zh: '月度例会' },
	nav_data: { en: 'Data', zh: '数据' },
	from: { en: 'From', zh: '开始' },
	to: { en: 'To', zh: '结束' },
	region: { en: 'Region', zh: '区域' },
	city: { en: 'City', zh: '城市' },
	team: { en: 'Team', zh: '网点/班组' },
	team_type: { en: 'Team type', zh: '队伍类型' },
	technician: { en: 'Technician', zh: '师傅' },
	all: { en: 'All', zh: '全部' },
	clear_filters: { en: 'Clear filters', zh: '清除筛选' },
	default_range: { en: 'default: last 12 complete months', zh: '默认：最近12个完整月' },
	preset_last_month: { en: 'Last month', zh: '上月' },
	preset_3m: { en: '3 months', zh: '近3个月' },
	preset_12m: { en: '12 months', zh: '近12个月' },
	preset_all: { en: 'All data', zh: '全部数据' },
	loading: { en: 'Loading…', zh: '加载中…' },
	error: { en: 'Could not load', zh: '加载失败' },
	rows: { en: 'rows', zh: '行' },
	showing_first: { en: 'showing the first', zh: '仅显示前' },
	export_png: { en: 'Save as PNG', zh: '保存为图片' },
	vs_previous: { en: 'vs previous period', zh: '较上期' },
	vs_last_year: { en: 'vs same period last year', zh: '较去年同期' },
	tickets: { en: 'Tickets', zh: '工单' },
	monthly_load: { en: 'Monthly load by ticket type', zh: '按工单类型的月度负荷' },
	language: { en: '中文', zh: 'English' },
	numerator_denominator: { en: 'numerator / denominator', zh: '分子 / 分母' },
	mean_time_to_complete: { en: 'Time to complete', zh: '完工时长' },
	pp: { en: 'pts', zh: '个百分点' },
	control_limit: { en: 'Control limit (3σ)', zh: '控制上限（3σ）' },
	overall: { en: 'Overall', zh: '整体' },
	print: { en: 'Print', zh: '打印' },
	row_counts: { en: 'Rows in the warehouse', zh: '数据仓库行数' },
	table_tickets: { en: 'tickets', zh: '工单' },
	table_rework: { en: 'rework records', zh: '返工记录' },
	table_parts: { en: 'parts lines', zh: '配件记录' },
	table_technicians: { en: 'technicians', zh: '师傅' },
	table_rejects: { en: 'rejected rows', zh: '被拒绝的行' },
	ingest_history: { en: 'Ingest history', zh: '导入记录' },
	loaded_at: { en: 'Loaded at', zh: '导入时间' },
	file: { en: 'File', zh: '文件' },
	table: { en: 'Table', zh: '数据表' },
	encoding: { en: 'Encoding', zh: '编码' },
	rows_read: { en: 'Rows read', zh: '读取行数' },
	rows_loaded: { en: 'Loaded', zh: '导入' },
	rows_rejected: { en: 'Rejected', zh: '拒绝' },
	rejected_rows: { en: 'Rejected rows', zh: '被拒绝的行' },
	rejects_note: {
		en: 'Every row that broke a rule, with its file, line and reason. The rest of each file was loaded.',
		zh: '每一条不符合规则的行，含文件、行号与原因；文件中其余的行均已导入。'
	},
	search_rejects: { en: 'Search rule, column or value', zh: '搜索规则、列或值' },
	search: { en: 'Search', zh: '搜索' },
	line: { en: 'Line', zh: '行号' },
	column: { en: 'Column', zh: '列' },
	value: { en: 'Value', zh: '值' },
	rule: { en: 'Rule', zh: '规则' },
	upload_title: { en: 'Load files', zh: '导入文件' },
	upload_off: {
		en: 'Uploading is off. Start the server with ADMIN_TOKEN set to load files from the browser (or use npm run ingest).',
		zh: '上传未开启。启动服务时设置 ADMIN_TOKEN 即可在浏览器中导入（或使用 npm run ingest）。'
	},
	upload_drop: { en: 'Drop CSV files here or choose them', zh: '将 CSV 文件拖到这里，或点击选择' },
	admin_token: { en: 'Admin token', zh: '管理员令牌' },
	upload_load: { en: 'Load into the warehouse', zh: '导入数据仓库' },
	recognised: { en: 'Recognised columns', zh: '已识别的列' },
	missing_required: { en: 'Missing required columns', zh: '缺少必需的列' },
	not_used: { en: 'Columns not used', zh: '未使用的列' },
	unknown_file: {
		en: 'No known column: not a tickets, rework, parts or technicians file',
		zh: '没有可识别的列：不是工单、返工、配件或人员文件'
	},
	preview: { en: 'First rows', zh: '前几行' },
	loading_file: { en: 'Loading…', zh: '导入中…' },
	loaded: { en: 'loaded', zh: '已导入' },
	rejected: { en: 'rejected', zh: '已拒绝' },
	click_to_filter: { en: 'Click a bar to filter to it.', zh: '点击柱形即可按其筛选。' }
} as const;

export type LabelKey = keyof typeof LABELS;

export function t(lang: Lang, key: string): string {
	const entry = (LABELS as Record<string, { en: string; zh: string }>)[key];
	return entry ? entry[lang] : key;
}

export function pct(v: number | null | undefined, lang: Lang = 'en', digits = 1): string {
	if (v === null || v === undefined || Number.isNaN(v)) return '—';
	return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', {
		style: 'percent',
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	}).format(v);
}

export function num(v: number | null | undefined, lang: Lang = 'en', digits = 0): string {
	if (v === null || v === undefined || Number.isNaN(v)) return '—';
	return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', {
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	}).format(v);
}

const MONTHS_EN = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

export function monthName(m: number, lang: Lang): string {
	return lang === 'zh' ? `${m}月` : MONTHS_EN[m - 1];
}

export function monthLabel(month: string, lang: Lang): string {
	const [y, m] = month.split('-').map(Number);
	return lang === 'zh' ? `${y}年${m}月` : `${MONTHS_EN[m - 1]} ${y}`;
}

/** A target as the memos write it: "≥ 90%" (at least) or "< 3%" (under). */
export function targetText(target: { min: number } | { max: number } | undefined, lang: Lang): string {
	if (!target) return '—';
	return 'min' in target ? `≥ ${pct(target.min, lang, 0)}` : `< ${pct(target.max, lang, 0)}`;
}
