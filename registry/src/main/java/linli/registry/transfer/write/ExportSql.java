package linli.registry.transfer.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.Layer;

/**
 * The query of one export: the layer's fixed SQL, its properties from the catalogue ({@code facilities.sql}, {@code communities.sql},
 * {@code districts.sql}, {@code streets.sql}, {@code roads.sql}, {@code shelters-province.sql} next to this class) and the values of its parameters. Building it is pure; request values only
 * ever travel as parameters, never as SQL text. Rows come back in id (code) order with the
 * attributes under their property names and the geometry as WKB in column {@code wkb}.
 */
public final class ExportSql {
  private static final NamedSql FACILITIES = layerSql("facilities.sql", Catalog.FACILITIES);
  private static final NamedSql COMMUNITIES = layerSql("communities.sql", Catalog.COMMUNITIES);
  private static final NamedSql DISTRICTS = layerSql("districts.sql", Catalog.DISTRICTS);
  private static final NamedSql STREETS = layerSql("streets.sql", Catalog.STREETS);
  private static final NamedSql ROADS = layerSql("roads.sql", Catalog.ROADS);
  private static final NamedSql SHELTERS = NamedSql.parse(SqlResource.load(ExportSql.class, "shelters-province.sql"));
  /** The category the shelter template exports (V2__categories.sql). */
  public static final String SHELTER_CATEGORY = "emergency_shelter";

  private final NamedSql sql;
  private final Map<String, Object> values;

  private ExportSql(NamedSql sql, Map<String, Object> values) {
    this.sql = sql;
    this.values = Collections.unmodifiableMap(values);
  }

  /** A layer's export query, its {@code {{properties}}} the catalogue's select list. */
  private static NamedSql layerSql(String resource, Layer layer) {
    return NamedSql.parse(SqlResource.load(ExportSql.class, resource).replace("{{properties}}", layer.selectListSql()));
  }

  /** The query for {@code query}, whose CRS must already be resolved (not null). */
  public static ExportSql of(ExportQuery query) {
    if (query.crs() == null) {
      throw new IllegalArgumentException("resolve the CRS first (ExportFormat.resolveCrs)");
    }
    Map<String, Object> values = new HashMap<>();
    values.put("srid", query.crs().srid());
    switch (query.layer()) {
      case FACILITIES -> {
        values.put("district", query.district());
        values.put("category", query.category());
        values.put("statuses", query.status() == null ? null : query.status().toArray(String[]::new));
        return new ExportSql(FACILITIES, values);
      }
      case SHELTERS_PROVINCE -> {
        values.put("district", query.district());
        values.put("category", SHELTER_CATEGORY);
        values.put("statuses", (query.status() == null ? List.of("open") : query.status()).toArray(String[]::new));
        return new ExportSql(SHELTERS, values);
      }
      case ROADS -> {
        return new ExportSql(ROADS, values);
      }
      case DISTRICTS, STREETS -> {
        values.put("district", query.district());
        return new ExportSql(query.layer() == ExportLayer.DISTRICTS ? DISTRICTS : STREETS, values);
      }
      default -> {
        values.put("district", query.district());
        return new ExportSql(COMMUNITIES, values);
      }
    }
  }

  /** The JDBC text with {@code ?} placeholders. */
  public String jdbcSql() {
    return sql.jdbcSql();
  }

  /** The parameter names in placeholder order. */
  public List<String> parameterOrder() {
    return sql.parameterOrder();
  }

  /** Parameter values by name (a null value is an absent filter). */
  public Map<String, Object> values() {
    return values;
  }

  public PreparedStatement prepare(Connection c) throws SQLException {
    return sql.prepare(c, values);
  }
}
