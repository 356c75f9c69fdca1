-- Buckets that are full again: the same as no row.
DELETE FROM write_rate WHERE full_at < clock_timestamp()
