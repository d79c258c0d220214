-- overdue: 计划完成日期 passed, not completed
-- rows in the item's final shape, {{county}} a city's 县 (compute/lists.ts)
SELECT id, name, {{county}} township, village, category, planned_date::VARCHAR AS "plannedDate", progress_state AS "progressState"
FROM projects
WHERE category <> consolidate_category() AND planned_date < getvariable('as_of') AND NOT list_contains(done_states(), progress_state)
ORDER BY planned_date, county, id
