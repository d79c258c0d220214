-- thematic_review: projects 大足 三(四) sends to 区政府专题研究、集中认定: every 重大 闲置类 and every 调整类
-- rows in the item's final shape, {{county}} a city's 县 (compute/lists.ts)
SELECT id, name, {{county}} township, village, category, severity
FROM projects
WHERE severity = major() OR category = dispose_category()
ORDER BY county, township, id
