package linli.registry.transfer;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the values bureaus write in their sheets: numbers with units, dates in Chinese forms,
 * degrees. Called for every cell of a million-row file, so no pattern is compiled per call.
 */
final class TextValues {
  private static final Pattern DMS = Pattern.compile(
      "^([NSEW东西南北]?)\\s*(\\d+(?:\\.\\d+)?)\\s*[°度]\\s*(?:(\\d+(?:\\.\\d+)?)\\s*['′分]\\s*)?"
          + "(?:(\\d+(?:\\.\\d+)?)\\s*(?:\"|″|''|秒)\\s*)?([NSEW东西南北]?)$");
  private static final Pattern PREFIXED = Pattern.compile("^([NSEW东西南北])\\s*(\\d+(?:\\.\\d+)?)$");
  private static final Pattern UNIT = Pattern.compile("\\s*(人|个|㎡|平方米|平米|m2|m²|sqm)$");
  private static final Pattern DATE = Pattern.compile("^(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?$");

  /** The words every import reads as yes, and as no (in lower case): one list for every layer. */
  static final Set<String> YES = Set.of("true", "t", "yes", "y", "1", "是");
  static final Set<String> NO = Set.of("false", "f", "no", "n", "0", "否");

  private TextValues() {}

  /** True for a word of {@link #YES}, false for one of {@link #NO} (any case, spaces around), else null. */
  static Boolean yesNo(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    return YES.contains(t) ? Boolean.TRUE : NO.contains(t) ? Boolean.FALSE : null;
  }

  /** Decimal degrees from "120.38", "120.38°", "E120.38", "120°22'48\"E" or "120度22分48秒". */
  static double degrees(String text) {
    String t = text.strip().replace('，', ',');
    try {
      boolean degreeSign = !t.isEmpty() && (t.endsWith("°") || t.endsWith("度"));
      return Double.parseDouble(degreeSign ? t.substring(0, t.length() - 1) : t);
    } catch (NumberFormatException ignored) {
      // not plain decimal degrees; try the other forms
    }
    Matcher m = DMS.matcher(t);
    if (m.matches()) {
      double d = Double.parseDouble(m.group(2));
      if (m.group(3) != null) {
        d += Double.parseDouble(m.group(3)) / 60;
      }
      if (m.group(4) != null) {
        d += Double.parseDouble(m.group(4)) / 3600;
      }
      String hemisphere = m.group(1).isEmpty() ? m.group(5) : m.group(1);
      return "SW西南".contains(hemisphere) && !hemisphere.isEmpty() ? -d : d;
    }
    Matcher prefixed = PREFIXED.matcher(t);
    if (prefixed.matches()) {
      double d = Double.parseDouble(prefixed.group(2));
      return "SW西南".contains(prefixed.group(1)) ? -d : d;
    }
    throw new NumberFormatException("'" + text + "' is not a coordinate in degrees");
  }

  /** Degrees (in any written form) for geographic CRSs, a plain number (metres) for projected ones. */
  static double degreesOrNumber(String text, boolean geographic) {
    if (geographic) {
      return degrees(text);
    }
    try {
      return number(text);
    } catch (NumberFormatException e) {
      throw new NumberFormatException("'" + text + "' is not a number");
    }
  }

  /** A number, allowing thousands separators and a trailing unit ("1,200人", "3500㎡", "2.5 m2"). */
  static double number(String text) {
    String t = UNIT.matcher(text.strip().replace(",", "").replace("，", "")).replaceFirst("");
    return Double.parseDouble(t);
  }

  static int wholeNumber(String text) {
    double d = number(text);
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new NumberFormatException("'" + text + "' is not a whole number");
    }
    return (int) d;
  }

  /** A date: ISO, "2021/6/1", "2021.06.01" or "2021年6月1日". */
  static LocalDate date(String text) {
    String t = text.strip();
    try {
      return LocalDate.parse(t.length() > 10 && t.charAt(10) == 'T' ? t.substring(0, 10) : t);
    } catch (DateTimeParseException ignored) {
      // try the Chinese forms
    }
    Matcher m = DATE.matcher(t);
    if (m.matches()) {
      return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }
    throw new DateTimeParseException("'" + text + "' is not a date", text, 0);
  }
}
