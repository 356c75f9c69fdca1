-- Rows matched by (source, source_id) are updated when something differs, else left alone;
-- new ones are inserted. The history trigger records every change with the import as its origin.
WITH up AS (
INSERT INTO facility AS f (category, name, address, status, capacity, area_m2, community_code, opened_on,
                           source, source_id, extra, geom, updated_by)
SELECT s.category, s.name, s.address, s.status, s.capacity, s.area_m2,
       s.community_code,
       s.opened_on, :source, s.source_id, s.extra, s.geom, :by
FROM import_stage s
ON CONFLICT (source, source_id) DO UPDATE
SET category = EXCLUDED.category, name = EXCLUDED.name, address = EXCLUDED.address, status = EXCLUDED.status,
    capacity = EXCLUDED.capacity, area_m2 = EXCLUDED.area_m2, community_code = EXCLUDED.community_code,
    opened_on = EXCLUDED.opened_on, extra = EXCLUDED.extra, geom = EXCLUDED.geom, deleted = false,
    version = f.version + 1, updated_at = now(), updated_by = EXCLUDED.updated_by
WHERE (f.category, f.name, f.address, f.status, f.capacity, f.area_m2, f.community_code, f.opened_on, f.extra,
       ST_AsBinary(f.geom), f.deleted)
      IS DISTINCT FROM
      (EXCLUDED.category, EXCLUDED.name, EXCLUDED.address, EXCLUDED.status, EXCLUDED.capacity, EXCLUDED.area_m2,
       EXCLUDED.community_code, EXCLUDED.opened_on, EXCLUDED.extra, ST_AsBinary(EXCLUDED.geom), false)
RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
