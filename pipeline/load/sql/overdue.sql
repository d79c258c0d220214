-- overdue: 计划完成日期 passed, not completed
SELECT id, name, county, township, village, category, planned_date::VARCHAR AS planned_date, progress_state
FROM projects
WHERE category <> consolidate_category() AND planned_date < getvariable('as_of') AND NOT list_contains(done_states(), progress_state)
ORDER BY planned_date, county, id
