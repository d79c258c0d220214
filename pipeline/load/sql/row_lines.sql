-- row_lines: spreadsheet row of the rows in table {{rows}} (columns src, rid): header row + position
-- in the file + blank lines before it (DuckDB's CSV reader skips blank lines; a clerk counts them).
SELECT r.rid, s.header_row + (r.rid - s.row_offset + 1) + coalesce(b.cum, 0) AS line
FROM (SELECT DISTINCT src, rid FROM {{rows}}) r
JOIN sources s ON s.src = r.src
ASOF LEFT JOIN blanks b ON b.src = r.src AND (r.rid - s.row_offset + 1) > b.k
