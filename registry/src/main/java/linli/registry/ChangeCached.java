package linli.registry;

import java.sql.SQLException;

/**
 * One answer read from the registry, kept while the change feed listens, until it announces a
 * change of any table (or is lost): for small answers that are costly to read at province scale
 * (exact counts over millions of rows) and asked by every page load. Without {@link #follow} every
 * {@link #get()} reads afresh. A reader that must see changes committed by other processes calls
 * {@link RegistryChanges#catchUpAll()} first.
 */
public final class ChangeCached<T> {
  /** Reads the answer from the database. */
  @FunctionalInterface
  public interface Read<T> {
    T read() throws SQLException;
  }

  private final Read<T> read;
  /** The feed is listening: an answer may be kept until it announces a change. */
  private volatile boolean caching;
  /** Moves on every change announced: an answer read across a change is not kept. */
  private long generation;
  private T cached;

  public ChangeCached(Read<T> read) {
    this.read = read;
  }

  /** Keeps the answer while {@code changes} is listening, until it announces a change. */
  public void follow(RegistryChanges changes) {
    changes.subscribe(new RegistryChanges.Subscriber() {
      @Override
      public void changed(RegistryChanges.Change change) {
        forget();
      }

      @Override
      public void connected() {
        forget(); // changes may have been missed while not listening
        caching = true;
      }

      @Override
      public void lost() {
        caching = false;
        forget();
      }
    });
  }

  private synchronized void forget() {
    generation++;
    cached = null;
  }

  /** The kept answer, or one read afresh (and kept when no change was announced meanwhile). */
  public T get() throws SQLException {
    long readFrom;
    synchronized (this) {
      if (caching && cached != null) {
        return cached;
      }
      readFrom = generation;
    }
    T fresh = read.read();
    synchronized (this) {
      if (caching && generation == readFrom) {
        cached = fresh;
      }
    }
    return fresh;
  }
}
