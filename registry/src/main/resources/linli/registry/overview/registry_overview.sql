-- What the registry holds, for a first look (GET /api/registry): how many of each layer, where the
-- data lies and whether the demo is loaded. Exact counts (RegistryOverview keeps the answer until a change).
-- The extent is that of the divisions (districts and communities), else of the live facilities, else NULL.
-- The demo's divisions carry no source; the demo loads them with its facilities in one transaction
-- (CityLoader), so its facilities mark the lot, deleted ones too (the demo's communities stay when
-- its facilities are deleted).
WITH divisions AS (
  SELECT ST_Extent(geom) AS box FROM (SELECT geom FROM district UNION ALL SELECT geom FROM community) g
), facilities AS (
  SELECT ST_Extent(geom) AS box FROM facility WHERE NOT deleted
), extent AS (
  SELECT coalesce((SELECT box FROM divisions), (SELECT box FROM facilities)) AS box
)
SELECT (SELECT count(*) FROM district) AS districts,
       (SELECT count(*) FROM street) AS streets,
       (SELECT count(*) FROM community) AS communities,
       (SELECT count(*) FROM facility WHERE NOT deleted) AS facilities,
       (SELECT count(*) FROM road) AS roads,
       ST_XMin(box) AS west, ST_YMin(box) AS south, ST_XMax(box) AS east, ST_YMax(box) AS north,
       EXISTS (SELECT 1 FROM facility WHERE source = :demo_source) AS demo
FROM extent
