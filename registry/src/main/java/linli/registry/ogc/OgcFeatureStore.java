package linli.registry.ogc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import linli.registry.FeaturePage;
import linli.registry.crs.CoordinateSystem;
import linli.registry.ogc.cql.SqlFragment;

/**
 * Runs items requests against the registry: OGC API - Features and the REST lists. Each query has a
 * time limit.
 */
public final class OgcFeatureStore {
  static final int QUERY_TIMEOUT_SECONDS = 30;

  private final DataSource dataSource;
  /** The collections counted ahead, by their counted properties' values (the cache lives as long as this store). */
  private final Map<OgcCollection, PropertyCounts> counts = new EnumMap<>(OgcCollection.class);

  public OgcFeatureStore(DataSource dataSource) {
    this.dataSource = dataSource;
    for (OgcCollection c : OgcCollection.values()) {
      if (c.revisionLayer() != null) {
        counts.put(c, new PropertyCounts(c));
      }
    }
  }

  public FeaturePage items(ItemsQuery query) throws SQLException {
    return items(query, Map.of(), List.of());
  }

  /** One page of the items that also meet {@code more} (see {@link ItemsSql#page(ItemsQuery, List)}). */
  public FeaturePage items(ItemsQuery query, List<SqlFragment> more) throws SQLException {
    return items(query, Map.of(), more);
  }

  /**
   * One page of the items whose properties (by queryable name) have the values {@code equal} and
   * that also meet {@code more}. When nothing else filters them (no bbox, datetime, filter or
   * {@code more}) and the collection is counted ahead by those properties, numberMatched comes from
   * the kept counts and only the page is read; otherwise every match is counted.
   */
  public FeaturePage items(ItemsQuery query, Map<String, String> equal, List<SqlFragment> more) throws SQLException {
    OgcCollection collection = query.collection();
    List<SqlFragment> conditions = new ArrayList<>();
    equal.forEach((name, value) -> {
      if (!collection.queryables().containsKey(name)) {
        throw new IllegalArgumentException(name + " is not a queryable of " + collection.id());
      }
      conditions.add(new SqlFragment(collection.queryables().get(name).sqlExpression() + " = ?", List.of(value)));
    });
    conditions.addAll(more);
    PropertyCounts counted = counts.get(collection);
    if (counted != null && more.isEmpty() && query.bbox() == null && !query.hasDatetime() && query.filter() == null
        && collection.countedBy().containsAll(equal.keySet())) {
      return countedAhead(query, conditions, counted, equal);
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, ItemsSql.page(query, conditions));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new FeaturePage(rs.getString(3), rs.getLong(1), rs.getInt(2));
    }
  }

  /** The count from {@code counted} and the page, in one snapshot so that both see the same registry. */
  private FeaturePage countedAhead(ItemsQuery query, List<SqlFragment> conditions, PropertyCounts counted,
      Map<String, String> equal) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        long matched = counted.count(c, equal);
        if (query.offset() >= matched) {
          return new FeaturePage("[]", matched, 0); // nothing to read: no walk over the table for an empty page
        }
        try (PreparedStatement ps = prepare(c, ItemsSql.uncountedPage(query, conditions));
            ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new FeaturePage(rs.getString(2), matched, rs.getInt(1));
        }
      } finally {
        c.rollback();
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        c.setAutoCommit(true);
      }
    }
  }

  /** The feature as GeoJSON text; empty when there is none with this id. */
  public Optional<String> item(OgcCollection collection, String id, CoordinateSystem crs) throws SQLException {
    Object key;
    if (collection.numericIds()) {
      try {
        key = Long.parseLong(id);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    } else {
      key = id;
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, ItemsSql.one(collection, key, crs));
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  /** Spatial extent in CRS84 (minLon, minLat, maxLon, maxLat) and the temporal one as ISO dates (or nulls). */
  public record Extent(double[] bbox, String start, String end) {}

  public Extent extent(OgcCollection collection) throws SQLException {
    String t = collection.temporalColumn();
    String sql = """
        SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), t0::text, t1::text
        FROM (SELECT ST_Extent(%s) AS e, %s AS t0, %s AS t1 FROM %s WHERE %s) x"""
        .formatted(collection.geometryColumn(), t == null ? "NULL::date" : "min(" + t + ")",
            t == null ? "NULL::date" : "max(" + t + ")", collection.from(), collection.where());
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      rs.getDouble(1);
      double[] bbox = rs.wasNull() ? null
          : new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)};
      return new Extent(bbox, rs.getString(5), rs.getString(6));
    }
  }

  private static PreparedStatement prepare(Connection c, SqlFragment sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql.sql());
    ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
    List<Object> params = sql.parameters();
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
    return ps;
  }
}
