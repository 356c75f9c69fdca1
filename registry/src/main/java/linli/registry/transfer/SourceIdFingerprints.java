package linli.registry.transfer;

/**
 * Notices, while a file is read, whether it may repeat a source_id, so that the exact check in SQL
 * (a GROUP BY over the whole stage, about 1 s per million rows) runs only when it can find one. It
 * keeps a 64-bit hash per source_id in an open-addressing table: 16 bytes per row at most, and
 * nothing past {@link #MAX_TRACKED} ids, after which it answers "maybe" for the rest of the file. A
 * "maybe" is never wrong, only sometimes unneeded (two ids with the same hash).
 */
final class SourceIdFingerprints {
  /** 4 million ids: a 64 MB table; a longer file is checked in SQL. */
  static final int MAX_TRACKED = 1 << 22;
  private static final long EMPTY = 0;

  private long[] table = new long[1 << 12];
  private int size;
  private boolean maybeRepeated;

  /** Notes {@code sourceId}; afterwards {@link #maybeRepeated()} says whether any id may have come twice. */
  void add(String sourceId) {
    if (maybeRepeated) {
      return;
    }
    if (size >= MAX_TRACKED) {
      maybeRepeated = true;
      table = null;
      return;
    }
    long h = hash(sourceId);
    if (!insert(table, h)) {
      maybeRepeated = true;
      table = null;
      return;
    }
    if (++size * 2 > table.length) {
      long[] bigger = new long[table.length * 2];
      for (long v : table) {
        if (v != EMPTY) {
          insert(bigger, v);
        }
      }
      table = bigger;
    }
  }

  boolean maybeRepeated() {
    return maybeRepeated;
  }

  /** Inserts {@code h} (never EMPTY); false when it is there already. */
  private static boolean insert(long[] t, long h) {
    int mask = t.length - 1;
    for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
      if (t[i] == EMPTY) {
        t[i] = h;
        return true;
      }
      if (t[i] == h) {
        return false;
      }
    }
  }

  /** FNV-1a over the UTF-16 code units, then a 64-bit finaliser (murmur3's); never EMPTY. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == EMPTY ? 1 : h;
  }
}
