-- warnings: red/yellow list (§4.4); level red when any red reason holds
-- rows in the item's final shape, {{county}} a city's 县 (compute/lists.ts)
SELECT id, name, {{county}} township, village, category,
  CASE WHEN len(red_reasons) > 0 THEN 'red' ELSE 'yellow' END AS level,
  red_reasons || yellow_reasons AS reasons, department
FROM projects WHERE len(red_reasons) > 0 OR len(yellow_reasons) > 0
ORDER BY CASE WHEN len(red_reasons) > 0 THEN 0 ELSE 1 END, county, township, id
