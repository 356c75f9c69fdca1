package linli.registry.overview;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.ChangeCached;
import linli.registry.NamedSql;
import linli.registry.RegistryChanges;
import linli.registry.SqlResource;

/**
 * What the registry holds at a glance: how many districts, streets, communities, live facilities
 * and roads, where they lie and whether the demo city is loaded. The map reads it to open on the
 * data and to guide a first run over an empty registry.
 *
 * <p>Counted exactly, which at province scale (1.6 million facilities, 4.8 million roads) takes
 * 0.5–1.5 s, and the map waits for it before anything else: so, once {@link #follow following} the
 * registry's change feed, the answer is kept until the feed announces any change (or is lost).
 */
public final class RegistryOverview {
  /** The source the demo city's facilities carry (the demo generator in linli.data sets it). */
  public static final String DEMO_SOURCE = "demo";

  private static final NamedSql OVERVIEW = NamedSql.parse(SqlResource.load(RegistryOverview.class, "registry_overview.sql"));

  private final DataSource dataSource;
  private final ChangeCached<Contents> contents = new ChangeCached<>(this::count);

  public RegistryOverview(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Keeps the answer while {@code changes} is listening, until it announces a change of any table. */
  public void follow(RegistryChanges changes) {
    contents.follow(changes);
  }

  /** How many rows each layer holds (facilities: live ones, the deleted are not counted). */
  public record Counts(long districts, long streets, long communities, long facilities, long roads) {}

  /**
   * @param counts how many of each layer
   * @param extent [west, south, east, north] in EPSG:4490 lon/lat of the divisions, else of the
   *     facilities; null when the registry holds neither
   * @param demo whether the demo city is loaded
   */
  public record Contents(Counts counts, List<Double> extent, boolean demo) {}

  /**
   * The registry's contents now: the kept answer, or counted afresh. A reader that must see changes
   * committed by other processes calls {@link RegistryChanges#catchUpAll()} first.
   */
  public Contents read() throws SQLException {
    return contents.get();
  }

  private Contents count() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = OVERVIEW.prepare(c, Map.of("demo_source", DEMO_SOURCE));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      Counts counts = new Counts(rs.getLong("districts"), rs.getLong("streets"), rs.getLong("communities"),
          rs.getLong("facilities"), rs.getLong("roads"));
      rs.getDouble("west");
      List<Double> extent = rs.wasNull() ? null
          : List.of(rs.getDouble("west"), rs.getDouble("south"), rs.getDouble("east"), rs.getDouble("north"));
      return new Contents(counts, extent, rs.getBoolean("demo"));
    }
  }
}
