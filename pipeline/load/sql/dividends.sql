-- dividends: the 分红追缴项目清单 (互助 附件3, §4.3)
SELECT id, name, county, township, village, category,
  round(dividend_agreed, 2)::DOUBLE AS agreed,
  round(received0, 2)::DOUBLE AS received,
  round(dividend_agreed - received0, 2)::DOUBLE AS owed,
  dividend_due::VARCHAR AS due_date,
  date_sub('month', dividend_due, getvariable('as_of'))::INTEGER AS overdue_months,
  operator
FROM projects WHERE dividend_owed ORDER BY county, township, id
