-- On the primary: forgets the writers whose last write the standby has replayed (:replayed, read on the
-- standby just before). For them the standby has every write whether the row is there or not, and
-- a standby's replay position only moves forward.
DELETE FROM client_write WHERE lsn <= :replayed::pg_lsn
