// Labels of the rework and customers pages, in the shape of LABELS in i18n.ts
// (to be merged into it). Keys starting with reason_ translate rework reasons
// as they arrive in the field's data (Chinese); an unknown reason is shown as is.
export const PAGE_LABELS: Record<string, { en: string; zh: string }> = {
	// rework page
	rework_title: { en: 'Rework', zh: '返工分析' },
	rework_by_team: { en: 'Rework by team', zh: '按网点/班组的返工率' },
	rework_by_technician: { en: 'Rework by technician (funnel plot)', zh: '按师傅的返工率（漏斗图）' },
	rework_by_team_type_note: {
		en: 'Bars: rate with 95% interval; tick: control limit; red = above it. Click a bar to filter to that team type.',
		zh: '柱：返工率及95%置信区间；短横线：控制上限；红色＝超出上限。点击柱形按该队伍类型筛选。'
	},
	rework_by_tenure_note: {
		en: 'Tenure on the job date. Click a bar to list its reworked jobs below.',
		zh: '按派工当日的工龄分段。点击柱形，在下方列出其返工工单。'
	},
	rework_by_team_note: {
		en: 'Click a bar to filter to that team.',
		zh: '点击柱形按该网点/班组筛选。'
	},
	rework_funnel_note: {
		en: 'Each dot is a technician: rework rate against jobs done. The dashed curve is the 3σ control limit, wide for few jobs and narrowing as jobs grow, so a technician with 2 jobs is not flagged by chance. Red = above the limit. Click a dot to list that technician\u2019s reworked jobs.',
		zh: '每个点代表一位师傅：返工率与完成工单数。虚线为3σ控制上限，工单少时宽、工单多时窄，因此只做了两三单的师傅不会因偶然被标红。红点＝超出上限。点击圆点在下方列出该师傅的返工工单。'
	},
	rework_reasons: { en: 'Rework reasons (Pareto)', zh: '返工原因排列图' },
	rework_responsibility: { en: 'Rework responsibility (Pareto)', zh: '返工责任归属排列图' },
	pareto_note: {
		en: 'Rework records, most frequent first; the line is the cumulative share (dotted: 80%).',
		zh: '返工记录数，按频次从高到低；折线为累计占比（点线：80%）。'
	},
	team_rates: { en: 'Rework rate by team', zh: '各网点/班组返工率' },
	technician_rates: { en: 'Rework rate by technician', zh: '各师傅返工率' },
	team_table_note: {
		en: 'Red rows are above the control limit. Click a row to filter to that team.',
		zh: '红色行超出控制上限。点击行按该网点/班组筛选。'
	},
	technician_table_note: {
		en: 'Red rows are above the control limit. Click a row to list that technician\u2019s reworked jobs.',
		zh: '红色行超出控制上限。点击行在下方列出该师傅的返工工单。'
	},
	reworked_jobs: { en: 'Reworked jobs', zh: '返工工单' },
	reworked_jobs_all: { en: 'all groups', zh: '全部分组' },
	jobs_truncated: {
		en: 'Only the {n} most recent reworked jobs are listed; narrow the filters to see older ones.',
		zh: '仅列出最近的 {n} 条返工工单；缩小筛选范围可查看更早的记录。'
	},
	reworked_jobs_note: {
		en: 'Click a tenure bar, a technician dot or a technician row to see the jobs behind it.',
		zh: '点击工龄柱形、师傅圆点或师傅表格行，查看其背后的返工工单。'
	},
	show_all: { en: 'Show all', zh: '显示全部' },
	crisis_note: {
		en: 'Jobs by new installers (under 90 days) are reworked at {rate} ({frac}), above the {limit} line the field calls a crisis.',
		zh: '新人（入职不满90天）所做工单的返工率为 {rate}（{frac}），已超过一线所说的 {limit}“危机线”。'
	},
	crisis_ok: {
		en: 'New installers (under 90 days): {rate} reworked ({frac}); the field calls over {limit} a crisis.',
		zh: '新人（入职不满90天）返工率 {rate}（{frac}）；一线把超过 {limit} 称为“危机”。'
	},
	ticket_id: { en: 'Ticket', zh: '工单号' },
	created_at: { en: 'Created', zh: '创建时间' },
	ticket_type: { en: 'Type', zh: '工单类型' },
	tenure: { en: 'Tenure', zh: '工龄' },
	rework_id: { en: 'Rework record', zh: '返工单号' },
	rework_date: { en: 'Rework date', zh: '返工日期' },
	reason: { en: 'Reason', zh: '返工原因' },
	responsibility: { en: 'Responsibility', zh: '责任归属' },
	jobs_done: { en: 'Jobs done', zh: '完成工单数' },
	// customers page
	customers_title: { en: 'Customers', zh: '客户分析' },
	repeat_customer_by_month: { en: 'Repeat-customer share by month', zh: '老客户复购占比（按月）' },
	repeat_customer_note: {
		en: 'Installs for customers who had an earlier install, ÷ all installs in the month. The field memos call a share under {target} too low.',
		zh: '老客户（此前装过机）的安装单 ÷ 当月全部安装单。一线备忘录认为低于 {target} 即为过低。'
	},
	below_target_months: {
		en: '{n} of {m} months below the {target} target.',
		zh: '{m} 个月中有 {n} 个月低于 {target} 的目标。'
	},
	repeat_customers: { en: 'Repeat-customer installs', zh: '老客户安装单' },
	customer_table_note: { en: 'Red rows are months below the target.', zh: '红色行为低于目标的月份。' },
	visit_month_table_note: { en: 'Red rows are months above the target.', zh: '红色行为高于目标上限的月份。' },
	model_table_note: {
		en: 'Red rows are above the control limit. Click a row to filter to that model.',
		zh: '红色行超出控制上限。点击行按该机型筛选。'
	},
	installs: { en: 'Installs', zh: '安装单' },
	month: { en: 'Month', zh: '月份' },
	repeat_visit_title: { en: 'Repeat visits (first-time fix)', zh: '重复维修（首次修复率）' },
	repeat_visit_note: {
		en: 'Repeat-visit rate = repairs followed by another repair of the same unit (its serial number; without one, the same customer and model) within {days} days ÷ repairs. First-time fix = 1 − repeat-visit rate.',
		zh: '重复维修率＝{days}天内同一台机器（按机身序列号；无序列号时按同一用户同一机型）再次报修的维修单 ÷ 维修单。首次修复率＝1 − 重复维修率。'
	},
	bars_note: {
		en: 'Bars: rate with 95% interval; tick: control limit; red = above it.',
		zh: '柱：比率及95%置信区间；短横线：控制上限；红色＝超出上限。'
	},
	repeat_customers_title: { en: 'Repeat customers', zh: '老客户复购' },
	repeat_visit_by_model: { en: 'Repeat-visit rate by model', zh: '按机型的重复维修率' },
	repeat_visit_by_team: { en: 'Repeat-visit rate by team', zh: '按网点/班组的重复维修率' },
	repeat_visit_by_month: { en: 'Repeat-visit rate by month', zh: '重复维修率（按月）' },
	click_model_filter: { en: 'Click a bar to filter to that model.', zh: '点击柱形按该机型筛选。' },
	click_team_filter: { en: 'Click a bar to filter to that team.', zh: '点击柱形按该网点/班组筛选。' },
	repairs: { en: 'Repairs', zh: '维修单' },
	repeat_visits: { en: 'Repeat visits', zh: '重复维修' },
	first_time_fix: { en: 'First-time fix', zh: '首次修复率' },
	repeat_visit_month_note: { en: 'Against the {target} ceiling.', zh: '对照 {target} 的上限目标。' },
	// rework reasons as they appear in the data
	reason_漏氟: { en: 'Refrigerant leak', zh: '漏氟' },
	reason_漏水: { en: 'Water leak', zh: '漏水' },
	reason_接线错误: { en: 'Wiring error', zh: '接线错误' },
	reason_安装不规范: { en: 'Non-standard installation', zh: '安装不规范' },
	reason_噪音: { en: 'Noise', zh: '噪音' },
	reason_不制冷: { en: 'Not cooling', zh: '不制冷' },
	reason_不制热: { en: 'Not heating', zh: '不制热' },
	reason_unknown: { en: 'Unknown', zh: '未知' }
};
