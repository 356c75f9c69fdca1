-- The roads of a source, which an import of that source replaces (road_insert.sql).
DELETE FROM road WHERE source = :source
