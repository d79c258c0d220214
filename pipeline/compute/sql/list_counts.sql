-- list_counts: how many items idle_inefficient.sql and warnings.sql list, by kind (their items
-- stay unparsed JSON until something reads them: compute/lists.ts)
SELECT count(*) FILTER (WHERE idle)::INTEGER AS idle, count(*) FILTER (WHERE inefficient)::INTEGER AS inefficient,
  count(*) FILTER (WHERE warning_level(red_reasons, yellow_reasons) = 'red')::INTEGER AS red,
  count(*) FILTER (WHERE warning_level(red_reasons, yellow_reasons) = 'yellow')::INTEGER AS yellow
FROM projects
