-- Indexed after the rows are in (one build instead of one insertion per row), and analysed so the
-- planner knows the table is not empty.
CREATE INDEX ON facility_as_of USING gist (geom_m);
ANALYZE facility_as_of
