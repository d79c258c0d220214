-- list_counts: the items of idle_inefficient.sql and warnings.sql counted by kind in SQL (their
-- items stay unparsed JSON until something reads them: compute/lists.ts)
SELECT count(*) FILTER (WHERE idle)::INTEGER AS idle, count(*) FILTER (WHERE inefficient)::INTEGER AS inefficient,
  (SELECT count(*) FILTER (WHERE level = 'red') FROM ({{warnings}}))::INTEGER AS red,
  (SELECT count(*) FILTER (WHERE level = 'yellow') FROM ({{warnings}}))::INTEGER AS yellow
FROM ({{idle}})
