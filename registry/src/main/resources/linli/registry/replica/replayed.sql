-- On the standby: whether it has replayed the given position (null, so false, once it is no standby).
SELECT coalesce(pg_last_wal_replay_lsn() >= :lsn::pg_lsn, false)
