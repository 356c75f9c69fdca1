-- The facilities of one coverage question as they stood at a past instant, in a scratch table of
-- this transaction with the same Web Mercator copy and index as facility (V9, V11), so the
-- nearest-first search below runs as the KNN SQL did (straight.sql, now the
-- in-memory engine's test oracle). Dropped at the end of the transaction.
CREATE TEMP TABLE facility_as_of (
  id     bigint NOT NULL,
  geom   geometry(Point, 4490) NOT NULL,
  geom_m geometry(Point, 3857) NOT NULL
) ON COMMIT DROP
