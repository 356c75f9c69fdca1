-- Facilities that were in a reshaped community, or whose point now lies in one, take the community
-- their point lies in, by the rule every facility write follows (the smallest code on a shared
-- border; none outside every polygon). A code a user once gave is not kept: location wins once the
-- boundary it was given against has changed. Each move is a new version, so the history shows it;
-- deleted facilities are left as they were deleted. Points are tested against community_piece
-- (facility_pieces.sql, made after the upsert), as a facility import does, and the candidates are
-- found from the reshaped communities (by code, by polygon), not by testing every facility.
UPDATE facility f
SET community_code = located.code, version = f.version + 1, updated_at = now(), updated_by = :by
FROM (SELECT candidate.id,
             (SELECT min(p.code) FROM community_piece p WHERE ST_Intersects(p.geom, candidate.geom)) AS code
      FROM facility candidate
      WHERE candidate.id IN (SELECT f.id FROM facility f JOIN community_reshaped r ON r.code = f.community_code
                             UNION
                             SELECT f.id FROM community_piece p JOIN community_reshaped r ON r.code = p.code
                             JOIN facility f ON ST_Intersects(p.geom, f.geom))) located
WHERE f.id = located.id AND NOT f.deleted AND f.community_code IS DISTINCT FROM located.code
