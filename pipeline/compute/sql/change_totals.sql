-- change_totals: projects, 投入帮扶资金 and 分红追缴 then ({{previous}}, the earlier snapshot's table as in
-- changes.sql) and now (snapshot_projects). Recovered in the period: on the 追缴 list then, the dividend received since,
-- up to what was owed then (a new agreement that starts again from 0 recovers nothing).
WITH recovered AS (
  SELECT greatest(least(c.dividend_received - p.dividend_received, p.dividend_owed_amount), 0) AS amount
  FROM {{previous}} p JOIN snapshot_projects c ON c.id = p.id AND c.county IS NOT DISTINCT FROM p.county
  WHERE p.dividend_owed
)
SELECT
  (SELECT count(*) FROM {{previous}})::INTEGER AS projects_then,
  (SELECT count(*) FROM snapshot_projects)::INTEGER AS projects_now,
  (SELECT round(coalesce(sum(investment), 0), 2) FROM {{previous}})::DOUBLE AS investment_then,
  (SELECT round(coalesce(sum(investment), 0), 2) FROM snapshot_projects)::DOUBLE AS investment_now,
  round((SELECT coalesce(sum(investment), 0) FROM snapshot_projects) - (SELECT coalesce(sum(investment), 0) FROM {{previous}}), 2)::DOUBLE
    AS investment_change,
  (SELECT round(coalesce(sum(amount), 0), 2) FROM recovered)::DOUBLE AS recovered,
  (SELECT count(*) FILTER (WHERE amount > 0) FROM recovered)::INTEGER AS recovered_projects,
  (SELECT round(coalesce(sum(dividend_owed_amount), 0), 2) FROM {{previous}})::DOUBLE AS owed_then,
  (SELECT round(coalesce(sum(dividend_owed_amount), 0), 2) FROM snapshot_projects)::DOUBLE AS owed_now
