package linli.registry.ogc.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact SQL and parameters for parsed filters, and what the writer refuses. */
class CqlSqlWriterTest {
  private static final Map<String, Queryable> QUERYABLES = queryables(
      new Queryable("name", "f.name", QueryableType.STRING),
      new Queryable("category", "c.code", QueryableType.STRING),
      new Queryable("status", "f.status", QueryableType.STRING),
      new Queryable("capacity", "f.capacity", QueryableType.INTEGER),
      new Queryable("min_capacity", "f.min_capacity", QueryableType.INTEGER),
      new Queryable("area_m2", "f.area_m2", QueryableType.NUMBER),
      new Queryable("accessible", "f.accessible", QueryableType.BOOLEAN),
      new Queryable("opened_on", "f.opened_on", QueryableType.DATE),
      new Queryable("updated_at", "f.updated_at", QueryableType.TIMESTAMP),
      new Queryable("geometry", "f.geom", QueryableType.GEOMETRY));

  /** CRS84 filters against CGCS2000 storage: the common case. */
  private static final CqlSqlWriter CRS84 = new CqlSqlWriter(QUERYABLES, 4326, false, 4490);
  private static final String CRS84_GEOMETRY = "ST_SetSRID(ST_GeomFromText(CAST(? AS text)), 4490)";

  private static Map<String, Queryable> queryables(Queryable... list) {
    Map<String, Queryable> map = new LinkedHashMap<>();
    for (Queryable q : list) {
      map.put(q.name(), q);
    }
    return Collections.unmodifiableMap(map);
  }

  private static SqlFragment sql(String filter) {
    return CRS84.write(Cql2Parser.parse(filter));
  }

  @Test
  void comparisonsWithTypedParameters() {
    SqlFragment sql = sql("category = 'emergency_shelter' AND capacity > 500");
    assertThat(sql.sql())
        .isEqualTo("((c.code = CAST(? AS text)) AND (f.capacity > CAST(? AS bigint)))");
    assertThat(sql.parameters()).containsExactly("emergency_shelter", 500L);
  }

  /** Filter, SQL, then the single parameter's toString and class. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "name = '八大峡社区应急避难场所' | (f.name = CAST(? AS text)) | 八大峡社区应急避难场所 | String",
      "500 <= capacity | (CAST(? AS bigint) <= f.capacity) | 500 | Long",
      "capacity >= 10.5 | (f.capacity >= CAST(? AS double precision)) | 10.5 | Double",
      "area_m2 < 1000 | (f.area_m2 < CAST(? AS double precision)) | 1000.0 | Double",
      "area_m2 <> -2.5e3 | (f.area_m2 <> CAST(? AS double precision)) | -2500.0 | Double",
      "accessible = TRUE | (f.accessible = CAST(? AS boolean)) | true | Boolean",
      "opened_on >= DATE('2020-01-01') | (f.opened_on >= CAST(? AS date)) | 2020-01-01 | LocalDate",
      "opened_on < '2020-01-01' | (f.opened_on < CAST(? AS date)) | 2020-01-01 | LocalDate",
      "updated_at > TIMESTAMP('2022-01-01T00:00:00Z') | (f.updated_at > CAST(? AS timestamptz)) | 2022-01-01T00:00Z | OffsetDateTime",
      "updated_at > '2022-01-01T08:00:00+08:00' | (f.updated_at > CAST(? AS timestamptz)) | 2022-01-01T00:00Z | OffsetDateTime",
      "name LIKE '%社区%' | (f.name LIKE CAST(? AS text)) | %社区% | String",
      "name NOT LIKE 'a_c' | (f.name NOT LIKE CAST(? AS text)) | a_c | String",
  })
  void singleParameterFilters(String filter, String expectedSql, String value, String type) {
    SqlFragment sql = sql(filter);
    assertThat(sql.sql()).isEqualTo(expectedSql);
    assertThat(sql.parameters()).hasSize(1);
    assertThat(sql.parameters().get(0)).hasToString(value);
    assertThat(sql.parameters().get(0).getClass().getSimpleName()).isEqualTo(type);
  }

  @Test
  void inBetweenNullAndNot() {
    SqlFragment in = sql("status IN ('open','building')");
    assertThat(in.sql()).isEqualTo("(f.status IN (CAST(? AS text), CAST(? AS text)))");
    assertThat(in.parameters()).containsExactly("open", "building");

    assertThat(sql("capacity NOT IN (1, 2)").sql())
        .isEqualTo("(f.capacity NOT IN (CAST(? AS bigint), CAST(? AS bigint)))");

    SqlFragment between = sql("opened_on BETWEEN DATE('2020-01-01') AND DATE('2020-12-31')");
    assertThat(between.sql()).isEqualTo("(f.opened_on BETWEEN CAST(? AS date) AND CAST(? AS date))");
    assertThat(between.parameters())
        .containsExactly(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 12, 31));
    assertThat(sql("capacity NOT BETWEEN 1 AND 2").sql())
        .isEqualTo("(f.capacity NOT BETWEEN CAST(? AS bigint) AND CAST(? AS bigint))");

    SqlFragment notNull = sql("NOT (capacity IS NULL)");
    assertThat(notNull.sql()).isEqualTo("(NOT (f.capacity IS NULL))");
    assertThat(notNull.parameters()).isEmpty();
    assertThat(sql("geometry IS NOT NULL").sql()).isEqualTo("(f.geom IS NOT NULL)");
  }

  @Test
  void precedenceAndNestingBecomeExplicitParentheses() {
    SqlFragment sql = sql("name = 'a' OR capacity = 2 AND NOT (status = 'c' OR status = 'd')");
    assertThat(sql.sql()).isEqualTo("((f.name = CAST(? AS text)) OR ((f.capacity = CAST(? AS bigint))"
        + " AND (NOT ((f.status = CAST(? AS text)) OR (f.status = CAST(? AS text))))))");
    assertThat(sql.parameters()).containsExactly("a", 2L, "c", "d");
  }

  @Test
  void propertyToPropertyComparisonNeedsCompatibleTypes() {
    assertThat(sql("capacity >= min_capacity").sql()).isEqualTo("(f.capacity >= f.min_capacity)");
    assertThat(sql("area_m2 > capacity").sql()).isEqualTo("(f.area_m2 > f.capacity)");
    assertThat(sql("name = category").parameters()).isEmpty();
    assertThatThrownBy(() -> sql("name = capacity"))
        .hasMessage("cannot compare name (string) with capacity (integer)");
  }

  @Test
  void injectionAttemptsStayParameters() {
    SqlFragment sql = sql("name = 'x'' OR 1=1 --'");
    assertThat(sql.sql()).isEqualTo("(f.name = CAST(? AS text))");
    assertThat(sql.parameters()).containsExactly("x' OR 1=1 --");

    assertThatThrownBy(() -> sql("\"name; DROP TABLE facility\" = 'x'"))
        .isInstanceOf(CqlException.class)
        .hasMessageStartingWith("unknown property 'name; DROP TABLE facility' (queryables:");
    assertThatThrownBy(() -> sql("name; DROP TABLE facility"))
        .hasMessage("unexpected character ';' at position 5");
  }

  @Test
  void escapedCharactersAreBoundAsThemselves() {
    assertThat(sql("name = 'a''b'").parameters()).containsExactly("a'b");
    assertThat(sql("name = 'a\\'b'").parameters()).containsExactly("a'b");
    assertThat(sql("name = '制表\\t符\\r\\n'").parameters()).containsExactly("制表\t符\r\n");
    assertThat(sql("name = 'C:\\\\temp'").parameters()).containsExactly("C:\\temp");
    // LIKE keeps \% and \_ for the database, whose default escape character is the backslash too.
    assertThat(sql("name LIKE '100\\%'").parameters()).containsExactly("100\\%");
  }

  @Test
  void spatialCrs84IntoCgcs2000WithoutTransform() {
    SqlFragment sql = sql("S_INTERSECTS(geometry, BBOX(120.3, 36.0, 120.5, 36.2))");
    assertThat(sql.sql()).isEqualTo("ST_Intersects(f.geom, " + CRS84_GEOMETRY + ")");
    assertThat(sql.parameters())
        .containsExactly("POLYGON((120.3 36, 120.5 36, 120.5 36.2, 120.3 36.2, 120.3 36))");

    SqlFragment polygon = sql(
        "S_INTERSECTS(geometry, POLYGON((120 36, 121 36, 121 37, 120 37, 120 36))) AND capacity > 1");
    assertThat(polygon.sql()).isEqualTo(
        "(ST_Intersects(f.geom, " + CRS84_GEOMETRY + ") AND (f.capacity > CAST(? AS bigint)))");
    assertThat(polygon.parameters())
        .containsExactly("POLYGON((120 36, 121 36, 121 37, 120 37, 120 36))", 1L);
  }

  @Test
  void literalFirstKeepsArgumentOrder() {
    SqlFragment sql = sql("S_CONTAINS(POLYGON((120 36, 121 36, 121 37, 120 36)), geometry)");
    assertThat(sql.sql()).isEqualTo("ST_Contains(" + CRS84_GEOMETRY + ", f.geom)");
    assertThat(sql("S_DISJOINT(geometry, POINT(120 36))").sql()).startsWith("ST_Disjoint(f.geom, ");
    assertThat(sql("S_WITHIN(geometry, POINT(120 36))").sql()).startsWith("ST_Within(f.geom, ");
  }

  @Test
  void sridHandlingDependsOnlyOnConstructorInts() {
    String filter = "S_INTERSECTS(geometry, POINT(120 36))";
    CqlExpr expr = Cql2Parser.parse(filter);
    assertThat(new CqlSqlWriter(QUERYABLES, 4490, false, 4490).write(expr).sql())
        .isEqualTo("ST_Intersects(f.geom, ST_GeomFromText(CAST(? AS text), 4490))");
    assertThat(new CqlSqlWriter(QUERYABLES, 3857, false, 4490).write(expr).sql()).isEqualTo(
        "ST_Intersects(f.geom, ST_Transform(ST_GeomFromText(CAST(? AS text), 3857), 4490))");
    SqlFragment gaussKruger = new CqlSqlWriter(QUERYABLES, 4549, true, 4490)
        .write(Cql2Parser.parse("S_INTERSECTS(geometry, POINT(4000000.5 500000))"));
    assertThat(gaussKruger.sql()).isEqualTo(
        "ST_Intersects(f.geom, ST_Transform(ST_GeomFromText(CAST(? AS text), 4549), 4490))");
    assertThat(gaussKruger.parameters()).containsExactly("POINT(500000 4000000.5)");
  }

  @Test
  void latitudeFirstCrsSwapsAxes() {
    CqlSqlWriter epsg4326 = new CqlSqlWriter(QUERYABLES, 4326, true, 4490);
    SqlFragment sql = epsg4326.write(Cql2Parser.parse(
        "S_INTERSECTS(geometry, BBOX(36.0, 120.3, 36.2, 120.5)) OR S_INTERSECTS(geometry, POINT(36 120))"));
    assertThat(sql.parameters()).containsExactly(
        "POLYGON((120.3 36, 120.3 36.2, 120.5 36.2, 120.5 36, 120.3 36))", "POINT(120 36)");
  }

  @Test
  void lonLatOutOfRangeUsuallyMeansWrongAxisOrder() {
    CqlSqlWriter epsg4490 = new CqlSqlWriter(QUERYABLES, 4490, true, 4490);
    assertThatThrownBy(() -> epsg4490.write(Cql2Parser.parse("S_INTERSECTS(geometry, POINT(120 36))")))
        .isInstanceOf(CqlException.class)
        .hasMessage("position 120 36 is outside the longitude/latitude range of EPSG:4490"
            + " (latitude first)");
    assertThatThrownBy(() -> sql("S_INTERSECTS(geometry, POINT(200 36))"))
        .hasMessage("position 200 36 is outside the longitude/latitude range of EPSG:4326"
            + " (longitude first)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "nme = 'x' | unknown property 'nme' (queryables: name, category, status, capacity, min_capacity, area_m2, accessible, opened_on, updated_at, geometry)",
      "Name = 'x' | unknown property 'Name' (queryables: name, category, status, capacity, min_capacity, area_m2, accessible, opened_on, updated_at, geometry)",
      "capacity = 'abc' | cannot compare capacity (integer) with 'abc'",
      "area_m2 > '12' | cannot compare area_m2 (number) with '12'",
      "name = 5 | cannot compare name (string) with 5",
      "accessible = 1 | cannot compare accessible (boolean) with 1",
      "accessible > TRUE | cannot use > with accessible (boolean); use = or <>",
      "opened_on = 'yesterday' | cannot compare opened_on (date) with 'yesterday'",
      "opened_on = TIMESTAMP('2022-01-01T00:00:00Z') | cannot compare opened_on (date) with TIMESTAMP('2022-01-01T00:00:00Z')",
      "updated_at = DATE('2022-01-01') | cannot compare updated_at (timestamp) with DATE('2022-01-01')",
      "status IN ('open', 3) | cannot compare status (string) with 3",
      "capacity LIKE '1%' | LIKE needs a string property, but capacity (integer) is not",
      "accessible BETWEEN TRUE AND FALSE | BETWEEN cannot be used with accessible (boolean)",
      "geometry = 'POINT(1 2)' | geometry (geometry) can only be used in spatial predicates such as S_INTERSECTS",
      "1 = 1 | comparison 1 = 1 must involve a property",
      "'a' LIKE 'b' | LIKE must involve a property",
      "name LIKE 'x\\\\' | LIKE pattern 'x\\' ends with a lone escape character \\ (a pattern matches one backslash with \\\\)",
      "'x' IS NULL | IS NULL needs a property, not 'x'",
      "S_INTERSECTS(name, POINT(1 2)) | S_INTERSECTS needs a geometry, but name (string) is not one",
      "S_INTERSECTS(geom, POINT(1 2)) | unknown property 'geom' (queryables: name, category, status, capacity, min_capacity, area_m2, accessible, opened_on, updated_at, geometry)",
  })
  void rejects(String filter, String message) {
    assertThatThrownBy(() -> sql(filter)).isInstanceOf(CqlException.class).hasMessage(message);
  }

  @Test
  void tooManyValuesIsAUserError() {
    String list = String.join(", ", Collections.nCopies(CqlSqlWriter.MAX_PARAMETERS + 1, "1"));
    assertThatThrownBy(() -> sql("capacity IN (" + list + ")"))
        .isInstanceOf(CqlException.class)
        .hasMessage("filter has too many values (more than 10000)");
  }

  @Test
  void writerIsReusableAndParametersAreImmutable() {
    CqlExpr expr = Cql2Parser.parse("capacity = 1");
    SqlFragment first = CRS84.write(expr);
    assertThat(CRS84.write(expr)).isEqualTo(first);
    assertThatThrownBy(() -> first.parameters().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void timestampsAreBoundInUtc() {
    assertThat(sql("updated_at = TIMESTAMP('2022-01-01T08:00:00+08:00')").parameters())
        .containsExactly(OffsetDateTime.of(2022, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
  }
}
