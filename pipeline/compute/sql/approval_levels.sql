-- approval_levels: the open problem items of approvals.sql counted per 销号 level (all four, in order);
-- {{items}} is the approvals list as queryList wrote it (its Parquet file)
WITH items AS ({{items}})
SELECT l.level, count(i.level)::INTEGER AS projects, round(coalesce(sum(i.value), 0), 2)::DOUBLE AS value,
  (SELECT count(*) FROM items WHERE simplified)::INTEGER AS simplified
FROM (SELECT unnest(['township', 'county', 'city', 'province']) AS level, generate_subscripts(['township', 'county', 'city', 'province'], 1) AS ord) l
LEFT JOIN items i USING (level) GROUP BY l.level, l.ord ORDER BY l.ord
