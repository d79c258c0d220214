-- by_group: projects per value of {{group}} × category, in order of first appearance in the ledger
SELECT coalesce({{group}}, '未填写') AS name,
  count(*)::INTEGER AS projects,
  round(sum(investment), 2)::DOUBLE AS investment,
  count(*) FILTER (WHERE category = '巩固')::INTEGER AS "巩固",
  count(*) FILTER (WHERE category = '升级')::INTEGER AS "升级",
  count(*) FILTER (WHERE category = '盘活')::INTEGER AS "盘活",
  count(*) FILTER (WHERE category = '调整')::INTEGER AS "调整",
  min(rid) AS first_seen
FROM projects GROUP BY 1 ORDER BY first_seen
