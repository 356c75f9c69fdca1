package linli.registry.transfer.write;

import java.util.List;
import java.util.Objects;
import linli.registry.facility.FacilityRules;

/**
 * What to export. Every filter is optional (null: no filter). {@code crs} null means the format's
 * default (see {@link ExportFormat#resolveCrs}). {@code district} is a 6-digit district code or a
 * district name; a facility is in a district when its community is. {@code category} and
 * {@code status} (any of the statuses listed) filter facilities only. Deleted facilities are never
 * exported.
 */
public record ExportQuery(ExportLayer layer, ExportCrs crs, String category, String district, List<String> status) {
  public ExportQuery {
    Objects.requireNonNull(layer, "layer");
    category = blankToNull(category);
    district = blankToNull(district);
    status = status == null || status.isEmpty() ? null : List.copyOf(status);
    if (layer != ExportLayer.FACILITIES && (category != null || status != null)) {
      throw new IllegalArgumentException("category and status filter facilities only");
    }
    if (status != null) {
      for (String s : status) {
        if (!FacilityRules.STATUSES.contains(s)) {
          throw new IllegalArgumentException("'" + s + "' is not one of " + String.join(", ", FacilityRules.STATUSES));
        }
      }
    }
  }

  /** Everything in a layer, in the format's default CRS. */
  public static ExportQuery all(ExportLayer layer) {
    return new ExportQuery(layer, null, null, null, null);
  }

  public ExportQuery withCrs(ExportCrs newCrs) {
    return new ExportQuery(layer, newCrs, category, district, status);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
