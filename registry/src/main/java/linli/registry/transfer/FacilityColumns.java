package linli.registry.transfer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import linli.registry.catalog.Catalog;

/**
 * Which column of an uploaded table holds which facility field: the catalogue's import headers of
 * each property ({@link Catalog#importHeaders}) and the location columns. docs/IMPORT.md lists them.
 */
public final class FacilityColumns {
  /** Alias (lower case, trimmed) → canonical field. */
  public static final Map<String, String> ALIASES = aliases();
  /** A unit in brackets after a header: 面积(平方米), 容纳人数（人）. */
  private static final Pattern UNIT_SUFFIX = Pattern.compile("[（(].*[)）]$");

  private FacilityColumns() {}

  private static Map<String, String> aliases() {
    Map<String, String> m = new LinkedHashMap<>(Catalog.importHeaders(Catalog.FACILITIES));
    // The location is not a property: its columns are the import's own.
    for (String a : new String[] {"lon", "lng", "longitude", "x", "经度", "long"}) {
      m.put(a, "lon");
    }
    for (String a : new String[] {"lat", "latitude", "y", "纬度"}) {
      m.put(a, "lat");
    }
    m.put("wkt", "wkt");
    m.put("geometry", "wkt");
    m.put("id", "id"); // an export's own id column, ignored on import
    return Map.copyOf(m);
  }

  /** The canonical field for a column header, or null when the column is not a known field. */
  public static String fieldOf(String header) {
    String h = header.strip().toLowerCase(Locale.ROOT);
    h = UNIT_SUFFIX.matcher(h).replaceFirst("").strip();
    return ALIASES.get(h);
  }
}
