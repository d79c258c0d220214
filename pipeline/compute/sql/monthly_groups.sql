-- monthly_groups: the 月调度表 (鄂托克前旗 八(二) “月调度”), one row per group (乡镇 or 主管部门, the
-- column filled in below) in order of first appearance in the ledger (as by_group.sql: 附件1's
-- order), then one row for the whole county (name NULL): its projects by category; of its
-- 升级/盘活/调整 projects, those done (已完成/已销号), in progress (推进中, the second of
-- progress_states()) and not started, and the completion rate; the overdue ones (as ranking.sql);
-- projects warned red and yellow (the level of the warning); 追缴 owed; and, when there is a snapshot
-- before the month's first day (its table month_base_projects), the 升级/盘活/调整 projects done now
-- and not then (a project absent then counts as not done; matched by 项目编号, in a city by 县 too),
-- else NULL.
WITH p AS (
  -- in a city, each 乡镇 or 主管部门 within its 县 (甲县东山镇), as the lists print it
  SELECT coalesce(p.county, '') || coalesce(p.{{group}}, '未填写') AS name, p.rid, p.category,
    p.category <> consolidate_category() AS task,
    p.category <> consolidate_category() AND p.completed AS done,
    p.progress_state,
    p.category <> consolidate_category() AND p.planned_date < getvariable('as_of') AND NOT p.completed AS overdue,
    len(p.red_reasons) > 0 AS red,
    len(p.red_reasons) = 0 AND len(p.yellow_reasons) > 0 AS yellow,
    CASE WHEN p.dividend_owed THEN p.dividend_agreed - p.received0 END AS owed,
    coalesce(b.done, false) AS done_then
  FROM projects p LEFT JOIN {{base}} b ON b.id = p.id AND b.county IS NOT DISTINCT FROM p.county
)
SELECT CASE WHEN grouping(name) = 0 THEN name END AS name,
  count(*)::INTEGER AS projects,
  histogram(category) AS counts,
  count(*) FILTER (WHERE task)::INTEGER AS tasks,
  count(*) FILTER (WHERE done)::INTEGER AS done,
  count(*) FILTER (WHERE task AND progress_state = progress_states()[2])::INTEGER AS in_progress,
  count(*) FILTER (WHERE task AND progress_state = default_progress_state())::INTEGER AS not_started,
  CASE WHEN count(*) FILTER (WHERE task) > 0
    THEN round(100.0 * count(*) FILTER (WHERE done) / count(*) FILTER (WHERE task), 1) END::DOUBLE AS rate,
  count(*) FILTER (WHERE overdue)::INTEGER AS overdue,
  count(*) FILTER (WHERE red)::INTEGER AS red,
  count(*) FILTER (WHERE yellow)::INTEGER AS yellow,
  round(coalesce(sum(owed), 0), 2)::DOUBLE AS owed,
  CASE WHEN {{has_base}} THEN count(*) FILTER (WHERE done AND NOT done_then) END::INTEGER AS newly_done
FROM p
GROUP BY GROUPING SETS ((name), ())
ORDER BY grouping(name), min(rid)
