-- input_errors: every problem in every counted row, as (src, rid, key, value, rule, detail).
-- rid is the row's position in ledger_rows (file order); validate.ts turns it into a spreadsheet
-- row number and writes the message from the rule name.
-- One scan picks the rows that may hold a problem; the checks below then run on those few rows.
WITH p AS (
  SELECT rowid AS rid, * FROM ledger_rows
  WHERE kind = 'project' AND (
    id IS NULL OR name IS NULL OR township IS NULL OR year IS NULL OR investment IS NULL
    OR (NOT one_hot AND category IS NULL) OR (one_hot AND (coalesce(len(onehot_yes), 0) <> 1 OR len(onehot_bad) > 0))
    OR coalesce(year_bad, investment_bad, asset_value_bad, category_bad, stop_date_bad, contract_end_bad,
      dividend_agreed_bad, dividend_due_bad, dividend_received_bad, principal_due_bad, net_prev2_bad, net_prev_bad, net_cur_bad,
      capacity_design_bad, capacity_actual_bad, planned_date_bad, completed_date_bad, households_bad) IS NOT NULL
    OR poor_village NOT IN (answer_yes(), answer_no()) OR principal_recovered NOT IN (answer_yes(), answer_no())
    OR NOT list_contains(operating_states(), operating_state) OR NOT list_contains(progress_states(), progress_state)
    OR NOT list_contains(operating_modes(), operating_mode)
    OR NOT list_contains(severities(), severity)
    OR (list_contains(done_states(), progress_state) AND completed_date IS NULL)
    -- (a third of a real county's rows record a 风险情形: only those with a term not in the list are looked at)
    OR (risk_terms IS NOT NULL AND NOT list_has_all(known_risks(), risk_terms))
    -- §4.7: dates of what has happened are not after D
    OR stop_date > getvariable('as_of') OR completed_date > getvariable('as_of')
    -- text that reaches XML, HTML or PDF (issue 13): no control characters; public fields hold no personal data.
    -- One pass over all the row's text screens for both (a number in 推进举措 lets a row through to the
    -- checks below, which look at each field: only public fields must not hold personal data)
    OR may_have_bad_text(concat_ws('|', id, name, township, village, industry, fund_source, ownership, department, operator, measures, results, problems, county_cell))
    -- level city: each row's 县, from its 县 cell or its folder, and the two the same where both are given
    OR (getvariable('city') AND (county IS NULL OR county_cell <> county_folder)))
),
public_text AS (
  UNPIVOT (SELECT src, rid, id, name, township, village, industry, fund_source, ownership, department, operator, measures, results, problems,
      county_cell AS county FROM p)
  ON id, name, township, village, industry, fund_source, ownership, department, operator, measures, results, problems, county INTO NAME k VALUE v
),
-- 项目编号 is unique in a county's ledger, and in a city's within each 县 (county is NULL at level county)
ids AS (SELECT rowid AS rid, src, county, id FROM ledger_rows WHERE kind = 'project' AND id IS NOT NULL),
dup AS (
  SELECT id, src, rid,
         first_value(rid) OVER w AS first_rid,
         row_number() OVER w AS n
  FROM ids SEMI JOIN (SELECT county, id FROM ids GROUP BY county, id HAVING count(*) > 1) d
    ON d.id = ids.id AND d.county IS NOT DISTINCT FROM ids.county
  WINDOW w AS (PARTITION BY county, id ORDER BY rid)
)
SELECT src, rid, 'id' AS key, NULL AS value, 'required' AS rule, NULL::BIGINT AS ref_rid, NULL AS detail FROM p WHERE id IS NULL
UNION ALL SELECT src, rid, 'name', NULL, 'required', NULL, NULL FROM p WHERE name IS NULL
UNION ALL SELECT src, rid, 'township', NULL, 'required', NULL, NULL FROM p WHERE township IS NULL
UNION ALL SELECT src, rid, 'year', NULL, 'required', NULL, NULL FROM p WHERE year IS NULL AND year_bad IS NULL
UNION ALL SELECT src, rid, 'investment', NULL, 'required', NULL, NULL FROM p WHERE investment IS NULL AND investment_bad IS NULL
UNION ALL SELECT src, rid, 'category', NULL, 'required', NULL, NULL FROM p WHERE NOT one_hot AND category IS NULL AND category_bad IS NULL
UNION ALL SELECT src, rid, 'id', id, 'duplicate', first_rid, NULL FROM dup WHERE n > 1
UNION ALL SELECT src, rid, 'county', NULL, 'required', NULL, NULL FROM p WHERE getvariable('city') AND county IS NULL
UNION ALL SELECT src, rid, 'county', county_cell, 'county-mismatch', NULL, county_folder FROM p WHERE getvariable('city') AND county_cell <> county_folder
UNION ALL SELECT src, rid, 'onehot', NULL, 'onehot-count', NULL, array_to_string(onehot_yes, '、') FROM p
  WHERE one_hot AND coalesce(len(onehot_yes), 0) <> 1 AND coalesce(len(onehot_bad), 0) = 0
UNION ALL SELECT src, rid, 'onehot', bad, 'onehot-mark', NULL, NULL FROM (SELECT src, rid, unnest(onehot_bad) AS bad FROM p WHERE one_hot)
UNION ALL SELECT src, rid, 'year', year_bad, 'year', NULL, NULL FROM p WHERE year_bad IS NOT NULL
UNION ALL SELECT src, rid, 'category', category_bad, 'category', NULL, NULL FROM p WHERE category_bad IS NOT NULL
UNION ALL SELECT src, rid, k, v, CASE WHEN number_like(v) AND NOT starts_with(clean_code(v), '-') THEN 'amount-range' ELSE 'amount' END, NULL, NULL FROM (
  UNPIVOT (SELECT src, rid, investment_bad AS investment, asset_value_bad AS asset_value,
      dividend_agreed_bad AS dividend_agreed, dividend_received_bad AS dividend_received,
      capacity_design_bad AS capacity_design, capacity_actual_bad AS capacity_actual FROM p)
  ON investment, asset_value, dividend_agreed, dividend_received, capacity_design, capacity_actual INTO NAME k VALUE v)
UNION ALL SELECT src, rid, k, v, CASE WHEN number_like(v) THEN 'signed-amount-range' ELSE 'signed-amount' END, NULL, NULL FROM (
  UNPIVOT (SELECT src, rid, net_prev2_bad AS net_prev2, net_prev_bad AS net_prev, net_cur_bad AS net_cur FROM p)
  ON net_prev2, net_prev, net_cur INTO NAME k VALUE v)
UNION ALL SELECT src, rid, k, v, CASE WHEN parse_date(v) IS NOT NULL THEN 'date-range' ELSE 'date' END, NULL, NULL FROM (
  UNPIVOT (SELECT src, rid, stop_date_bad AS stop_date, contract_end_bad AS contract_end, dividend_due_bad AS dividend_due,
      principal_due_bad AS principal_due, planned_date_bad AS planned_date, completed_date_bad AS completed_date FROM p)
  ON stop_date, contract_end, dividend_due, principal_due, planned_date, completed_date INTO NAME k VALUE v)
UNION ALL SELECT src, rid, 'households', households_bad,
  CASE WHEN regexp_full_match(clean_code(households_bad), '\d+') THEN 'count-range' ELSE 'count' END, NULL, NULL FROM p WHERE households_bad IS NOT NULL
UNION ALL SELECT src, rid, 'poor_village', poor_village, 'yesno', NULL, NULL FROM p WHERE poor_village NOT IN (answer_yes(), answer_no())
UNION ALL SELECT src, rid, 'principal_recovered', principal_recovered, 'yesno', NULL, NULL FROM p WHERE principal_recovered NOT IN (answer_yes(), answer_no())
UNION ALL SELECT src, rid, 'operating_state', operating_state, 'operating-state', NULL, NULL FROM p
  WHERE operating_state IS NOT NULL AND NOT list_contains(operating_states(), operating_state)
UNION ALL SELECT src, rid, 'progress_state', progress_state, 'progress-state', NULL, NULL FROM p
  WHERE progress_state IS NOT NULL AND NOT list_contains(progress_states(), progress_state)
UNION ALL SELECT src, rid, 'operating_mode', operating_mode, 'operating-mode', NULL, NULL FROM p
  WHERE operating_mode IS NOT NULL AND NOT list_contains(operating_modes(), operating_mode)
UNION ALL SELECT src, rid, 'completed_date', NULL, 'completed-date', NULL, progress_state FROM p
  WHERE list_contains(done_states(), progress_state) AND completed_date IS NULL AND completed_date_bad IS NULL
UNION ALL SELECT src, rid, 'risks', term, 'risk-term', NULL, NULL FROM (
  -- an over-long 风险情形 is reported once as such (validate.ts), not term by term
  SELECT src, rid, unnest(risk_terms) AS term FROM p WHERE risk_terms IS NOT NULL AND (risks_long IS NULL OR length(risks_long) <= char_limit('risks')))
  WHERE NOT list_contains(known_risks(), term)
UNION ALL SELECT src, rid, k, v, 'control-char', NULL, NULL FROM public_text WHERE has_control(v)
-- every published column, 项目编号 included (经营主体 and the free text never reach the site)
UNION ALL SELECT src, rid, k, v, 'personal-data', NULL, NULL FROM public_text WHERE k NOT IN ('operator', 'measures', 'results', 'problems') AND has_personal(v)
UNION ALL SELECT src, rid, k, v, 'excel-error', NULL, NULL FROM public_text WHERE is_excel_error(v)
UNION ALL SELECT src, rid, k, v, 'future-date', NULL, NULL FROM (
  UNPIVOT (SELECT src, rid,
      CASE WHEN stop_date > getvariable('as_of') AND stop_date_bad IS NULL THEN stop_date::VARCHAR END AS stop_date,
      CASE WHEN completed_date > getvariable('as_of') AND completed_date_bad IS NULL THEN completed_date::VARCHAR END AS completed_date FROM p)
  ON stop_date, completed_date INTO NAME k VALUE v)
UNION ALL SELECT src, rid, 'severity', severity, 'severity', NULL, NULL FROM p
  WHERE severity IS NOT NULL AND NOT list_contains(severities(), severity)
-- a record whose cells do not line up with the header: fewer cells than the ledger columns need
-- (full-width commas, a missing delimiter) or a filled cell beyond the header (stage.ts), or quotes
-- that are not paired (ingest); a 合计 or 备注 line may have other cells
UNION ALL SELECT l.src, l.rowid, 'row', NULL, 'split-' || replace(l.split_kind, 'wide', 'long'), NULL, l.split_cells::VARCHAR || '/' || s.width::VARCHAR
FROM ledger_rows l JOIN sources s ON s.src = l.src
JOIN (SELECT src, count(*) FILTER (WHERE split_kind = 'wide') AS wide, count(*) AS n FROM ledger_rows GROUP BY src) f ON f.src = l.src
WHERE l.split_kind IS NOT NULL AND l.kind NOT IN ('total', 'note') AND (l.split_kind <> 'wide' OR f.wide * 2 <= f.n)
  AND NOT EXISTS (SELECT 1 FROM splits sp WHERE sp.src = l.src AND l.rowid = s.row_offset + sp.k - 1)
UNION ALL SELECT l.src, l.rid, 'row', NULL, 'split-' || sp.kind, NULL, NULL
FROM splits sp JOIN sources s ON s.src = sp.src
JOIN (SELECT rowid AS rid, src FROM ledger_rows) l ON l.src = sp.src AND l.rid = s.row_offset + sp.k - 1
