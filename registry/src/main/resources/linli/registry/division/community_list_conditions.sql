-- The filters of GET /api/communities (and /api/communities/{code}) besides bbox and paging, each
-- added (AND) to the communities layer's own by ItemsSql when given (ListConditions reads this file).
-- The layer's rows already join their street s and district d.
-- [code]
c.code = :code
-- [district] a district code or name
d.code = :district OR d.name = :district
-- [street] a street code or name
s.code = :street OR s.name = :street
-- [q] a plain substring of the name (no LIKE wildcards), case-insensitive for Latin letters, as the facilities' q
strpos(lower(c.name), lower(:q)) > 0
