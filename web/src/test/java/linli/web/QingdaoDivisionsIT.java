package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import linli.data.QingdaoDivisions;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.division.DivisionRegister;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.TestPostgis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;

/** {@code ./linli divisions qingdao}: Qingdao's real divisions and nothing synthetic, idempotently. */
@ExtendWith(PostgisExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QingdaoDivisionsIT {
  private static Database db;
  private static String url;
  private static final DivisionRegister.Divisions QINGDAO = QingdaoDivisions.read();

  @BeforeAll
  static void database(Database database) throws Exception {
    db = database;
    url = TestPostgis.get().urlFor(text("SELECT current_database()").get(0));
  }

  private static String run(String... args) {
    return runExpecting(0, args);
  }

  private static String runExpecting(int exitCode, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, Map.of("LINLI_DB_URL", url), new PrintWriter(out), new PrintWriter(err));
    assertThat(code).as(out + "\n" + err).isEqualTo(exitCode);
    return out.toString();
  }

  @Test
  @Order(1)
  void registersTheRealDistrictsStreetsAndCommitteesAndNothingSynthetic() throws Exception {
    assertThat(QINGDAO.streets()).hasSize(141);
    assertThat(QINGDAO.committees()).hasSize(2120);
    String out = run("divisions", "qingdao");
    assertThat(out).contains("districts: " + QINGDAO.districts().size() + " inserted", "streets: 141 inserted",
        "committees: 2,120 inserted");

    WKBWriter wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN); // as ST_AsBinary writes
    assertThat(text("SELECT code || ' ' || name || ' ' || encode(ST_AsBinary(geom), 'hex') || ' ' || geom_derived"
        + " FROM district ORDER BY code")).containsExactlyElementsOf(QINGDAO.districts().stream()
        .map(d -> d.code() + " " + d.name() + " " + WKBWriter.toHex(wkb.write(d.outline())).toLowerCase() + " false")
        .toList());
    assertThat(text("SELECT code || ' ' || name || ' ' || kind || ' ' || district_code FROM street ORDER BY code"))
        .containsExactlyElementsOf(QINGDAO.streets().stream()
            .map(s -> s.code() + " " + s.name() + " " + s.kind() + " " + s.districtCode()).toList());
    assertThat(text("SELECT code || ' ' || name || ' ' || kind || ' ' || street_code FROM committee_register"
        + " ORDER BY code")).containsExactlyElementsOf(QINGDAO.committees().stream()
            .map(c -> c.code() + " " + c.name() + " " + c.kind() + " " + c.streetCode()).toList());
    // Streets have no boundary of their own: none until communities are imported.
    assertThat(text("SELECT count(*) FROM street WHERE geom IS NOT NULL")).containsExactly("0");
    for (String table : List.of("community", "facility", "road")) {
      assertThat(text("SELECT count(*) FROM " + table)).as(table).containsExactly("0");
    }
    // A city being set up is not empty: ./linli demo must not load the synthetic city over it.
    assertThat(new CityLoader(db.dataSource()).isEmpty()).isFalse();
  }

  @Test
  @Order(2)
  void aSecondRunChangesNothing() throws Exception {
    List<String> revisions = text("SELECT layer || revision FROM registry_revision ORDER BY layer");
    String out = run("divisions", "qingdao");
    assertThat(out).contains(
        "districts: 0 inserted, 0 updated, " + QINGDAO.districts().size() + " unchanged",
        "streets: 0 inserted, 0 updated, 141 unchanged",
        "committees: 0 inserted, 0 updated, 2,120 unchanged");
    assertThat(text("SELECT layer || revision FROM registry_revision ORDER BY layer")).isEqualTo(revisions);
  }

  @Test
  @Order(3)
  void aCommunityFileWithRegisteredCodesTakesTheRealNames() throws Exception {
    DivisionRegister.Committee first = QINGDAO.committees().get(0);
    DivisionRegister.Committee second = QINGDAO.committees().get(1);
    Path file = Files.createTempFile("linli-committees", ".geojson");
    Files.writeString(file, """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"code": "%s"}, "geometry": %s},
          {"type": "Feature", "properties": {"code": "%s", "name": "新名字社区"}, "geometry": %s}]}
        """.formatted(first.code(), square(120.30, 36.06), second.code(), square(120.31, 36.06)));
    String out = run("import", file.toString(), "--layer", "communities", "--source", "bureau");
    assertThat(out).contains("committed: 2 rows; 2 inserted")
        .contains("differs from the committee register's name for " + second.code() + ", " + second.name());
    assertThat(text("SELECT name || ' ' || kind || ' ' || street_code FROM community ORDER BY code"))
        .containsExactly(first.name() + " " + first.kind() + " " + first.streetCode(),
            "新名字社区 community " + second.streetCode());
    // The street takes its boundary from the community now; no street was registered anew.
    assertThat(out).doesNotContain("registered street");
    assertThat(text("SELECT count(*) FROM street WHERE geom IS NOT NULL AND geom_derived")).containsExactly(
        first.streetCode().equals(second.streetCode()) ? "1" : "2");
  }

  @Test
  @Order(4)
  void aCommunityWithoutNameOrRegisteredCodeIsRejected() throws Exception {
    Path file = Files.createTempFile("linli-committees", ".geojson");
    Files.writeString(file, """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"code": "370202999999"}, "geometry": %s}]}
        """.formatted(square(120.32, 36.06)));
    // A rejected file is a failed command: exit code 1.
    String out = runExpecting(1, "import", file.toString(), "--layer", "communities", "--source", "bureau");
    assertThat(out).contains("rejected, nothing written").contains("no committee 370202999999 is registered");
  }

  private static String square(double lon, double lat) {
    double d = 0.002;
    return "{\"type\": \"Polygon\", \"coordinates\": [[[%s, %s], [%s, %s], [%s, %s], [%s, %s], [%s, %s]]]}".formatted(
        lon, lat, lon + d, lat, lon + d, lat + d, lon, lat + d, lon, lat);
  }

  private static List<String> text(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
