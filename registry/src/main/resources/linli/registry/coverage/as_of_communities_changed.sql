-- Whether any community changed since :as_of (V21's history, V40's time index): if none did, the
-- communities then are today's and the in-memory index's serve the past question (PastIndex).
SELECT EXISTS (SELECT 1 FROM community_history h WHERE h.at > CAST(:as_of AS timestamptz))
