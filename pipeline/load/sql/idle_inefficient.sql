-- idle_inefficient: the 低效闲置项目资产清单 (互助 附件2)
SELECT id, name, county, township, village, category, operating_state,
  round(investment, 2)::DOUBLE AS investment, idle, inefficient, idle_reasons AS reasons, department, severity
FROM projects WHERE idle OR inefficient ORDER BY county, township, id
