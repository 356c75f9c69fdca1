-- Before retired communities go, the facilities that name them take the community their point lies
-- in among those that stay (the smallest code on a shared border; none outside every polygon):
-- after a merge, the community that absorbed the area. Deleted facilities too, since the code they
-- name will no longer exist. Each is an ordinary update: a new version in the history.
UPDATE facility f
SET community_code = (SELECT min(c.code) FROM community c
                      WHERE ST_Intersects(c.geom, f.geom) AND NOT (c.code = ANY (CAST(:codes AS char(12)[])))),
    version = f.version + 1, updated_at = now(), updated_by = :by
WHERE f.community_code = ANY (CAST(:codes AS char(12)[]))
