-- Where the primary's WAL stood after each writing client's last write (a client is a digest of its
-- bearer token), kept in the database so that every instance behind the balancer knows it: a read
-- of that client goes to the standby only once the standby has replayed that far, so a writer reads
-- its own writes whichever instance it reaches and however far the standby lags. One row per token.
CREATE TABLE client_write (
  client      text PRIMARY KEY,
  lsn         pg_lsn NOT NULL,
  written_at  timestamptz NOT NULL
);
