package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;

/**
 * The facility nearest one community's anchor in a straight line on the ellipsoid, with where both
 * stand: what the map draws and names when a planner asks why a community is (not) covered.
 */
public final class NearestFacility {
  private static final NamedSql NEAREST = NamedSql.parse(SqlResource.load(NearestFacility.class, "nearest_facility.sql"));

  /** The facility, or null when no facility of the category qualifies. */
  public record Facility(long id, String name, double lon, double lat, double distanceM) {}

  /** The community's anchor ({@code office}: its committee office, else a point on its surface) and its nearest facility. */
  public record Answer(String code, double anchorLon, double anchorLat, boolean office, Facility nearest) {}

  private final DataSource dataSource;

  public NearestFacility(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Empty when there is no such community. Only the query's category and statuses are used. */
  public Optional<Answer> of(String code, CoverageQuery query) throws SQLException {
    Map<String, Object> values = Map.of("code", code, "category", query.category(),
        "statuses", query.statuses().toArray(String[]::new));
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = NEAREST.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      Long id = rs.getObject("id", Long.class);
      Facility nearest = id == null ? null : new Facility(id, rs.getString("name"), rs.getDouble("lon"),
          rs.getDouble("lat"), rs.getDouble("distance_m"));
      return Optional.of(new Answer(rs.getString("code"), rs.getDouble("anchor_lon"), rs.getDouble("anchor_lat"),
          rs.getBoolean("office"), nearest));
    }
  }
}
