package linli.tiles;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Least-recently-used tiles within a byte budget. An entry remembers the registry revisions it was
 * made from; the service serves it only while they are current, so an edit is never hidden.
 */
final class TileCache {
  record Entry(String revisions, Tile tile) {}

  private final long maxBytes;
  private long bytes;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);

  TileCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  synchronized Entry get(String key) {
    return entries.get(key);
  }

  synchronized void put(String key, Entry entry) {
    Entry old = entries.put(key, entry);
    bytes += entry.tile().bytes().length - (old == null ? 0 : old.tile().bytes().length);
    var it = entries.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<String, Entry> eldest = it.next();
      bytes -= eldest.getValue().tile().bytes().length;
      it.remove();
    }
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long bytes() {
    return bytes;
  }
}
