package linli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** LINLI_WRITE_RATE as read; the buckets themselves are in the database (WriteBucketsIT, WriteRateLimitIT). */
class WriteRateTest {
  @Test
  void offNeverRefusesAndNeedsNoDatabase() throws Exception {
    WriteRateLimiter limiter = WriteRateLimiter.off();
    for (int i = 0; i < 10_000; i++) {
      assertThat(limiter.acquire("token:1")).isZero();
    }
  }

  @Test
  void aLimitWithoutItsBucketsIsRefused() {
    assertThatThrownBy(() -> new WriteRateLimiter(new WriteRate(60, 3), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRateIsParsedFromTheEnvironmentWithADocumentedDefault() {
    assertThat(WriteRate.parse(LinliConfig.DEFAULT_WRITE_RATE)).isEqualTo(new WriteRate(600, 120));
    assertThat(WriteRate.parse("60")).isEqualTo(new WriteRate(60, 60));
    assertThat(WriteRate.parse(" 120 , burst = 10 ")).isEqualTo(new WriteRate(120, 10));
    assertThat(WriteRate.parse("off")).isEqualTo(WriteRate.OFF);
    assertThat(WriteRate.parse("0")).isEqualTo(WriteRate.OFF);
    for (String bad : new String[] {"fast", "-1", "10/min", "10,burst=0", "10,burst="}) {
      assertThatThrownBy(() -> WriteRate.parse(bad))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LINLI_WRITE_RATE");
    }
  }
}
