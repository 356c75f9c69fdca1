package linli.tiles;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes one Mapbox Vector Tile layer of points by hand (protobuf, MVT 2.1): the layer's name,
 * its features (POINT, one MoveTo, zigzag coordinates, tags), its keys and values dictionaries,
 * extent 4096 and version 2; fields in their numbers' order, as PostGIS's protobuf-c writes them.
 * Values are given already encoded ({@link #stringValue}, {@link #intValue}, ...) in a dictionary
 * of the caller's, so each distinct value is encoded once and kept; the writer numbers those a tile
 * uses in the order first used, as {@code ST_AsMVT} does. The first key is the feature's integer
 * id attribute, written per feature. Nothing is written for a layer without features (an empty tile).
 */
final class MvtLayerWriter {
  private final byte[] name;
  private final byte[][] keys;
  /** Features, each a length-delimited Feature message body, concatenated. */
  private final Buf features = new Buf(1024);
  /** The values used so far, in first-use order, and their tile-local numbers. */
  private final ValueNumbers numbers = new ValueNumbers();
  private int valueCount;
  private final Buf values = new Buf(1024);
  private final Buf feature = new Buf(64);
  private final Buf packed = new Buf(64);
  private int count;

  /** A layer {@code name} whose features carry (some of) {@code keys}, numbered in this order. */
  MvtLayerWriter(String name, String[] keys) {
    this.name = name.getBytes(StandardCharsets.UTF_8);
    this.keys = new byte[keys.length][];
    for (int i = 0; i < keys.length; i++) {
      this.keys[i] = keys[i].getBytes(StandardCharsets.UTF_8);
    }
  }

  int features() {
    return count;
  }

  /**
   * A point at tile coordinates {@code x}, {@code y} (already rounded, y down) whose first key
   * (the id) has the integer {@code id} and whose other keys {@code k = 1..} the value numbered
   * {@code values[from + k - 1]} in {@code dictionary} (an encoded Value message; -1: null, omitted).
   */
  void point(int x, int y, long id, int[] values, int from, byte[][] dictionary) {
    packed.reset();
    // The id: a value of its own (ids differ from feature to feature).
    packed.varint(0);
    packed.varint(valueCount++);
    if (id >= 0) {
      this.values.tag(4, 2);
      this.values.varint(1 + varintSize(id));
      this.values.tag(5, 0);
      this.values.varint(id);
    } else {
      byte[] encoded = intValue(id);
      this.values.tag(4, 2);
      this.values.varint(encoded.length);
      this.values.bytes(encoded, 0, encoded.length);
    }
    for (int k = 1; k < keys.length; k++) {
      int v = values[from + k - 1];
      if (v >= 0) {
        int local = numbers.get(v);
        if (local < 0) {
          byte[] encoded = dictionary[v];
          local = valueCount++;
          numbers.put(v, local);
          this.values.tag(4, 2);
          this.values.varint(encoded.length);
          this.values.bytes(encoded, 0, encoded.length);
        }
        packed.varint(k);
        packed.varint(local);
      }
    }
    feature.reset();
    feature.tag(2, 2);
    feature.varint(packed.size);
    feature.bytes(packed.data, 0, packed.size);
    feature.tag(3, 0);
    feature.varint(1); // POINT
    packed.reset();
    packed.varint(9); // MoveTo, once
    packed.varint(zigzag(x));
    packed.varint(zigzag(y));
    feature.tag(4, 2);
    feature.varint(packed.size);
    feature.bytes(packed.data, 0, packed.size);
    features.tag(2, 2);
    features.varint(feature.size);
    features.bytes(feature.data, 0, feature.size);
    count++;
  }

  private static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** The tile holding this one layer (a Tile message), or no bytes when it has no feature. */
  byte[] tile() {
    if (count == 0) {
      return new byte[0];
    }
    Buf layer = new Buf(features.size + values.size + 64);
    layer.tag(1, 2);
    layer.varint(name.length);
    layer.bytes(name, 0, name.length);
    layer.bytes(features.data, 0, features.size);
    for (byte[] key : keys) {
      layer.tag(3, 2);
      layer.varint(key.length);
      layer.bytes(key, 0, key.length);
    }
    layer.bytes(values.data, 0, values.size);
    layer.tag(5, 0);
    layer.varint(TileSql.EXTENT);
    layer.tag(15, 0);
    layer.varint(2);
    Buf tile = new Buf(layer.size + 8);
    tile.tag(3, 2);
    tile.varint(layer.size);
    tile.bytes(layer.data, 0, layer.size);
    return Arrays.copyOf(tile.data, tile.size);
  }

  static int zigzag(int n) {
    return (n << 1) ^ (n >> 31);
  }

  /** A Value message holding a string (as PostgreSQL's text, varchar and anything printed as text). */
  static byte[] stringValue(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    Buf b = new Buf(utf8.length + 6);
    b.tag(1, 2);
    b.varint(utf8.length);
    b.bytes(utf8, 0, utf8.length);
    return b.toArray();
  }

  /** A Value message holding an integer: uint_value when not negative, else sint_value (as PostGIS). */
  static byte[] intValue(long v) {
    Buf b = new Buf(12);
    if (v >= 0) {
      b.tag(5, 0);
      b.varint(v);
    } else {
      b.tag(6, 0);
      b.varint((v << 1) ^ (v >> 63));
    }
    return b.toArray();
  }

  static byte[] doubleValue(double v) {
    Buf b = new Buf(9);
    b.tag(3, 1);
    b.fixed64(Double.doubleToRawLongBits(v));
    return b.toArray();
  }

  static byte[] floatValue(float v) {
    Buf b = new Buf(5);
    b.tag(2, 5);
    int bits = Float.floatToRawIntBits(v);
    for (int i = 0; i < 4; i++) {
      b.write(bits >>> (8 * i));
    }
    return b.toArray();
  }

  static byte[] boolValue(boolean v) {
    return new byte[] {(byte) ((7 << 3) | 0), (byte) (v ? 1 : 0)};
  }

  /** Tile-local value numbers by dictionary number: an open-addressing int map (-1: absent). */
  private static final class ValueNumbers {
    private int[] keys = new int[64];
    private int[] numbers = new int[64];
    private int size;

    ValueNumbers() {
      Arrays.fill(keys, -1);
    }

    private static int slot(int key, int mask) {
      int h = key * 0x9E3779B9;
      return (h ^ (h >>> 16)) & mask;
    }

    int get(int key) {
      int mask = keys.length - 1;
      for (int i = slot(key, mask); ; i = (i + 1) & mask) {
        if (keys[i] == key) {
          return numbers[i];
        }
        if (keys[i] < 0) {
          return -1;
        }
      }
    }

    void put(int key, int number) {
      if ((size + 1) * 2 > keys.length) {
        int[] oldKeys = keys;
        int[] oldNumbers = numbers;
        keys = new int[oldKeys.length * 2];
        numbers = new int[oldKeys.length * 2];
        Arrays.fill(keys, -1);
        size = 0;
        for (int j = 0; j < oldKeys.length; j++) {
          if (oldKeys[j] >= 0) {
            put(oldKeys[j], oldNumbers[j]);
          }
        }
      }
      int mask = keys.length - 1;
      int i = slot(key, mask);
      while (keys[i] >= 0) {
        i = (i + 1) & mask;
      }
      keys[i] = key;
      numbers[i] = number;
      size++;
    }
  }

  /** A growable byte buffer with the protobuf primitives. */
  static final class Buf {
    byte[] data;
    int size;

    Buf(int capacity) {
      data = new byte[Math.max(16, capacity)];
    }

    void reset() {
      size = 0;
    }

    void write(int b) {
      if (size == data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[size++] = (byte) b;
    }

    void bytes(byte[] b, int off, int len) {
      if (size + len > data.length) {
        data = Arrays.copyOf(data, Math.max(data.length * 2, size + len));
      }
      System.arraycopy(b, off, data, size, len);
      size += len;
    }

    void tag(int field, int wireType) {
      varint((field << 3) | wireType);
    }

    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }

    void fixed64(long v) {
      for (int i = 0; i < 8; i++) {
        write((int) (v >>> (8 * i)));
      }
    }

    byte[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
