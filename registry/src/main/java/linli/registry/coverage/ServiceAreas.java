package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;

/**
 * The area within walking distance of a facility. Straight mode only: a circle on the ground, which
 * contains exactly the reference points straight coverage counts within the distance (up to the
 * circle's chords, under 8e-5 of the radius). Network mode is not built: the
 * engine joins a point to its nearest road, so the exact area is the reachable roads' surroundings
 * cut by each road's nearest-road region, not a plain buffer (see docs/SERVICE_AREAS.md).
 */
public final class ServiceAreas {
  private static final NamedSql STRAIGHT = NamedSql.parse(SqlResource.load(ServiceAreas.class, "service_area_straight.sql"));

  /** A facility's area; {@code geometryJson} is a GeoJSON Polygon in CGCS2000 lon/lat. */
  public record ServiceArea(long id, String category, String name, String status, double distanceM, String mode,
      String geometryJson) {}

  private final DataSource dataSource;

  public ServiceAreas(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Empty when there is no such live facility; {@code distanceM} null: the category's default. */
  public Optional<ServiceArea> straight(long facilityId, Double distanceM) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("id", facilityId);
    values.put("distance", distanceM);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = STRAIGHT.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(new ServiceArea(rs.getLong("id"), rs.getString("category"), rs.getString("name"),
          rs.getString("status"), rs.getDouble("distance_m"), CoverageMode.STRAIGHT.code(), rs.getString("geometry")));
    }
  }
}
