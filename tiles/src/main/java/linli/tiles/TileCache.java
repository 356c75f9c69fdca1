package linli.tiles;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Least-recently-used tiles within a byte budget. Entries are dropped when the registry changes
 * under them ({@link #invalidate}); the generation counts invalidations, so a tile rendered while
 * one happened is not stored (it may predate the change).
 */
final class TileCache {
  record Entry(TileRequest request, Tile tile) {}

  private final long maxBytes;
  private long bytes;
  private long generation;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);

  TileCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  synchronized Tile get(String key) {
    Entry e = entries.get(key);
    return e == null ? null : e.tile();
  }

  synchronized long generation() {
    return generation;
  }

  /** Stores the tile unless an invalidation happened since {@code renderedAt} (a generation). */
  synchronized void put(String key, Entry entry, long renderedAt) {
    if (renderedAt != generation) {
      return;
    }
    Entry old = entries.put(key, entry);
    bytes += entry.tile().length() - (old == null ? 0 : old.tile().length());
    var it = entries.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<String, Entry> eldest = it.next();
      bytes -= eldest.getValue().tile().length();
      it.remove();
    }
  }

  /** Drops every tile whose request matches; returns how many. */
  synchronized int invalidate(Predicate<TileRequest> stale) {
    generation++;
    int dropped = 0;
    var it = entries.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (stale.test(e.request())) {
        bytes -= e.tile().length();
        it.remove();
        dropped++;
      }
    }
    return dropped;
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long bytes() {
    return bytes;
  }
}
