-- ranking: per {{group}} (县, 乡镇 or 主管部门; within the 县 {{within}} of a city, else NULL) its 升级/盘活/调整 projects, how many are done (已完成/已销号),
-- the completion rate, the overdue ones (as overdue.sql), its red warnings and 追缴 owed (all its
-- projects); ranked by completion rate (equal rates share a rank), then by work done, then in ledger
-- order. A group without 升级/盘活/调整 projects has no rate and no rank, and comes last; a group
-- with fewer than {{min_tasks}} of them (profile thresholds.rankMinTasks) has its rate but no rank,
-- and comes after the ranked ones.
WITH g AS (
  SELECT {{within}} AS county, coalesce({{group}}, '未填写') AS name,
    count(*) FILTER (WHERE category <> consolidate_category())::INTEGER AS tasks,
    count(*) FILTER (WHERE category <> consolidate_category() AND completed)::INTEGER AS done,
    count(*) FILTER (WHERE category <> consolidate_category() AND planned_date < getvariable('as_of') AND NOT completed)::INTEGER AS overdue,
    count(*) FILTER (WHERE len(red_reasons) > 0)::INTEGER AS red,
    round(coalesce(sum(CASE WHEN dividend_owed THEN dividend_agreed - received0 END), 0), 2)::DOUBLE AS owed,
    min(rid) AS first_seen
  FROM projects GROUP BY 1, 2
),
ranked AS (
  SELECT *, CASE WHEN tasks > 0 THEN done::DOUBLE / tasks END AS ratio FROM g
)
SELECT county, name, tasks, done,
  CASE WHEN tasks > 0 THEN round(100.0 * done / tasks, 1) END::DOUBLE AS rate,
  CASE WHEN tasks >= {{min_tasks}} AND tasks > 0 THEN rank() OVER (PARTITION BY tasks >= {{min_tasks}} AND tasks > 0 ORDER BY ratio DESC) END::INTEGER AS rank,
  overdue, red, owed
FROM ranked
ORDER BY tasks = 0, tasks < {{min_tasks}}, ratio DESC, done DESC, first_seen
