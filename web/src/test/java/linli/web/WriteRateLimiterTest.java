package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WriteRateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstIsAllowedThenOneWritePerRefillInterval() {
    AtomicLong now = new AtomicLong(0);
    WriteRateLimiter limiter = new WriteRateLimiter(new WriteRate(30, 4), now::get); // one write per 2 s
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.acquire("token:1")).isZero();
    }
    assertThat(limiter.acquire("token:1")).isEqualTo(2 * SECOND);
    now.set(SECOND / 2);
    assertThat(limiter.acquire("token:1")).isEqualTo(3 * SECOND / 2);
    now.set(2 * SECOND);
    assertThat(limiter.acquire("token:1")).isZero();
    assertThat(limiter.acquire("token:1")).isEqualTo(2 * SECOND);
    // Another principal has its own bucket.
    assertThat(limiter.acquire("token:2")).isZero();
  }

  @Test
  void aLongPauseRefillsOnlyUpToTheBurst() {
    AtomicLong now = new AtomicLong(0);
    WriteRateLimiter limiter = new WriteRateLimiter(new WriteRate(60, 3), now::get);
    now.set(3600 * SECOND);
    int allowed = 0;
    while (limiter.acquire("admin-env") == 0) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(3);
  }

  @Test
  void offNeverRefuses() {
    WriteRateLimiter limiter = new WriteRateLimiter(WriteRate.OFF, () -> 0L);
    for (int i = 0; i < 10_000; i++) {
      assertThat(limiter.acquire("token:1")).isZero();
    }
  }

  @Test
  void theRateIsParsedFromTheEnvironmentWithADocumentedDefault() {
    assertThat(WriteRate.parse(LinliConfig.DEFAULT_WRITE_RATE)).isEqualTo(new WriteRate(600, 120));
    assertThat(WriteRate.parse("60")).isEqualTo(new WriteRate(60, 60));
    assertThat(WriteRate.parse(" 120 , burst = 10 ")).isEqualTo(new WriteRate(120, 10));
    assertThat(WriteRate.parse("off")).isEqualTo(WriteRate.OFF);
    assertThat(WriteRate.parse("0")).isEqualTo(WriteRate.OFF);
    for (String bad : new String[] {"fast", "-1", "10/min", "10,burst=0", "10,burst="}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> WriteRate.parse(bad))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LINLI_WRITE_RATE");
    }
  }
}
