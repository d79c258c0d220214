-- idle_inefficient: the 低效闲置项目资产清单 (互助 附件2)
-- rows in the item's final shape, {{county}} a city's 县 (compute/lists.ts)
SELECT id, name, {{county}} township, village, category, operating_state AS "operatingState",
  round(investment, 2)::DOUBLE AS investment, idle, inefficient, idle_reasons AS reasons, department, severity,
  progress_state AS "progressState"
FROM projects WHERE idle OR inefficient ORDER BY county, township, id
