-- input_errors: every problem in every counted row, as (src, line, key, value, rule, detail).
-- The message text is written in TypeScript (validate.ts) from the rule name.
WITH p AS (SELECT * FROM ledger_rows WHERE kind = 'project'),
dup AS (
  SELECT id, src, line,
         first_value(src) OVER w AS first_src, first_value(line) OVER w AS first_line,
         row_number() OVER w AS n
  FROM p WHERE id IS NOT NULL
  WINDOW w AS (PARTITION BY id ORDER BY src, line)
)
SELECT src, line, 'id' AS key, NULL AS value, 'required' AS rule, NULL AS detail FROM p WHERE id IS NULL
UNION ALL SELECT src, line, 'name', NULL, 'required', NULL FROM p WHERE name IS NULL
UNION ALL SELECT src, line, 'township', NULL, 'required', NULL FROM p WHERE township IS NULL
UNION ALL SELECT src, line, 'year', NULL, 'required', NULL FROM p WHERE clean_text(year_raw) IS NULL
UNION ALL SELECT src, line, 'investment', NULL, 'required', NULL FROM p WHERE clean_text(investment_raw) IS NULL
UNION ALL SELECT src, line, 'category', NULL, 'required', NULL FROM p WHERE NOT one_hot AND clean_text(category_raw) IS NULL
UNION ALL SELECT d.src, d.line, 'id', d.id, 'duplicate', s.label || ':' || d.first_line
  FROM dup d JOIN sources s ON s.src = d.first_src WHERE d.n > 1
UNION ALL SELECT src, line, 'year', year_raw, 'year', NULL FROM p
  WHERE clean_text(year_raw) IS NOT NULL
    AND (year IS NULL OR year < getvariable('first_year') OR year > year(getvariable('as_of')))
UNION ALL SELECT src, line, 'category', category_raw, 'category', NULL FROM p
  WHERE NOT one_hot AND clean_text(category_raw) IS NOT NULL AND category IS NULL
UNION ALL SELECT src, line, 'onehot', NULL, 'onehot-count', array_to_string(onehot_yes, '、') FROM p
  WHERE one_hot AND coalesce(len(onehot_yes), 0) <> 1 AND coalesce(len(onehot_bad), 0) = 0
UNION ALL SELECT src, line, 'onehot', bad, 'yesno', NULL FROM (SELECT src, line, unnest(onehot_bad) AS bad FROM p WHERE one_hot)
UNION ALL SELECT src, line, k, v, 'amount', NULL FROM (
  UNPIVOT (SELECT src, line,
      CASE WHEN investment IS NULL OR investment < 0 THEN investment_raw END AS investment,
      CASE WHEN asset_value_raw IS NOT NULL AND (asset_value IS NULL OR asset_value < 0) THEN asset_value_raw END AS asset_value,
      CASE WHEN dividend_agreed IS NULL OR dividend_agreed < 0 THEN dividend_agreed_raw END AS dividend_agreed,
      CASE WHEN dividend_received IS NULL OR dividend_received < 0 THEN dividend_received_raw END AS dividend_received,
      CASE WHEN capacity_design IS NULL OR capacity_design < 0 THEN capacity_design_raw END AS capacity_design,
      CASE WHEN capacity_actual IS NULL OR capacity_actual < 0 THEN capacity_actual_raw END AS capacity_actual
    FROM p)
  ON investment, asset_value, dividend_agreed, dividend_received, capacity_design, capacity_actual INTO NAME k VALUE v)
  WHERE clean_text(v) IS NOT NULL
UNION ALL SELECT src, line, k, v, 'signed-amount', NULL FROM (
  UNPIVOT (SELECT src, line,
      CASE WHEN net_prev IS NULL THEN net_prev_raw END AS net_prev,
      CASE WHEN net_cur IS NULL THEN net_cur_raw END AS net_cur
    FROM p)
  ON net_prev, net_cur INTO NAME k VALUE v)
  WHERE clean_text(v) IS NOT NULL
UNION ALL SELECT src, line, k, v, 'date', NULL FROM (
  UNPIVOT (SELECT src, line,
      CASE WHEN stop_date IS NULL THEN stop_date_raw END AS stop_date,
      CASE WHEN contract_end IS NULL THEN contract_end_raw END AS contract_end,
      CASE WHEN dividend_due IS NULL THEN dividend_due_raw END AS dividend_due,
      CASE WHEN principal_due IS NULL THEN principal_due_raw END AS principal_due,
      CASE WHEN planned_date IS NULL THEN planned_date_raw END AS planned_date,
      CASE WHEN completed_date IS NULL THEN completed_date_raw END AS completed_date
    FROM p)
  ON stop_date, contract_end, dividend_due, principal_due, planned_date, completed_date INTO NAME k VALUE v)
  WHERE clean_text(v) IS NOT NULL
UNION ALL SELECT src, line, 'households', households_raw, 'count', NULL FROM p
  WHERE clean_text(households_raw) IS NOT NULL AND households IS NULL
UNION ALL SELECT src, line, 'poor_village', poor_village, 'yesno', NULL FROM p WHERE poor_village NOT IN ('是', '否')
UNION ALL SELECT src, line, 'principal_recovered', principal_recovered, 'yesno', NULL FROM p WHERE principal_recovered NOT IN ('是', '否')
UNION ALL SELECT src, line, 'operating_state', operating_state_raw, 'operating-state', NULL FROM p
  WHERE operating_state_raw IS NOT NULL AND NOT list_contains(operating_states(), operating_state_raw)
UNION ALL SELECT src, line, 'progress_state', progress_state_raw, 'progress-state', NULL FROM p
  WHERE progress_state_raw IS NOT NULL AND NOT list_contains(progress_states(), progress_state_raw)
UNION ALL SELECT src, line, 'operating_mode', operating_mode, 'operating-mode', NULL FROM p
  WHERE operating_mode IS NOT NULL AND NOT list_contains(operating_modes(), operating_mode)
UNION ALL SELECT src, line, 'completed_date', NULL, 'completed-date', progress_state FROM p
  WHERE progress_state IN ('已完成', '已销号') AND clean_text(completed_date_raw) IS NULL
UNION ALL SELECT src, line, 'risks', term, 'risk-term', NULL FROM (
  SELECT src, line, unnest(risk_terms) AS term FROM p) WHERE NOT list_contains(known_risks(), term)
