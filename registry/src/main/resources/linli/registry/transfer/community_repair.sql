-- Asked to repair: each invalid polygon becomes the polygonal part of ST_MakeValid's result. Rows
-- whose repair leaves no polygon keep their invalid shape, so the validity check rejects them.
-- Returns each repaired row with the reason it was invalid.
WITH fixed AS (
  SELECT row, ST_IsValidReason(geom) AS reason, ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) AS geom
  FROM community_stage
  WHERE NOT ST_IsValid(geom)
)
UPDATE community_stage s SET geom = f.geom
FROM fixed f
WHERE s.row = f.row AND NOT ST_IsEmpty(f.geom)
RETURNING s.row, f.reason
