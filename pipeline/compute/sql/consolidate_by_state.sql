-- consolidate_by_state: 巩固 projects by 运营状态 (巩固 has no completion to track)
SELECT operating_state AS state, count(*)::INTEGER AS n
FROM projects WHERE category = consolidate_category() GROUP BY 1 ORDER BY n DESC, state
