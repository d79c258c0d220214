-- by_category: projects, 投入帮扶资金, shares and 带动脱贫户数 per canonical category.
-- Shares are percents with one decimal that add up to exactly 100.0 (docs/rules.md §5): each category
-- gets the floor of its share in tenths, and the tenths left over go to the largest remainders
-- (ties in category order).
WITH c AS (
  SELECT c.category, c.ord,
    count(p.id) AS projects,
    coalesce(sum(p.investment), 0) AS investment,
    coalesce(sum(p.households), 0) AS households
  FROM (SELECT unnest(categories()) AS category, generate_subscripts(categories(), 1) AS ord) c
  LEFT JOIN projects p ON p.category = c.category
  GROUP BY c.category, c.ord
),
raw AS (
  SELECT *,
    CASE WHEN sum(projects) OVER () > 0 THEN 1000.0 * projects / sum(projects) OVER () ELSE 0 END AS n_raw,
    CASE WHEN sum(investment) OVER () > 0 THEN 1000.0 * investment / sum(investment) OVER () ELSE 0 END AS inv_raw
  FROM c
),
ranked AS (
  SELECT *,
    row_number() OVER (ORDER BY n_raw - floor(n_raw) DESC, ord) AS n_rank,
    CASE WHEN sum(projects) OVER () > 0 THEN 1000 - sum(floor(n_raw)) OVER () ELSE 0 END AS n_left,
    row_number() OVER (ORDER BY inv_raw - floor(inv_raw) DESC, ord) AS inv_rank,
    CASE WHEN sum(investment) OVER () > 0 THEN 1000 - sum(floor(inv_raw)) OVER () ELSE 0 END AS inv_left
  FROM raw
)
SELECT category,
  projects::INTEGER AS projects,
  round(investment, 2)::DOUBLE AS investment,
  ((floor(n_raw) + CASE WHEN n_rank <= n_left THEN 1 ELSE 0 END) / 10)::DOUBLE AS share,
  ((floor(inv_raw) + CASE WHEN inv_rank <= inv_left THEN 1 ELSE 0 END) / 10)::DOUBLE AS investment_share,
  households::BIGINT AS households
FROM ranked ORDER BY ord
