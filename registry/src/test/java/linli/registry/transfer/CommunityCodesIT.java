package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Codes change (issue 14): when a community import moves a boundary, the facilities it moves get the
 * community their point now lies in, as new versions, and the report counts them; every version of
 * a community is kept in community_history.
 */
@ExtendWith(PostgisExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommunityCodesIT {
  private static final String[] COMMUNITY_HEADER = {"社区代码", "名称", "常住人口", "社区工作者", "智慧社区", "wkt"};
  private static final String[] FACILITY_HEADER = {"编号", "名称", "类别", "经度", "纬度"};
  private static final double LON0 = 120.30;
  private static final double STEP_LON = 0.0112;
  private static final String CODE0 = FixtureCity.communityCode(0);
  private static final String CODE1 = FixtureCity.communityCode(1);
  private static Database db;

  @BeforeAll
  static void load(Database database) throws Exception {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    // Twenty facilities across communities 0 to 2, none on a border (the squares' edges are at
    // LON0 + k × STEP_LON, the points at odd multiples of STEP_LON / 14).
    List<String[]> rows = new ArrayList<>();
    rows.add(FACILITY_HEADER);
    for (int i = 0; i < 20; i++) {
      rows.add(new String[] {"P-" + i, "设施" + i, "应急避难场所",
          Double.toString(LON0 + (2 * i + 1) * STEP_LON / 14), "36.104"});
    }
    ImportReport facilities = new FacilityImporter(db.dataSource()).run(new ImportRequest(
        ImportRequest.Layer.FACILITIES, null, false, false, null, "codes-it", "tester"),
        ListReader.table(rows.toArray(String[][]::new)), ImportProgress.NONE, "linli-codes-it");
    assertThat(facilities.errors()).isEmpty();
    assertThat(facilities.inserted()).isEqualTo(20);
  }

  /** Communities 0 and 1 with the border between them at {@code border} (in squares from LON0). */
  private static ImportReport importBorder(double border, boolean dryRun) throws Exception {
    String[][] table = {
        COMMUNITY_HEADER,
        {CODE0, "社区0", "1000", "5", "否", rectangle(0, border)},
        {CODE1, "社区1", "2000", "5", "否", rectangle(border, 2)}};
    return new CommunityImporter(db.dataSource()).run(new ImportRequest(ImportRequest.Layer.COMMUNITIES, null, dryRun,
        false, null, "census", "surveyor", false), ListReader.table(table), ImportProgress.NONE, "linli-codes-it");
  }

  private static String rectangle(double from, double to) {
    double x0 = LON0 + from * STEP_LON;
    double x1 = LON0 + to * STEP_LON;
    return "MULTIPOLYGON(((%s 36.10, %s 36.10, %s 36.109, %s 36.109, %s 36.10)))".formatted(x0, x1, x1, x0, x0);
  }

  /** Each live facility's id with {@code sql}'s text for it (first column id, second the value). */
  private static Map<Long, String> byFacility(String sql) throws SQLException {
    Map<Long, String> out = new HashMap<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getLong(1), rs.getString(2));
      }
    }
    return out;
  }

  private static Map<Long, String> codes() throws SQLException {
    return byFacility("SELECT id, community_code FROM facility WHERE NOT deleted");
  }

  /** Where each facility lies, by plain SQL: the smallest code of the polygons that contain it. */
  private static Map<Long, String> containing() throws SQLException {
    return byFacility("SELECT f.id, (SELECT min(c.code) FROM community c WHERE ST_Contains(c.geom, f.geom))"
        + " FROM facility f WHERE NOT f.deleted");
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long moved(Map<Long, String> before, Map<Long, String> after) {
    return before.keySet().stream().filter(id -> !Objects.equals(before.get(id), after.get(id))).count();
  }

  @Test
  @Order(1)
  void aDryRunCountsTheMovesAndWritesNothing() throws Exception {
    Map<Long, String> before = codes();
    ImportReport r = importBorder(0.6, true);
    assertThat(r.committed()).isFalse();
    assertThat(r.facilitiesMoved()).isPositive();
    assertThat(codes()).isEqualTo(before);
    assertThat(count("SELECT count(*) FROM community_history WHERE by = 'surveyor'")).isZero();
  }

  @Test
  @Order(2)
  void aMovedBorderMovesExactlyTheFacilitiesNowInTheNeighbourAsNewVersions() throws Exception {
    Map<Long, String> before = codes();
    Map<Long, String> versions = byFacility("SELECT id, version::text FROM facility");
    ImportReport r = importBorder(0.6, false);
    assertThat(r.errors()).isEmpty();
    assertThat(r.committed()).isTrue();
    assertThat(r.updated()).isEqualTo(2);

    Map<Long, String> expected = containing();
    long moved = moved(before, expected);
    // The strip from 0.6 to 1 square changed hands (facilities 4 to 6), and fixture shelter b,
    // given community 1's code though it lies south of every polygon, lost it: location wins.
    assertThat(moved).isEqualTo(4);
    assertThat(r.facilitiesMoved()).isEqualTo(moved);
    assertThat(codes()).isEqualTo(expected);
    assertThat(count("SELECT count(*) FROM facility WHERE source_id IN ('P-4', 'P-5', 'P-6')"
        + " AND community_code = '" + CODE1 + "'")).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM facility WHERE source_id = 'b' AND community_code IS NULL")).isEqualTo(1);

    // Exactly the moved ones have a new version, written by the import's requester, in the history.
    Map<Long, String> now = byFacility("SELECT id, version::text FROM facility");
    assertThat(moved(versions, now)).isEqualTo(moved);
    for (Long id : before.keySet()) {
      if (!Objects.equals(before.get(id), expected.get(id))) {
        assertThat(Integer.parseInt(now.get(id))).isEqualTo(Integer.parseInt(versions.get(id)) + 1);
        assertThat(count("SELECT count(*) FROM facility_versions WHERE facility_id = " + id + " AND version = "
            + now.get(id) + " AND action = 'update' AND by = 'surveyor' AND feature->'properties'->>'community_code'"
            + (expected.get(id) == null ? " IS NULL" : " = '" + expected.get(id) + "'"))).isEqualTo(1);
      }
    }

    // Each changed community has its new version in the history, after the one it replaced.
    for (String code : List.of(CODE0, CODE1)) {
      assertThat(count("SELECT count(*) FROM community_history WHERE code = '" + code + "'")).isEqualTo(2);
      assertThat(count("SELECT count(*) FROM community_history h JOIN community c USING (code)"
          + " WHERE h.code = '" + code + "' AND h.action = 'update' AND h.by = 'surveyor'"
          + " AND ST_Equals(h.geom, c.geom)")).isEqualTo(1);
      assertThat(count("SELECT count(*) FROM community_history h WHERE h.code = '" + code + "' AND h.action = 'create'"
          + " AND NOT ST_Equals(h.geom, (SELECT geom FROM community WHERE code = h.code))")).isEqualTo(1);
    }

    // The same file again: nothing changed, nothing moves, no new version anywhere.
    long history = count("SELECT count(*) FROM community_history");
    ImportReport again = importBorder(0.6, false);
    assertThat(again.unchanged()).isEqualTo(2);
    assertThat(again.facilitiesMoved()).isZero();
    assertThat(byFacility("SELECT id, version::text FROM facility")).isEqualTo(now);
    assertThat(count("SELECT count(*) FROM community_history")).isEqualTo(history);
  }

  @Test
  @Order(3)
  void aDeletedCommunityKeepsItsLastVersionAndTheHistoryIsAppendOnly() throws Exception {
    String code5 = FixtureCity.communityCode(5);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM community WHERE code = '" + code5 + "'");
      assertThatThrownBy(() -> s.execute("UPDATE community_history SET name = 'x' WHERE code = '" + code5 + "'"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("DELETE FROM community_history WHERE code = '" + code5 + "'"))
          .hasMessageContaining("append-only");
    }
    assertThat(count("SELECT count(*) FROM community_history WHERE code = '" + code5 + "' AND action = 'delete'"
        + " AND name = '社区5' AND population = 6000")).isEqualTo(1);
  }
  /** A merge: the new community is imported over the two it replaces, then their codes are retired. */
  @Test
  @Order(4)
  void retiringMergedCodesMovesTheirFacilitiesToTheNewCommunityAndKeepsTheirHistory() throws Exception {
    String merged = "370202001010";
    ImportReport imported = new CommunityImporter(db.dataSource()).run(new ImportRequest(
        ImportRequest.Layer.COMMUNITIES, null, false, false, null, "census", "surveyor", false),
        ListReader.table(COMMUNITY_HEADER, new String[] {merged, "合并社区", "3000", "8", "否", rectangle(0, 2)}),
        ImportProgress.NONE, "linli-codes-it");
    assertThat(imported.inserted()).isEqualTo(1);
    // The old communities still hold the area (smaller codes win a shared polygon): nothing moves yet.
    assertThat(imported.facilitiesMoved()).isZero();

    long naming = count("SELECT count(*) FROM facility WHERE community_code IN ('" + CODE0 + "', '" + CODE1 + "')");
    assertThat(naming).isEqualTo(15);
    Map<Long, String> before = codes();
    CommunityRetirement retirement = new CommunityRetirement(db.dataSource());
    CommunityRetirement.Report dry = retirement.retire(List.of(CODE1, CODE0, "370202001999"), "registrar", true);
    assertThat(dry.committed()).isFalse();
    assertThat(dry.facilitiesMoved()).isEqualTo(naming);
    assertThat(codes()).isEqualTo(before);

    CommunityRetirement.Report r = retirement.retire(List.of(CODE1, CODE0, "370202001999"), "registrar", false);
    assertThat(r.retired()).containsExactly(CODE0, CODE1);
    assertThat(r.unknown()).containsExactly("370202001999");
    assertThat(r.facilitiesMoved()).isEqualTo(naming);
    assertThat(codes()).isEqualTo(containing());
    assertThat(count("SELECT count(*) FROM facility WHERE community_code = '" + merged + "'")).isEqualTo(naming);
    assertThat(count("SELECT count(*) FROM facility_versions WHERE by = 'registrar'"
        + " AND feature->'properties'->>'community_code' = '" + merged + "'")).isEqualTo(naming);

    // Gone from the live table (so from coverage and lists), every version kept, the last one dated.
    assertThat(count("SELECT count(*) FROM community WHERE code IN ('" + CODE0 + "', '" + CODE1 + "')")).isZero();
    for (String code : List.of(CODE0, CODE1)) {
      assertThat(byFacility("SELECT id, action FROM community_history WHERE code = '" + code + "'").values())
          .containsExactlyInAnyOrder("create", "update", "delete");
      assertThat(count("SELECT count(*) FROM community_history WHERE code = '" + code + "' AND action = 'delete'"
          + " AND by = 'registrar' AND ST_Equals(geom, ST_GeomFromText('" + rectangle(code.equals(CODE0) ? 0 : 0.6,
          code.equals(CODE0) ? 0.6 : 2) + "', 4490))")).isEqualTo(1);
    }
  }
}
