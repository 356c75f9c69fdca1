-- After a client's write committed: the WAL insert position now is past the write's commit record (even
-- with asynchronous commit), so a standby that has replayed this far has the write.
INSERT INTO client_write (client, lsn, written_at) VALUES (:client, pg_current_wal_insert_lsn(), now())
ON CONFLICT (client) DO UPDATE SET lsn = greatest(client_write.lsn, excluded.lsn), written_at = excluded.written_at
