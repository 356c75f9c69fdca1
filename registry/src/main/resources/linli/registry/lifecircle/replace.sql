-- A level's new distance and category list in one statement. The sub-statements of a WITH see the
-- same snapshot, so categories that stay are neither deleted nor inserted again (ON CONFLICT):
-- only those dropped go and only those added come.
WITH level AS (
  UPDATE life_circle SET distance_m = :distance_m, updated_at = now(), updated_by = :by
  WHERE level = :level
  RETURNING level
), dropped AS (
  DELETE FROM life_circle_category lc USING level
  WHERE lc.level = level.level AND lc.category <> ALL (CAST(:categories AS text[]))
)
INSERT INTO life_circle_category (level, category)
SELECT level.level, c FROM level, unnest(CAST(:categories AS text[])) AS c
ON CONFLICT DO NOTHING
