-- Matched rows that differ; unchanged ones are not touched (no new version, no history row).
UPDATE facility f
SET category = r.category, name = r.name, address = r.address, phone = r.phone, status = r.status, capacity = r.capacity,
    area_m2 = r.area_m2, community_code = r.community_code, opened_on = r.opened_on, extra = r.extra,
    geom = r.geom, deleted = false, version = f.version + 1, updated_at = now(), updated_by = :by
FROM import_ready r
WHERE r.changed AND f.id = r.facility_id
