package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import linli.registry.Database;
import linli.registry.Violation;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Communities (polygons with population) imported in bulk, upserted by code. */
@ExtendWith(PostgisExtension.class)
class CommunityImportIT {
  private static Database db;
  private static final String[] HEADER = {"社区代码", "名称", "常住人口", "社区工作者", "智慧社区", "wkt"};

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
  }

  private static ImportReport run(boolean skip, String[]... rows) throws Exception {
    return run(skip, false, rows);
  }

  private static ImportReport run(boolean skip, boolean repair, String[]... rows) throws Exception {
    String[][] table = new String[rows.length + 1][];
    table[0] = HEADER;
    System.arraycopy(rows, 0, table, 1, rows.length);
    return new CommunityImporter(db.dataSource()).run(new ImportRequest(ImportRequest.Layer.COMMUNITIES, null, false,
        skip, null, "census", "tester", repair), ListReader.table(table), ImportProgress.NONE, "linli-community-import");
  }

  private static String square(int i) {
    return FixtureCity.square(i, 1).toText();
  }

  private static long population(String code) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT population FROM community WHERE code = '" + code + "'")) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  @Test
  void newCommunitiesAreInsertedAndKnownOnesUpdated() throws Exception {
    String existing = FixtureCity.communityCode(0);
    ImportReport r = run(false,
        new String[] {existing, "社区0", "1,500", "6", "是", square(0)},
        new String[] {"370202001099", "新建社区", "2000", "4", "否", square(1)});
    assertThat(r.errors()).isEmpty();
    assertThat(r.inserted()).isEqualTo(1);
    assertThat(r.updated()).isEqualTo(1);
    assertThat(population(existing)).isEqualTo(1500);
    assertThat(population("370202001099")).isEqualTo(2000);
    ImportReport again = run(false,
        new String[] {existing, "社区0", "1,500", "6", "是", square(0)},
        new String[] {"370202001099", "新建社区", "2000", "4", "否", square(1)});
    assertThat(again.unchanged()).isEqualTo(2);
  }

  /**
   * User text reaches PostgreSQL through a COPY stream: a tab, line break or backslash in it must be
   * stored as given or rejected by row, never split the stream's rows or columns.
   */
  @Test
  void textWithTabsLineBreaksAndBackslashesIsStoredExactlyOrRejectedByRow() throws Exception {
    String name = "甲\t乙\\N丙\r\n丁\\";
    String[][] table = {
        {"社区代码", "名称", "街道代码", "常住人口", "wkt"},
        {"370202001093", name, "370202001", "10", square(2)},
        {"370202001092", "换行街道", "370202\n001\t1", "10", square(2)},
        {"370202001091", "反斜杠街道", "370202001\\", "10", square(2)}};
    ImportReport r = new CommunityImporter(db.dataSource()).run(new ImportRequest(ImportRequest.Layer.COMMUNITIES,
        null, false, true, null, "census", "tester", false), ListReader.table(table), ImportProgress.NONE,
        "linli-community-import");
    assertThat(r.errors()).extracting(Violation::row, Violation::field).containsExactly(
        org.assertj.core.groups.Tuple.tuple(2L, "street_code"), org.assertj.core.groups.Tuple.tuple(3L, "street_code"));
    assertThat(r.errors().get(0).message()).isEqualTo("must be a 9-digit street code");
    assertThat(r.errors().get(1).message()).isEqualTo("must be a 9-digit street code");
    assertThat(r.inserted()).isEqualTo(1);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM community WHERE code = '370202001093'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(name);
    }
  }

  @Test
  void invalidPolygonsUnknownStreetsAndBadNumbersAreRejectedByRow() throws Exception {
    ImportReport r = run(false,
        new String[] {"370202001098", "蝴蝶", "10", "1", "否", "POLYGON((120.30 36.10, 120.31 36.11, 120.31 36.10, 120.30 36.11, 120.30 36.10))"},
        new String[] {"370299999001", "无街道", "10", "1", "否", square(2)},
        new String[] {"370202001097", "坏人口", "很多", "1", "否", square(2)},
        new String[] {"370202001096", "点", "10", "1", "否", "POINT(120.3 36.1)"});
    assertThat(r.committed()).isFalse();
    assertThat(r.errors()).extracting(Violation::row, Violation::field).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(1L, "geometry"), org.assertj.core.groups.Tuple.tuple(2L, "street_code"),
        org.assertj.core.groups.Tuple.tuple(3L, "population"), org.assertj.core.groups.Tuple.tuple(4L, "geometry"));
    assertThat(r.errors().stream().filter(v -> v.row() == 1L).findFirst().orElseThrow().message())
        .contains("Self-intersection");
    assertThat(population("370202001098")).isEqualTo(-1);
  }

  @Test
  void repairOnRequestKeepsThePolygonalPartAndWarnsWithTheReason() throws Exception {
    String bowTie = "POLYGON((120.30 36.10, 120.31 36.11, 120.31 36.10, 120.30 36.11, 120.30 36.10))";
    String flat = "POLYGON((120.30 36.12, 120.31 36.12, 120.32 36.12, 120.30 36.12))";
    ImportReport refused = run(false, false, new String[] {"370202001095", "蝴蝶", "10", "1", "否", bowTie});
    assertThat(refused.committed()).isFalse();
    assertThat(refused.warnings()).isEmpty();

    // A line-thin polygon repairs to a line only: still rejected, saying so.
    ImportReport both = run(true, true,
        new String[] {"370202001095", "蝴蝶", "10", "1", "否", bowTie},
        new String[] {"370202001094", "一条线", "10", "1", "否", flat});
    assertThat(both.committed()).isTrue();
    assertThat(both.inserted()).isEqualTo(1);
    assertThat(both.warnings()).extracting(Violation::row, Violation::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "geometry"));
    assertThat(both.warnings().get(0).message()).contains("Self-intersection");
    assertThat(both.errors()).extracting(Violation::row).containsExactly(2L);
    assertThat(both.errors().get(0).message()).contains("repairing it leaves no polygon");

    // Independent repair: JTS's GeometryFixer on the same ring gives the same area.
    double expected = org.locationtech.jts.geom.util.GeometryFixer.fix(
        new org.locationtech.jts.io.WKTReader().read(bowTie)).getArea();
    assertThat(expected).isGreaterThan(0);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ST_Area(geom), ST_IsValid(geom), ST_NumGeometries(geom)"
            + " FROM community WHERE code = '370202001095'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getDouble(1)).isCloseTo(expected, org.assertj.core.api.Assertions.within(expected * 1e-9));
      assertThat(rs.getBoolean(2)).isTrue();
      assertThat(rs.getInt(3)).isEqualTo(2);
    }
  }
}
