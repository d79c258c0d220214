-- change_categories: projects and 投入帮扶资金 of each category then ({{previous}}, the earlier snapshot's
-- table as in changes.sql) and now (snapshot_projects), in the order of the categories: the annual
-- summary's 年初 → 年末 table (docs/rules.md §8)
WITH c AS (
  SELECT unnest(categories()) AS category, generate_subscripts(categories(), 1) AS ord
),
then_ AS (SELECT category, count(*) AS n, sum(investment) AS investment FROM {{previous}} GROUP BY category),
now_ AS (SELECT category, count(*) AS n, sum(investment) AS investment FROM snapshot_projects GROUP BY category)
SELECT c.category,
  coalesce(t.n, 0)::INTEGER AS projects_then,
  coalesce(n.n, 0)::INTEGER AS projects_now,
  round(coalesce(t.investment, 0), 2)::DOUBLE AS investment_then,
  round(coalesce(n.investment, 0), 2)::DOUBLE AS investment_now
FROM c LEFT JOIN then_ t ON t.category = c.category LEFT JOIN now_ n ON n.category = c.category
ORDER BY c.ord
