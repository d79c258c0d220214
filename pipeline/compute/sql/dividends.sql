-- dividends: the 分红追缴项目清单 (互助 附件3, §4.3)
-- rows in the item's final shape, {{county}} a city's 县 (compute/lists.ts)
SELECT id, name, {{county}} township, village, category,
  round(dividend_agreed, 2)::DOUBLE AS agreed,
  round(received0, 2)::DOUBLE AS received,
  round(dividend_agreed - received0, 2)::DOUBLE AS owed,
  dividend_due::VARCHAR AS "dueDate",
  date_sub('month', dividend_due, getvariable('as_of'))::INTEGER AS "overdueMonths",
  operator
FROM projects WHERE dividend_owed ORDER BY county, township, id
