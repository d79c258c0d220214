-- snapshot_projects: every counted project with its state at the as-of date, as a history snapshot
-- keeps it (history/<as-of>/projects.parquet) and as the changes compare it (docs/rules.md §8): the
-- ledger's columns, the rules' results (done, overdue, warning level and reasons, 追缴 owed), and
-- the file and spreadsheet row it came from (a removed project is explained by them).
SELECT p.id, p.name, p.township, p.village, p.category, p.severity, p.year, p.industry, p.department,
  p.investment, p.asset_value, p.households, p.operating_state, p.progress_state,
  p.completed AND p.category <> consolidate_category() AS done,
  p.completed_date, p.planned_date,
  coalesce(p.category <> consolidate_category() AND p.planned_date < getvariable('as_of') AND NOT p.completed, false) AS overdue,
  p.idle, p.inefficient,
  warning_level(p.red_reasons, p.yellow_reasons) AS warning,
  p.red_reasons || p.yellow_reasons AS reasons,
  p.dividend_agreed, p.received0 AS dividend_received, p.dividend_owed,
  CASE WHEN p.dividend_owed THEN p.dividend_agreed - p.received0 END AS dividend_owed_amount,
  -- the file and spreadsheet row as row_lines.sql counts them: {{file}} and {{line}} (history/write.ts)
  -- look the file up by p.src; where DuckDB skipped blank lines they join sources and blanks, and
  -- the rows are sorted again. Without blank lines there is no join, and the projects stream out
  -- in the ledger's order without a sort (a sort of 10⁶ wide rows costs seconds and 0.7 GB).
  {{file}} AS file, ({{line}})::INTEGER AS line
  -- a city's 县 (项目编号 is unique within it): `, p.county` at level city; at level county the
  -- snapshot file leaves it out (history/write.ts)
  {{county}}
FROM projects p
{{joins}}
