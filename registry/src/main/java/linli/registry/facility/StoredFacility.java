package linli.registry.facility;

/** A facility as stored: its id, its version (the ETag) and its GeoJSON Feature. */
public record StoredFacility(long id, int version, String featureJson) {}
