package linli.registry.transfer.read;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import linli.registry.transfer.ImportFileException;

/**
 * Unpacks an uploaded zip into a fresh temporary directory without trusting it: entry names that
 * climb out ("../", absolute paths, drive letters) are refused, and entry count, total size and
 * compression ratio are capped, counting the bytes actually inflated (the sizes a zip declares
 * can lie). Mac archive litter (__MACOSX/, ._*, .DS_Store) and directory entries are skipped.
 * Entry names written by Windows in GBK (no UTF-8 flag) are understood.
 *
 * <p>{@link #close()} deletes the directory and everything in it.
 */
public final class SafeUnzip implements Closeable {
  /**
   * @param maxEntries most entries a zip may have
   * @param maxTotalBytes most bytes all entries may inflate to
   * @param maxRatio most an entry may inflate relative to its compressed size ...
   * @param ratioFloorBytes ... once it is larger than this (tiny files compress absurdly well)
   */
  public record Limits(int maxEntries, long maxTotalBytes, long maxRatio, long ratioFloorBytes) {
    public static final Limits DEFAULT = new Limits(1_000, 2L * 1024 * 1024 * 1024, 200, 1024 * 1024);
  }

  /** The files of one Shapefile layer; shx, prj and cpg may be null. */
  public record ShapefileParts(String name, Path shp, Path shx, Path dbf, Path prj, Path cpg) {}

  private final Path dir;
  private final List<Path> files;

  private SafeUnzip(Path dir, List<Path> files) {
    this.dir = dir;
    this.files = List.copyOf(files);
  }

  public static SafeUnzip extract(Path zip) throws IOException {
    return extract(zip, Limits.DEFAULT);
  }

  public static SafeUnzip extract(Path zip, Limits limits) throws IOException {
    return extract(zip, limits, null);
  }

  /** @param tempRoot where to create the directory (null: the system temp directory) */
  public static SafeUnzip extract(Path zip, Limits limits, Path tempRoot) throws IOException {
    Path dir = tempRoot == null ? Files.createTempDirectory("linli-unzip-")
        : Files.createTempDirectory(tempRoot, "linli-unzip-");
    List<Path> files = new ArrayList<>();
    try (ZipFile zf = open(zip)) {
      if (zf.size() > limits.maxEntries()) {
        throw new ImportFileException("the zip has " + zf.size() + " entries; at most " + limits.maxEntries()
            + " are accepted");
      }
      long total = 0;
      int count = 0;
      Enumeration<? extends ZipEntry> entries = zf.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (++count > limits.maxEntries()) {
          throw new ImportFileException("the zip has more than " + limits.maxEntries() + " entries");
        }
        String name = checkedName(e.getName());
        if (name == null) {
          continue;
        }
        Path target;
        try {
          target = dir.resolve(name).normalize();
        } catch (InvalidPathException ex) {
          throw new ImportFileException("the zip has an entry with an unusable name: " + e.getName());
        }
        if (!target.startsWith(dir) || target.equals(dir)) {
          throw new ImportFileException("the zip entry '" + e.getName() + "' points outside the zip; refused");
        }
        if (e.getSize() > limits.maxTotalBytes() - total) {
          throw tooLarge(limits);
        }
        Files.createDirectories(target.getParent());
        total += copy(zf, e, target, limits, limits.maxTotalBytes() - total);
        files.add(target);
      }
      return new SafeUnzip(dir, files);
    } catch (IOException | RuntimeException ex) {
      delete(dir);
      throw ex;
    }
  }

  /** The names of the zip's entries (for telling a zipped Shapefile from an .xlsx), unextracted. */
  public static List<String> entryNames(Path zip) throws IOException {
    try (ZipFile zf = open(zip)) {
      List<String> names = new ArrayList<>();
      zf.stream().forEach(e -> names.add(e.getName()));
      return names;
    }
  }

  public Path dir() {
    return dir;
  }

  public List<Path> files() {
    return files;
  }

  /**
   * The single Shapefile layer in the zip (a sub-folder is fine) with its sidecars, whose names
   * are matched ignoring case (ROADS.SHP with roads.dbf).
   *
   * @throws ImportFileException when there is no .shp, more than one, or no .dbf beside it
   */
  public ShapefileParts shapefile() {
    List<Path> shps = files.stream().filter(p -> extension(p).equals("shp")).toList();
    if (shps.isEmpty()) {
      throw new ImportFileException("the zip has no .shp file");
    }
    if (shps.size() > 1) {
      throw new ImportFileException("the zip has " + shps.size() + " .shp files ("
          + String.join(", ", shps.stream().map(p -> dir.relativize(p).toString()).toList())
          + "); upload one layer per zip");
    }
    Path shp = shps.get(0);
    String file = shp.getFileName().toString();
    String base = file.substring(0, file.length() - 4);
    Path dbf = sidecar(shp, base, "dbf");
    if (dbf == null) {
      throw new ImportFileException("the zip has no .dbf for " + file + " (a Shapefile needs its .shp, .shx and .dbf)");
    }
    return new ShapefileParts(base, shp, sidecar(shp, base, "shx"), dbf, sidecar(shp, base, "prj"),
        sidecar(shp, base, "cpg"));
  }

  @Override
  public void close() throws IOException {
    delete(dir);
  }

  private Path sidecar(Path shp, String base, String ext) {
    for (Path p : files) {
      String n = p.getFileName().toString();
      if (p.getParent().equals(shp.getParent()) && n.length() == base.length() + 4
          && n.regionMatches(true, 0, base, 0, base.length()) && n.charAt(base.length()) == '.'
          && extension(p).equals(ext)) {
        return p;
      }
    }
    return null;
  }

  private static String extension(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * Opens the zip reading entry names as UTF-8, and if they are not (a zip made by Windows
   * Explorer or WinRAR on a Chinese system stores GBK names without the UTF-8 flag) as GB18030.
   */
  static ZipFile open(Path zip) throws IOException {
    ZipException first = null;
    for (Charset cs : new Charset[] {StandardCharsets.UTF_8, EncodingDetector.GB18030}) {
      ZipFile zf = null;
      try {
        zf = new ZipFile(zip.toFile(), cs);
        zf.stream().forEach(ZipEntry::getName); // decode every name now, not halfway through
        return zf;
      } catch (ZipException e) {
        // Java reports undecodable names as "invalid CEN header (bad entry name)"
        first = first == null ? e : first;
        close(zf);
      } catch (IllegalArgumentException e) {
        first = first == null ? new ZipException(e.getMessage()) : first;
        close(zf);
      }
    }
    throw new ImportFileException("the zip file is incomplete or damaged (was the upload cut short?)", first);
  }

  private static void close(ZipFile zf) {
    if (zf != null) {
      try {
        zf.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  /** As {@link #checkedName} but null instead of an exception (for a first look at a zip). */
  static String checkedNameOrNull(String raw) {
    try {
      return checkedName(raw);
    } catch (ImportFileException e) {
      return null;
    }
  }

  /** The entry's name with '/' separators, or null to skip it; throws for a name that climbs out. */
  static String checkedName(String raw) {
    String name = raw.replace('\\', '/');
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      throw new ImportFileException("the zip entry '" + raw + "' has an absolute path; refused");
    }
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        throw new ImportFileException("the zip entry '" + raw + "' points outside the zip; refused");
      }
    }
    if (name.endsWith("/")) {
      return null; // a directory
    }
    String file = name.substring(name.lastIndexOf('/') + 1);
    if (name.startsWith("__MACOSX/") || name.contains("/__MACOSX/") || file.startsWith("._")
        || file.equals(".DS_Store") || file.equalsIgnoreCase("Thumbs.db")) {
      return null;
    }
    return name;
  }

  private static long copy(ZipFile zf, ZipEntry e, Path target, Limits limits, long budget) throws IOException {
    long compressed = Math.max(1, e.getCompressedSize());
    long written = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = zf.getInputStream(e);
        OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        written += n;
        if (written > budget) {
          throw tooLarge(limits);
        }
        if (written > limits.ratioFloorBytes() && written > limits.maxRatio() * compressed) {
          throw new ImportFileException("the zip entry '" + e.getName() + "' expands more than " + limits.maxRatio()
              + " times its packed size (a zip bomb?); refused");
        }
        out.write(buf, 0, n);
      }
    } catch (FileAlreadyExistsException ex) {
      throw new ImportFileException("the zip holds '" + e.getName() + "' twice");
    } catch (ZipException | java.io.EOFException ex) {
      throw new ImportFileException("the zip entry '" + e.getName() + "' is damaged: " + ex.getMessage(), ex);
    }
    return written;
  }

  private static ImportFileException tooLarge(Limits limits) {
    return new ImportFileException("the zip unpacks to more than " + limits.maxTotalBytes() / (1024 * 1024)
        + " MiB; refused");
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover temp dir is not worth failing the import for
    }
  }
}
