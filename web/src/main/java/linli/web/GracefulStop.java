package linli.web;

import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * Stopping lets requests already in flight finish: Jetty closes the listening socket (new
 * connections are refused), answers 503 to new requests on open connections, and waits up to
 * {@link #GRACE} for the running ones before it cuts them. Jetty's own default grace is zero.
 */
final class GracefulStop {
  /** Inside the 30 s Kubernetes and 90 s systemd give a process between SIGTERM and SIGKILL. */
  static final Duration GRACE = Duration.ofSeconds(25);

  private GracefulStop() {}

  /** For {@code JettyConfig.modifyServer}: Javalin puts its servlet context inside this handler. */
  static void configure(Server server) {
    // GracefulHandler counts the requests in flight; without it Jetty has nothing to wait for.
    server.setHandler(new GracefulHandler());
    server.setStopTimeout(GRACE.toMillis());
  }
}
