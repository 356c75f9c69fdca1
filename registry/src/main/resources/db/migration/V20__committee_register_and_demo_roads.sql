-- The demo's roads were loaded without a source and took the column's default; the demo loader is
-- the only writer that leaves it so. Label them as the demo's, so that removing source 'demo'
-- removes them as well.
UPDATE road SET source = 'demo'
WHERE source = 'registry' AND EXISTS (SELECT 1 FROM facility WHERE source = 'demo');
