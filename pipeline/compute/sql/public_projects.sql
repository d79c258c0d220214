-- public_projects: every project with the fields that may be published (never 联系人/联系电话)
-- rows in the item's final shape, {{county}} a city's 县 (compute/lists.ts)
SELECT id, name, {{county}} township, village, category, industry, year, fund_source AS "fundSource",
  round(investment, 2)::DOUBLE AS investment, ownership, department,
  operating_state AS "operatingState", progress_state AS "progressState", households
FROM projects ORDER BY rid
