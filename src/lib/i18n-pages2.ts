// Labels for the seasonal-load and fault-hotspot pages, in the shape of LABELS
// in i18n.ts ({ key: { en, zh } }), to be merged into it. Keys: sea_* for
// /seasonal, flt_* for /faults, term_* for component and part names as they
// appear in the data (Chinese), so an English reader sees them translated.
export const PAGE_LABELS2 = {
	// /seasonal
	sea_weekly_load: { en: 'Weekly load by ticket type', zh: '按工单类型的每周负荷' },
	sea_weekly_load_note: {
		en: 'Tickets per ISO week (Monday to Sunday). Drag the slider to zoom.',
		zh: '按ISO周（周一至周日）统计的工单数；拖动下方滑块可缩放。'
	},
	sea_daily_calendar: { en: 'Tickets per day', zh: '每日工单量' },
	sea_daily_calendar_note: { en: 'Each square is one day; the darker, the more tickets.', zh: '每个方格代表一天，颜色越深工单越多。' },
	sea_all_history: { en: 'all data', zh: '全部数据' },
	sea_peak_note: {
		en: "The busiest month's average daily tickets ÷ the quietest month's, for each calendar year with tickets in all 12 months",
		zh: '每个自然年中旺季月份的日均工单数 ÷ 淡季月份的日均工单数，仅统计12个月都有工单的年份'
	},
	sea_no_full_year: {
		en: 'No calendar year in this selection has tickets in all 12 months.',
		zh: '所选范围内没有12个月都有工单的完整年份。'
	},
	sea_peak_month: { en: 'Peak month', zh: '旺季月份' },
	sea_off_month: { en: 'Off-season month', zh: '淡季月份' },
	sea_peak_per_day: { en: 'Peak / day', zh: '旺季日均' },
	sea_off_per_day: { en: 'Off-season / day', zh: '淡季日均' },
	sea_per_day: { en: 'a day', zh: '单/天' },
	sea_memo_band: { en: '2×–3× (usual range)', zh: '2–3倍（常见范围）' },
	sea_forecast_title: { en: 'Jobs per month: history and 12-month forecast', zh: '月度工单量：历史与未来12个月预测' },
	sea_forecast_note: {
		en: 'Installs, repairs and maintenance (complaints excluded); the forecast is dashed',
		zh: '安装、维修、保养工单（不含投诉）；虚线为预测'
	},
	sea_actual_jobs: { en: 'Actual jobs', zh: '实际工单' },
	sea_forecast: { en: 'Forecast', zh: '预测' },
	sea_backtest_forecast: { en: 'Forecast without this year', zh: '回测预测' },
	sea_jobs_per_month: { en: 'Jobs / month', zh: '工单/月' },
	sea_error: { en: 'error', zh: '误差' },
	sea_holdout_title: { en: 'Forecast error on the last held-out season', zh: '预测误差：最近一个完整季节周期的回测' },
	sea_holdout_note: {
		en: 'The method is refitted without the last 12 months, then forecasts them; compared here with what happened',
		zh: '去掉最近12个月的数据重新拟合，再预测这12个月，与实际对比'
	},
	sea_mape_explain: { en: 'Mean absolute percentage error over the held-out months', zh: '回测各月的平均绝对百分比误差' },
	sea_mae_explain: { en: 'Mean absolute error, in jobs per month', zh: '平均绝对误差（每月工单数）' },
	sea_jobs_a_month: { en: 'jobs / month', zh: '单/月' },
	sea_no_holdout: {
		en: 'Fewer than 24 months of history: no held-out season to test the forecast on yet.',
		zh: '历史数据不足24个月，暂时无法回测预测误差。'
	},
	sea_method_growth: {
		en: "Method: seasonal naive × year-over-year growth — each month's forecast is the same month last year × g, where g = jobs in the last 12 months ÷ jobs in the 12 months before (here g = {g}).",
		zh: '方法：季节性朴素法 × 同比增长系数——每月预测值 = 去年同月实际值 × g，g = 最近12个月工单总数 ÷ 此前12个月工单总数（此处 g = {g}）。'
	},
	sea_method_plain: {
		en: "Method: seasonal naive — each month's forecast is the same month last year (with less than two years of history no growth factor is estimated: g = 1).",
		zh: '方法：季节性朴素法——每月预测值 = 去年同月实际值（历史不足两年，不估计增长系数，g = 1）。'
	},
	sea_method_error: {
		en: 'MAPE is the mean of |actual − forecast| ÷ actual over the held-out months, MAE the mean of |actual − forecast|.',
		zh: 'MAPE为回测各月 |实际 − 预测| ÷ 实际 的平均值，MAE为 |实际 − 预测| 的平均值。'
	},
	sea_method_source: {
		en: 'See Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., §5.2.',
		zh: '参见 Hyndman 与 Athanasopoulos 著《Forecasting: Principles and Practice》第3版 §5.2。'
	},
	sea_no_forecast: {
		en: 'A forecast needs at least 12 months of history: choose a longer date range.',
		zh: '预测至少需要12个月的历史数据，请选择更长的日期范围。'
	},
	sea_staffing_title: { en: 'Technicians needed per week (forecast)', zh: '每周所需师傅人数（预测）' },
	sea_jpd: { en: 'Jobs per technician per day', zh: '每位师傅每天完成工单数' },
	sea_wd: { en: 'Working days per week', zh: '每周工作天数' },
	sea_reset_defaults: { en: 'Back to defaults', zh: '恢复默认值' },
	sea_staffing_note: {
		en: "Technicians = forecast jobs in the week ÷ ({jpd} jobs a day × {wd} days = {cap} jobs per technician a week), rounded up; each forecast month's jobs are spread evenly over its days.",
		zh: '所需师傅人数 = 当周预测工单数 ÷（每天 {jpd} 单 × {wd} 天 = 每人每周 {cap} 单），向上取整；每个预测月的工单平均分摊到该月每一天。'
	},
	sea_technicians_needed: { en: 'Technicians needed', zh: '所需师傅人数' },
	sea_technicians: { en: 'Technicians', zh: '师傅人数' },
	sea_forecast_jobs: { en: 'Forecast jobs', zh: '预测工单数' },
	sea_week_start: { en: 'Week starting (Monday)', zh: '周起始日（周一）' },

	// /faults
	flt_pareto_component: { en: 'Repairs by fault component (Pareto)', zh: '故障部件排列图（维修工单）' },
	flt_pareto_code: { en: 'Repairs by fault code (Pareto)', zh: '故障代码排列图（维修工单）' },
	flt_pareto_note: {
		en: 'Repair tickets, most frequent first; the line is the cumulative share (dotted: 80%).',
		zh: '维修工单按数量从多到少排列；折线为累计占比（点线为80%）。'
	},
	flt_repairs: { en: 'Repairs', zh: '维修工单数' },
	flt_component: { en: 'Fault component', zh: '故障部件' },
	flt_matrix_title: { en: 'Model × fault component', zh: '机型 × 故障部件' },
	flt_matrix_note: {
		en: "Failures per 1,000 installed units where the model's installs are known (orange scale); otherwise the repair count (violet scale). Click a cell to filter to its model.",
		zh: '已知该机型安装量时显示每千台故障率（橙色色阶），否则显示维修工单数（紫色色阶）。点击单元格即可按该机型筛选。'
	},
	flt_rate_per_1000: { en: 'Failures per 1,000 installed', zh: '每千台故障率' },
	flt_installs: { en: 'installed units', zh: '安装台数' },
	flt_count_only: { en: 'Installs of this model unknown: repair count, not a rate', zh: '该机型安装量未知：显示维修工单数，而非故障率' },
	flt_rate_legend: { en: 'per 1,000', zh: '每千台' },
	flt_count_legend: { en: 'repairs', zh: '维修数' },
	flt_nevada_title: { en: 'Nevada chart: repairs by production month × months in service', zh: '内华达图：生产月份 × 使用月数的维修量' },
	flt_nevada_note: {
		en: 'Repairs in the selected period. Rows: production month (production date, else the batch month); columns: whole months in service (from purchase, else production, to the repair). A dark row points to a production batch, a dark column to an age at which units fail. The colour scale stops at the 98th percentile.',
		zh: '统计所选期间的维修工单。行：生产月份（按生产日期，缺失时取批次号中的月份）；列：使用整月数（从购买日期，缺失时从生产日期，到报修日期）。某一行偏深提示该生产批次有问题，某一列偏深提示在该使用时长集中失效。色阶上限取第98百分位。'
	},
	flt_production_month: { en: 'Production month', zh: '生产月份' },
	flt_months_in_service: { en: 'Months in service', zh: '使用月数' },
	flt_emerging_method: {
		en: "A model–component pair is listed when its repairs in the month are significantly above its own baseline: the mean of the previous {months} months, seasonally adjusted by the month's volume of all other repairs against its mean over those months (the pair itself left out, so a spike cannot raise its own expectation). One-sided Poisson test P(X ≥ cases | λ = baseline) < {p}, with at least {min} cases.",
		zh: '某机型–故障部件组合当月维修数显著高于自身基线时列为新发问题：基线 = 前{months}个月的月均维修数，并按当月其他所有维修量与其在这几个月的月均量之比做季节调整（不含该组合本身，以免突增抬高自身预期）；单侧泊松检验 P(X ≥ 当月例数 | λ = 基线) < {p}，且至少{min}例。'
	},
	flt_emerging_no_month: {
		en: "The chosen period does not end on a complete month: choose a range that ends on a month's last day.",
		zh: '所选期间未以完整月份结束，请选择以月末为结束日期的范围。'
	},
	flt_emerging_none: {
		en: 'No emerging issue in {month}: no model–component pair is significantly above its baseline.',
		zh: '{month}没有新发质量问题：没有任何机型–部件组合显著高于其基线。'
	},
	flt_cases_month: { en: 'Cases this month', zh: '当月例数' },
	flt_expected: { en: 'Expected (baseline)', zh: '预期（基线）' },
	flt_times_expected: { en: '× expected', zh: '为预期的倍数' },
	flt_history: { en: 'Last {n} months', zh: '近{n}个月' },
	flt_filter_model: { en: 'Filter to this model', zh: '按该机型筛选' },
	flt_baseline_months: { en: 'baseline months', zh: '基线月份' },
	flt_supplier_title: { en: 'Warranty parts cost by supplier', zh: '按供应商的三包件金额' },
	flt_supplier_note: {
		en: 'Parts replaced under warranty (三包件) on the filtered tickets, and what was recovered from the supplier by claim (二次索赔).',
		zh: '所筛选工单中更换的三包件金额，以及通过二次索赔已追回的金额。'
	},
	flt_supplier_table: { en: 'Warranty parts by supplier and part', zh: '三包件明细（按供应商与配件）' },
	flt_supplier_table_note: {
		en: 'The claim columns count parts lines by supplier-claim status.',
		zh: '索赔状态各列为对应状态的配件记录数。'
	},
	flt_supplier: { en: 'Supplier', zh: '供应商' },
	flt_part_no: { en: 'Part no.', zh: '配件编码' },
	flt_part_name: { en: 'Part', zh: '配件名称' },
	flt_quantity: { en: 'Quantity', zh: '数量' },
	flt_warranty_cost: { en: 'Warranty parts cost', zh: '三包件金额' },
	flt_recovered_amount: { en: 'Recovered from supplier', zh: '已追回金额' },
	flt_claim_lines: { en: 'Supplier claims (lines)', zh: '二次索赔（记录数）' },
	flt_claim_none: { en: 'No claim', zh: '未索赔' },
	flt_claim_submitted: { en: 'Claim submitted', zh: '已提交索赔' },
	flt_claim_recovered: { en: 'Recovered', zh: '已追回' },

	// component and part names as the data writes them
	term_漏氟: { en: 'Refrigerant leak', zh: '漏氟' },
	term_电脑板: { en: 'Control board', zh: '电脑板' },
	term_主板: { en: 'Main board', zh: '主板' },
	term_电源板: { en: 'Power board', zh: '电源板' },
	term_显示板: { en: 'Display board', zh: '显示板' },
	term_传感器: { en: 'Sensor', zh: '传感器' },
	term_温度传感器: { en: 'Temperature sensor', zh: '温度传感器' },
	term_风扇电机: { en: 'Fan motor', zh: '风扇电机' },
	term_室内风机: { en: 'Indoor fan motor', zh: '室内风机' },
	term_室外风机: { en: 'Outdoor fan motor', zh: '室外风机' },
	term_步进电机: { en: 'Stepper motor', zh: '步进电机' },
	term_电容: { en: 'Capacitor', zh: '电容' },
	term_压缩机: { en: 'Compressor', zh: '压缩机' },
	term_四通阀: { en: 'Four-way valve', zh: '四通阀' },
	term_膨胀阀: { en: 'Expansion valve', zh: '膨胀阀' },
	term_电子膨胀阀: { en: 'Electronic expansion valve', zh: '电子膨胀阀' },
	term_排水管: { en: 'Drain pipe', zh: '排水管' },
	term_连接管: { en: 'Connecting pipe', zh: '连接管' },
	term_冷媒: { en: 'Refrigerant', zh: '冷媒' },
	term_蒸发器: { en: 'Evaporator', zh: '蒸发器' },
	term_冷凝器: { en: 'Condenser', zh: '冷凝器' },
	term_遥控器: { en: 'Remote control', zh: '遥控器' },
	term_导风板: { en: 'Louver', zh: '导风板' },
	term_电抗器: { en: 'Reactor', zh: '电抗器' }
} as const;
