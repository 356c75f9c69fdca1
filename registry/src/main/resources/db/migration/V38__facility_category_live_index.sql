-- The in-memory facility index (FacilityIndex) reads a whole category again after it was edited:
-- the live facilities of the category with id, position and status (coverage/index_facilities.sql).
-- Without an index serving "category = ? AND NOT deleted" that read was a sequential scan of every
-- facility (36-46 ms at 100,000 facilities, a scan of 1.6 million rows at province scale) for each
-- category asked after an edit, which a life-circle question pays for all 13 of its categories. An
-- index carrying the columns read answers it from the index alone (2.8 ms at 100,000 facilities;
-- docs/BENCHMARKS.md, "Life circles ... after edits").
CREATE INDEX facility_category_live ON facility (category) INCLUDE (id, geom, status) WHERE NOT deleted;
