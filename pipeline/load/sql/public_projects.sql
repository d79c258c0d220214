-- public_projects: every project with the fields that may be published (never 联系人/联系电话)
SELECT id, name, county, township, village, industry, year, fund_source,
  round(investment, 2)::DOUBLE AS investment, ownership, department, category,
  operating_state, progress_state, households
FROM projects ORDER BY rid
