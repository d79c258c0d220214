-- progress: 升级/盘活/调整 by 进展状态, completed this quarter/year, overdue (§4.5)
SELECT c.category,
  count(p.id)::INTEGER AS total,
  histogram(p.progress_state) AS by_state,
  count(*) FILTER (WHERE list_contains(done_states(), p.progress_state))::INTEGER AS completed,
  round(CASE WHEN count(p.id) > 0 THEN 100.0 * count(*) FILTER (WHERE list_contains(done_states(), p.progress_state)) / count(p.id) ELSE 0 END, 1)::DOUBLE AS completion_rate,
  count(*) FILTER (WHERE list_contains(done_states(), p.progress_state)
    AND p.completed_date BETWEEN getvariable('quarter_start') AND getvariable('quarter_end'))::INTEGER AS completed_this_quarter,
  count(*) FILTER (WHERE list_contains(done_states(), p.progress_state)
    AND year(p.completed_date) = year(getvariable('as_of')))::INTEGER AS completed_this_year,
  count(*) FILTER (WHERE p.planned_date < getvariable('as_of') AND NOT list_contains(done_states(), p.progress_state))::INTEGER AS overdue
FROM (SELECT unnest(progress_categories()) AS category, generate_subscripts(progress_categories(), 1) AS ord) c
LEFT JOIN projects p ON p.category = c.category
GROUP BY c.category, c.ord ORDER BY c.ord
