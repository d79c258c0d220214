-- trend: projects, 投入帮扶资金, projects by category and 升级/盘活/调整 work done, at each earlier
-- snapshot's as-of date (trend_projects) and at this run's, oldest first (docs/rules.md §8)
WITH points AS (
  SELECT as_of, category, investment, done FROM trend_projects
  UNION ALL
  SELECT strftime(getvariable('as_of'), '%Y-%m-%d'), category, investment, done FROM snapshot_projects
)
SELECT as_of,
  count(*)::INTEGER AS projects,
  round(coalesce(sum(investment), 0), 2)::DOUBLE AS investment,
  histogram(category) AS counts,
  count(*) FILTER (WHERE done)::INTEGER AS completed
FROM points
GROUP BY as_of
ORDER BY as_of
