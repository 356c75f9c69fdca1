package linli.web;

import java.sql.SQLException;
import linli.registry.access.WriteBuckets;

/**
 * The write rate of each principal, charged to its bucket in the database ({@link WriteBuckets}),
 * so that instances behind one proxy share it: two instances do not allow twice the rate.
 */
final class WriteRateLimiter {
  private final WriteRate rate;
  private final WriteBuckets buckets;

  WriteRateLimiter(WriteRate rate, WriteBuckets buckets) {
    if (rate.enabled() && buckets == null) {
      throw new IllegalArgumentException("a write rate needs its buckets");
    }
    this.rate = rate;
    this.buckets = buckets;
  }

  /** No limit, no database. */
  static WriteRateLimiter off() {
    return new WriteRateLimiter(WriteRate.OFF, null);
  }

  WriteRate rate() {
    return rate;
  }

  /** Takes one write for {@code principalId}: 0 when allowed, else the nanoseconds until one is free. */
  long acquire(String principalId) throws SQLException {
    if (!rate.enabled()) {
      return 0;
    }
    return buckets.take(principalId, rate.perMinute(), rate.burst()).toNanos();
  }
}
