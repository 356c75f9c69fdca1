-- A retired code leaves the live table, so coverage, lists, tiles and exports no longer see it;
-- community_history (V21) keeps every version it had and, as its 'delete' row, when it was retired.
DELETE FROM community WHERE code = ANY (CAST(:codes AS char(12)[])) RETURNING code::text
