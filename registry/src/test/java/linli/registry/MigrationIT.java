package linli.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import linli.registry.category.Category;
import linli.registry.category.CategoryStore;
import linli.registry.testing.TestPostgis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The migrations bring an empty database to the full schema. */
class MigrationIT {
  private static String url;
  private static Database db;

  @BeforeAll
  static void migrateEmptyDatabase() {
    url = TestPostgis.get().createEmptyDatabase("migration");
    db = Database.connect(url).migrate();
  }

  @AfterAll
  static void drop() {
    db.close();
    TestPostgis.get().dropDatabase(url);
  }

  @Test
  void createsEveryTableWithGeometryInCgcs2000AndMetricIndexCopies() throws SQLException {
    List<String> columns = strings(
        "SELECT f_table_name || '.' || f_geometry_column || ':' || type || ':' || srid FROM geometry_columns"
            + " ORDER BY 1");
    assertThat(columns).containsExactly(
        "community.anchor:POINT:4490",
        "community.anchor_m:POINT:3857",
        "community.geom:MULTIPOLYGON:4490",
        "community.ref_point:POINT:4490",
        "community_history.geom:MULTIPOLYGON:4490",
        "community_history.ref_point:POINT:4490",
        "district.geom:MULTIPOLYGON:4490",
        "facility.geom:POINT:4490",
        "facility.geom_m:POINT:3857",
        "road.geom:LINESTRING:4490",
        "street.geom:MULTIPOLYGON:4490");
  }

  @Test
  void seedsEveryCategoryOfThePlan() throws SQLException {
    List<Category> categories = new CategoryStore(db.dataSource()).all();
    assertThat(categories).hasSize(18);
    assertThat(categories.get(0).code()).isEqualTo("emergency_shelter");
    assertThat(categories).extracting(Category::code).contains("police_office", "party_service_center",
        "elderly_care_station", "meal_point", "children_venue");
    assertThat(categories).allSatisfy(c -> assertThat(c.defaultDistanceM()).isBetween(300, 1000));
  }

  @Test
  void spatialIndexesExistOnEveryGeometry() throws SQLException {
    List<String> indexes = strings("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gist%' ORDER BY 1");
    assertThat(indexes).contains("community_geom_gist", "community_anchor_gist", "district_geom_gist",
        "facility_category_geom_m_gist", "road_geom_gist", "street_geom_gist");
  }

  @Test
  void historyCannotBeRewritten() throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO facility_history (facility_id, version, action, by, feature)"
          + " VALUES (1, 1, 'create', 'test', '{}')");
      assertThatThrownBy(() -> s.execute("DELETE FROM facility_history"))
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void migratingTwiceChangesNothing() throws SQLException {
    db.migrate();
    assertThat(strings("SELECT count(*)::text FROM category")).containsExactly("18");
  }

  private static List<String> strings(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
