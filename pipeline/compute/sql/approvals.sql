-- approvals: every open problem item and the level that must approve its 销号 (docs/rules.md §4.6).
-- 销号 closes a rectification item whatever the category: a red or yellow warning, 闲置 or 低效, or a
-- 盘活/调整 project — unless it is already 已销号. Level by 资产原值 V. Simplified disposal (简化程序):
-- 调整 assets not yet disposed of that belong to a village (or its collective), with V ≤ 10 alone or
-- a 处置批次 totalling ≤ 30.
-- One scan: whether a project is such a village 调整 asset is a test of its own row; only the 批次
-- totals need the other rows (a handful of batches, joined by name).
WITH items AS (
  SELECT *,
    category = dispose_category() AND operating_state <> disposed_state() AND village_owned(coalesce(ownership, '')) AS village_adjust
  FROM projects
),
batches AS (SELECT batch, sum(asset_value) AS total FROM items WHERE village_adjust AND batch IS NOT NULL GROUP BY batch)
-- rows in the item's final shape, {{county}} a city's 县 (compute/lists.ts)
SELECT id, name, {{county}} township, village, category, value, level, {{label}} AS label, simplified, batch, severity
FROM (
  SELECT p.id, p.name, p.county, p.township, p.village, p.category, p.severity, p.batch,
    round(p.asset_value, 2)::DOUBLE AS value,
    CASE WHEN p.asset_value <= getvariable('approval_county') THEN 'township'
         WHEN p.asset_value <= getvariable('approval_city') THEN 'county'
         WHEN p.asset_value <= getvariable('approval_province') THEN 'city'
         ELSE 'province' END AS level,
    coalesce(p.village_adjust AND (p.asset_value <= getvariable('simplified_disposal') OR b.total <= getvariable('simplified_batch')), false) AS simplified
  FROM items p
  LEFT JOIN batches b ON p.village_adjust AND b.batch = p.batch
  WHERE p.progress_state IS DISTINCT FROM closed_state()
    AND (len(p.red_reasons) > 0 OR len(p.yellow_reasons) > 0 OR p.idle OR p.inefficient
         OR p.category IN (revive_category(), dispose_category()))
)
ORDER BY county, township, id
