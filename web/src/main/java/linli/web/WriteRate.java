package linli.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many writes one token may make: {@code perMinute} on average, up to {@code burst} at once
 * ({@code LINLI_WRITE_RATE}: {@code 600}, {@code 600,burst=120}, or {@code 0}/{@code off} for no limit).
 */
public record WriteRate(int perMinute, int burst) {
  private static final Pattern FORMAT = Pattern.compile("([0-9]{1,7})\\s*(?:,\\s*burst\\s*=\\s*([0-9]{1,7}))?");

  public WriteRate {
    if (perMinute < 0 || burst < 0 || (perMinute > 0 && burst == 0)) {
      throw new IllegalArgumentException("LINLI_WRITE_RATE needs a burst of at least 1");
    }
  }

  public static final WriteRate OFF = new WriteRate(0, 0);

  public boolean enabled() {
    return perMinute > 0;
  }

  static WriteRate parse(String value) {
    String v = value.strip().toLowerCase();
    if (v.equals("off") || v.equals("0")) {
      return OFF;
    }
    Matcher m = FORMAT.matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException("LINLI_WRITE_RATE must be writes per minute with an optional burst, such as"
          + " 600 or 600,burst=120 (0 or off: no limit), was '" + value + "'");
    }
    int perMinute = Integer.parseInt(m.group(1));
    if (perMinute == 0) {
      return OFF;
    }
    return new WriteRate(perMinute, m.group(2) == null ? perMinute : Integer.parseInt(m.group(2)));
  }
}
