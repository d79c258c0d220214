-- changes: what changed since an earlier snapshot (docs/rules.md §8), one row per project and kind of
-- change, comparing each project now (snapshot_projects) with its row then (by 项目编号, and in a
-- city by 县 and 项目编号) in the table {{previous}} names: previous_projects (the latest earlier
-- snapshot) or year_start_projects (the one nearest 1 January, for the annual summary). A project
-- absent then counts as not done, not overdue and not warned then; a project absent now is listed
-- as removed only, with its warning level then (warning; NULL on the other rows). from/to: categories,
-- 进展状态, 计划完成日期 or warning levels.
WITH pairs AS (
  SELECT c.id, c.name, c.county, c.township, c.category, c.progress_state, c.done, c.overdue, c.planned_date, c.warning,
    p.id IS NOT NULL AS existed, p.category AS then_category, p.progress_state AS then_progress_state,
    coalesce(p.done, false) AS then_done, coalesce(p.overdue, false) AS then_overdue, p.warning AS then_warning
  FROM snapshot_projects c LEFT JOIN {{previous}} p ON p.id = c.id AND p.county IS NOT DISTINCT FROM c.county
),
rows AS (
  SELECT 1 AS k, 'added' AS kind, id, name, county, township, NULL::VARCHAR AS "from", category::VARCHAR AS "to", NULL::VARCHAR AS file, NULL::INTEGER AS line, NULL::VARCHAR AS warning
  FROM pairs WHERE NOT existed
  UNION ALL
  SELECT 2, 'removed', p.id, p.name, p.county, p.township, p.category, NULL, p.file, p.line, p.warning
  FROM {{previous}} p ANTI JOIN snapshot_projects c ON c.id = p.id AND c.county IS NOT DISTINCT FROM p.county
  UNION ALL
  SELECT 3, 'reclassified', id, name, county, township, then_category, category, NULL, NULL, NULL
  FROM pairs WHERE existed AND then_category <> category
  UNION ALL
  SELECT 4, 'completed', id, name, county, township, then_progress_state, progress_state, NULL, NULL, NULL
  FROM pairs WHERE done AND NOT then_done
  UNION ALL
  SELECT 5, 'newlyOverdue', id, name, county, township, NULL, planned_date::VARCHAR, NULL, NULL, NULL
  FROM pairs WHERE overdue AND NOT then_overdue
  UNION ALL
  SELECT 6, 'warningsRaised', id, name, county, township, NULL, warning, NULL, NULL, NULL
  FROM pairs WHERE warning IS NOT NULL AND then_warning IS NULL
  UNION ALL
  SELECT 7, 'warningsCleared', id, name, county, township, then_warning, NULL, NULL, NULL, NULL
  FROM pairs WHERE existed AND then_warning IS NOT NULL AND warning IS NULL
  UNION ALL
  SELECT 8, 'warningLevelChanged', id, name, county, township, then_warning, warning, NULL, NULL, NULL
  FROM pairs WHERE then_warning IS NOT NULL AND warning IS NOT NULL AND then_warning <> warning
)
SELECT kind, id, name, county, township, "from", "to", file, line, warning FROM rows ORDER BY k, county, id
