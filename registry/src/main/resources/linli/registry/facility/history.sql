SELECT version, at, by, action, feature::text FROM facility_history WHERE facility_id = :id ORDER BY version
