package linli.registry.facility;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import linli.registry.Violation;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.Property;

/**
 * The registry's rules for a facility, checked before anything is written. Returns every
 * violation at once (a clerk fixes a row in one go), as data.
 */
public final class FacilityRules {
  public static final List<String> STATUSES = List.of("planned", "building", "open", "closed");
  public static final int MAX_SOURCE = 100;
  public static final int MAX_SOURCE_ID = 200;
  /** How far outside its districts' extent a facility may lie, in degrees (about 5 km). */
  public static final double EXTENT_MARGIN_DEG = 0.05;

  /**
   * What the rules need to know about the registry.
   *
   * @param categories the known category codes
   * @param extent minLon, minLat, maxLon, maxLat of the registry's districts, or null when it has none
   * @param communityExists whether a community code is registered
   */
  public record Context(Set<String> categories, double[] extent, Predicate<String> communityExists) {}

  private FacilityRules() {}

  public static List<Violation> check(FacilityDraft d, Context context) {
    List<Violation> out = new ArrayList<>();
    if (d.category() == null) {
      out.add(Violation.of("category", "is required"));
    } else if (!context.categories().contains(d.category())) {
      out.add(Violation.of("category", "unknown category '" + d.category() + "' (see /api/categories)"));
    }
    if (d.status() != null && !STATUSES.contains(d.status())) {
      out.add(Violation.of("status", "'" + d.status() + "' is not one of " + String.join(", ", STATUSES)));
    }
    // The properties written as given, by their type and the limits the catalogue declares.
    for (Property p : Catalog.FACILITIES.written()) {
      String problem = p.problem(d.values().get(p));
      if (problem != null) {
        out.add(Violation.of(p.name(), problem));
      }
    }
    if (d.communityCode() != null) {
      if (!d.communityCode().matches("[0-9]{12}")) {
        out.add(Violation.of("community_code", "must be a 12-digit statistical code"));
      } else if (!context.communityExists().test(d.communityCode())) {
        out.add(Violation.of("community_code", "no community " + d.communityCode() + " is registered"));
      }
    }
    if (d.source() != null && (d.source().isBlank() || d.source().length() > MAX_SOURCE)) {
      out.add(Violation.of("source", "must be 1 to " + MAX_SOURCE + " characters"));
    }
    if (d.sourceId() != null && (d.sourceId().isBlank() || d.sourceId().length() > MAX_SOURCE_ID)) {
      out.add(Violation.of("source_id", "must be 1 to " + MAX_SOURCE_ID + " characters"));
    }
    checkLocation(d.lon(), d.lat(), context.extent(), out);
    return out;
  }

  private static void checkLocation(double lon, double lat, double[] extent, List<Violation> out) {
    String swapped = fits(lat, lon, extent) ? " (longitude and latitude look swapped: GeoJSON is [lon, lat])" : "";
    if (!Double.isFinite(lon) || !Double.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      out.add(Violation.of("geometry", "coordinates must be longitude -180..180 and latitude -90..90" + swapped));
    } else if (!fits(lon, lat, extent)) {
      double m = EXTENT_MARGIN_DEG;
      out.add(Violation.of("geometry", String.format(
          "[%s, %s] lies outside the area this registry covers (longitude %.3f..%.3f, latitude %.3f..%.3f)%s",
          lon, lat, extent[0] - m, extent[2] + m, extent[1] - m, extent[3] + m, swapped)));
    }
  }

  /** Whether the point lies within the extent plus its margin (anywhere on Earth when there is no extent). */
  private static boolean fits(double lon, double lat, double[] extent) {
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      return false;
    }
    double m = EXTENT_MARGIN_DEG;
    return extent == null
        || (lon >= extent[0] - m && lon <= extent[2] + m && lat >= extent[1] - m && lat <= extent[3] + m);
  }
}
