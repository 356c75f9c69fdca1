package linli.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.sql.SQLException;
import java.util.Optional;
import linli.registry.Database;
import linli.registry.WritePositions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which requests may read from the standby ({@code LINLI_DB_READ_URL}): a GET or HEAD without a valid
 * bearer token, or with one whose writes the standby has all replayed. Everything else reads the
 * primary: writes (and what they read inside their transaction), and the reads of a client whose last
 * write the standby has not replayed yet, so a writer always reads its own writes, through whichever
 * instance and however far the standby lags (the client is its token's holder, as {@link Auth} names
 * it: writes need a valid token). Other clients may see a write a moment late (the standby's replay
 * lag), never a mix of old and new inside one store's answer.
 *
 * <p>After each successful write the primary's WAL position is recorded for its client in the database
 * ({@link WritePositions}), before the answer leaves (an after-handler runs before Javalin writes the
 * result), so the client's next read, on any instance, knows how far the standby must be. A read with
 * a token first authenticates it (once per request: the handler's own check reuses the answer); only
 * a valid token's writes are looked up, so a made-up token never reaches them. When a look-up fails
 * the read goes to the primary.
 */
final class ReadRouting {
  private static final Logger log = LoggerFactory.getLogger(ReadRouting.class);

  private final WritePositions positions; // null: no standby
  private final Auth auth;

  ReadRouting(Database database, Auth auth) {
    this.positions = database.writePositions().orElse(null);
    this.auth = auth;
  }

  /** Before each request: where its reads go. Set every time, so nothing carries over on a pooled thread. */
  void begin(Context ctx) {
    boolean toStandby = positions != null && (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD)
        && standbyHasWritesOf(ctx);
    Database.onStandby(toStandby);
  }

  /** After each request: records a client's write, and puts the thread back on the primary. */
  void end(Context ctx) {
    Database.onStandby(false);
    if (Auth.isWrite(ctx) && ctx.statusCode() < 400) {
      wrote(ctx);
    }
  }

  /**
   * Records that the request's client has a committed write now: done after every write, and by a
   * poll that finds an import done (its upload was answered 202 before the import committed). The
   * client is the holder Auth let through.
   */
  void wrote(Context ctx) {
    String client = positions == null ? null : ctx.attribute(Auth.PRINCIPAL_ID);
    if (client != null) {
      try {
        positions.wrote(client);
      } catch (SQLException e) {
        // The write itself committed; its writer may read it late from the standby.
        log.warn("Could not record a write's position for read-your-writes: {}", e.getMessage());
      }
    }
  }

  private boolean standbyHasWritesOf(Context ctx) {
    if (Auth.bearerToken(ctx.header("Authorization")) == null) {
      return true; // without a token nothing was written
    }
    try {
      Optional<String> holder = auth.validTokenHolder(ctx);
      // A token that is not valid has written nothing: its read is anyone's (the handler decides whether it may).
      return holder.isEmpty() || positions.standbyHasWritesOf(holder.get());
    } catch (SQLException e) {
      return false;
    }
  }
}
