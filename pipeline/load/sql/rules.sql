-- rules: the rules of docs/rules.md §4 evaluated at the as-of date D over the typed
-- rows (the rows placeholder below), in the statement that types them (stage.ts): row by row, no
-- row looks at another.
-- Each rule is a boolean column first; the printed reason lists are built only for the rows that
-- have a reason (list building is the costly part on a million rows).
WITH base AS (
  SELECT r.*
    REPLACE (coalesce(asset_value, investment) AS asset_value,
      coalesce(operating_state, default_operating_state()) AS operating_state,
      -- §4.5: a 巩固 project has no completion: an empty 进展状态 stays empty (printed “—”)
      CASE WHEN progress_state IS NULL AND category <> consolidate_category() THEN default_progress_state() ELSE progress_state END AS progress_state),
    getvariable('as_of') AS d,
    coalesce(dividend_received, 0) AS received0
  FROM {{rows}} r
),
rules AS (
  SELECT *,
    list_contains(stopped_states(), operating_state) AS stopped,
    operating_state = disposed_state() AS disposed,
    coalesce(list_contains(done_states(), progress_state), false) AS completed,
    -- docs/rules.md §4.0: periods count forward from the event; A(x, n) = add_months(x, n), clamped to the
    -- month's end. “满/以上 n 个月”: A(x, n) ≤ D; “超过 n 个月”: A(x, n) < D.
    -- §4.1 闲置 (“停止运营六个月以上”): stopped, not disposed, A(停用日期, 6) ≤ D; an empty 停用日期
    -- takes the department's word
    list_contains(stopped_states(), operating_state)
      AND (stop_date IS NULL OR months_after(stop_date, getvariable('idle_months')) <= d) AS idle,
    list_contains(stopped_states(), operating_state) AND stop_date IS NULL AS idle_without_date,
    -- §4.3 分红追缴: 应分红日期 passed and less received than agreed
    coalesce(dividend_due < d AND dividend_agreed > received0, false) AS dividend_owed,
    -- §4.2 低效 (“到期后6个月内未获得分红”): equity mode, a dividend agreed, none received, A(应分红日期, 6) ≤ D
    coalesce(operating_mode = equity_mode() AND dividend_agreed > 0 AND received0 = 0
      AND months_after(dividend_due, getvariable('dividend_late_months')) <= d, false) AS ineff_dividend,
    -- “连续两年运营净收益为负”: the last two complete years (前年, 上年); at 12月31日 the year of D is complete
    coalesce(CASE WHEN month(d) = 12 AND day(d) = 31 THEN net_cur < 0 AND net_prev < 0 ELSE net_prev < 0 AND net_prev2 < 0 END,
      false) AS ineff_loss,
    coalesce(capacity_design > 0 AND capacity_actual < capacity_design * getvariable('capacity_ratio'), false) AS ineff_capacity,
    coalesce(list_contains(risk_terms, declared_inefficient()), false) AS ineff_declared,
    -- §4.4: since when the asset has been idle after its contract ended: the later of the two dates
    greatest(contract_end, coalesce(stop_date, contract_end)) AS idle_since
  FROM base
),
warn AS (
  SELECT * REPLACE (idle AND NOT disposed AS idle),
    NOT disposed AND (ineff_dividend OR ineff_loss OR ineff_capacity OR ineff_declared) AS inefficient,
    -- §4.4 computed reasons; a disposed asset gets none about its operation or contract
    NOT disposed AND coalesce(d <= contract_end AND contract_end < months_after(d, 1), false) AS w_contract_1m,
    NOT disposed AND coalesce(contract_end < d AND stopped AND months_after(idle_since, 3) < d, false) AS w_expired_3m,
    dividend_owed AND months_after(dividend_due, getvariable('dividend_late_months')) < d AS w_dividend_6m,
    coalesce(principal_due < d AND principal_recovered = answer_no(), false) AS w_principal,
    NOT disposed AND idle AND NOT completed AND category <> dispose_category() AS w_idle,
    NOT disposed AND idle AND NOT completed AND category = dispose_category() AS w_dispose,
    NOT disposed AND coalesce(months_after(d, 1) <= contract_end AND contract_end < months_after(d, 3), false) AS w_contract_3m,
    NOT disposed AND coalesce(contract_end < d AND stopped AND months_after(idle_since, 1) < d
      AND d <= months_after(idle_since, 3), false) AS w_expired_1m,
    -- one fact, one reason: a recorded 收益尚未上缴 replaces the computed 收益未按约定时间上缴
    dividend_owed AND NOT (months_after(dividend_due, getvariable('dividend_late_months')) < d)
      AND NOT coalesce(list_contains(risk_terms, unpaid_income()), false) AS w_dividend_late,
    NOT disposed AND category = revive_category() AND coalesce(progress_state = completed_state(), false) AS w_revived,
    NOT disposed AND operating_state = fair_operation() AS w_fair
  FROM rules
)
SELECT * EXCLUDE (d, idle_since, w_contract_1m, w_expired_3m, w_dividend_6m, w_principal, w_idle, w_dispose, w_contract_3m, w_expired_1m, w_dividend_late, w_revived, w_fair),
  CASE WHEN idle OR inefficient THEN list_filter([
    CASE WHEN idle AND NOT idle_without_date THEN operating_state || idle_text_full() || getvariable('idle_months') || idle_text_months() END,
    CASE WHEN idle_without_date THEN operating_state || idle_text_no_stop_date() END,
    CASE WHEN ineff_dividend THEN idle_text_dividend_after() || getvariable('dividend_late_months') || idle_text_dividend_missing() END,
    CASE WHEN ineff_loss THEN idle_text_loss_two_years() END,
    CASE WHEN ineff_capacity THEN idle_text_capacity_below() || CAST(round(getvariable('capacity_ratio') * 100) AS INTEGER) || '%' END,
    CASE WHEN ineff_declared THEN idle_text_declared() END
  ], x -> x IS NOT NULL) ELSE [] END AS idle_reasons,
  -- red reasons in the order of the table in docs/rules.md §4.4, then the recorded ones
  CASE WHEN w_contract_1m OR w_expired_3m OR w_dividend_6m OR w_principal OR w_idle OR w_dispose OR risk_terms IS NOT NULL THEN list_filter([
    CASE WHEN w_contract_1m THEN reason_contract_1m() END,
    CASE WHEN w_expired_3m THEN reason_expired_3m() END,
    CASE WHEN w_dividend_6m THEN reason_dividend_6m() END,
    CASE WHEN w_principal THEN reason_principal() END,
    CASE WHEN w_idle THEN reason_idle() END
    -- a 调整 project's idle asset is to be disposed of: the recorded reason of that name, once
  ] || list_filter(red_risks(), t -> coalesce(list_contains(risk_terms, t), false) OR (t = dispose_reason() AND w_dispose)),
    x -> x IS NOT NULL) ELSE [] END AS red_reasons,
  CASE WHEN w_contract_3m OR w_expired_1m OR w_dividend_late OR w_revived OR risk_terms IS NOT NULL OR w_fair THEN list_filter([
    CASE WHEN w_contract_3m THEN reason_contract_3m() END,
    CASE WHEN w_expired_1m THEN reason_expired_1m() END,
    CASE WHEN w_dividend_late THEN reason_dividend_late() END,
    CASE WHEN w_revived THEN reason_revived() END
  ] || list_filter(yellow_risks(), t -> coalesce(list_contains(risk_terms, t), false) OR (t = fair_operation() AND w_fair)),
    x -> x IS NOT NULL) ELSE [] END AS yellow_reasons
FROM warn
