-- New rows: a plain insert (no conflict arbitration; the import holds its source's lock). The
-- statement trigger writes their history rows in one go, with the import as their origin.
-- The placeholders: the catalogue's properties written as given (WrittenColumns).
INSERT INTO facility (category, status, {{written}}, community_code, source, source_id, extra, geom, updated_by)
SELECT category, status, {{written}}, community_code, :source, source_id, extra, geom, :by
FROM import_ready
WHERE facility_id IS NULL
