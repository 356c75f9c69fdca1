package linli.registry;

/** One page of features: a GeoJSON FeatureCollection (without paging members) and its counts. */
public record FeaturePage(String featureCollection, long numberMatched, int numberReturned) {}
