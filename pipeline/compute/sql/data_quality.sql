-- data_quality: notes for the clerk that are not errors (rows as src, rid; lines added in TypeScript)
SELECT id, src, rid, '缺停用日期（按主管部门认定计为闲置）' AS note FROM projects WHERE idle_without_date
ORDER BY rid
