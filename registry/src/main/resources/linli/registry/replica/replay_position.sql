-- On the standby: how far it has replayed (null once it is no standby).
SELECT pg_last_wal_replay_lsn()::text
