-- reclassify: 巩固 projects that contradict the 巩固 definition (互助 二(一): 运营良好、收益稳定、无重大风险隐患)
-- — warned red for its revenue, principal, idleness or operation, 闲置 or 低效 — listed as 建议重新研判类别
-- with why (docs/rules.md §4.5, §9): a red reason about a contract date alone (合同距到期不足1个月: a
-- lease about to be renewed) or about the use of income says nothing against 运营良好、收益稳定
-- rows in the item's final shape, {{county}} a city's 县 (compute/lists.ts)
SELECT id, name, {{county}} township, village, category,
  list_filter(red_reasons, r -> list_contains(reclassify_reasons(), r)) || idle_reasons AS why
FROM projects
WHERE category = consolidate_category()
  AND (idle OR inefficient OR len(list_filter(red_reasons, r -> list_contains(reclassify_reasons(), r))) > 0)
ORDER BY county, township, id
