package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The text line's time stamp, formatted once a second and completed with the milliseconds. */
class JsonLogLayoutTest {
  private static final DateTimeFormatter EXPECTED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  @Test
  void stampsAsTheFullFormatterWouldAcrossSecondsAndBackInTime() {
    long now = System.currentTimeMillis();
    long[] instants = {now, now + 1, now + 999, now + 1_000, now + 1_007, now + 60_090, now - 3_600_000,
        now, 0, -1, -999, -1_000, 1_700_000_000_005L, 1_700_000_000_050L, 1_700_000_000_500L};
    for (long millis : instants) {
      StringBuilder b = new StringBuilder();
      JsonLogLayout.appendTextTime(b, millis);
      assertThat(b.toString()).as("at %d", millis).isEqualTo(EXPECTED.format(Instant.ofEpochMilli(millis)));
    }
  }
}
