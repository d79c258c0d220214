-- projects: counted ledger rows with the §4 rules evaluated at the as-of date D.
CREATE OR REPLACE TABLE projects AS
WITH base AS (
  SELECT r.rowid AS rid, r.*,
    coalesce(asset_value, investment) AS asset_value0,
    coalesce(operating_state, '正常运营') AS operating_state0,
    coalesce(progress_state, '未启动') AS progress_state0,
    getvariable('as_of') AS d,
    coalesce(dividend_received, 0) AS received0,
    coalesce(operating_state IN ('停产', '闲置'), false) AS stopped,
    coalesce(operating_state IN ('停产', '闲置', '停工', '停建'), false) AS stopped_any
  FROM ledger_rows r WHERE kind = 'project'
),
flags AS (
  SELECT *,
    -- §4.1 闲置: stopped and 停用日期 ≤ D − 6 months; an empty 停用日期 takes the department's word
    stopped_any AND (stop_date IS NULL OR stop_date <= months_before(d, getvariable('idle_months'))) AS idle,
    stopped_any AND stop_date IS NULL AS idle_without_date,
    -- §4.3 分红追缴
    dividend_due < d AND dividend_agreed > received0 AS dividend_owed,
    -- §4.2 低效 reasons
    operating_mode = '入股经营' AND dividend_agreed > received0
      AND dividend_due < months_before(d, getvariable('dividend_late_months')) AS ineff_dividend,
    net_prev < 0 AND net_cur < 0 AS ineff_loss,
    capacity_design > 0 AND capacity_actual < capacity_design * getvariable('capacity_ratio') AS ineff_capacity,
    coalesce(list_contains(risk_terms, '认定低效'), false) AS ineff_declared
  FROM base
)
SELECT *,
  coalesce(ineff_dividend, false) OR coalesce(ineff_loss, false) OR coalesce(ineff_capacity, false) OR ineff_declared AS inefficient,
  list_filter([
    CASE WHEN idle AND NOT idle_without_date THEN operating_state || '满' || getvariable('idle_months') || '个月' END,
    CASE WHEN idle_without_date THEN operating_state || '（未填停用日期）' END,
    CASE WHEN ineff_dividend THEN '入股经营到期' || getvariable('dividend_late_months') || '个月未获分红' END,
    CASE WHEN ineff_loss THEN '连续两年净收益为负' END,
    CASE WHEN ineff_capacity THEN '实际产能低于设计产能的' || CAST(round(getvariable('capacity_ratio') * 100) AS INTEGER) || '%' END,
    CASE WHEN ineff_declared THEN '主管部门认定低效' END
  ], x -> x IS NOT NULL) AS idle_reasons,
  -- §4.4 warnings, red reasons first, each list in the order of the table in domain.md
  list_filter([
    CASE WHEN contract_end >= d AND contract_end < months_after(d, 1) THEN '合同距到期不足1个月' END,
    CASE WHEN contract_end < months_before(d, 3) AND stopped THEN '合同到期已闲置超过3个月' END,
    CASE WHEN dividend_owed AND dividend_due < months_before(d, 6) THEN '逾期未收取收益超过6个月' END,
    CASE WHEN principal_due < d AND principal_recovered = '否' THEN '到期本金尚未收回' END,
    CASE WHEN idle AND progress_state NOT IN ('已完成', '已销号') THEN '闲置资产尚未盘活' END
  ] || list_filter(red_risks(), t -> list_contains(risk_terms, t)), x -> x IS NOT NULL) AS red_reasons,
  list_filter([
    CASE WHEN contract_end >= months_after(d, 1) AND contract_end < months_after(d, 3) THEN '合同距到期1至3个月' END,
    CASE WHEN contract_end >= months_before(d, 3) AND contract_end < months_before(d, 1) AND stopped THEN '合同到期已闲置超过1个月' END,
    CASE WHEN dividend_owed AND NOT (dividend_due < months_before(d, 6)) THEN '收益未按约定时间上缴' END,
    CASE WHEN category = '盘活' AND progress_state = '已完成' THEN '已盘活资产跟踪监测' END
  ] || list_filter(yellow_risks(), t -> list_contains(risk_terms, t) OR (t = '运营一般' AND operating_state = '运营一般')), x -> x IS NOT NULL) AS yellow_reasons
FROM flags;
ALTER TABLE projects DROP COLUMN asset_value;
ALTER TABLE projects RENAME asset_value0 TO asset_value;
ALTER TABLE projects DROP COLUMN operating_state;
ALTER TABLE projects RENAME operating_state0 TO operating_state;
ALTER TABLE projects DROP COLUMN progress_state;
ALTER TABLE projects RENAME progress_state0 TO progress_state;
