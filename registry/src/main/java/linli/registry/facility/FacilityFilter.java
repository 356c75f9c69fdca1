package linli.registry.facility;

/**
 * Which facilities to list: every field is optional (null = no filter). {@code district} is a
 * district code or name; {@code bbox} is minLon, minLat, maxLon, maxLat in CGCS2000.
 */
public record FacilityFilter(
    String category, String status, String district, String q, double[] bbox, int limit, long offset) {
  public static final int MAX_LIMIT = 10_000;

  public FacilityFilter {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative");
    }
    if (bbox != null && bbox.length != 4) {
      throw new IllegalArgumentException("bbox needs four numbers");
    }
  }
}
