-- Every layer's revision (V5): bumped in the writing transaction, so a snapshot that reads them with
-- the rows knows exactly which registry state the rows are.
SELECT layer, revision FROM registry_revision
