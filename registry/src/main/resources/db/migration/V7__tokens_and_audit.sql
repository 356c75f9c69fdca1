-- API tokens: only a SHA-256 of each token is kept; the token itself is shown once, at creation.
CREATE TABLE api_token (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  role        text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
  categories  text[],          -- editor scope: NULL means every category
  districts   text[],          -- editor scope: NULL means every district (6-digit codes)
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL,
  revoked_at  timestamptz
);

-- Every write that is not a facility version (those are in facility_history): token changes,
-- imports, restores. Append-only like the history.
CREATE TABLE audit_log (
  id      bigserial PRIMARY KEY,
  at      timestamptz NOT NULL DEFAULT now(),
  actor   text NOT NULL,
  action  text NOT NULL,
  target  text NOT NULL,
  before  jsonb,
  after   jsonb
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_no_rewrite BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION facility_history_is_append_only();
