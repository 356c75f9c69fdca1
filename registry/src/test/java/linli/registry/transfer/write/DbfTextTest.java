package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import linli.registry.catalog.ValueType;

class DbfTextTest {
  private static final Charset GBK = Charset.forName("GBK");
  private static final ExportField NAME = ExportField.of("name", ValueType.TEXT);

  @Test
  void gbkTextIsTwoBytesPerHanCharacterAndCutsBetweenCharacters() {
    DbfText text = new DbfText(GBK);
    assertThat(text.bytes(1L, NAME, "青岛a", 254)).isEqualTo("青岛a".getBytes(GBK)).hasSize(5);
    byte[] cut = text.bytes(1L, NAME, "a青岛市", 4); // 1 + 2 + 2 bytes: the third character does not fit
    assertThat(new String(cut, GBK)).isEqualTo("a青");
    assertThat(text.cutValues()).isEqualTo(1);
  }

  @Test
  void utf8CutsBetweenCharactersToo() {
    DbfText text = new DbfText(StandardCharsets.UTF_8);
    assertThat(new String(text.bytes(1L, NAME, "青岛市", 7), StandardCharsets.UTF_8)).isEqualTo("青岛");
    assertThat(new String(text.bytes(1L, NAME, "𠀀", 254), StandardCharsets.UTF_8)).isEqualTo("𠀀");
  }

  @Test
  void aCharacterGbkLacksNamesFeatureFieldAndCharacter() {
    assertThatThrownBy(() -> new DbfText(GBK).bytes(42L, NAME, "石𠀀村", 254))
        .isInstanceOfSatisfying(UnwritableValueException.class, e -> {
          assertThat(e.featureId()).isEqualTo(42L);
          assertThat(e.field()).isEqualTo("name");
          assertThat(e.getMessage()).isEqualTo("feature 42, field name: '𠀀' (U+20000) cannot be written in GBK;"
              + " export with encoding=UTF-8 instead");
        });
  }
}
