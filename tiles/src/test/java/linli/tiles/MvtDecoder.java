package linli.tiles;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A small Mapbox Vector Tile reader for tests, independent of {@link MvtLayerWriter}: each feature
 * of each layer as one comparable line (layer, name, extent, version, type, id, decoded geometry,
 * attributes sorted by key with their MVT value types), the lines sorted (features carry no order).
 */
final class MvtDecoder {
  private MvtDecoder() {}

  static List<String> features(byte[] tile) {
    List<String> out = new ArrayList<>();
    Reader r = new Reader(tile, 0, tile.length);
    while (r.more()) {
      int tag = (int) r.varint();
      if (tag >>> 3 == 3 && (tag & 7) == 2) {
        int len = (int) r.varint();
        layer(new Reader(tile, r.pos, r.pos + len), out);
        r.pos += len;
      } else {
        r.skip(tag & 7);
      }
    }
    out.sort(null);
    return out;
  }

  private static void layer(Reader r, List<String> out) {
    String name = null;
    long extent = 4096;
    long version = 1;
    List<String> keys = new ArrayList<>();
    List<String> values = new ArrayList<>();
    List<int[]> features = new ArrayList<>(); // offsets of feature messages
    while (r.more()) {
      int tag = (int) r.varint();
      int field = tag >>> 3;
      switch (field) {
        case 1 -> name = r.string();
        case 2 -> {
          int len = (int) r.varint();
          features.add(new int[] {r.pos, r.pos + len});
          r.pos += len;
        }
        case 3 -> keys.add(r.string());
        case 4 -> {
          int len = (int) r.varint();
          values.add(value(new Reader(r.buf, r.pos, r.pos + len)));
          r.pos += len;
        }
        case 5 -> extent = r.varint();
        case 15 -> version = r.varint();
        default -> r.skip(tag & 7);
      }
    }
    for (int[] f : features) {
      out.add(name + " v" + version + " e" + extent + " " + feature(new Reader(r.buf, f[0], f[1]), keys, values));
    }
  }

  private static String feature(Reader r, List<String> keys, List<String> values) {
    Long id = null;
    long type = 0;
    List<Long> tags = new ArrayList<>();
    List<Long> geometry = new ArrayList<>();
    while (r.more()) {
      int tag = (int) r.varint();
      switch (tag >>> 3) {
        case 1 -> id = r.varint();
        case 2 -> r.packed(tags);
        case 3 -> type = r.varint();
        case 4 -> r.packed(geometry);
        default -> r.skip(tag & 7);
      }
    }
    TreeMap<String, String> attributes = new TreeMap<>();
    for (int i = 0; i + 1 < tags.size(); i += 2) {
      String previous = attributes.put(keys.get(tags.get(i).intValue()), values.get(tags.get(i + 1).intValue()));
      if (previous != null) {
        throw new IllegalStateException("key twice in a feature");
      }
    }
    StringBuilder g = new StringBuilder();
    long x = 0;
    long y = 0;
    for (int i = 0; i < geometry.size(); ) {
      long command = geometry.get(i++);
      long id3 = command & 7;
      long count = command >>> 3;
      g.append(id3 == 1 ? "M" : id3 == 2 ? "L" : "Z");
      if (id3 != 7) {
        for (long k = 0; k < count; k++) {
          x += unzigzag(geometry.get(i++));
          y += unzigzag(geometry.get(i++));
          g.append('(').append(x).append(',').append(y).append(')');
        }
      }
    }
    return "type=" + type + " id=" + id + " " + g + " " + attributes;
  }

  private static long unzigzag(long n) {
    return (n >>> 1) ^ -(n & 1);
  }

  private static String value(Reader r) {
    String out = null;
    while (r.more()) {
      int tag = (int) r.varint();
      switch (tag >>> 3) {
        case 1 -> out = "string:" + r.string();
        case 2 -> out = "float:" + Float.intBitsToFloat((int) r.fixed(4));
        case 3 -> out = "double:" + Double.longBitsToDouble(r.fixed(8));
        case 4 -> out = "int:" + r.varint();
        case 5 -> out = "uint:" + r.varint();
        case 6 -> out = "sint:" + unzigzag(r.varint());
        case 7 -> out = "bool:" + (r.varint() != 0);
        default -> r.skip(tag & 7);
      }
    }
    return out;
  }

  private static final class Reader {
    final byte[] buf;
    int pos;
    final int end;

    Reader(byte[] buf, int pos, int end) {
      this.buf = buf;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = buf[pos++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
    }

    long fixed(int n) {
      long v = 0;
      for (int i = 0; i < n; i++) {
        v |= (long) (buf[pos++] & 0xFF) << (8 * i);
      }
      return v;
    }

    String string() {
      int len = (int) varint();
      String s = new String(buf, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return s;
    }

    void packed(List<Long> into) {
      int len = (int) varint();
      int stop = pos + len;
      while (pos < stop) {
        into.add(varint());
      }
    }

    void skip(int wireType) {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> pos += 8;
        case 2 -> pos += (int) varint();
        case 5 -> pos += 4;
        default -> throw new IllegalStateException("wire type " + wireType);
      }
    }
  }
}
