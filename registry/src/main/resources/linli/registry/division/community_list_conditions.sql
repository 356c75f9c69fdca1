-- The filters of GET /api/communities (and /api/communities/{code}) besides bbox and paging, each
-- added (AND) to the communities layer's own by ItemsSql when given (ListConditions reads this file).
-- The layer's rows already join their street s and district d.
-- [code]
c.code = :code
-- [district] a district code or name
d.code = :district OR d.name = :district
-- [street] a street code or name
s.code = :street OR s.name = :street
-- [q] a substring of the name
strpos(c.name, :q) > 0
