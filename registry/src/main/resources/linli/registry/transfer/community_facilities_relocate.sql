-- Facilities that were in a reshaped community, or whose point now lies in one, take the community
-- their point lies in, by the rule every facility write follows (the smallest code on a shared
-- border; none outside every polygon). A code a user once gave is not kept: location wins once the
-- boundary it was given against has changed. Each move is a new version, so the history shows it;
-- deleted facilities are left as they were deleted.
UPDATE facility f
SET community_code = located.code, version = f.version + 1, updated_at = now(), updated_by = :by
FROM (SELECT f.id, (SELECT min(c.code) FROM community c WHERE ST_Intersects(c.geom, f.geom)) AS code
      FROM facility f
      WHERE NOT f.deleted
        AND (f.community_code IN (SELECT code FROM community_reshaped)
             OR EXISTS (SELECT 1 FROM community c JOIN community_reshaped r ON r.code = c.code
                        WHERE ST_Intersects(c.geom, f.geom)))) located
WHERE f.id = located.id AND f.community_code IS DISTINCT FROM located.code
