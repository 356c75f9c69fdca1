-- The filters of GET /api/facilities besides bbox, paging, category and status (FacilityStore.list
-- gives those two as property values, by which OgcFeatureStore counts ahead), each added (AND) to
-- the facilities layer's own condition by ItemsSql when the request gives it (ListConditions reads this file).
-- [district] a district code or name; a facility lies in its community's district
f.community_code IN (SELECT c.code FROM community c JOIN street s ON s.code = c.street_code
                     JOIN district d ON d.code = s.district_code
                     WHERE d.code = :district OR d.name = :district)
-- [q] a plain substring of the name or address (no LIKE wildcards), case-insensitive for Latin letters
strpos(lower(f.name), lower(:q)) > 0 OR strpos(lower(coalesce(f.address, '')), lower(:q)) > 0
