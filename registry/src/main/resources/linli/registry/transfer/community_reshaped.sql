-- The communities this import gives a new or a different polygon (compared as the upsert compares
-- them), noted before the upsert overwrites the old one: their facilities are located again after.
INSERT INTO community_reshaped (code)
SELECT s.code
FROM community_stage s
LEFT JOIN community c ON c.code = s.code
WHERE NOT (s.row = ANY (:rejected))
  AND (c.code IS NULL OR ST_AsBinary(c.geom) IS DISTINCT FROM ST_AsBinary(s.geom))
