-- ledger_rows: every staged record, classified (project / blank / total / note) and typed.
-- Raw text is kept beside each parsed value so input_errors.sql can name what was written.
CREATE OR REPLACE TABLE ledger_rows AS
WITH c AS (
  SELECT
    s.src, s.line,
    clean_text(s.first_cell) AS first_cell,
    clean_code(s.id) AS id,
    clean_text(s.name) AS name,
    clean_text(s.township) AS township,
    clean_text(s.village) AS village,
    clean_text(s.poor_village) AS poor_village,
    clean_text(s.industry) AS industry,
    s.year AS year_raw, parse_year(s.year) AS year,
    clean_text(s.fund_source) AS fund_source,
    s.investment AS investment_raw, parse_amount(s.investment) AS investment,
    s.asset_value AS asset_value_raw, parse_amount(s.asset_value) AS asset_value_in,
    clean_text(s.ownership) AS ownership,
    clean_text(s.department) AS department,
    clean_text(s.operator) AS operator,
    clean_text(s.operating_mode) AS operating_mode,
    s.category AS category_raw, category_of(s.category) AS category_label,
    s.onehot_yes, s.onehot_bad, src.one_hot,
    clean_text(s.operating_state) AS operating_state_raw,
    s.stop_date AS stop_date_raw, parse_date(s.stop_date) AS stop_date,
    s.contract_end AS contract_end_raw, parse_date(s.contract_end) AS contract_end,
    s.dividend_agreed AS dividend_agreed_raw, parse_amount(s.dividend_agreed) AS dividend_agreed,
    s.dividend_due AS dividend_due_raw, parse_date(s.dividend_due) AS dividend_due,
    s.dividend_received AS dividend_received_raw, parse_amount(s.dividend_received) AS dividend_received,
    s.principal_due AS principal_due_raw, parse_date(s.principal_due) AS principal_due,
    clean_text(s.principal_recovered) AS principal_recovered,
    s.net_prev AS net_prev_raw, parse_amount(s.net_prev) AS net_prev,
    s.net_cur AS net_cur_raw, parse_amount(s.net_cur) AS net_cur,
    s.capacity_design AS capacity_design_raw, parse_amount(s.capacity_design) AS capacity_design,
    s.capacity_actual AS capacity_actual_raw, parse_amount(s.capacity_actual) AS capacity_actual,
    clean_text(s.progress_state) AS progress_state_raw,
    s.planned_date AS planned_date_raw, parse_date(s.planned_date) AS planned_date,
    s.completed_date AS completed_date_raw, parse_date(s.completed_date) AS completed_date,
    s.households AS households_raw, parse_count(s.households) AS households,
    s.risks AS risks_raw, split_terms(s.risks) AS risk_terms
  FROM staged s JOIN sources src USING (src)
)
SELECT
  CASE
    WHEN coalesce(first_cell, id, name, township, village, year_raw, investment_raw, category_raw) IS NULL
         AND coalesce(len(onehot_yes), 0) = 0 AND coalesce(len(onehot_bad), 0) = 0 THEN 'blank'
    WHEN regexp_matches(replace(coalesce(first_cell, ''), ' ', ''), '^(合计|总计|小计)')
      OR regexp_matches(replace(coalesce(id, ''), ' ', ''), '^(合计|总计|小计)')
      OR regexp_matches(replace(coalesce(name, ''), ' ', ''), '^(合计|总计|小计)') THEN 'total'
    WHEN township IS NULL
         AND regexp_matches(coalesce(first_cell, id, name, ''), '^(备注|填表说明|注[:：]|说明[:：])') THEN 'note'
    ELSE 'project'
  END AS kind,
  c.* EXCLUDE (asset_value_in, operating_state_raw, progress_state_raw, category_label),
  coalesce(asset_value_in, investment) AS asset_value,
  CASE WHEN one_hot THEN (CASE WHEN len(onehot_yes) = 1 THEN onehot_yes[1] END) ELSE category_label END AS category,
  operating_state_raw,
  coalesce(operating_state_raw, '正常运营') AS operating_state,
  progress_state_raw,
  coalesce(progress_state_raw, '未启动') AS progress_state
FROM c;
