package linli.registry.transfer.write;

import java.nio.charset.Charset;
import java.util.Locale;

/**
 * A value the chosen file cannot hold as it is (a character the DBF's or CSV's encoding lacks). Thrown while
 * the file is still spooled, before anything is sent, so the caller can answer with a problem that
 * names the feature and the field.
 */
public final class UnwritableValueException extends IllegalArgumentException {
  private final Object featureId;
  private final String field;

  public UnwritableValueException(Object featureId, String field, String message) {
    super(message);
    this.featureId = featureId;
    this.field = field;
  }

  /** {@code value} of {@code field} has a character {@code charset} lacks: the message names the first such character. */
  static UnwritableValueException notEncodable(Object featureId, String field, String value, Charset charset) {
    String what = "a character";
    for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
      String c = new String(Character.toChars(value.codePointAt(i)));
      if (!charset.newEncoder().canEncode(c)) {
        what = "'" + c + "' (U+" + Integer.toHexString(value.codePointAt(i)).toUpperCase(Locale.ROOT) + ")";
        break;
      }
    }
    return new UnwritableValueException(featureId, field, "feature " + featureId + ", field " + field + ": " + what
        + " cannot be written in " + charset.name() + "; export with encoding=UTF-8 instead");
  }

  /** The id of the feature (facility or road id, community code). */
  public Object featureId() {
    return featureId;
  }

  /** The property name of the field. */
  public String field() {
    return field;
  }
}
