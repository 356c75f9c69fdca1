-- The boundary each staged district or street ({{table}}) will have: none to be derived (asked
-- for with boundary_derived, or a new division without one: the union of its communities), the
-- file's, or, when the row gives none, the one registered.
UPDATE division_stage s SET
  derived = CASE WHEN s.derived THEN true WHEN s.geom IS NOT NULL THEN false ELSE coalesce(t.geom_derived, true) END,
  geom = CASE WHEN s.derived OR (s.geom IS NULL AND coalesce(t.geom_derived, true)) THEN NULL
              ELSE coalesce(s.geom, t.geom) END
FROM division_stage x LEFT JOIN {{table}} t ON t.code = x.code
WHERE x.row = s.row
