package linli.registry.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The records of a file, read and mapped on a thread of their own while the importer checks,
 * locates and writes the previous ones: reading and mapping is about half of an import's Java work.
 * Records come in batches through a small bounded queue, so memory stays bounded; they come out in
 * file order. The reader and the mapper are used by that thread only. {@link #close()} stops it and
 * waits for it, so the reader may be closed afterwards.
 */
final class MappedRecords implements AutoCloseable {
  private static final int BATCH = 1024;
  private static final List<FacilityRowMapper.Result> END = List.of();

  /** A batch of results, or what stopped the reading thread. */
  private record Item(List<FacilityRowMapper.Result> results, Throwable failure) {}

  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(8);
  private final Thread thread;
  private volatile boolean stopped;
  private List<FacilityRowMapper.Result> current = new ArrayList<>();
  private int position;
  private boolean ended;

  private MappedRecords(RecordReader reader, FacilityRowMapper mapper) {
    thread = new Thread(() -> readAll(reader, mapper), "linli-import-reader");
    thread.setDaemon(true);
  }

  static MappedRecords start(RecordReader reader, FacilityRowMapper mapper) {
    MappedRecords records = new MappedRecords(reader, mapper);
    records.thread.start();
    return records;
  }

  /** The next record's mapping, or empty at the end of the file; rethrows what stopped the reading. */
  Optional<FacilityRowMapper.Result> next() throws IOException {
    while (position == current.size()) {
      if (ended) {
        return Optional.empty();
      }
      Item item;
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
      ended = current == END;
    }
    return Optional.of(current.get(position++));
  }

  private void readAll(RecordReader reader, FacilityRowMapper mapper) {
    List<FacilityRowMapper.Result> batch = new ArrayList<>(BATCH);
    try {
      try {
        for (Optional<SourceRecord> r = reader.next(); r.isPresent() && !stopped; r = reader.next()) {
          batch.add(mapper.map(r.get()));
          if (batch.size() == BATCH) {
            put(new Item(batch, null));
            batch = new ArrayList<>(BATCH);
          }
        }
      } catch (IOException | RuntimeException | Error e) {
        // The records before the failure first, as if it came in its place.
        put(new Item(batch, null));
        put(new Item(null, e));
        return;
      }
      if (!batch.isEmpty()) {
        put(new Item(batch, null));
      }
      put(new Item(END, null));
    } catch (InterruptedException e) {
      // close(): nobody is waiting for more
    }
  }

  private void put(Item item) throws InterruptedException {
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
