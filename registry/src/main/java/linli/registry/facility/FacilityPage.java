package linli.registry.facility;

/** One page of facilities: a GeoJSON FeatureCollection (without paging members) and its counts. */
public record FacilityPage(String featureCollection, long numberMatched, int numberReturned) {}
