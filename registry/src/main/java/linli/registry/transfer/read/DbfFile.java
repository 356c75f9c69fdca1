package linli.registry.transfer.read;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import linli.registry.transfer.ImportFileException;

/**
 * Streams the records of a dBASE III table (the .dbf of a Shapefile): field types C (text), N/F
 * (numbers), L (logical) and D (date, YYYYMMDD); memo references are skipped; other types are
 * passed through as trimmed text.
 * Deleted records are reported as such so the caller can skip the matching shape. Text is decoded
 * only once the caller has chosen the charset, so the raw bytes can be sampled first.
 */
final class DbfFile implements Closeable {
  record Field(byte[] rawName, char type, int offset, int length) {}

  /** One record: null values map to nothing; deleted records carry no values. */
  record Record(boolean deleted, Map<String, String> values) {}

  private final Path path;
  private final DataInputStream in;
  private final int recordCount;
  private final int headerLength;
  private final int recordLength;
  private final int languageDriver;
  private final List<Field> fields = new ArrayList<>();
  private List<String> names;
  private Charset charset;
  private int read;

  DbfFile(Path path) throws IOException {
    this.path = path;
    long size = Files.size(path);
    InputStream raw = Files.newInputStream(path);
    this.in = new DataInputStream(new BufferedInputStream(raw, 64 * 1024));
    try {
      if (size < 33) {
        throw new ImportFileException("the .dbf file is only " + size + " bytes: too short (truncated?)");
      }
      byte[] head = new byte[32];
      in.readFully(head);
      ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
      recordCount = h.getInt(4);
      headerLength = h.getShort(8) & 0xFFFF;
      recordLength = h.getShort(10) & 0xFFFF;
      languageDriver = head[29] & 0xFF;
      if (recordCount < 0 || headerLength < 33 || recordLength < 1 || headerLength > size) {
        throw new ImportFileException("the .dbf file is damaged (its header is wrong)");
      }
      byte[] descriptors = new byte[headerLength - 32];
      in.readFully(descriptors);
      int offset = 1; // byte 0 of each record is the deletion flag
      for (int at = 0; at + 32 <= descriptors.length && descriptors[at] != 0x0D; at += 32) {
        int nameLength = 0;
        while (nameLength < 11 && descriptors[at + nameLength] != 0) {
          nameLength++;
        }
        byte[] name = new byte[nameLength];
        System.arraycopy(descriptors, at, name, 0, nameLength);
        int length = descriptors[at + 16] & 0xFF;
        fields.add(new Field(name, (char) (descriptors[at + 11] & 0xFF), offset, length));
        offset += length;
      }
      if (offset > recordLength) {
        throw new ImportFileException("the .dbf file is damaged (its fields are longer than its records)");
      }
      long needed = (long) headerLength + (long) recordCount * recordLength;
      if (size < needed) {
        long complete = (size - headerLength) / recordLength;
        throw new ImportFileException("truncated .dbf at record " + (complete + 1));
      }
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  int recordCount() {
    return recordCount;
  }

  int recordsRead() {
    return read;
  }

  /**
   * What the header's language driver byte says, for the few values that name GBK (0x4D and 0x7A
   * are code page 936); null otherwise: most writers leave it 0 or use it loosely.
   */
  Charset languageDriverCharset() {
    return languageDriver == 0x4D || languageDriver == 0x7A ? EncodingDetector.GB18030 : null;
  }

  /**
   * Whether the field names and the text fields of the first records (up to {@code maxBytes}) are
   * all UTF-8. Each is checked on its own, and may end in a cut character: writers truncate names
   * to 10 bytes and values to the field width without regard for multi-byte characters.
   */
  boolean looksUtf8(int maxBytes) throws IOException {
    for (Field f : fields) {
      if (!EncodingDetector.isUtf8(f.rawName, 0, f.rawName.length, true)) {
        return false;
      }
    }
    long seen = 0;
    try (InputStream s = new BufferedInputStream(Files.newInputStream(path))) {
      s.skipNBytes(headerLength);
      byte[] record = new byte[recordLength];
      for (int r = 0; r < recordCount && seen < maxBytes; r++) {
        if (s.readNBytes(record, 0, recordLength) < recordLength) {
          break;
        }
        for (Field f : fields) {
          if (f.type == 'C') {
            int end = trimmedEnd(record, f);
            if (!EncodingDetector.isUtf8(record, f.offset, end - f.offset, true)) {
              return false;
            }
            seen += end - f.offset;
          }
        }
      }
    }
    return true;
  }

  /** Decodes the field names; must be called before {@link #next()}. */
  void useCharset(Charset charset) {
    this.charset = charset;
    List<String> decoded = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < fields.size(); i++) {
      byte[] raw = fields.get(i).rawName;
      String name = decode(raw, 0, raw.length).strip();
      if (name.indexOf('\uFFFD') >= 0) {
        throw new ImportFileException("the .dbf field names are not valid " + charset.name()
            + " text: the file is in another encoding (choose UTF-8 or GBK)");
      }
      if (name.isEmpty()) {
        name = "field " + (i + 1);
      }
      String unique = name;
      for (int k = 2; !seen.add(unique); k++) {
        unique = name + " (" + k + ")";
      }
      decoded.add(unique);
    }
    names = List.copyOf(decoded);
  }

  List<String> names() {
    return names;
  }

  /** The next record, or null after the last one the header counts. */
  Record next() throws IOException {
    if (read >= recordCount) {
      return null;
    }
    byte[] record = new byte[recordLength];
    in.readFully(record);
    read++;
    if (record[0] == '*') {
      return new Record(true, Map.of());
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      String v = value(f, record);
      if (v != null && !v.isEmpty()) {
        values.put(names.get(i), v);
      }
    }
    return new Record(false, values);
  }

  private String value(Field f, byte[] record) {
    switch (f.type) {
      case 'N', 'F': {
        String t = ascii(record, f).strip();
        // Writers fill numbers that do not fit, or are null, with '*'
        return t.isEmpty() || t.chars().allMatch(c -> c == '*') ? null : ValueText.numberText(t);
      }
      case 'L': {
        String t = ascii(record, f).strip();
        if (t.isEmpty()) {
          return null;
        }
        char c = Character.toUpperCase(t.charAt(0));
        return c == 'T' || c == 'Y' ? "true" : c == 'F' || c == 'N' ? "false" : null; // '?' = unknown
      }
      case 'D': {
        String t = ascii(record, f).strip();
        if (t.isEmpty() || t.equals("00000000")) {
          return null;
        }
        return t.matches("\\d{8}") ? t.substring(0, 4) + "-" + t.substring(4, 6) + "-" + t.substring(6, 8) : t;
      }
      case 'M', 'G', 'P':
        return null; // a block number in a .dbt/.fpt memo file, which Shapefiles do not carry
      default:
        return decode(record, f.offset, trimmedEnd(record, f) - f.offset);
    }
  }

  /** Text is padded with spaces (some writers use NULs). */
  private static int trimmedEnd(byte[] record, Field f) {
    int end = f.offset + f.length;
    while (end > f.offset && (record[end - 1] == ' ' || record[end - 1] == 0)) {
      end--;
    }
    return end;
  }

  /**
   * Decodes text, dropping a character cut off at the end (GDAL truncates "容纳人数" in UTF-8 to 10
   * bytes, leaving a third of 数); anything else undecodable becomes U+FFFD and is reported.
   */
  private String decode(byte[] b, int off, int len) {
    for (int cut = 0; cut <= Math.min(3, len); cut++) {
      try {
        return charset.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b, off, len - cut)).toString();
      } catch (CharacterCodingException e) {
        // try without the last byte(s)
      }
    }
    return new String(b, off, len, charset);
  }

  private static String ascii(byte[] record, Field f) {
    return new String(record, f.offset, f.length, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
