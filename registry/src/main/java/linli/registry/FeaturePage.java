package linli.registry;

/**
 * One page of features: the GeoJSON features as a JSON array (text, as PostGIS wrote it, so a
 * handler splices it into its FeatureCollection without parsing it) and the page's counts.
 */
public record FeaturePage(String featuresJson, long numberMatched, int numberReturned) {}
