package linli.registry.ogc.cql;

import java.util.List;

/** A boolean SQL condition with '?' placeholders and the values to bind to them, in order. */
public record SqlFragment(String sql, List<Object> parameters) {
  public SqlFragment {
    if (sql == null) {
      throw new NullPointerException("sql");
    }
    // List.copyOf also rejects null values: a CQL filter never binds SQL NULL (that is IS NULL).
    parameters = List.copyOf(parameters);
  }
}
