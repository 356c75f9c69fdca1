package linli.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import linli.registry.Database;

/**
 * Which requests may read from the standby ({@code LINLI_DB_READ_URL}): a GET or HEAD whose client has
 * not written through this instance in the last {@link #READ_YOUR_WRITES}. Everything else reads the
 * primary: writes (and what they read inside their transaction), and the reads of a client that has
 * just written, so a writer always reads its own writes however far the standby lags (the client is
 * its bearer token: writes need one). Other clients may see a write a moment late (the standby's
 * replay lag), never a mix of old and new inside one store's answer.
 *
 * <p>Chosen over waiting for the standby to replay the write's commit LSN: no extra round trip per read
 * and nothing to wait on when the standby stalls. Its limits: the memory of who wrote is this instance's,
 * so behind a balancer a writer whose next read reaches another instance within the window may read
 * from the standby there (pin writers to an instance, or accept the lag); and a lag above the window
 * shows the writer stale data (the standby's lag is in {@code pg_stat_replication} on the primary).
 */
final class ReadRouting {
  /** How long after a write its client's reads stay on the primary: far above a healthy standby's lag. */
  static final Duration READ_YOUR_WRITES = Duration.ofSeconds(30);

  private final boolean standby;
  private final Map<String, Long> lastWrite = new ConcurrentHashMap<>();

  ReadRouting(Database database) {
    this.standby = database.hasStandby();
  }

  /** Before each request: where its reads go. Set every time, so nothing carries over on a pooled thread. */
  void begin(Context ctx) {
    boolean toStandby = standby && (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD)
        && !wroteLately(ctx.header("Authorization"));
    Database.onStandby(toStandby);
  }

  /** After each request: remembers a client that wrote, and puts the thread back on the primary. */
  void end(Context ctx) {
    Database.onStandby(false);
    if (standby && Auth.isWrite(ctx) && ctx.statusCode() < 400) {
      String client = client(ctx.header("Authorization"));
      if (client != null) {
        long now = System.nanoTime();
        lastWrite.put(client, now);
        if (lastWrite.size() > 10_000) {
          lastWrite.values().removeIf(t -> now - t > READ_YOUR_WRITES.toNanos());
        }
      }
    }
  }

  private boolean wroteLately(String authorization) {
    String client = client(authorization);
    if (client == null) {
      return false;
    }
    Long wrote = lastWrite.get(client);
    return wrote != null && System.nanoTime() - wrote < READ_YOUR_WRITES.toNanos();
  }

  /** A digest of the bearer token: the memory of writers keeps no secret. */
  private static String client(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return null;
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(authorization.strip().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
