SELECT version, at, by, action, feature::text FROM facility_versions WHERE facility_id = :id ORDER BY version
