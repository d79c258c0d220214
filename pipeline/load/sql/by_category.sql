-- by_category: projects, 投入帮扶资金, shares and 带动脱贫户数 per canonical category
WITH t AS (SELECT count(*) AS n, sum(investment) AS inv FROM projects),
cats AS (SELECT unnest(['巩固', '升级', '盘活', '调整']) AS category)
SELECT c.category,
  count(p.id)::INTEGER AS projects,
  round(coalesce(sum(p.investment), 0), 2)::DOUBLE AS investment,
  round(CASE WHEN any_value(t.n) > 0 THEN 100.0 * count(p.id) / any_value(t.n) ELSE 0 END, 1)::DOUBLE AS share,
  round(CASE WHEN any_value(t.inv) > 0 THEN 100.0 * coalesce(sum(p.investment), 0) / any_value(t.inv) ELSE 0 END, 1)::DOUBLE AS investment_share,
  coalesce(sum(p.households), 0)::INTEGER AS households
FROM cats c CROSS JOIN t LEFT JOIN projects p ON p.category = c.category
GROUP BY c.category
