package linli.registry.lifecircle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;

/**
 * Communities with their life circles as a GeoJSON FeatureCollection. One level: the contract's
 * flat {@code level}, {@code reachable}, {@code missing}, {@code complete}, {@code score}; every level:
 * {@code circles}, a list of the same objects.
 */
public final class LifeCircleGeoJson {
  private static final NamedSql GEOJSON = NamedSql.parse(SqlResource.load(LifeCircleGeoJson.class,
      "communities_geojson.sql"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;

  public LifeCircleGeoJson(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** {@code level} null: every circle the communities carry, as {@code circles}. */
  public String write(List<CommunityCircles> communities, Integer level) throws SQLException {
    String[] codes = communities.stream().map(CommunityCircles::code).toArray(String[]::new);
    String[] circles = communities.stream().map(c -> properties(c, level)).toArray(String[]::new);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = GEOJSON.prepare(c, Map.of("codes", codes, "circles", circles));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String properties(CommunityCircles community, Integer level) {
    Object value = level == null
        ? Map.of("circles", community.circles().stream().map(LifeCircleGeoJson::circle).toList())
        : circle(community.circle(level));
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> circle(CircleResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("level", r.level());
    m.put("reachable", r.reachable());
    m.put("missing", r.missing());
    m.put("complete", r.complete());
    m.put("score", r.score());
    return m;
  }
}
