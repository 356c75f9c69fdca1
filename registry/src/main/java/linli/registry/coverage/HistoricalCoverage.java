package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.coverage.straight.CategoryFacilities;

/**
 * What a past question ({@link CoverageQuery#asOf()}) needs beyond its coverage, which the present
 * engines answer from the registry as it then stood ({@link PastIndex}): the facilities that
 * counted at the instant (the sets a comparison of two instants tells apart), and the communities
 * as GeoJSON with their polygons and names as they then were (V23 {@code community_at}).
 */
final class HistoricalCoverage {
  private static final NamedSql GEOJSON = NamedSql.parse(SqlResource.load(HistoricalCoverage.class,
      "as_of_communities_geojson.sql"));

  private final DataSource dataSource;
  private final PastIndex past;

  HistoricalCoverage(DataSource dataSource, PastIndex past) {
    this.dataSource = dataSource;
    this.past = past;
  }

  /** A facility as it stood at the instant. */
  record Facility(long id, double lon, double lat) {}

  /** The facilities of the question's category whose status counted at its instant, by id. */
  List<Facility> facilities(CoverageQuery query) throws SQLException {
    requirePast(query);
    CategoryFacilities then =
        past.snapshot(query.asOf(), List.of(query.category())).facilities().get(query.category());
    List<Facility> out = new ArrayList<>();
    for (int i = 0; i < then.size(); i++) {
      if (query.statuses().contains(then.status(i))) {
        out.add(new Facility(then.id(i), then.lon(i), then.lat(i)));
      }
    }
    out.sort(Comparator.comparingLong(Facility::id));
    return out;
  }

  /** The communities of a past answer as GeoJSON, with their polygons and names as they then were. */
  String geoJson(CoverageQuery query, List<CommunityCoverage> communities) throws SQLException {
    requirePast(query);
    Map<String, Object> values = new HashMap<>();
    values.put("as_of", timestamp(query.asOf()));
    values.put("codes", communities.stream().map(CommunityCoverage::code).toArray(String[]::new));
    values.put("nearest", communities.stream().map(CommunityCoverage::nearestM).toArray(Double[]::new));
    values.put("covered", communities.stream().map(c -> Boolean.toString(c.covered())).toArray(String[]::new));
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = GEOJSON.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static void requirePast(CoverageQuery query) {
    if (!query.isPast()) {
      throw new IllegalArgumentException("not a question about the past: " + query);
    }
  }
}
