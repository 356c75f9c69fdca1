package linli.registry.transfer.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import linli.registry.Violation;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.RecordReader;
import linli.registry.transfer.SourceRecord;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Streams a zipped Shapefile: the .shp and .dbf are read side by side, one feature at a time.
 * The .prj names the CRS ({@link PrjCrs}); text is decoded with the encoding asked for, else the
 * .cpg, else the .dbf's language driver if it says GBK, else {@link EncodingDetector} over the
 * .dbf's text. With a .shx the feature counts and the .shp's length are checked before the first
 * record, so a damaged upload fails before anything is imported.
 */
public final class ShapefileRecordReader implements RecordReader {
  /** How much .dbf text is sampled to detect its encoding. */
  private static final int SAMPLE_BYTES = 1024 * 1024;

  private final SafeUnzip unzipped;
  private final Path spooled;
  private final SafeUnzip.ShapefileParts parts;
  private final ShpFile shp;
  private final DbfFile dbf;
  private final String crs;
  private final Charset charset;
  /** The request named the encoding: it overrides the .cpg and the mixed-encoding check. */
  private final boolean asked;

  private ShapefileRecordReader(SafeUnzip unzipped, Path spooled, String encoding) throws IOException {
    this.unzipped = unzipped;
    this.spooled = spooled;
    ShpFile s = null;
    DbfFile d = null;
    try {
      parts = unzipped.shapefile();
      crs = parts.prj() == null ? null : PrjCrs.epsg(readText(parts.prj()), "in .prj");
      d = new DbfFile(parts.dbf());
      charset = chooseCharset(encoding, parts, d);
      asked = EncodingDetector.forName(encoding) != null;
      d.useCharset(charset);
      GeometryFactory gf = new GeometryFactory(new org.locationtech.jts.geom.PrecisionModel(), srid(crs));
      s = new ShpFile(parts.shp(), gf);
      if (parts.shx() != null) {
        checkAgainstIndex(parts.shx(), parts.shp(), d.recordCount());
      }
      shp = s;
      dbf = d;
    } catch (IOException | RuntimeException e) {
      closeQuietly(s, d);
      cleanUp();
      throw e;
    }
  }

  /** Reads a zip upload already on disk (e.g. the temp file of the upload). */
  public static ShapefileRecordReader open(Path zip, String encoding) throws IOException {
    checkIsZip(zip);
    return new ShapefileRecordReader(SafeUnzip.extract(zip), null, encoding);
  }

  /** Spools the zip to a temp file first (a zip's directory is at its end); closes {@code zip}. */
  public static ShapefileRecordReader open(InputStream zip, String encoding) throws IOException {
    Path tmp = Files.createTempFile("linli-upload-", ".zip");
    try (zip) {
      Files.copy(zip, tmp, StandardCopyOption.REPLACE_EXISTING);
      checkIsZip(tmp);
      return new ShapefileRecordReader(SafeUnzip.extract(tmp), tmp, encoding);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** The layer's name (the .shp file name without extension). */
  public String layerName() {
    return parts.name();
  }

  @Override
  public Optional<SourceRecord> next() throws IOException {
    while (true) {
      ShpFile.Shape shape = shp.next();
      if (shape == null) {
        if (dbf.recordsRead() < dbf.recordCount()) {
          throw new ImportFileException("the .shp has " + dbf.recordsRead() + " features but the .dbf has "
              + dbf.recordCount() + " records; the files do not belong together or one is damaged");
        }
        return Optional.empty();
      }
      DbfFile.Record record = dbf.next();
      if (record == null) {
        throw new ImportFileException("the .dbf has " + dbf.recordCount() + " records but the .shp has more features;"
            + " the files do not belong together or one is damaged");
      }
      if (record.deleted()) {
        continue; // deleted in the attribute table: the shape goes with it
      }
      long row = shape.feature();
      List<Violation> problems = new ArrayList<>();
      for (String p : shape.problems()) {
        problems.add(new Violation(Long.valueOf(row), "geometry", p));
      }
      ValueText.checkDecoding(row, record.values(), charset, asked, problems);
      return Optional.of(new SourceRecord(row, ValueText.freeze(record.values()), shape.geometry(), problems));
    }
  }

  @Override
  public String declaredCrs() {
    return crs;
  }

  @Override
  public String encoding() {
    return charset.name();
  }

  /** The .dbf's column names, in order. */
  public List<String> fieldNames() {
    return dbf.names();
  }

  @Override
  public void close() throws IOException {
    closeQuietly(shp, dbf);
    cleanUp();
  }

  private void cleanUp() throws IOException {
    unzipped.close();
    if (spooled != null) {
      Files.deleteIfExists(spooled);
    }
  }

  private static Charset chooseCharset(String requested, SafeUnzip.ShapefileParts parts, DbfFile dbf)
      throws IOException {
    Charset asked = EncodingDetector.forName(requested);
    if (asked != null) {
      return asked;
    }
    if (parts.cpg() != null) {
      try {
        Charset cpg = EncodingDetector.forName(readText(parts.cpg()));
        if (cpg != null) {
          return cpg;
        }
      } catch (ImportFileException unknownName) {
        // an odd .cpg is only a hint: fall through to detection
      }
    }
    Charset ldid = dbf.languageDriverCharset();
    if (ldid != null) {
      return ldid;
    }
    return dbf.looksUtf8(SAMPLE_BYTES) ? StandardCharsets.UTF_8 : EncodingDetector.GB18030;
  }

  /**
   * The .shx holds one 8-byte entry (offset, length) per feature: it tells how many features there
   * should be and whether the .shp holds them all, without reading the .shp.
   */
  private static void checkAgainstIndex(Path shx, Path shp, int dbfRecords) throws IOException {
    long shxSize = Files.size(shx);
    if (shxSize < 100 || (shxSize - 100) % 8 != 0) {
      return; // a damaged index is not needed for reading: ignore it
    }
    long features = (shxSize - 100) / 8;
    if (features != dbfRecords) {
      throw new ImportFileException("the .shp has " + features + " features but the .dbf has " + dbfRecords
          + " records; the files do not belong together or one is damaged");
    }
    long shpSize = Files.size(shp);
    try (java.io.DataInputStream in = new java.io.DataInputStream(
        new java.io.BufferedInputStream(Files.newInputStream(shx), 64 * 1024))) {
      in.skipNBytes(100);
      for (long f = 1; f <= features; f++) {
        long offset = (in.readInt() & 0xFFFFFFFFL) * 2;
        long length = (in.readInt() & 0xFFFFFFFFL) * 2;
        if (offset + 8 + length > shpSize) {
          throw new ImportFileException("truncated .shp at feature " + f);
        }
      }
    }
  }

  /** A lone .shp (or anything not a zip) gets a message saying what to upload instead. */
  private static void checkIsZip(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4);
    }
    if (head.length == 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x27 && head[3] == 0x0A) {
      throw new ImportFileException("this is a lone .shp file: upload a .zip holding the .shp with its .shx, .dbf"
          + " and .prj");
    }
    if (head.length < 2 || head[0] != 'P' || head[1] != 'K') {
      throw new ImportFileException("a Shapefile must be uploaded as a .zip holding its .shp, .shx, .dbf and .prj");
    }
  }

  private static String readText(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    int bom = EncodingDetector.bomLength(b, b.length, StandardCharsets.UTF_8);
    return new String(b, bom, b.length - bom, StandardCharsets.UTF_8).strip();
  }

  private static int srid(String crs) {
    return crs == null ? 0 : Integer.parseInt(crs.substring(crs.indexOf(':') + 1));
  }

  private static void closeQuietly(ShpFile s, DbfFile d) {
    try {
      if (s != null) {
        s.close();
      }
    } catch (IOException ignored) {
      // closing a read-only file
    }
    try {
      if (d != null) {
        d.close();
      }
    } catch (IOException ignored) {
      // closing a read-only file
    }
  }
}
