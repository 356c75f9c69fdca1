package linli.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per principal: it holds up to {@code burst} writes and refills at
 * {@code perMinute} a minute. A write takes one; with none left the caller learns how long until
 * the next one (Retry-After). Buckets live as long as the process: one per token ever used.
 */
final class WriteRateLimiter {
  private final WriteRate rate;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  WriteRateLimiter(WriteRate rate) {
    this(rate, System::nanoTime);
  }

  WriteRateLimiter(WriteRate rate, LongSupplier nanoClock) {
    this.rate = rate;
    this.nanoClock = nanoClock;
  }

  WriteRate rate() {
    return rate;
  }

  /** Takes one write for {@code principalId}: 0 when allowed, else the nanoseconds until one is free. */
  long acquire(String principalId) {
    if (!rate.enabled()) {
      return 0;
    }
    return buckets.computeIfAbsent(principalId, k -> new Bucket(rate.burst(), nanoClock.getAsLong()))
        .take(nanoClock.getAsLong());
  }

  private final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    synchronized long take(long now) {
      double perNano = rate.perMinute() / 60e9;
      tokens = Math.min(rate.burst(), tokens + (now - last) * perNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / perNano);
    }
  }
}
