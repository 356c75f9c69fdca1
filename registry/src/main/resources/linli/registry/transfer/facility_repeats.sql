-- A source_id repeated in the file: every row after its first, as (row, field, message).
SELECT s.row, 'source_id' AS field, format('duplicate source_id ''%s'' in the file (first at row %s)', s.source_id, d.first)
FROM import_stage s
JOIN (SELECT source_id, min(row) AS first FROM import_stage GROUP BY source_id HAVING count(*) > 1) d
  ON d.source_id = s.source_id AND s.row > d.first
ORDER BY 1
