-- Rows whose name differs from the committee register's name for their code: the file's name is
-- taken (the bureau may know better), but said.
SELECT s.row, format('differs from the committee register''s name for %s, %s (the file''s name is taken)',
                     s.code, r.name)
FROM community_stage s JOIN committee_register r ON r.code = s.code
WHERE s.name IS NOT NULL AND s.name <> r.name
ORDER BY s.row
