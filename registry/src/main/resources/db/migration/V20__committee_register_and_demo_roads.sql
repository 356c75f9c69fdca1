-- The official community and village committees (居委会/村委会) by code, registered before their
-- boundaries exist (./linli divisions qingdao). A community needs a polygon, so the committees
-- cannot be communities yet; a community import reads its missing names from here.
CREATE TABLE committee_register (
  code        char(12) PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('community', 'village')),
  street_code char(9) NOT NULL REFERENCES street (code)
);
CREATE INDEX committee_register_street ON committee_register (street_code);

-- The demo's roads were loaded without a source and took the column's default. Label them as the
-- demo's, so that removing source 'demo' removes them as well; but only in a registry the demo
-- built alone (demo facilities and no roads of any named source), never roads someone imported.
UPDATE road SET source = 'demo'
WHERE source = 'registry' AND EXISTS (SELECT 1 FROM facility WHERE source = 'demo')
  AND NOT EXISTS (SELECT 1 FROM road WHERE source <> 'registry');
