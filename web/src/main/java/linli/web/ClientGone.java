package linli.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Whether the client of a request still being computed has gone: for the engines' {@code abandoned}
 * question ({@code SiteSuggester.suggest}), so a suggestion whose client left stops computing.
 *
 * <p>Jetty does not say so by itself: while a handler computes a request it has read whole, an
 * HTTP/1.1 connection has no read interest, so a closed socket goes unnoticed (no failure listener
 * runs, {@code EndPoint.isOpen()} stays true) until the answer is written (docs/ARCHITECTURE.md,
 * "Superseded requests are aborted"). So this reads: at most every {@link #EVERY_NANOS}, one byte
 * from the connection's socket without waiting. A client waiting for its answer sends nothing then
 * (a browser does not pipeline), so the read finds nothing (0: still there) or the end of the
 * stream (-1: the client closed its side, as an aborted fetch and curl's time limit do). Should a
 * pipelining client have sent its next request already, the read takes its first byte: the probing
 * stops, and the connection is closed after this answer (Connection: close), which such a client
 * retries on. A client that half-closes its side once it has sent (rare over HTTP/1.1) reads as
 * gone. HTTP/2 and anything but Jetty's HTTP/1.1 connection is never read: never gone.
 */
final class ClientGone implements BooleanSupplier {
  static final long EVERY_NANOS = 100_000_000L;
  /** Set on the request once its client was found gone. */
  private static final String FOUND = "linli.clientGone";

  private final Context ctx;
  private final EndPoint endPoint;
  private long nextProbe;
  private boolean gone;
  private boolean stopped;

  private ClientGone(Context ctx, EndPoint endPoint) {
    this.ctx = ctx;
    this.endPoint = endPoint;
    this.nextProbe = System.nanoTime() + EVERY_NANOS;
    this.stopped = endPoint == null;
  }

  static ClientGone of(Context ctx) {
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    EndPoint endPoint = null;
    if (request != null && request.getConnectionMetaData().getConnection() instanceof HttpConnection http) {
      endPoint = http.getEndPoint();
    }
    return new ClientGone(ctx, endPoint);
  }

  /** Whether a {@code ClientGone} of this request found its client gone (a stop it caused). */
  static boolean found(Context ctx) {
    return ctx.attribute(FOUND) != null;
  }

  @Override
  public boolean getAsBoolean() {
    if (gone || stopped) {
      return gone;
    }
    long now = System.nanoTime();
    if (now - nextProbe < 0) {
      return false;
    }
    nextProbe = now + EVERY_NANOS;
    try {
      int read = endPoint.fill(ByteBuffer.allocate(1).flip()); // Jetty's buffers: empty = position = limit
      if (read < 0) {
        gone = true;
        ctx.attribute(FOUND, Boolean.TRUE);
      } else if (read > 0) {
        stopped = true; // a pipelined request's first byte, now lost: end the connection after this answer
        ctx.header("Connection", "close");
      }
    } catch (IOException e) {
      gone = true; // reset by the peer
      ctx.attribute(FOUND, Boolean.TRUE);
    }
    return gone;
  }
}
