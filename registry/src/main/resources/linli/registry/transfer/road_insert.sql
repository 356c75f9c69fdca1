-- The staged roads not rejected, under the import's source.
INSERT INTO road (highway, walkable, geom, source)
SELECT highway, walkable, geom, :source FROM road_stage WHERE NOT (row = ANY (CAST(:rejected AS bigint[])))
