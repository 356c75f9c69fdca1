package linli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** COPY's text format as PostgreSQL's manual gives it (COPY, "Text Format"). */
class CopyTextTest {
  @Test
  void textThatCopyWouldReadAsStructureIsEscaped() {
    assertThat(CopyText.value("a\\b\tc\nd\re")).isEqualTo("a\\\\b\\tc\\nd\\re");
    assertThat(CopyText.value("\\N")).isEqualTo("\\\\N"); // the text \N, not null
    assertThat(CopyText.value("\\.")).isEqualTo("\\\\."); // never the end-of-data marker
    assertThat(CopyText.value("\r\n")).isEqualTo("\\r\\n");
  }

  @Test
  void otherTextIsUntouchedAndNullIsBackslashN() {
    String plain = "社区 12, \"quoted\" 'x' |;";
    assertThat(CopyText.value(plain)).isSameAs(plain);
    assertThat(CopyText.value(null)).isEqualTo("\\N");
    assertThat(CopyText.value(42L)).isEqualTo("42");
    assertThat(CopyText.value(true)).isEqualTo("true");
  }

  @Test
  void aRowIsItsValuesTabSeparatedOnOneLine() throws IOException {
    StringWriter out = new StringWriter();
    CopyText.writeRow(out, 1, null, "x\ty");
    CopyText.writeRow(out, "line\nbreak");
    assertThat(out.toString()).isEqualTo("1\t\\N\tx\\ty\nline\\nbreak\n");
  }
}
