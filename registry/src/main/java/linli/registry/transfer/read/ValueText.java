package linli.registry.transfer.read;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import linli.registry.Violation;

/** Shared rules for turning what a file holds into the text values of a {@code SourceRecord}. */
final class ValueText {
  /** Excel shows at most 15 significant digits; rounding there hides binary noise like 0.30000000000000004. */
  private static final MathContext EXCEL_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);

  private ValueText() {}

  /** A binary double as a clerk would type it: "12" not "12.0", "0.3", never an exponent. */
  static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return plain(new BigDecimal(d).round(EXCEL_DIGITS));
  }

  /**
   * A number written as text (a DBF N field "12.000000", a JSON literal "1.2e3") in the same plain
   * form; text that is not a number comes back trimmed but otherwise untouched.
   */
  static String numberText(String literal) {
    String t = literal.trim();
    try {
      BigDecimal b = new BigDecimal(t);
      // A silly exponent (1e400) would turn into hundreds of digits: keep what was written.
      if (Math.abs(b.scale()) > 40 || b.precision() - b.scale() > 40) {
        return t;
      }
      return plain(b);
    } catch (NumberFormatException e) {
      return t;
    }
  }

  private static String plain(BigDecimal b) {
    if (b.signum() == 0) {
      return "0";
    }
    return b.stripTrailingZeros().toPlainString();
  }

  /**
   * Notes values where the decoder met bytes that are not text in the chosen encoding, and, when
   * the file was taken as GBK without the user saying so, values whose bytes are UTF-8 Chinese
   * (a file that mixes encodings: GB18030 would read them as plausible-looking wrong characters).
   */
  static void checkDecoding(long row, Map<String, String> values, Charset charset, boolean asked,
      List<Violation> problems) {
    boolean gbk = charset.equals(EncodingDetector.GB18030) && !asked;
    for (Map.Entry<String, String> e : values.entrySet()) {
      String v = e.getValue();
      if (v.indexOf('\uFFFD') >= 0) {
        problems.add(new Violation(row, e.getKey(),
            "has characters that are not valid " + charset.name() + " text (is the file's encoding right?)"));
      } else if (gbk && EncodingDetector.looksUtf8Inside(v)) {
        problems.add(new Violation(row, e.getKey(), "is UTF-8 text while the file is GBK: the file mixes"
            + " encodings; save it in one, or give encoding=GBK if this text is meant as it reads in GBK"));
      }
    }
  }

  static Map<String, String> freeze(Map<String, String> m) {
    return Collections.unmodifiableMap(m);
  }
}
