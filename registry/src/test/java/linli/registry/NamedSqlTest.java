package linli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamedSqlTest {
  @Test
  void replacesNamedParametersInOrderAndLeavesCastsAlone() {
    NamedSql sql = NamedSql.parse(
        "SELECT a::geography FROM t WHERE x = :category AND y = ANY (:statuses) OR x = :category");
    assertThat(sql.jdbcSql()).isEqualTo("SELECT a::geography FROM t WHERE x = ? AND y = ANY (?) OR x = ?");
    assertThat(sql.parameterOrder()).containsExactly("category", "statuses", "category");
  }

  @Test
  void ignoresColonsInsideWordsAndTimes() {
    NamedSql sql = NamedSql.parse("SELECT 'a'::text, b:c FROM t WHERE d = :d_1");
    assertThat(sql.parameterOrder()).containsExactly("d_1");
  }

  @Test
  void namesInStringsAndCommentsAreNotParameters() {
    NamedSql sql = NamedSql.parse("-- for the year :year\nSELECT ':not_me', x FROM t WHERE y = :year -- :nor_me\n");
    assertThat(sql.parameterOrder()).containsExactly("year");
    assertThat(sql.jdbcSql()).isEqualTo("-- for the year :year\nSELECT ':not_me', x FROM t WHERE y = ? -- :nor_me\n");
  }
}
