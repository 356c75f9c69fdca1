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
  private static final Pattern PARAMETER = Pattern.compile(":([a-z_][a-z0-9_]*)");

  private final String jdbcSql;
  private final List<String> order;

  private NamedSql(String jdbcSql, List<String> order) {
    this.jdbcSql = jdbcSql;
    this.order = List.copyOf(order);
  }

  /** Parses {@code sql}; names inside quoted strings and {@code --} comments are not parameters. */
  public static NamedSql parse(String sql) {
    List<String> order = new ArrayList<>();
    StringBuilder out = new StringBuilder(sql.length());
    int i = 0;
    while (i < sql.length()) {
      char ch = sql.charAt(i);
      int end = i + 1;
      if (ch == '\'') {
        end = sql.indexOf('\'', i + 1);
        end = end < 0 ? sql.length() : end + 1;
      } else if (ch == '-' && sql.startsWith("--", i)) {
        end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
      } else if (ch == ':') {
        Matcher m = PARAMETER.matcher(sql).region(i, sql.length());
        if (m.lookingAt() && (i == 0 || !isWordOrColon(sql.charAt(i - 1)))) {
          order.add(m.group(1));
          out.append('?');
          i = m.end();
          continue;
        }
      }
      out.append(sql, i, end);
      i = end;
    }
    return new NamedSql(out.toString(), order);
  }

  private static boolean isWordOrColon(char ch) {
    return ch == ':' || Character.isLetterOrDigit(ch) || ch == '_';
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
   * is bound as a text[] (Double[] as float8[], Long[] as int8[]), null as a text NULL, a {@link TypedNull} as a NULL of its type. Fails when a parameter has no value.
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
        } else if (value instanceof Double[] array) {
          ps.setArray(i + 1, c.createArrayOf("float8", array));
        } else if (value instanceof Long[] array) {
          ps.setArray(i + 1, c.createArrayOf("int8", array));
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
