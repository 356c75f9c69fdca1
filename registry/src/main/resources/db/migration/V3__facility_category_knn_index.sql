-- Nearest facility of one category: a composite GiST index (btree_gist for the category) lets the
-- KNN scan visit only that category's facilities. With the geography-only index, a rare category
-- (one per street) made the scan wade through every other category: 3 s for all communities,
-- 0.18 s with this index (docs/BENCHMARKS.md).
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE INDEX facility_category_geog_gist ON facility USING gist (category, (geom::geography));
