package linli.registry.ogc.cql;

import java.util.Objects;

/**
 * A property a filter may reference. {@code sqlExpression} is trusted server-side SQL (a column
 * such as {@code f.capacity}, or a parenthesised expression) and is the only text a property name
 * can ever turn into.
 */
public record Queryable(String name, String sqlExpression, QueryableType type) {
  public Queryable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (sqlExpression == null || sqlExpression.isBlank()) {
      throw new IllegalArgumentException("queryable " + name + " needs an SQL expression");
    }
  }
}
