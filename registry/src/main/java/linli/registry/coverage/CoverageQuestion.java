package linli.registry.coverage;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import linli.registry.Violation;
import linli.registry.category.Category;
import linli.registry.category.CategoryStore;
import linli.registry.division.DivisionStore;
import linli.registry.facility.FacilityRules;

/**
 * The coverage question as a user asks it, by name, at every door that takes one (GET
 * /api/coverage and its siblings, the what-if body, the communities tiles, the communities
 * export, the CLI export): read by the same rules into a {@link CoverageQuery}, or every mistake
 * as a {@link Violation} naming its field.
 *
 * <p>The values are what the door received: text (a query parameter, a CLI flag, a JSON string),
 * a number (a JSON number) or null when absent; text is trimmed and blank text is absent. A door
 * passes only the names it takes (the export's district filters the layer, it is not part of the
 * question).
 * <ul>
 *   <li>{@code category}: a known category code;</li>
 *   <li>{@code distance} (the JSON bodies' {@code distance_m}): metres, 1 to 50,000, written as a
 *       decimal number; default the category's {@code default_distance_m};</li>
 *   <li>{@code mode}: {@code straight} (default) or {@code network};</li>
 *   <li>{@code district}: a district's 6-digit code or name; default all;</li>
 *   <li>{@code status}: statuses separated by commas, each trimmed, empty items ignored; default
 *       {@code open}.</li>
 *   <li>{@code as_of}: the registry as it stood at an instant, read as {@link #instant} reads it;
 *       default now.</li>
 * </ul>
 */
public final class CoverageQuestion {
  public static final String CATEGORY = "category";
  public static final String DISTANCE = "distance";
  /** The distance's name in JSON bodies, as the coverage report names it. */
  public static final String DISTANCE_M = "distance_m";
  public static final String MODE = "mode";
  public static final String DISTRICT = "district";
  public static final String STATUS = "status";
  public static final String AS_OF = "as_of";
  /** The two instants of a comparison ({@link #parseComparison}). */
  public static final String FROM = "from";
  public static final String TO = "to";
  /** Where a date without a time is a day: the registry's users are in China. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  public static final double MIN_DISTANCE_M = 1;
  public static final double MAX_DISTANCE_M = 50_000;
  public static final List<String> DEFAULT_STATUSES = List.of("open");

  /** Digits with an optional fraction and exponent: what Double.parseDouble also takes (500d, 0x1p9, NaN) is not a distance. */
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** What the rules need to know of the registry: its categories (for their default distance) and districts. */
  public interface Context {
    Optional<Category> category(String code) throws SQLException;

    boolean hasDistrict(String codeOrName) throws SQLException;

    /** Where the registry's history begins (its first record); empty while it has none. */
    default Optional<Instant> historyStart() throws SQLException {
      return Optional.empty();
    }

    /** The clock a future instant is judged by. */
    default Instant now() {
      return Instant.now();
    }

    /** For doors that take no instant. */
    static Context of(CategoryStore categories, DivisionStore divisions) {
      return of(categories, divisions, null);
    }

    static Context of(CategoryStore categories, DivisionStore divisions, RegistryHistory history) {
      return new Context() {
        @Override
        public Optional<Instant> historyStart() throws SQLException {
          return history == null ? Optional.empty() : history.start();
        }

        @Override
        public Optional<Category> category(String code) throws SQLException {
          return categories.find(code);
        }

        @Override
        public boolean hasDistrict(String codeOrName) throws SQLException {
          return divisions.district(codeOrName).isPresent();
        }
      };
    }
  }

  /**
   * Two instants to compare ({@code from}, default where the history begins, and {@code to}, default the
   * moment of asking) with one question
   * otherwise (the same names as {@link #parse}, {@code as_of} aside).
   */
  public record Comparison(CoverageQuery from, CoverageQuery to, List<Violation> violations) {
    public Comparison {
      violations = List.copyOf(violations);
    }

    public boolean ok() {
      return violations.isEmpty();
    }
  }

  /** The query, or what is wrong with it; neither when a door's optional question was not asked. */
  public record Answer(CoverageQuery query, List<Violation> violations) {
    public Answer {
      violations = List.copyOf(violations);
    }

    public boolean ok() {
      return violations.isEmpty();
    }
  }

  /**
   * The question without its category and distance: how, where and which statuses. Life circles
   * ask it once and put each required category and the level's distance into it.
   */
  public record Scope(CoverageMode mode, String district, List<String> statuses) {
    public Scope {
      statuses = List.copyOf(statuses);
    }

    public CoverageQuery query(String category, double distanceM) {
      return new CoverageQuery(category, distanceM, mode, district, statuses);
    }
  }

  /** The scope, or what is wrong with it. */
  public record ScopeAnswer(Scope scope, List<Violation> violations) {
    public ScopeAnswer {
      violations = List.copyOf(violations);
    }

    public boolean ok() {
      return violations.isEmpty();
    }
  }

  private CoverageQuestion() {}

  /** {@code mode}, {@code district} and {@code status} by the same rules as the whole question. */
  public static ScopeAnswer parseScope(Map<String, ?> values, Context context) throws SQLException {
    List<Violation> out = new ArrayList<>();
    CoverageMode mode = mode(values.get(MODE), out);
    String district = district(values.get(DISTRICT), context, out);
    List<String> statuses = statuses(values.get(STATUS), out);
    return out.isEmpty() ? new ScopeAnswer(new Scope(mode, district, statuses), List.of())
        : new ScopeAnswer(null, out);
  }

  /** Query parameters (or CLI flags) by name; the category is required. */
  public static Answer parse(Map<String, ?> values, Context context) throws SQLException {
    return parse(values, DISTANCE, context);
  }

  /** A JSON body's fields by name, the distance being {@code distance_m}; the category is required. */
  public static Answer parseBody(Map<String, ?> body, Context context) throws SQLException {
    return parse(body, DISTANCE_M, context);
  }

  /**
   * For doors where the question is optional (tiles, the communities export): no question when
   * none of its values is given; the category is required as soon as any other one is.
   */
  public static Answer parseIfAsked(Map<String, ?> values, Context context) throws SQLException {
    if (values.values().stream().allMatch(v -> v == null || v instanceof String s && s.isBlank())) {
      return new Answer(null, List.of());
    }
    return parse(values, DISTANCE, context);
  }

  /** {@code from} and {@code to} with the question's other values (query parameters by name). */
  public static Comparison parseComparison(Map<String, ?> values, Context context) throws SQLException {
    List<Violation> out = new ArrayList<>();
    Map<String, Object> question = new java.util.HashMap<>(values);
    question.remove(AS_OF);
    Answer asked = parse(question, DISTANCE, context);
    out.addAll(asked.violations());
    Instant from = instant(FROM, values.get(FROM), context, out);
    if (from == null && text(values.get(FROM)) == null && isText(values.get(FROM))) {
      from = context.historyStart().orElse(null);
      if (from == null) {
        out.add(Violation.of(FROM, "the registry has no history yet"));
      }
    }
    Instant to = instant(TO, values.get(TO), context, out);
    if (to == null && text(values.get(TO)) == null && isText(values.get(TO))) {
      to = context.now().truncatedTo(ChronoUnit.MICROS);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      out.add(Violation.of(TO, "must be later than from"));
    }
    if (!out.isEmpty()) {
      return new Comparison(null, null, out);
    }
    return new Comparison(asked.query().at(from), asked.query().at(to), List.of());
  }

  private static Answer parse(Map<String, ?> values, String distanceField, Context context) throws SQLException {
    List<Violation> out = new ArrayList<>();
    Category category = category(values.get(CATEGORY), context, out);
    Double distance = distance(distanceField, values.get(distanceField), out);
    CoverageMode mode = mode(values.get(MODE), out);
    String district = district(values.get(DISTRICT), context, out);
    List<String> statuses = statuses(values.get(STATUS), out);
    Instant asOf = instant(AS_OF, values.get(AS_OF), context, out);
    if (!out.isEmpty()) {
      return new Answer(null, out);
    }
    double metres = distance != null ? distance : category.defaultDistanceM();
    return new Answer(new CoverageQuery(category.code(), metres, mode, district, statuses, asOf), List.of());
  }

  /**
   * An instant of the registry's past, or null when absent (now). ISO-8601: an instant with its
   * offset ({@code 2024-05-01T08:00:00Z}, {@code 2024-05-01T16:00+08:00}), a local date-time (read
   * in Asia/Shanghai) or a date, which means the end of that day in Asia/Shanghai (today: now).
   * Kept to the microsecond, as PostgreSQL keeps the history's times. Before the history's first
   * record, or in the future, it is a violation naming {@code field}.
   */
  public static Instant instant(String field, Object value, Context context, List<Violation> out)
      throws SQLException {
    if (!isText(value)) {
      out.add(Violation.of(field, "must be text: an ISO-8601 instant or date"));
      return null;
    }
    String written = text(value);
    if (written == null) {
      return null;
    }
    Instant now = context.now();
    Instant instant = readInstant(written, now);
    if (instant == null) {
      out.add(Violation.of(field, "'" + written + "' is not an ISO-8601 instant (2024-05-01T08:00:00Z,"
          + " 2024-05-01T16:00+08:00) or date (2024-05-01)"));
      return null;
    }
    if (instant.isAfter(now)) {
      out.add(Violation.of(field, "'" + written + "' is in the future (now is " + now.truncatedTo(ChronoUnit.SECONDS)
          + ")"));
      return null;
    }
    Optional<Instant> start = context.historyStart();
    if (start.isEmpty()) {
      out.add(Violation.of(field, "the registry has no history yet"));
      return null;
    }
    if (instant.isBefore(start.get())) {
      out.add(Violation.of(field, "'" + written + "' is before the registry's history begins ("
          + start.get() + ")"));
      return null;
    }
    return instant;
  }

  /** The instant {@code written} names, or null when it is none of the accepted forms. */
  static Instant readInstant(String written, Instant now) {
    try {
      if (written.length() == 10) {
        LocalDate day = LocalDate.parse(written);
        Instant end = day.plusDays(1).atStartOfDay(ZONE).toInstant().minus(1, ChronoUnit.MICROS);
        // Today's end has not come: the day so far is the registry now.
        return day.equals(LocalDate.ofInstant(now, ZONE)) ? now.truncatedTo(ChronoUnit.MICROS) : end;
      }
      if (written.matches(".*(Z|z|[+-]\\d{2}(:?\\d{2})?)$")) {
        return OffsetDateTime.parse(written.toUpperCase(java.util.Locale.ROOT)).toInstant()
            .truncatedTo(ChronoUnit.MICROS);
      }
      return LocalDateTime.parse(written).atZone(ZONE).toInstant().truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Category category(Object value, Context context, List<Violation> out) throws SQLException {
    if (!isText(value)) {
      out.add(Violation.of(CATEGORY, "must be text: a category code (see /api/categories)"));
      return null;
    }
    String code = text(value);
    if (code == null) {
      out.add(Violation.of(CATEGORY, "is required"));
      return null;
    }
    Optional<Category> known = context.category(code);
    if (known.isEmpty()) {
      out.add(Violation.of(CATEGORY, "unknown category '" + code + "' (see /api/categories)"));
    }
    return known.orElse(null);
  }

  private static Double distance(String field, Object value, List<Violation> out) {
    double metres;
    String written;
    if (value instanceof Number n) {
      metres = n.doubleValue();
      written = value.toString();
    } else if (isText(value)) {
      written = text(value);
      if (written == null) {
        return null;
      }
      if (!DECIMAL.matcher(written).matches()) {
        out.add(Violation.of(field, "'" + written + "' is not a number of metres"));
        return null;
      }
      metres = Double.parseDouble(written);
    } else {
      out.add(Violation.of(field, "must be a number of metres"));
      return null;
    }
    if (!(metres >= MIN_DISTANCE_M && metres <= MAX_DISTANCE_M)) {
      out.add(Violation.of(field, "must be between " + (long) MIN_DISTANCE_M + " and " + (long) MAX_DISTANCE_M
          + " metres, was " + written));
      return null;
    }
    return metres;
  }

  private static CoverageMode mode(Object value, List<Violation> out) {
    String code = isText(value) ? text(value) : String.valueOf(value);
    if (code == null) {
      return CoverageMode.STRAIGHT;
    }
    Optional<CoverageMode> mode = CoverageMode.parse(code);
    if (mode.isEmpty()) {
      out.add(Violation.of(MODE, "'" + code + "' is not one of straight, network"));
    }
    return mode.orElse(null);
  }

  private static String district(Object value, Context context, List<Violation> out) throws SQLException {
    if (!isText(value)) {
      out.add(Violation.of(DISTRICT, "must be text: a district's 6-digit code or name"));
      return null;
    }
    String district = text(value);
    if (district != null && !context.hasDistrict(district)) {
      out.add(Violation.of(DISTRICT, "unknown district '" + district + "' (a 6-digit code or a name, see /api/districts)"));
    }
    return district;
  }

  private static List<String> statuses(Object value, List<Violation> out) {
    if (!isText(value)) {
      out.add(Violation.of(STATUS, "must be text: statuses separated by commas, e.g. \"open,building\""));
      return null;
    }
    String list = text(value);
    if (list == null) {
      return DEFAULT_STATUSES;
    }
    List<String> items = Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String item : items) {
      if (!FacilityRules.STATUSES.contains(item)) {
        out.add(Violation.of(STATUS, "'" + item + "' is not one of " + String.join(", ", FacilityRules.STATUSES)));
      }
    }
    return items.isEmpty() ? DEFAULT_STATUSES : items;
  }

  /** Absent or text: what every value but the distance must be. */
  private static boolean isText(Object value) {
    return value == null || value instanceof String;
  }

  /** The trimmed text, or null when absent or blank. */
  private static String text(Object value) {
    return value instanceof String s && !s.isBlank() ? s.strip() : null;
  }
}
