package linli.registry.transfer.write;

import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import linli.registry.Violation;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.facility.FacilityRules;

/**
 * The options of an export as the user typed them (HTTP query parameters, CLI flags; null when
 * absent), turned into an {@link ExportQuery} for one file, or the first mistake as a
 * {@link Violation} naming the parameter. Which option means what depends on the layer:
 * <ul>
 *   <li>facilities: {@code category} and {@code status} filter;</li>
 *   <li>communities: {@code category} + {@code distance} (metres, both needed), optionally
 *       {@code mode} (straight, network) and {@code status} (statuses that count, default open),
 *       ask the coverage question whose answer becomes the attributes covered and nearest_m;</li>
 *   <li>shelters-province: {@code status} filters (default open);</li>
 *   <li>districts, streets: {@code district} only (that district, its streets);</li>
 *   <li>roads: no filter ({@code district} is refused: roads belong to no district).</li>
 * </ul>
 * {@code crs} is one of {@link ExportCrs#codes()}; {@code encoding} (UTF-8 default, GBK) is for
 * shp.zip only. Whether the category and district exist is {@link LayerExporter#check}'s business.
 */
public record ExportParameters(String crs, String category, String district, String status, String distance,
    String mode, String encoding) {
  /** Largest coverage distance, as /api/coverage accepts. */
  public static final double MAX_DISTANCE_M = 50_000;
  /** The DBF encodings offered. */
  public static final List<String> ENCODINGS = List.of("UTF-8", "GBK");

  public ExportParameters {
    crs = blank(crs);
    category = blank(category);
    district = blank(district);
    status = blank(status);
    distance = blank(distance);
    mode = blank(mode);
    encoding = blank(encoding);
  }

  /** The query, or the violation of the first bad parameter. */
  public Result toQuery(ExportFile target) {
    try {
      return new Result(query(target), null);
    } catch (Bad e) {
      return new Result(null, Violation.of(e.field, e.getMessage()));
    }
  }

  /** Either a query or what is wrong. */
  public record Result(ExportQuery query, Violation violation) {
    public boolean ok() {
      return violation == null;
    }
  }

  private ExportQuery query(ExportFile target) {
    ExportLayer layer = target.layer();
    ExportCrs crs = parsedCrs();
    if (!target.format().accepts(crs)) {
      throw new Bad("crs", "KML is always WGS84 longitude/latitude (EPSG:4326, or GCJ02): " + crs.code()
          + " cannot be written in KML");
    }
    Charset charset = encoding(target.format());
    List<String> statuses = statuses();
    String district = blank(this.district);
    if (layer == ExportLayer.ROADS && district != null) {
      throw new Bad("district", "roads belong to no district; export them all");
    }
    String category = blank(this.category);
    boolean coverageAsked = distance != null || mode != null;
    switch (layer) {
      case FACILITIES -> {
        refuse(coverageAsked ? (distance != null ? "distance" : "mode") : null, layer);
        return new ExportQuery(layer, crs, category, district, statuses, null, charset);
      }
      case COMMUNITIES -> {
        if (category == null && (coverageAsked || statuses != null)) {
          throw new Bad("category", "is required with " + (distance != null ? "distance" : mode != null ? "mode"
              : "status") + ": the coverage attributes answer a question about one category");
        }
        if (category == null) {
          return new ExportQuery(layer, crs, null, district, null, null, charset);
        }
        if (distance == null) {
          throw new Bad("distance", "is required with category (metres, 1 to " + (long) MAX_DISTANCE_M + ")");
        }
        CoverageQuery question = new CoverageQuery(category, distanceMetres(), parsedMode(), null,
            statuses == null ? List.of("open") : statuses);
        return new ExportQuery(layer, crs, null, district, null, question, charset);
      }
      case DISTRICTS, STREETS -> {
        refuse(category != null ? "category" : statuses != null ? "status" : distance != null ? "distance"
            : mode != null ? "mode" : null, layer);
        return new ExportQuery(layer, crs, null, district, null, null, charset);
      }
      case SHELTERS_PROVINCE -> {
        refuse(category != null ? "category" : distance != null ? "distance" : mode != null ? "mode" : null, layer);
        return new ExportQuery(layer, crs, null, district, statuses, null, charset);
      }
      default -> {
        refuse(category != null ? "category" : statuses != null ? "status" : distance != null ? "distance"
            : mode != null ? "mode" : null, layer);
        return new ExportQuery(layer, crs, null, null, null, null, charset);
      }
    }
  }

  private static void refuse(String parameter, ExportLayer layer) {
    if (parameter != null) {
      throw new Bad(parameter, "does not apply to " + layer.id() + " (see docs/EXPORT.md)");
    }
  }

  private ExportCrs parsedCrs() {
    String text = blank(crs);
    if (text == null) {
      return null;
    }
    return ExportCrs.parse(text).orElseThrow(() -> new Bad("crs",
        "'" + text + "' is not one of " + String.join(", ", ExportCrs.codes())));
  }

  private Charset encoding(ExportFormat format) {
    String text = blank(encoding);
    if (text == null) {
      return null;
    }
    Optional<String> known = ENCODINGS.stream().filter(e -> e.equalsIgnoreCase(text)
        || e.replace("-", "").equalsIgnoreCase(text)).findFirst();
    if (known.isEmpty()) {
      throw new Bad("encoding", "'" + text + "' is not one of " + String.join(", ", ENCODINGS));
    }
    if (format != ExportFormat.SHAPEFILE) {
      throw new Bad("encoding", "applies to shp.zip only; " + format.extension() + " is always UTF-8");
    }
    return known.get().equals("UTF-8") ? null : Charset.forName(known.get());
  }

  private List<String> statuses() {
    String text = blank(status);
    if (text == null) {
      return null;
    }
    List<String> items = Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String s : items) {
      if (!FacilityRules.STATUSES.contains(s)) {
        throw new Bad("status", "'" + s + "' is not one of " + String.join(", ", FacilityRules.STATUSES));
      }
    }
    return items.isEmpty() ? null : items;
  }

  private double distanceMetres() {
    double d;
    try {
      d = Double.parseDouble(distance.strip());
    } catch (NumberFormatException e) {
      throw new Bad("distance", "'" + distance + "' is not a number of metres");
    }
    if (!(d >= 1 && d <= MAX_DISTANCE_M)) {
      throw new Bad("distance", "must be between 1 and " + (long) MAX_DISTANCE_M + " metres, was " + distance);
    }
    return d;
  }

  private CoverageMode parsedMode() {
    String text = blank(mode);
    if (text == null) {
      return CoverageMode.STRAIGHT;
    }
    return CoverageMode.parse(text.toLowerCase(Locale.ROOT))
        .orElseThrow(() -> new Bad("mode", "'" + text + "' is not one of straight, network"));
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** A bad parameter, caught in {@link #toQuery}. */
  private static final class Bad extends RuntimeException {
    private final String field;

    Bad(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }
}
