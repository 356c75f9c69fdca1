package linli.registry.ogc.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import linli.registry.ogc.cql.CqlExpr.And;
import linli.registry.ogc.cql.CqlExpr.Between;
import linli.registry.ogc.cql.CqlExpr.Comparison;
import linli.registry.ogc.cql.CqlExpr.ComparisonOp;
import linli.registry.ogc.cql.CqlExpr.In;
import linli.registry.ogc.cql.CqlExpr.IsNull;
import linli.registry.ogc.cql.CqlExpr.Like;
import linli.registry.ogc.cql.CqlExpr.Not;
import linli.registry.ogc.cql.CqlExpr.Or;
import linli.registry.ogc.cql.CqlOperand.BooleanLiteral;
import linli.registry.ogc.cql.CqlOperand.DateLiteral;
import linli.registry.ogc.cql.CqlOperand.DecimalLiteral;
import linli.registry.ogc.cql.CqlOperand.IntegerLiteral;
import linli.registry.ogc.cql.CqlOperand.Property;
import linli.registry.ogc.cql.CqlOperand.Scalar;
import linli.registry.ogc.cql.CqlOperand.StringLiteral;
import linli.registry.ogc.cql.CqlOperand.TimestampLiteral;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The boolean and scalar part of the grammar; geometry literals are in CqlGeometryParserTest. */
class Cql2ParserTest {

  private static Property p(String name) {
    return new Property(name);
  }

  private static IntegerLiteral i(long value) {
    return new IntegerLiteral(value);
  }

  private static StringLiteral s(String value) {
    return new StringLiteral(value);
  }

  private static Comparison eq(Scalar left, Scalar right) {
    return new Comparison(left, ComparisonOp.EQ, right);
  }

  @Test
  void comparisonsAndAnd() {
    assertThat(Cql2Parser.parse("category = 'emergency_shelter' AND capacity > 500"))
        .isEqualTo(new And(eq(p("category"), s("emergency_shelter")),
            new Comparison(p("capacity"), ComparisonOp.GT, i(500))));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a = 1 | EQ", "a <> 1 | NE", "a < 1 | LT", "a > 1 | GT", "a <= 1 | LE", "a >= 1 | GE",
      "a<=1 | LE", "a<>1 | NE"})
  void everyComparisonOperator(String filter, ComparisonOp op) {
    assertThat(Cql2Parser.parse(filter)).isEqualTo(new Comparison(p("a"), op, i(1)));
  }

  @Test
  void literalMayComeFirst() {
    assertThat(Cql2Parser.parse("500 < capacity"))
        .isEqualTo(new Comparison(i(500), ComparisonOp.LT, p("capacity")));
  }

  @Test
  void notBindsTighterThanAndThanOr() {
    assertThat(Cql2Parser.parse("a = 1 OR b = 2 AND c = 3"))
        .isEqualTo(new Or(eq(p("a"), i(1)), new And(eq(p("b"), i(2)), eq(p("c"), i(3)))));
    assertThat(Cql2Parser.parse("NOT a = 1 AND b = 2"))
        .isEqualTo(new And(new Not(eq(p("a"), i(1))), eq(p("b"), i(2))));
    assertThat(Cql2Parser.parse("a = 1 AND b = 2 AND c = 3 OR d = 4"))
        .isEqualTo(new Or(new And(eq(p("a"), i(1)), eq(p("b"), i(2)), eq(p("c"), i(3))),
            eq(p("d"), i(4))));
  }

  @Test
  void parenthesesOverridePrecedenceAndNest() {
    assertThat(Cql2Parser.parse("(a = 1 OR b = 2) AND c = 3"))
        .isEqualTo(new And(new Or(eq(p("a"), i(1)), eq(p("b"), i(2))), eq(p("c"), i(3))));
    assertThat(Cql2Parser.parse("((( a = 1 )))")).isEqualTo(eq(p("a"), i(1)));
    assertThat(Cql2Parser.parse("NOT (a = 1 OR (b = 2 AND NOT (c = 3)))"))
        .isEqualTo(new Not(new Or(eq(p("a"), i(1)),
            new And(eq(p("b"), i(2)), new Not(eq(p("c"), i(3)))))));
  }

  @Test
  void keywordsAreCaseInsensitive() {
    assertThat(Cql2Parser.parse("a is not null and b like 'x%' or not c between 1 and 2"))
        .isEqualTo(Cql2Parser.parse("a IS NOT NULL AND b LIKE 'x%' OR NOT c BETWEEN 1 AND 2"));
    assertThat(Cql2Parser.parse("flag = true")).isEqualTo(eq(p("flag"), new BooleanLiteral(true)));
    assertThat(Cql2Parser.parse("flag = False")).isEqualTo(eq(p("flag"), new BooleanLiteral(false)));
  }

  @Test
  void stringsKeepChineseAndEscapedQuotes() {
    assertThat(Cql2Parser.parse("name = '八大峡社区应急避难场所'"))
        .isEqualTo(eq(p("name"), s("八大峡社区应急避难场所")));
    assertThat(Cql2Parser.parse("name = 'it''s'")).isEqualTo(eq(p("name"), s("it's")));
    assertThat(Cql2Parser.parse("name = ''")).isEqualTo(eq(p("name"), s("")));
  }

  /** The value that the character literal written as {@code literal} stands for. */
  private static void assertLiteral(String literal, String value) {
    assertThat(Cql2Parser.parse("name = " + literal)).as(literal).isEqualTo(eq(p("name"), s(value)));
  }

  @Test
  void quotesAreEscapedDoubledOrWithBackslash() {
    assertLiteral("'a''b'", "a'b");
    assertLiteral("'O''Brien'", "O'Brien");
    assertLiteral("''''", "'");
    assertLiteral("''''''", "''");
    assertLiteral("'O\\'Brien'", "O'Brien");
    assertLiteral("'\\''", "'");
    assertLiteral("'\\''''", "''");
  }

  @Test
  void backslashEscapesItself() {
    assertLiteral("'\\\\'", "\\");
    assertLiteral("'C:\\\\temp'", "C:\\temp");
    assertLiteral("'a\\\\\\\\b'", "a\\\\b");
    // An escaped backslash does not escape the quote after it.
    assertLiteral("'end\\\\'", "end\\");
  }

  @Test
  void controlCharacterEscapes() {
    assertLiteral("'\\a'", "\u0007");
    assertLiteral("'\\b'", "\b");
    assertLiteral("'\\t'", "\t");
    assertLiteral("'\\n'", "\n");
    assertLiteral("'\\v'", "\u000B");
    assertLiteral("'\\f'", "\f");
    assertLiteral("'\\r'", "\r");
    assertLiteral("'社区\\r\\n食堂'", "社区\r\n食堂");
    // As the standard has it, a Windows path written with single backslashes holds a tab.
    assertLiteral("'C:\\temp'", "C:\temp");
    // Escapes are case-sensitive: \T is not a tab.
    assertThatThrownBy(() -> Cql2Parser.parse("name = '\\T'")).hasMessageStartingWith("unknown escape '\\T'");
    // The characters themselves, typed into the literal, stay as they are.
    assertLiteral("'a\tb\nc'", "a\tb\nc");
  }

  @Test
  void likeWildcardEscapesReachThePatternUnchanged() {
    assertThat(Cql2Parser.parse("name LIKE '100\\%'")).isEqualTo(new Like(p("name"), s("100\\%"), false));
    assertThat(Cql2Parser.parse("name LIKE 'a\\_b%'")).isEqualTo(new Like(p("name"), s("a\\_b%"), false));
  }

  @Test
  void injectionAttemptStaysOneStringValue() {
    assertThat(Cql2Parser.parse("name = 'x'' OR 1=1 --'"))
        .isEqualTo(eq(p("name"), s("x' OR 1=1 --")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"0 | 0", "42 | 42", "-7 | -7", "+7 | 7",
      "9223372036854775807 | 9223372036854775807"})
  void integers(String literal, long expected) {
    assertThat(Cql2Parser.parse("a = " + literal)).isEqualTo(eq(p("a"), i(expected)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"1.5 | 1.5", "-0.25 | -0.25", ".5 | 0.5", "3. | 3.0",
      "1e3 | 1000.0", "2.5E-2 | 0.025", "-1.2e+2 | -120.0"})
  void decimals(String literal, double expected) {
    assertThat(Cql2Parser.parse("a = " + literal))
        .isEqualTo(eq(p("a"), new DecimalLiteral(expected)));
  }

  @Test
  void temporalLiterals() {
    assertThat(Cql2Parser.parse("opened_on >= DATE('2020-01-01')"))
        .isEqualTo(new Comparison(p("opened_on"), ComparisonOp.GE,
            new DateLiteral(LocalDate.of(2020, 1, 1))));
    assertThat(Cql2Parser.parse("updated_at < timestamp('2022-01-01T08:00:00+08:00')"))
        .isEqualTo(new Comparison(p("updated_at"), ComparisonOp.LT, new TimestampLiteral(
            OffsetDateTime.of(2022, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))));
  }

  @Test
  void propertyNames() {
    assertThat(Cql2Parser.parse("\"name\" = 'x'")).isEqualTo(eq(p("name"), s("x")));
    assertThat(Cql2Parser.parse("\"my \"\"odd\"\" name\" = 1"))
        .isEqualTo(eq(p("my \"odd\" name"), i(1)));
    assertThat(Cql2Parser.parse("ns:props.area_m2 = 1")).isEqualTo(eq(p("ns:props.area_m2"), i(1)));
    assertThat(Cql2Parser.parse("名称 = '社区'")).isEqualTo(eq(p("名称"), s("社区")));
    assertThat(Cql2Parser.parse("\"and\" = 1")).isEqualTo(eq(p("and"), i(1)));
    // DATE without a parenthesis is just a property called DATE.
    assertThat(Cql2Parser.parse("date = 1")).isEqualTo(eq(p("date"), i(1)));
  }

  @Test
  void advancedComparisons() {
    assertThat(Cql2Parser.parse("name LIKE '%社区%'")).isEqualTo(new Like(p("name"), s("%社区%"), false));
    assertThat(Cql2Parser.parse("name NOT LIKE 'a_c'")).isEqualTo(new Like(p("name"), s("a_c"), true));
    assertThat(Cql2Parser.parse("status IN ('open','building')"))
        .isEqualTo(new In(p("status"), List.of(s("open"), s("building")), false));
    assertThat(Cql2Parser.parse("capacity NOT IN (1)"))
        .isEqualTo(new In(p("capacity"), List.of(i(1)), true));
    assertThat(Cql2Parser.parse("capacity BETWEEN 100 AND 200 AND a = 1"))
        .isEqualTo(new And(new Between(p("capacity"), i(100), i(200), false), eq(p("a"), i(1))));
    assertThat(Cql2Parser.parse("capacity NOT BETWEEN 1 AND 2"))
        .isEqualTo(new Between(p("capacity"), i(1), i(2), true));
    assertThat(Cql2Parser.parse("NOT (capacity IS NULL)"))
        .isEqualTo(new Not(new IsNull(p("capacity"), false)));
    assertThat(Cql2Parser.parse("capacity IS NOT NULL")).isEqualTo(new IsNull(p("capacity"), true));
  }

  @Test
  void whitespaceIncludesNewlinesAndFullWidthSpaces() {
    assertThat(Cql2Parser.parse("\n a\t=\u30001\u00a0")).isEqualTo(eq(p("a"), i(1)));
  }

  /** Filter, then the exact message: positions are 1-based characters. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`   `                         | empty filter",
      "name = 'abc                   | unterminated string starting at position 8",
      "name = 'abc\\                 | unterminated string starting at position 8",
      "name = 'abc\\'                | unterminated string starting at position 8 (\\' is an escaped quote; write \\\\ for a backslash)",
      "name = 'C:\\data'             | unknown escape '\\d' at position 11 (known: \\' \\\\ \\a \\b \\t \\n \\v \\f \\r, and \\% \\_ in LIKE patterns; write \\\\ for a backslash)",
      "name = '社区\\x' OR a = 1       | unknown escape '\\x' at position 11 (known: \\' \\\\ \\a \\b \\t \\n \\v \\f \\r, and \\% \\_ in LIKE patterns; write \\\\ for a backslash)",
      "\"name = 1                    | unterminated quoted property name starting at position 1",
      "a = 1 FOO                     | unexpected 'FOO' at position 7",
      "a = 1 AND                     | expected a property or a value but found end of filter at position 10",
      "a = 1)                        | unexpected ')' at position 6",
      "(a = 1                        | expected ')' but found end of filter at position 7",
      "a 1                           | expected a comparison operator, LIKE, IN, BETWEEN or IS after a but found '1' at position 3",
      "a NOT = 1                     | expected LIKE, IN or BETWEEN after NOT but found '=' at position 7",
      "a IS 5                        | expected NULL but found '5' at position 6",
      "a = NULL                      | unexpected 'NULL' (use IS NULL or IS NOT NULL) at position 5",
      "a != 1                        | unexpected character '!' at position 3 (use <> for 'not equal')",
      "name; DROP TABLE facility     | unexpected character ';' at position 5",
      "a = 1 -- comment              | unexpected character '-' at position 7",
      "a = upper(b)                  | unsupported function 'upper' at position 5",
      "CASEI(name) = 'x'             | unsupported function 'CASEI' at position 1",
      "T_AFTER(t, DATE('2020-01-01')) | unsupported function 'T_AFTER' at position 1",
      "a = b + 1                     | unexpected character '+' at position 7",
      "a IN ()                       | expected a property or a value but found ')' at position 7",
      "a IN (1, 2                    | expected ',' or ')' but found end of filter at position 11",
      "a BETWEEN 1 OR 2              | expected AND but found 'OR' at position 13",
      "d = DATE('2021-02-30')        | invalid date '2021-02-30' (expected YYYY-MM-DD) at position 10",
      "d = DATE(20210101)            | expected a quoted date but found '20210101' at position 10",
      "t = TIMESTAMP('2022-01-01')   | invalid timestamp '2022-01-01' (expected e.g. 2022-01-01T00:00:00Z) at position 15",
      "a = 99999999999999999999      | integer '99999999999999999999' is out of range at position 5",
      "a = 1e999                     | number '1e999' is out of range at position 5",
      "a = 1e                        | malformed number exponent at position 6",
      "a = POINT(1 2)                | geometry literal 'POINT' is only allowed in a spatial predicate such as S_INTERSECTS at position 5",
      "AND = 1                       | unexpected 'AND' at position 1",
      "\"\" = 1                      | empty property name at position 1",
      "名称 = '社区' x                 | unexpected 'x' at position 11",
  })
  void rejectsWithPositionedMessage(String filter, String message) {
    assertThatThrownBy(() -> Cql2Parser.parse(filter))
        .isInstanceOf(CqlException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsNullAndAbsurdNesting() {
    assertThatThrownBy(() -> Cql2Parser.parse(null)).hasMessage("empty filter");
    String deep = "(".repeat(5000) + "a = 1" + ")".repeat(5000);
    assertThatThrownBy(() -> Cql2Parser.parse(deep))
        .isInstanceOf(CqlException.class)
        .hasMessageStartingWith("filter is nested too deeply");
    String nots = "NOT ".repeat(5000) + "a = 1";
    assertThatThrownBy(() -> Cql2Parser.parse(nots)).isInstanceOf(CqlException.class);
  }

  @Test
  void longEchoedTextIsShortened() {
    String longName = "x".repeat(100);
    assertThatThrownBy(() -> Cql2Parser.parse("a = 1 " + longName))
        .hasMessage("unexpected '" + "x".repeat(37) + "...' at position 7");
  }
}
