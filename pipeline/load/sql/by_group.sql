-- by_group: projects per value of {{group}}, with counts per category, in order of first appearance in the ledger
SELECT coalesce({{group}}, '未填写') AS name,
  count(*)::INTEGER AS projects,
  round(sum(investment), 2)::DOUBLE AS investment,
  histogram(category) AS counts,
  min(rid) AS first_seen
FROM projects GROUP BY 1 ORDER BY first_seen
