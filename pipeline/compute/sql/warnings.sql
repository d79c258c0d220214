-- warnings: red/yellow list (§4.4); level red when any red reason holds
-- rows in the item's final shape, {{county}} a city's 县 (compute/lists.ts)
SELECT id, name, {{county}} township, village, category,
  warning_level(red_reasons, yellow_reasons) AS level,
  red_reasons || yellow_reasons AS reasons, department
FROM projects WHERE warning_level(red_reasons, yellow_reasons) IS NOT NULL
ORDER BY level = 'yellow', county, township, id
