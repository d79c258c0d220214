-- file_rows: rows read per source, by kind (blank lines DuckDB skipped are added in TypeScript)
SELECT s.src, s.label,
  count(r.kind)::INTEGER AS records,
  count(*) FILTER (WHERE r.kind = 'project')::INTEGER AS counted,
  count(*) FILTER (WHERE r.kind = 'blank')::INTEGER AS blank,
  count(*) FILTER (WHERE r.kind = 'total')::INTEGER AS total,
  count(*) FILTER (WHERE r.kind = 'note')::INTEGER AS notes
FROM sources s LEFT JOIN ledger_rows r USING (src)
GROUP BY s.src, s.label ORDER BY s.src
