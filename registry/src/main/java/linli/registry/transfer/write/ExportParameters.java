package linli.registry.transfer.write;

import java.nio.charset.Charset;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import linli.registry.Violation;
import linli.registry.category.Category;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.crs.CoordinateSystem;
import linli.registry.facility.FacilityRules;

/**
 * The options of an export as the user typed them (HTTP query parameters, CLI flags; null when
 * absent), turned into an {@link ExportQuery} for one file, or the first mistake as a
 * {@link Violation} naming the parameter. Which option means what depends on the layer:
 * <ul>
 *   <li>facilities: {@code category} and {@code status} filter;</li>
 *   <li>communities: {@code category}, optionally {@code distance}, {@code mode} and
 *       {@code status}, ask the coverage question whose answer becomes the attributes covered and
 *       nearest_m, read by {@link CoverageQuestion} as /api/coverage reads it (without
 *       {@code district}: here it chooses the communities written); {@code life_circles=true} adds
 *       every level's life circle in that {@code mode} and {@code status} (a category is then
 *       optional); {@code covered=false} (or true) keeps only the communities the question
 *       answers so;</li>
 *   <li>shelters-province: {@code status} filters (default open);</li>
 *   <li>districts, streets: {@code district} only (that district, its streets);</li>
 *   <li>roads: no filter ({@code district} is refused: roads belong to no district).</li>
 * </ul>
 * {@code crs} is one of {@link CoordinateSystem#describe} (export); {@code encoding} (UTF-8 default, GBK) is for
 * shp.zip and csv only. Whether the facilities' category and the district exist is {@link LayerExporter#check}'s business.
 */
public record ExportParameters(String crs, String category, String district, String status, String distance,
    String mode, String encoding, String lifeCircles, String covered) {
  /** The parameter that asks for life-circle attributes. */
  public static final String LIFE_CIRCLES = "life_circles";
  /** The parameter that keeps the communities covered (true) or not (false) by the coverage question. */
  public static final String COVERED = "covered";
  /** The text encodings offered (Shapefile DBF and CSV). */
  public static final List<String> ENCODINGS = List.of("UTF-8", "GBK");
  /** For {@link #check}: every category exists (at 1 m by default) and every district. */
  private static final CoverageQuestion.Context ANY_REGISTRY = new CoverageQuestion.Context() {
    @Override
    public Optional<Category> category(String code) {
      return Optional.of(new Category(code, code, code, "", 1, ""));
    }

    @Override
    public boolean hasDistrict(String codeOrName) {
      return true;
    }
  };

  public ExportParameters {
    crs = blank(crs);
    category = blank(category);
    district = blank(district);
    status = blank(status);
    distance = blank(distance);
    mode = blank(mode);
    encoding = blank(encoding);
    lifeCircles = blank(lifeCircles);
    covered = blank(covered);
  }

  public ExportParameters(String crs, String category, String district, String status, String distance, String mode,
      String encoding, String lifeCircles) {
    this(crs, category, district, status, distance, mode, encoding, lifeCircles, null);
  }

  public ExportParameters(String crs, String category, String district, String status, String distance, String mode,
      String encoding) {
    this(crs, category, district, status, distance, mode, encoding, null, null);
  }

  /**
   * The query, or what is wrong: the first bad export option, or every mistake in the coverage
   * question. {@code registry} knows the categories (a question's default distance is its
   * category's).
   */
  public Result toQuery(ExportFile target, CoverageQuestion.Context registry) throws SQLException {
    try {
      return query(target, registry);
    } catch (Bad e) {
      return new Result(null, List.of(Violation.of(e.field, e.getMessage())));
    }
  }

  /**
   * The mistakes the options show on their own, before a database is at hand (the CLI checks them
   * before it starts one): {@link #toQuery} against a registry that knows every category and
   * district.
   */
  public List<Violation> check(ExportFile target) {
    try {
      return toQuery(target, ANY_REGISTRY).violations();
    } catch (SQLException e) {
      throw new IllegalStateException("no database is asked", e);
    }
  }

  /** Either a query or what is wrong. */
  public record Result(ExportQuery query, List<Violation> violations) {
    public Result {
      violations = List.copyOf(violations);
    }

    public boolean ok() {
      return violations.isEmpty();
    }
  }

  private Result query(ExportFile target, CoverageQuestion.Context registry) throws SQLException {
    ExportLayer layer = target.layer();
    CoordinateSystem crs = parsedCrs();
    if (!target.format().accepts(crs)) {
      throw new Bad("crs", "KML is always WGS84 longitude/latitude (EPSG:4326, or GCJ02, BD09): " + crs.code()
          + " cannot be written in KML");
    }
    Charset charset = encoding(target.format());
    String district = blank(this.district);
    if (layer == ExportLayer.ROADS && district != null) {
      throw new Bad("district", "roads belong to no district; export them all");
    }
    String category = blank(this.category);
    boolean withLifeCircles = lifeCircles(layer);
    if (covered != null && layer != ExportLayer.COMMUNITIES) {
      throw new Bad(COVERED, "keeps communities by their coverage; it does not apply to " + layer.id());
    }
    switch (layer) {
      case FACILITIES -> {
        refuse(distance != null ? "distance" : mode != null ? "mode" : null, layer);
        return ok(new ExportQuery(layer, crs, category, district, statuses(), null, charset));
      }
      case COMMUNITIES -> {
        Map<String, String> question = new HashMap<>();
        question.put(CoverageQuestion.CATEGORY, category);
        question.put(CoverageQuestion.DISTANCE, distance);
        question.put(CoverageQuestion.MODE, mode);
        question.put(CoverageQuestion.STATUS, status);
        CoverageQuestion.Scope scope = null;
        if (withLifeCircles) {
          // Life circles take mode and status; a coverage question is asked besides only when it names a category or distance.
          CoverageQuestion.ScopeAnswer read = CoverageQuestion.parseScope(question, registry);
          if (!read.ok()) {
            return new Result(null, read.violations());
          }
          scope = read.scope();
          if (category == null && distance == null) {
            question.clear();
          }
        }
        CoverageQuestion.Answer answer = CoverageQuestion.parseIfAsked(question, registry);
        if (!answer.ok()) {
          return new Result(null, answer.violations());
        }
        Boolean wanted = coveredWanted();
        if (wanted != null && answer.query() == null) {
          throw new Bad(COVERED, "keeps the communities a coverage question answers so: give category too");
        }
        return ok(new ExportQuery(layer, crs, null, district, null, answer.query(), charset, scope, wanted));
      }
      case DISTRICTS, STREETS -> {
        refuse(category != null ? "category" : blank(status) != null ? "status" : distance != null ? "distance"
            : mode != null ? "mode" : null, layer);
        return ok(new ExportQuery(layer, crs, null, district, null, null, charset));
      }
      case SHELTERS_PROVINCE -> {
        refuse(category != null ? "category" : distance != null ? "distance" : mode != null ? "mode" : null, layer);
        return ok(new ExportQuery(layer, crs, null, district, statuses(), null, charset));
      }
      default -> {
        refuse(category != null ? "category" : status != null ? "status" : distance != null ? "distance"
            : mode != null ? "mode" : null, layer);
        return ok(new ExportQuery(layer, crs, null, null, null, null, charset));
      }
    }
  }

  /** {@code covered}: true or false, or null when absent; for communities with a coverage question only. */
  private Boolean coveredWanted() {
    if (covered == null) {
      return null;
    }
    return switch (covered) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new Bad(COVERED, "'" + covered + "' is not one of true, false");
    };
  }

  /** {@code life_circles}: true or false (default); for communities only. */
  private boolean lifeCircles(ExportLayer layer) {
    if (lifeCircles == null) {
      return false;
    }
    boolean asked = switch (lifeCircles) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new Bad(LIFE_CIRCLES, "'" + lifeCircles + "' is not one of true, false");
    };
    if (asked && layer != ExportLayer.COMMUNITIES) {
      throw new Bad(LIFE_CIRCLES, "life circles are attributes of communities only (see docs/EXPORT.md)");
    }
    return asked;
  }

  private static Result ok(ExportQuery query) {
    return new Result(query, List.of());
  }

  private static void refuse(String parameter, ExportLayer layer) {
    if (parameter != null) {
      throw new Bad(parameter, "does not apply to " + layer.id() + " (see docs/EXPORT.md)");
    }
  }

  private CoordinateSystem parsedCrs() {
    String text = blank(crs);
    if (text == null) {
      return null;
    }
    return CoordinateSystem.parse(text, CoordinateSystem.Use.EXPORT).orElseThrow(() -> new Bad("crs",
        "'" + text + "' is not one of " + CoordinateSystem.describe(CoordinateSystem.Use.EXPORT)));
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
    if (!format.choosesEncoding()) {
      throw new Bad("encoding", "applies to shp.zip and csv only; " + format.extension() + " is always UTF-8");
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
