package linli.registry.division;

/**
 * Which communities to list; every field optional. {@code district} and {@code street} take a code
 * or a name; {@code q} is a substring of the name; {@code bbox} is minLon, minLat, maxLon, maxLat.
 */
public record CommunityFilter(
    String code, String district, String street, String q, double[] bbox, int limit, long offset) {
  public static final int MAX_LIMIT = 10_000;

  public static CommunityFilter byCode(String code) {
    return new CommunityFilter(code, null, null, null, null, 1, 0);
  }
}
