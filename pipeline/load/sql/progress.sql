-- progress: 升级/盘活/调整 by 进展状态, completed this quarter/year, overdue (§4.5)
SELECT c.category,
  count(p.id)::INTEGER AS total,
  count(*) FILTER (WHERE p.progress_state = '未启动')::INTEGER AS "未启动",
  count(*) FILTER (WHERE p.progress_state = '推进中')::INTEGER AS "推进中",
  count(*) FILTER (WHERE p.progress_state = '已完成')::INTEGER AS "已完成",
  count(*) FILTER (WHERE p.progress_state = '已销号')::INTEGER AS "已销号",
  count(*) FILTER (WHERE p.progress_state IN ('已完成', '已销号'))::INTEGER AS completed,
  round(CASE WHEN count(p.id) > 0 THEN 100.0 * count(*) FILTER (WHERE p.progress_state IN ('已完成', '已销号')) / count(p.id) ELSE 0 END, 1)::DOUBLE AS completion_rate,
  count(*) FILTER (WHERE p.progress_state IN ('已完成', '已销号')
    AND p.completed_date BETWEEN getvariable('quarter_start') AND getvariable('quarter_end'))::INTEGER AS completed_this_quarter,
  count(*) FILTER (WHERE p.progress_state IN ('已完成', '已销号')
    AND year(p.completed_date) = year(getvariable('as_of')))::INTEGER AS completed_this_year,
  count(*) FILTER (WHERE p.planned_date < getvariable('as_of') AND p.progress_state NOT IN ('已完成', '已销号'))::INTEGER AS overdue
FROM (SELECT unnest(['升级', '盘活', '调整']) AS category) c
LEFT JOIN projects p ON p.category = c.category
GROUP BY c.category
