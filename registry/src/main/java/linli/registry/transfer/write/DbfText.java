package linli.registry.transfer.write;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text values of a DBF in its encoding (UTF-8 or GBK), cut to a C field's byte limit at a character
 * boundary (counted in {@link #cutValues()}). A character the encoding lacks is an
 * {@link UnwritableValueException} naming the feature and the field, never a replacement '?'.
 */
final class DbfText {
  private final Charset charset;
  private final CharsetEncoder encoder;
  private long cutValues;

  DbfText(Charset charset) {
    this.charset = charset;
    this.encoder = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  Charset charset() {
    return charset;
  }

  /** Values that were longer than their limit and were cut. */
  long cutValues() {
    return cutValues;
  }

  /** The bytes of {@code s}, at most {@code max}; {@code featureId} and {@code field} name a failure. */
  byte[] bytes(Object featureId, ExportField field, String s, int max) {
    return charset.equals(StandardCharsets.UTF_8) ? utf8Within(s, max) : encodedWithin(featureId, field, s, max);
  }

  /** The UTF-8 bytes of {@code s}, cut to at most {@code max} bytes at a character boundary. */
  byte[] utf8Within(String s, int max) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length <= max) {
      return b;
    }
    cutValues++;
    int end = max;
    while (end > 0 && (b[end] & 0xC0) == 0x80) { // b[end] continues a character that starts before
      end--;
    }
    byte[] cut = new byte[end];
    System.arraycopy(b, 0, cut, 0, end);
    return cut;
  }

  /** {@code s} in a (non-UTF-8) charset, cut to at most {@code max} bytes at a character boundary. */
  private byte[] encodedWithin(Object featureId, ExportField field, String s, int max) {
    byte[] b = encode(featureId, field, s);
    if (b.length <= max) {
      return b;
    }
    cutValues++;
    int end = Math.min(s.length(), max); // every character takes at least one byte
    while (true) {
      if (end > 0 && end < s.length() && Character.isLowSurrogate(s.charAt(end))) { // not inside a pair
        end--;
      }
      byte[] cut = encode(featureId, field, s.substring(0, end));
      if (cut.length <= max) {
        return cut;
      }
      end--;
    }
  }

  private byte[] encode(Object featureId, ExportField field, String s) {
    try {
      ByteBuffer buffer = encoder.reset().encode(CharBuffer.wrap(s));
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw UnwritableValueException.notEncodable(featureId, field.name(), s, charset);
    }
  }
}
