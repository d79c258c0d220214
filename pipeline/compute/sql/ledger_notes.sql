-- ledger_notes: what departments wrote in the free-text columns (推进举措, 取得成效, 存在问题), for the
-- internal reports only: free text may hold names and telephone numbers, so the site never sees it.
-- rows in the item's final shape, {{county}} a city's 县 (compute/lists.ts)
SELECT id, name, {{county}} township, village, category, measures, results, problems
FROM projects
WHERE coalesce(measures, results, problems) IS NOT NULL
ORDER BY rid
