-- Rows without a name take their committee's registered name (and kind, when the file gives none).
-- Returns the rows still without a name: nothing registered under their code.
WITH named AS (
  UPDATE community_stage s SET name = r.name, kind = coalesce(s.kind, r.kind)
  FROM committee_register r
  WHERE r.code = s.code AND s.name IS NULL
  RETURNING s.row
)
SELECT s.row, s.code FROM community_stage s
WHERE s.name IS NULL AND s.row NOT IN (SELECT row FROM named)
ORDER BY s.row
