-- rules: the §4 rules evaluated at the as-of date D over the typed rows of one file (the rows
-- placeholder below), in the same pass that loads them (stage.ts), so the million-row table is written once.
-- Each rule is a boolean column first; the printed reason lists are built only for the rows that
-- have a reason (list building is the costly part on a million rows).
WITH base AS (
  SELECT r.*
    REPLACE (coalesce(asset_value, investment) AS asset_value,
      coalesce(operating_state, default_operating_state()) AS operating_state,
      coalesce(progress_state, default_progress_state()) AS progress_state),
    getvariable('as_of') AS d,
    coalesce(dividend_received, 0) AS received0
  FROM {{rows}} r
),
rules AS (
  SELECT *,
    list_contains(stopped_states(), operating_state) AS stopped,
    list_contains(done_states(), progress_state) AS completed,
    -- §4.1 闲置: stopped and 停用日期 ≤ D − 6 months; an empty 停用日期 takes the department's word
    list_contains(stopped_states(), operating_state)
      AND (stop_date IS NULL OR stop_date <= months_before(d, getvariable('idle_months'))) AS idle,
    list_contains(stopped_states(), operating_state) AND stop_date IS NULL AS idle_without_date,
    -- §4.3 分红追缴
    coalesce(dividend_due < d AND dividend_agreed > received0, false) AS dividend_owed,
    -- §4.2 低效
    coalesce(operating_mode = equity_mode() AND dividend_agreed > received0
      AND dividend_due < months_before(d, getvariable('dividend_late_months')), false) AS ineff_dividend,
    coalesce(net_prev < 0 AND net_cur < 0, false) AS ineff_loss,
    coalesce(capacity_design > 0 AND capacity_actual < capacity_design * getvariable('capacity_ratio'), false) AS ineff_capacity,
    coalesce(list_contains(risk_terms, declared_inefficient()), false) AS ineff_declared
  FROM base
),
warn AS (
  SELECT *,
    ineff_dividend OR ineff_loss OR ineff_capacity OR ineff_declared AS inefficient,
    -- §4.4 computed reasons
    coalesce(contract_end >= d AND contract_end < months_after(d, 1), false) AS w_contract_1m,
    coalesce(contract_end < months_before(d, 3) AND stopped, false) AS w_expired_3m,
    dividend_owed AND dividend_due < months_before(d, 6) AS w_dividend_6m,
    coalesce(principal_due < d AND principal_recovered = answer_no(), false) AS w_principal,
    idle AND NOT completed AS w_idle,
    coalesce(contract_end >= months_after(d, 1) AND contract_end < months_after(d, 3), false) AS w_contract_3m,
    coalesce(contract_end >= months_before(d, 3) AND contract_end < months_before(d, 1) AND stopped, false) AS w_expired_1m,
    dividend_owed AND NOT (dividend_due < months_before(d, 6)) AS w_dividend_late,
    category = revive_category() AND progress_state = completed_state() AS w_revived
  FROM rules
)
SELECT * EXCLUDE (d, w_contract_1m, w_expired_3m, w_dividend_6m, w_principal, w_idle, w_contract_3m, w_expired_1m, w_dividend_late, w_revived),
  CASE WHEN idle OR inefficient THEN list_filter([
    CASE WHEN idle AND NOT idle_without_date THEN operating_state || idle_text_full() || getvariable('idle_months') || idle_text_months() END,
    CASE WHEN idle_without_date THEN operating_state || idle_text_no_stop_date() END,
    CASE WHEN ineff_dividend THEN idle_text_dividend_after() || getvariable('dividend_late_months') || idle_text_dividend_missing() END,
    CASE WHEN ineff_loss THEN idle_text_loss_two_years() END,
    CASE WHEN ineff_capacity THEN idle_text_capacity_below() || CAST(round(getvariable('capacity_ratio') * 100) AS INTEGER) || '%' END,
    CASE WHEN ineff_declared THEN idle_text_declared() END
  ], x -> x IS NOT NULL) ELSE [] END AS idle_reasons,
  -- red reasons in the order of the table in domain.md §4.4, then the recorded ones
  CASE WHEN w_contract_1m OR w_expired_3m OR w_dividend_6m OR w_principal OR w_idle OR risk_terms IS NOT NULL THEN list_filter([
    CASE WHEN w_contract_1m THEN reason_contract_1m() END,
    CASE WHEN w_expired_3m THEN reason_expired_3m() END,
    CASE WHEN w_dividend_6m THEN reason_dividend_6m() END,
    CASE WHEN w_principal THEN reason_principal() END,
    CASE WHEN w_idle THEN reason_idle() END
  ] || list_filter(red_risks(), t -> coalesce(list_contains(risk_terms, t), false)), x -> x IS NOT NULL) ELSE [] END AS red_reasons,
  CASE WHEN w_contract_3m OR w_expired_1m OR w_dividend_late OR w_revived OR risk_terms IS NOT NULL OR operating_state = fair_operation() THEN list_filter([
    CASE WHEN w_contract_3m THEN reason_contract_3m() END,
    CASE WHEN w_expired_1m THEN reason_expired_1m() END,
    CASE WHEN w_dividend_late THEN reason_dividend_late() END,
    CASE WHEN w_revived THEN reason_revived() END
  ] || list_filter(yellow_risks(), t -> coalesce(list_contains(risk_terms, t), false) OR (t = fair_operation() AND operating_state = fair_operation())),
    x -> x IS NOT NULL) ELSE [] END AS yellow_reasons
FROM warn
