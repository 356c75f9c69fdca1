package linli.registry.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * The records of a file, read and mapped on a thread of their own while the importer checks,
 * locates and writes the previous ones: reading and mapping is about half of an import's Java work.
 * Records come in batches through a small bounded queue, so memory stays bounded; they come out in
 * file order. The reader and the mapper (a layer's {@link ImportProfile#map}, or the facility row
 * mapper on the direct path) are used by that thread only. {@link #close()} stops it and
 * waits for it, so the reader may be closed afterwards.
 */
final class MappedRecords<R> implements AutoCloseable {
  private static final int BATCH = 1024;

  /** A batch of results, or what stopped the reading thread. */
  private record Item<R>(List<R> results, Throwable failure) {}

  /** The item that says the file has ended (compared by identity). */
  private final Item<R> end = new Item<>(List.of(), null);

  private final BlockingQueue<Item<R>> queue = new ArrayBlockingQueue<>(8);
  private final Thread thread;
  private volatile boolean stopped;
  private List<R> current = new ArrayList<>();
  private int position;
  private boolean ended;

  private MappedRecords(RecordReader reader, Function<SourceRecord, R> mapper) {
    thread = new Thread(() -> readAll(reader, mapper), "linli-import-reader");
    thread.setDaemon(true);
  }

  static <R> MappedRecords<R> start(RecordReader reader, Function<SourceRecord, R> mapper) {
    MappedRecords<R> records = new MappedRecords<>(reader, mapper);
    records.thread.start();
    return records;
  }

  /** The next record's mapping, or empty at the end of the file; rethrows what stopped the reading. */
  Optional<R> next() throws IOException {
    while (position == current.size()) {
      if (ended) {
        return Optional.empty();
      }
      Item<R> item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading the file", e);
      }
      if (item.failure() != null) {
        ended = true;
        rethrow(item.failure());
      }
      current = item.results();
      position = 0;
      ended = item == end;
    }
    return Optional.of(current.get(position++));
  }

  private void readAll(RecordReader reader, Function<SourceRecord, R> mapper) {
    List<R> batch = new ArrayList<>(BATCH);
    try {
      try {
        for (Optional<SourceRecord> r = reader.next(); r.isPresent() && !stopped; r = reader.next()) {
          batch.add(mapper.apply(r.get()));
          if (batch.size() == BATCH) {
            put(new Item<>(batch, null));
            batch = new ArrayList<>(BATCH);
          }
        }
      } catch (IOException | RuntimeException | Error e) {
        // The records before the failure first, as if it came in its place.
        put(new Item<>(batch, null));
        put(new Item<>(null, e));
        return;
      }
      if (!batch.isEmpty()) {
        put(new Item<>(batch, null));
      }
      put(end);
    } catch (InterruptedException e) {
      // close(): nobody is waiting for more
    }
  }

  private void put(Item<R> item) throws InterruptedException {
    if (!stopped) {
      queue.put(item);
    }
  }

  private static void rethrow(Throwable t) throws IOException {
    if (t instanceof IOException e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new UncheckedIOException(new IOException(t));
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    queue.clear();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
