-- reclassify: 巩固 projects that contradict the 巩固 definition (互助 二(一): 运营良好、收益稳定、无重大风险隐患)
-- — warned red, 闲置 or 低效 — listed as 建议重新研判类别 with why (domain.md §4.5)
-- rows in the item's final shape, {{county}} a city's 县 (compute/lists.ts)
SELECT id, name, {{county}} township, village, category, red_reasons || idle_reasons AS why
FROM projects
WHERE category = consolidate_category() AND (len(red_reasons) > 0 OR idle OR inefficient)
ORDER BY county, township, id
