-- overdue: 计划完成日期 passed, not completed
SELECT id, name, township, village, category, planned_date::VARCHAR AS planned_date, progress_state
FROM projects
WHERE category <> '巩固' AND planned_date < getvariable('as_of') AND progress_state NOT IN ('已完成', '已销号')
ORDER BY planned_date, id
