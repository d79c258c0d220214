-- totals: the whole ledger
SELECT count(*)::INTEGER AS projects,
  round(coalesce(sum(investment), 0), 2)::DOUBLE AS investment,
  coalesce(sum(households), 0)::BIGINT AS households,
  round(coalesce(sum(asset_value), 0), 2)::DOUBLE AS asset_value
FROM projects
