package linli.registry.transfer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which column of an uploaded table holds which facility field. Columns are the contract's property
 * names, plus the aliases bureaus use (shared API.md, "Tabular files"); docs/IMPORT.md lists them.
 */
public final class FacilityColumns {
  /** Alias (lower case, trimmed) → canonical field. */
  public static final Map<String, String> ALIASES = aliases();
  /** A unit in brackets after a header: 面积(平方米), 容纳人数（人）. */
  private static final Pattern UNIT_SUFFIX = Pattern.compile("[（(].*[)）]$");

  private FacilityColumns() {}

  private static Map<String, String> aliases() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String field : new String[] {"category", "name", "address", "status", "capacity", "area_m2",
        "community_code", "opened_on", "source", "source_id", "extra", "lon", "lat", "wkt",
        // Set by the registry, never taken from a file: an export's own columns, ignored on import.
        "id", "version", "updated_at", "updated_by"}) {
      m.put(field, field);
    }
    for (String a : new String[] {"lng", "longitude", "x", "经度", "long"}) {
      m.put(a, "lon");
    }
    for (String a : new String[] {"latitude", "y", "纬度"}) {
      m.put(a, "lat");
    }
    m.put("名称", "name");
    m.put("场所名称", "name");
    m.put("地址", "address");
    m.put("类别", "category");
    m.put("类型", "category");
    m.put("状态", "status");
    m.put("容纳人数", "capacity");
    m.put("可容纳人数", "capacity");
    m.put("面积", "area_m2");
    m.put("有效面积", "area_m2");
    m.put("编号", "source_id");
    m.put("启用日期", "opened_on");
    m.put("社区代码", "community_code");
    m.put("comm_code", "community_code"); // the Shapefile export's 10-character name
    m.put("geometry", "wkt");
    return Map.copyOf(m);
  }

  /** The canonical field for a column header, or null when the column is not a known field. */
  public static String fieldOf(String header) {
    String h = header.strip().toLowerCase(Locale.ROOT);
    h = UNIT_SUFFIX.matcher(h).replaceFirst("").strip();
    return ALIASES.get(h);
  }
}
