-- dividend_totals: owed, recovered (received so far) and rate over the recovery list
SELECT count(*)::INTEGER AS projects,
  round(coalesce(sum(dividend_agreed), 0), 2)::DOUBLE AS agreed,
  round(coalesce(sum(received0), 0), 2)::DOUBLE AS received,
  round(coalesce(sum(dividend_agreed - received0), 0), 2)::DOUBLE AS owed,
  round(CASE WHEN sum(dividend_agreed) > 0 THEN 100.0 * sum(received0) / sum(dividend_agreed) ELSE 0 END, 1)::DOUBLE AS rate
FROM projects WHERE dividend_owed
