-- ranking_total: the figures of ranking.sql over the whole county (the 合计 row of the 季度通报's tables)
SELECT '合计' AS name,
  count(*) FILTER (WHERE category <> consolidate_category())::INTEGER AS tasks,
  count(*) FILTER (WHERE category <> consolidate_category() AND completed)::INTEGER AS done,
  CASE WHEN count(*) FILTER (WHERE category <> consolidate_category()) > 0
    THEN round(100.0 * count(*) FILTER (WHERE category <> consolidate_category() AND completed)
      / count(*) FILTER (WHERE category <> consolidate_category()), 1) END::DOUBLE AS rate,
  NULL::INTEGER AS rank,
  count(*) FILTER (WHERE category <> consolidate_category() AND planned_date < getvariable('as_of') AND NOT completed)::INTEGER AS overdue,
  count(*) FILTER (WHERE len(red_reasons) > 0)::INTEGER AS red,
  round(coalesce(sum(CASE WHEN dividend_owed THEN dividend_agreed - received0 END), 0), 2)::DOUBLE AS owed
FROM projects
