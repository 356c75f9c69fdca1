-- On the primary: how far the standby must have replayed for this client to read its own writes there.
SELECT lsn::text FROM client_write WHERE client = :client
