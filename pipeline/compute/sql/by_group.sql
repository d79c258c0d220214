-- by_group: projects per value of {{group}}, with counts per category, in order of first appearance in the
-- ledger; {{within}} is the 县 of a city's 乡镇 (a township is its 县 and its name: 东山镇 may be in two 县),
-- NULL otherwise. Groups of one 县 stay together, the 县 in order of first appearance.
SELECT county, name, projects, investment, counts FROM (
  SELECT {{within}} AS county, coalesce({{group}}, '未填写') AS name,
    count(*)::INTEGER AS projects,
    round(sum(investment), 2)::DOUBLE AS investment,
    histogram(category) AS counts,
    min(rid) AS first_seen
  FROM projects GROUP BY 1, 2
)
ORDER BY min(first_seen) OVER (PARTITION BY county), first_seen
