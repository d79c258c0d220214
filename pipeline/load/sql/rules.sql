-- rules: the §4 rules evaluated at the as-of date D over the typed rows of one file (the rows
-- placeholder below), in the same pass that loads them (stage.ts), so the million-row table is written once.
-- Each rule is a boolean column first; the printed reason lists are built only for the rows that
-- have a reason (list building is the costly part on a million rows).
WITH base AS (
  SELECT r.*
    REPLACE (coalesce(asset_value, investment) AS asset_value,
      coalesce(operating_state, '正常运营') AS operating_state,
      coalesce(progress_state, '未启动') AS progress_state),
    getvariable('as_of') AS d,
    coalesce(dividend_received, 0) AS received0
  FROM {{rows}} r
),
rules AS (
  SELECT *,
    operating_state IN ('停产', '闲置') AS stopped,
    progress_state IN ('已完成', '已销号') AS completed,
    -- §4.1 闲置: stopped and 停用日期 ≤ D − 6 months; an empty 停用日期 takes the department's word
    operating_state IN ('停产', '闲置', '停工', '停建')
      AND (stop_date IS NULL OR stop_date <= months_before(d, getvariable('idle_months'))) AS idle,
    operating_state IN ('停产', '闲置', '停工', '停建') AND stop_date IS NULL AS idle_without_date,
    -- §4.3 分红追缴
    coalesce(dividend_due < d AND dividend_agreed > received0, false) AS dividend_owed,
    -- §4.2 低效
    coalesce(operating_mode = '入股经营' AND dividend_agreed > received0
      AND dividend_due < months_before(d, getvariable('dividend_late_months')), false) AS ineff_dividend,
    coalesce(net_prev < 0 AND net_cur < 0, false) AS ineff_loss,
    coalesce(capacity_design > 0 AND capacity_actual < capacity_design * getvariable('capacity_ratio'), false) AS ineff_capacity,
    coalesce(list_contains(risk_terms, '认定低效'), false) AS ineff_declared
  FROM base
),
warn AS (
  SELECT *,
    ineff_dividend OR ineff_loss OR ineff_capacity OR ineff_declared AS inefficient,
    -- §4.4 computed reasons
    coalesce(contract_end >= d AND contract_end < months_after(d, 1), false) AS w_contract_1m,
    coalesce(contract_end < months_before(d, 3) AND stopped, false) AS w_expired_3m,
    dividend_owed AND dividend_due < months_before(d, 6) AS w_dividend_6m,
    coalesce(principal_due < d AND principal_recovered = '否', false) AS w_principal,
    idle AND NOT completed AS w_idle,
    coalesce(contract_end >= months_after(d, 1) AND contract_end < months_after(d, 3), false) AS w_contract_3m,
    coalesce(contract_end >= months_before(d, 3) AND contract_end < months_before(d, 1) AND stopped, false) AS w_expired_1m,
    dividend_owed AND NOT (dividend_due < months_before(d, 6)) AS w_dividend_late,
    category = '盘活' AND progress_state = '已完成' AS w_revived
  FROM rules
)
SELECT * EXCLUDE (d, w_contract_1m, w_expired_3m, w_dividend_6m, w_principal, w_idle, w_contract_3m, w_expired_1m, w_dividend_late, w_revived),
  CASE WHEN idle OR inefficient THEN list_filter([
    CASE WHEN idle AND NOT idle_without_date THEN operating_state || '满' || getvariable('idle_months') || '个月' END,
    CASE WHEN idle_without_date THEN operating_state || '（未填停用日期）' END,
    CASE WHEN ineff_dividend THEN '入股经营到期' || getvariable('dividend_late_months') || '个月未获分红' END,
    CASE WHEN ineff_loss THEN '连续两年净收益为负' END,
    CASE WHEN ineff_capacity THEN '实际产能低于设计产能的' || CAST(round(getvariable('capacity_ratio') * 100) AS INTEGER) || '%' END,
    CASE WHEN ineff_declared THEN '主管部门认定低效' END
  ], x -> x IS NOT NULL) ELSE [] END AS idle_reasons,
  -- red reasons in the order of the table in domain.md §4.4, then the recorded ones
  CASE WHEN w_contract_1m OR w_expired_3m OR w_dividend_6m OR w_principal OR w_idle OR risk_terms IS NOT NULL THEN list_filter([
    CASE WHEN w_contract_1m THEN '合同距到期不足1个月' END,
    CASE WHEN w_expired_3m THEN '合同到期已闲置超过3个月' END,
    CASE WHEN w_dividend_6m THEN '逾期未收取收益超过6个月' END,
    CASE WHEN w_principal THEN '到期本金尚未收回' END,
    CASE WHEN w_idle THEN '闲置资产尚未盘活' END
  ] || list_filter(red_risks(), t -> coalesce(list_contains(risk_terms, t), false)), x -> x IS NOT NULL) ELSE [] END AS red_reasons,
  CASE WHEN w_contract_3m OR w_expired_1m OR w_dividend_late OR w_revived OR risk_terms IS NOT NULL OR operating_state = '运营一般' THEN list_filter([
    CASE WHEN w_contract_3m THEN '合同距到期1至3个月' END,
    CASE WHEN w_expired_1m THEN '合同到期已闲置超过1个月' END,
    CASE WHEN w_dividend_late THEN '收益未按约定时间上缴' END,
    CASE WHEN w_revived THEN '已盘活资产跟踪监测' END
  ] || list_filter(yellow_risks(), t -> coalesce(list_contains(risk_terms, t), false) OR (t = '运营一般' AND operating_state = '运营一般')),
    x -> x IS NOT NULL) ELSE [] END AS yellow_reasons
FROM warn
