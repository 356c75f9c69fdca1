package linli.registry.transfer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import linli.registry.transfer.ImportFileException;
import org.junit.jupiter.api.Test;

class EncodingDetectorTest {
  private static final Charset GBK = Charset.forName("GBK");
  private static final String TEXT = "名称,地址\n应急避难场所,青岛市市南区香港中路\n";

  @Test
  void gbkBytesOfChineseTextAreGb18030() {
    byte[] gbk = "应急避难场所".getBytes(GBK);
    assertThat(EncodingDetector.detect(gbk)).isEqualTo(EncodingDetector.GB18030);
    assertThat(new String(gbk, EncodingDetector.detect(gbk))).isEqualTo("应急避难场所");
    byte[] longer = TEXT.getBytes(GBK);
    assertThat(new String(longer, EncodingDetector.detect(longer))).isEqualTo(TEXT);
  }

  @Test
  void utf8WithAndWithoutBomIsUtf8() {
    byte[] plain = TEXT.getBytes(StandardCharsets.UTF_8);
    byte[] bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, plain);
    assertThat(EncodingDetector.detect(plain)).isEqualTo(StandardCharsets.UTF_8);
    assertThat(EncodingDetector.detect(bom)).isEqualTo(StandardCharsets.UTF_8);
    assertThat(EncodingDetector.bomLength(bom, bom.length, StandardCharsets.UTF_8)).isEqualTo(3);
    assertThat(EncodingDetector.bomLength(plain, plain.length, StandardCharsets.UTF_8)).isZero();
  }

  @Test
  void asciiIsUtf8() {
    assertThat(EncodingDetector.detect("name,lon,lat\nA,120.3,36.1\n".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(StandardCharsets.UTF_8);
  }

  @Test
  void aPrefixEndingInsideAUtf8CharacterIsStillUtf8() {
    byte[] all = "青岛".getBytes(StandardCharsets.UTF_8); // 6 bytes
    assertThat(EncodingDetector.detect(all, 0, 4)).isEqualTo(StandardCharsets.UTF_8);
    assertThat(EncodingDetector.isUtf8(all, 0, 4, false)).isFalse();
  }

  @Test
  void overlongAndSurrogateSequencesAreNotUtf8() {
    assertThat(EncodingDetector.isUtf8(new byte[] {(byte) 0xC0, (byte) 0xAF}, 0, 2, false)).isFalse();
    assertThat(EncodingDetector.isUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3, false)).isFalse();
    assertThat(EncodingDetector.isUtf8(new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, 0, 4, false))
        .isFalse();
  }

  @Test
  void explicitRequestWinsAndTheStreamIsResetForTheReader() throws Exception {
    byte[] utf8 = TEXT.getBytes(StandardCharsets.UTF_8);
    BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(utf8), 1024);
    assertThat(EncodingDetector.detect(in, "GBK")).isEqualTo(EncodingDetector.GB18030);
    assertThat(EncodingDetector.detect(in, null)).isEqualTo(StandardCharsets.UTF_8);
    assertThat(in.readAllBytes()).isEqualTo(utf8); // nothing consumed by detection
  }

  @Test
  void detectionLooksAtTheFirst64KiBOnly() throws Exception {
    byte[] ascii = new byte[EncodingDetector.PREFIX_BYTES];
    Arrays.fill(ascii, (byte) 'a');
    byte[] data = concat(ascii, "应急".getBytes(GBK));
    assertThat(EncodingDetector.detect(new BufferedInputStream(new ByteArrayInputStream(data)), null))
        .isEqualTo(StandardCharsets.UTF_8);
    byte[] early = concat("应急".getBytes(GBK), ascii);
    assertThat(EncodingDetector.detect(new BufferedInputStream(new ByteArrayInputStream(early)), null))
        .isEqualTo(EncodingDetector.GB18030);
  }

  @Test
  void namesFromRequestsAndCpgFiles() {
    assertThat(EncodingDetector.forName("utf8")).isEqualTo(StandardCharsets.UTF_8);
    assertThat(EncodingDetector.forName(" UTF-8 ")).isEqualTo(StandardCharsets.UTF_8);
    assertThat(EncodingDetector.forName("936")).isEqualTo(EncodingDetector.GB18030);
    assertThat(EncodingDetector.forName("ANSI 936")).isEqualTo(EncodingDetector.GB18030);
    assertThat(EncodingDetector.forName("gb2312")).isEqualTo(EncodingDetector.GB18030);
    assertThat(EncodingDetector.forName("1252")).isEqualTo(Charset.forName("windows-1252"));
    assertThat(EncodingDetector.forName("Big5")).isEqualTo(Charset.forName("Big5"));
    assertThat(EncodingDetector.forName(null)).isNull();
    assertThat(EncodingDetector.forName("  ")).isNull();
    assertThatThrownBy(() -> EncodingDetector.forName("klingon"))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("unknown text encoding 'klingon'");
  }

  @Test
  void utf16ByteOrderMarksAreRecognised() {
    byte[] le = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "名称".getBytes(StandardCharsets.UTF_16LE));
    assertThat(EncodingDetector.detect(le)).isEqualTo(StandardCharsets.UTF_16LE);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
