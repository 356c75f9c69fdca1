SELECT id, version, facility_as_feature(f)::text FROM facility f WHERE id = :id AND NOT deleted
