package linli.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's change feed: one dedicated connection LISTENs on channel {@code linli_registry}
 * (migration V12) and hands every committed change of facilities or communities, with the area it
 * touched, to the subscribers. Caches built on it read nothing per request. Facility changes are
 * taken from channel {@code linli_registry_rows} instead (migration V41: the same payload naming the
 * facilities touched), which carries every one of them; V12's payload is still sent for servers of
 * earlier builds.
 *
 * <p>Notifications arrive asynchronously, a few milliseconds after the commit. A writer in this
 * process that needs its change seen at once (the HTTP API: an edit, then the next tile) marks
 * {@link #localWrite()}; a reader then calls {@link #catchUp()}, which round-trips the listening
 * connection, and so receives every notification committed before it. While the connection is
 * down, subscribers are told {@link Subscriber#lost()} (they must stop trusting what they hold);
 * after it is back, {@link Subscriber#connected()} (start afresh: changes may have been missed).
 */
public final class RegistryChanges implements AutoCloseable {
  /**
   * What one statement changed: its table, the lon/lat box (null: everywhere), the facility
   * categories (null: any) and the ids of the facilities in its old and new rows (null: not named,
   * any of the categories' facilities may have changed).
   */
  public record Change(String table, double[] bbox, Set<String> categories, Set<Long> ids) {
    public Change(String table, double[] bbox, Set<String> categories) {
      this(table, bbox, categories, null);
    }
  }

  /** Receives changes on the listener thread; must be quick and must not throw. */
  public interface Subscriber {
    void changed(Change change);

    /** Listening again after a start or a loss: anything held may be stale. */
    void connected();

    /** Not listening: changes may go unseen until {@link #connected()}. */
    void lost();
  }

  private static final String CHANNEL = "linli_registry";
  /** Facility changes naming their rows (V41); facility changes on {@link #CHANNEL} are left to it. */
  private static final String ROWS_CHANNEL = "linli_registry_rows";
  /** How long one poll waits for a notification; also the longest {@link #catchUp()} waits to start. */
  private static final int POLL_MILLIS = 20;
  private static final long RETRY_MILLIS = 1_000;
  private static final long CATCH_UP_TIMEOUT_MILLIS = 2_000;
  private static final Logger log = LoggerFactory.getLogger(RegistryChanges.class);

  /** Opens the connection to listen on; not from the pool, since it is held for as long as it works. */
  @FunctionalInterface
  public interface Connector {
    Connection open() throws SQLException;
  }

  private final Connector connect;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicLong localWrites = new AtomicLong();
  private final Object caughtUp = new Object();
  private volatile long requestedCatchUp;
  private volatile long completedCatchUp; // written under caughtUp
  private volatile boolean listening;
  private volatile boolean closed;
  private boolean retrying; // listener thread only: log a loss once, not every retry
  private final Thread thread;

  private RegistryChanges(Connector connect) {
    this.connect = connect;
    this.thread = new Thread(this::run, "linli-registry-changes");
    thread.setDaemon(true);
  }

  /** Starts listening on connections from {@code connect}, reconnecting after a loss. */
  public static RegistryChanges start(Connector connect) {
    RegistryChanges changes = new RegistryChanges(connect);
    changes.thread.start();
    return changes;
  }

  public void subscribe(Subscriber subscriber) {
    subscribers.add(subscriber);
    if (listening) {
      subscriber.connected();
    }
  }

  public boolean isListening() {
    return listening;
  }

  /** A write in this process committed: the next {@link #catchUp()} makes sure its change was delivered. */
  public void localWrite() {
    localWrites.incrementAndGet();
  }

  /**
   * Returns once every change committed before this call, by any process, has been delivered (one
   * round trip on the listening connection, after its current poll of up to 20 ms); at once when
   * not listening. For a reader that saw a revision move and must know which change moved it: true
   * when they were delivered, false when not listening or not caught up in time (then what the
   * subscribers were told may be incomplete).
   */
  public boolean catchUpAll() {
    localWrite();
    return catchUp();
  }

  /**
   * Returns once every change committed before a {@link #localWrite()} of this process has been
   * delivered; at once when there was none since the last catch-up, or when not listening (the
   * subscribers were told {@link Subscriber#lost()} and trust nothing meanwhile). True when they
   * were delivered.
   */
  public boolean catchUp() {
    long writes = localWrites.get();
    // Done only when a catch-up covering these writes has completed, not merely been requested.
    if (!listening || writes <= completedCatchUp) {
      return listening;
    }
    synchronized (caughtUp) {
      if (writes > requestedCatchUp) {
        requestedCatchUp = writes;
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CATCH_UP_TIMEOUT_MILLIS);
      while (completedCatchUp < writes && listening && !closed) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          log.warn("registry change feed did not catch up within {} ms", CATCH_UP_TIMEOUT_MILLIS);
          return false;
        }
        try {
          caughtUp.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return completedCatchUp >= writes;
    }
  }

  private void run() {
    while (!closed) {
      try (Connection c = connect.open()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
          s.execute("LISTEN " + ROWS_CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        listening = true;
        retrying = false;
        subscribers.forEach(Subscriber::connected);
        log.info("listening for registry changes");
        while (!closed) {
          long wanted = requestedCatchUp;
          if (wanted > completedCatchUp) {
            // A round trip: the server sends every notification committed before it first.
            try (Statement s = c.createStatement()) {
              s.execute("SELECT 1");
            }
            dispatch(pg.getNotifications(-1));
            synchronized (caughtUp) {
              completedCatchUp = Math.max(completedCatchUp, wanted);
              caughtUp.notifyAll();
            }
          }
          dispatch(pg.getNotifications(POLL_MILLIS));
        }
      } catch (SQLException | RuntimeException e) {
        if (!closed && (listening || !retrying)) {
          log.warn("registry change feed lost ({}); retrying every {} ms", e.getMessage(), RETRY_MILLIS);
        }
        retrying = true;
      }
      if (listening) {
        listening = false;
        subscribers.forEach(Subscriber::lost);
        synchronized (caughtUp) {
          caughtUp.notifyAll();
        }
      }
      sleep(RETRY_MILLIS);
    }
  }

  private void dispatch(PGNotification[] notifications) {
    if (notifications == null) {
      return;
    }
    for (PGNotification n : notifications) {
      Change change = parse(n.getParameter());
      if (change.table().equals("facility") && !n.getName().equals(ROWS_CHANNEL)) {
        continue; // V12's payload of a facility change, sent on the rows channel too, with the ids
      }
      for (Subscriber s : subscribers) {
        s.changed(change);
      }
    }
  }

  /**
   * The payload of V12's trigger, or V41's with the ids as a fourth part; anything unreadable counts
   * as a change everywhere (table "", subscribers of any table take it as theirs).
   */
  static Change parse(String payload) {
    String[] parts = payload.split("\\|", -1);
    if (parts.length != 3 && parts.length != 4) {
      log.warn("unreadable registry change '{}': treated as a change everywhere", payload);
      return new Change("", null, null);
    }
    double[] bbox = null;
    if (!parts[1].isEmpty()) {
      String[] numbers = parts[1].split(",");
      try {
        bbox = new double[] {Double.parseDouble(numbers[0]), Double.parseDouble(numbers[1]),
            Double.parseDouble(numbers[2]), Double.parseDouble(numbers[3])};
      } catch (RuntimeException e) {
        log.warn("unreadable box in registry change '{}': treated as everywhere", payload);
      }
    }
    Set<String> categories = parts[2].equals("*") ? null : Set.copyOf(Arrays.asList(parts[2].split(",")));
    Set<Long> ids = null;
    if (parts.length == 4 && !parts[3].equals("*")) {
      try {
        ids = new HashSet<>();
        for (String id : parts[3].split(",")) {
          ids.add(Long.parseLong(id));
        }
        ids = Set.copyOf(ids);
      } catch (NumberFormatException e) {
        log.warn("unreadable ids in registry change '{}': treated as any facility of its categories", payload);
        ids = null;
      }
    }
    return new Change(parts[0], bbox, categories, ids);
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
