package linli.registry.ogc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.ogc.cql.SqlFragment;

/**
 * A REST list's own filters ({@code district}, {@code q}, ...), kept in one {@code .sql} file of
 * named conditions that {@link ItemsSql} adds to the collection's: a line {@code -- [name]} starts
 * the condition applied when the filter {@code name} is given; its {@code :parameters} are filter
 * values. Lines before the first condition are the file's comment.
 */
public final class ListConditions {
  private static final Pattern HEADER = Pattern.compile("(?m)^-- \\[([a-z_]+)\\][^\\n]*\\n");

  private final Map<String, NamedSql> byFilter;

  private ListConditions(Map<String, NamedSql> byFilter) {
    this.byFilter = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byFilter));
  }

  /** The conditions of {@code name}, a resource next to {@code owner}. */
  public static ListConditions load(Class<?> owner, String name) {
    return parse(SqlResource.load(owner, name));
  }

  static ListConditions parse(String text) {
    Map<String, NamedSql> out = new LinkedHashMap<>();
    Matcher m = HEADER.matcher(text);
    List<String> names = new ArrayList<>();
    List<int[]> headers = new ArrayList<>(); // start and end of each header line
    while (m.find()) {
      names.add(m.group(1));
      headers.add(new int[] {m.start(), m.end()});
    }
    for (int i = 0; i < names.size(); i++) {
      int end = i + 1 < names.size() ? headers.get(i + 1)[0] : text.length();
      String sql = text.substring(headers.get(i)[1], end).strip();
      if (sql.isEmpty() || out.put(names.get(i), NamedSql.parse(sql)) != null) {
        throw new IllegalStateException("condition " + names.get(i) + " is empty or given twice");
      }
    }
    return new ListConditions(out);
  }

  /**
   * The condition of every filter with a value, in the file's order, each value bound as a
   * parameter. A value for a filter the file does not have is a mistake of the caller.
   */
  public List<SqlFragment> of(Map<String, ?> values) {
    for (String filter : values.keySet()) {
      if (!byFilter.containsKey(filter)) {
        throw new IllegalArgumentException("no condition for the filter " + filter);
      }
    }
    List<SqlFragment> out = new ArrayList<>();
    byFilter.forEach((filter, sql) -> {
      if (values.get(filter) != null) {
        out.add(new SqlFragment(sql.jdbcSql(), sql.parameterOrder().stream().map(p -> (Object) values.get(p)).toList()));
      }
    });
    return out;
  }
}
