-- New rows: a plain insert (no conflict arbitration; the import holds its source's lock). The
-- statement trigger writes their history rows in one go, with the import as their origin.
INSERT INTO facility (category, name, address, phone, status, capacity, area_m2, community_code, opened_on,
                      source, source_id, extra, geom, updated_by)
SELECT category, name, address, phone, status, capacity, area_m2, community_code, opened_on,
       :source, source_id, extra, geom, :by
FROM import_ready
WHERE facility_id IS NULL
