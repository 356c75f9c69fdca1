package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import linli.registry.Database;
import linli.registry.Violation;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The community, district and road importers read the same yes and no words, and store them: one
 * file per layer with a row per word, read back from the registry. A word that is neither is a
 * row error naming the layer's field.
 */
@ExtendWith(PostgisExtension.class)
class YesNoWordsIT {
  /** Word → what it means; as people write them, spaces and case included. */
  private static final Map<String, Boolean> WORDS = words();
  private static Database db;

  private static Map<String, Boolean> words() {
    Map<String, Boolean> m = new LinkedHashMap<>();
    for (String yes : List.of("true", "t", "yes", "y", "1", "是", "TRUE", " Yes ")) {
      m.put(yes, true);
    }
    for (String no : List.of("false", "f", "no", "n", "0", "否", "FALSE", " No ")) {
      m.put(no, false);
    }
    return m;
  }

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
  }

  private static ImportRequest request(ImportRequest.Layer layer) {
    return new ImportRequest(layer, null, false, true, null, "yes-no", "tester");
  }

  /** Rows of {@code header}, one per word (row i + 1 is word i) and a last one saying "maybe". */
  private static ListReader table(String[] header, java.util.function.BiFunction<Integer, String, String[]> row) {
    List<String[]> rows = new ArrayList<>();
    rows.add(header);
    int i = 0;
    for (String word : WORDS.keySet()) {
      rows.add(row.apply(i++, word));
    }
    rows.add(row.apply(i, "maybe"));
    return ListReader.table(rows.toArray(String[][]::new));
  }

  private static Map<String, Boolean> stored(String sql) throws SQLException {
    Map<String, Boolean> out = new LinkedHashMap<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getBoolean(2));
      }
    }
    return out;
  }

  /** What each word should have stored, by the key {@code keyOf} gives its row. */
  private static Map<String, Boolean> expected(java.util.function.IntFunction<String> keyOf) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    int i = 0;
    for (Boolean meaning : WORDS.values()) {
      out.put(keyOf.apply(i++), meaning);
    }
    return out;
  }

  private static void maybeIsRejected(ImportReport report, String field) {
    assertThat(report.errors()).containsExactly(
        new Violation((long) WORDS.size() + 1, field, "'maybe' is not true or false"));
    assertThat(report.committed()).isTrue();
  }

  @Test
  void communitiesStoreTheWordsAsSmart() throws Exception {
    ImportReport r = new CommunityImporter(db.dataSource()).run(request(ImportRequest.Layer.COMMUNITIES),
        table(new String[] {"社区代码", "名称", "智慧社区", "wkt"}, (i, word) -> new String[] {
            "3702020015" + String.format("%02d", i), "社区" + i, word, FixtureCity.square(10 + i, 1).toText()}),
        ImportProgress.NONE, "linli-test");
    maybeIsRejected(r, "smart");
    assertThat(stored("SELECT code, smart FROM community WHERE code LIKE '3702020015%' ORDER BY code"))
        .containsExactlyEntriesOf(expected(i -> "3702020015" + String.format("%02d", i)));
  }

  @Test
  void districtsStoreTheWordsAsBoundaryDerived() throws Exception {
    ImportReport r = new DivisionImporter(db.dataSource()).run(request(ImportRequest.Layer.DISTRICTS),
        table(new String[] {"code", "name", "boundary_derived", "wkt"}, (i, word) -> new String[] {
            "3703" + String.format("%02d", i), "区" + i, word, FixtureCity.square(i % 6, 1).toText()}),
        ImportProgress.NONE, "linli-test");
    maybeIsRejected(r, "boundary_derived");
    assertThat(stored("SELECT code, geom_derived FROM district WHERE code LIKE '3703%' ORDER BY code"))
        .containsExactlyEntriesOf(expected(i -> "3703" + String.format("%02d", i)));
  }

  @Test
  void roadsStoreTheWordsAsWalkable() throws Exception {
    String line = "LINESTRING(" + FixtureCity.anchor(0).getX() + " " + FixtureCity.anchor(0).getY() + ", "
        + FixtureCity.anchor(1).getX() + " " + FixtureCity.anchor(1).getY() + ")";
    ImportReport r = new RoadImporter(db.dataSource()).run(request(ImportRequest.Layer.ROADS),
        table(new String[] {"highway", "walkable", "wkt"}, (i, word) -> new String[] {"road" + (100 + i), word, line}),
        ImportProgress.NONE, "linli-test");
    maybeIsRejected(r, "walkable");
    assertThat(stored("SELECT highway, walkable FROM road WHERE source = 'yes-no' ORDER BY highway"))
        .containsExactlyEntriesOf(expected(i -> "road" + (100 + i)));
  }
}
