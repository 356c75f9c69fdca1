-- client_write (V31) kept an unsalted SHA-256 of each writer's bearer token: the same digest as
-- api_token.token_hash, a second copy of it, and one row per digest ever seen, never removed. A
-- writer is now named as the token store and the rest of the service name it (Auth's principal id):
-- 'token:' || api_token.id, or 'admin-env' for LINLI_ADMIN_TOKEN, which has no row. Nothing derived
-- from a token is kept here any more (the CHECK refuses it). The service deletes the rows the
-- standby has replayed (WritePositions.prune), so the table holds only writers the standby is behind.
--
-- Rows of known tokens keep their position under the token's id, so a writer whose last write the
-- standby has not replayed yet still reads it across this change; the others (LINLI_ADMIN_TOKEN's,
-- whose digest the database cannot tell) go: at worst that writer reads from a lagging standby once.
UPDATE client_write w SET client = 'token:' || t.id FROM api_token t WHERE t.token_hash = w.client;
DELETE FROM client_write WHERE client !~ '^token:[0-9]+$';
ALTER TABLE client_write ADD CONSTRAINT client_write_client_is_a_principal
  CHECK (client ~ '^(token:[0-9]+|admin-env)$');
COMMENT ON COLUMN client_write.client IS 'the writer: token:<api_token.id>, or admin-env for LINLI_ADMIN_TOKEN';
