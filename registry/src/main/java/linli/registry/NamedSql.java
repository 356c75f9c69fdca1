package linli.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL with {@code :name} parameters, turned into a JDBC statement. Building the statement is a
 * pure step ({@link #parameterOrder()}), separate from running it. {@code ::type} casts are left
 * alone.
 */
public final class NamedSql {
  private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([a-z_][a-z0-9_]*)");

  private final String jdbcSql;
  private final List<String> order;

  private NamedSql(String jdbcSql, List<String> order) {
    this.jdbcSql = jdbcSql;
    this.order = List.copyOf(order);
  }

  public static NamedSql parse(String sql) {
    List<String> order = new ArrayList<>();
    Matcher m = PARAMETER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      order.add(m.group(1));
      m.appendReplacement(out, "?");
    }
    m.appendTail(out);
    return new NamedSql(out.toString(), order);
  }

  /** A SQL NULL of a given {@link Types} type, for parameters that are not text. */
  public record TypedNull(int sqlType) {}

  public static TypedNull nullOf(int sqlType) {
    return new TypedNull(sqlType);
  }

  public String jdbcSql() {
    return jdbcSql;
  }

  public List<String> parameterOrder() {
    return order;
  }

  /**
   * Prepares the statement and binds every parameter from {@code values}; a Java array of strings
   * is bound as a text[], null as a text NULL, a {@link TypedNull} as a NULL of its type. Fails when a parameter has no value.
   */
  public PreparedStatement prepare(Connection c, Map<String, ?> values) throws SQLException {
    PreparedStatement ps = c.prepareStatement(jdbcSql);
    try {
      for (int i = 0; i < order.size(); i++) {
        String name = order.get(i);
        if (!values.containsKey(name)) {
          throw new IllegalArgumentException("no value for SQL parameter :" + name);
        }
        Object value = values.get(name);
        if (value == null) {
          ps.setNull(i + 1, Types.VARCHAR);
        } else if (value instanceof TypedNull typed) {
          ps.setNull(i + 1, typed.sqlType());
        } else if (value instanceof String[] array) {
          ps.setArray(i + 1, c.createArrayOf("text", array));
        } else {
          ps.setObject(i + 1, value);
        }
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }
}
