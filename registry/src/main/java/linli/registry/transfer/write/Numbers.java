package linli.registry.transfer.write;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers as text, the same in every text format: never an exponent, never locale-dependent. */
final class Numbers {
  private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
      1_000_000_000};

  private Numbers() {}

  /**
   * {@code v} rounded half away from zero to {@code decimals} places, trailing zeros dropped:
   * 120.30000004 with 7 → "120.3", -0.00000001 → "0". For coordinates.
   */
  static StringBuilder appendFixed(StringBuilder sb, double v, int decimals) {
    return appendFixed(sb, v, decimals, true);
  }

  /** As {@link #appendFixed(StringBuilder, double, int)}, keeping trailing zeros when {@code strip} is false. */
  static StringBuilder appendFixed(StringBuilder sb, double v, int decimals, boolean strip) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("not a finite number: " + v);
    }
    long scale = POW10[decimals];
    double scaled = Math.abs(v) * scale;
    if (scaled >= 1e17) { // beyond exact long arithmetic: rare, take the slow road
      BigDecimal b = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_UP);
      return sb.append((strip ? b.stripTrailingZeros() : b).toPlainString());
    }
    long n = Math.round(scaled);
    if (n == 0 && strip) {
      return sb.append('0');
    }
    if (v < 0 && n != 0) {
      sb.append('-');
    }
    long whole = n / scale;
    long fraction = n % scale;
    sb.append(whole);
    int digits = decimals;
    if (strip) {
      while (digits > 0 && fraction % 10 == 0) {
        fraction /= 10;
        digits--;
      }
    }
    if (digits > 0) {
      sb.append('.');
      String f = Long.toString(fraction);
      for (int i = f.length(); i < digits; i++) {
        sb.append('0');
      }
      sb.append(f);
    }
    return sb;
  }

  static String fixed(double v, int decimals) {
    return appendFixed(new StringBuilder(24), v, decimals).toString();
  }

  /**
   * An attribute value: the shortest text that reads back as the same double, without exponent,
   * and with ".0" when whole, so that readers guessing types still see a real number (750.0).
   */
  static String plain(double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("not a finite number: " + v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return (long) v + ".0";
    }
    String s = Double.toString(v);
    if (s.indexOf('E') >= 0) {
      s = new BigDecimal(s).stripTrailingZeros().toPlainString();
    }
    return s;
  }
}
