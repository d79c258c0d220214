-- approvals: 销号 approval level of 盘活/调整 projects by 资产原值 V (§4.6)
WITH v AS (
  SELECT asset_value AS value,
    CASE WHEN asset_value <= getvariable('approval_county') THEN 'township'
         WHEN asset_value <= getvariable('approval_city') THEN 'county'
         WHEN asset_value <= getvariable('approval_province') THEN 'city'
         ELSE 'province' END AS level
  FROM projects WHERE category IN ('盘活', '调整')
)
SELECT l.level, count(v.level)::INTEGER AS projects, round(coalesce(sum(v.value), 0), 2)::DOUBLE AS value,
  (SELECT count(*) FROM v WHERE value <= getvariable('simplified_disposal'))::INTEGER AS simplified
FROM (SELECT unnest(['township', 'county', 'city', 'province']) AS level, generate_subscripts(['township', 'county', 'city', 'province'], 1) AS ord) l
LEFT JOIN v USING (level) GROUP BY l.level, l.ord ORDER BY l.ord
