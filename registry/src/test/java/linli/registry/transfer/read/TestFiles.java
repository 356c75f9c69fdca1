package linli.registry.transfer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import linli.registry.transfer.RecordReader;
import linli.registry.transfer.SourceRecord;

/** Helpers for the reader tests: GDAL as a subprocess, zips, a JVM with a small heap. */
final class TestFiles {
  private TestFiles() {}

  /** Runs a GDAL tool; fails the test (never skips) when it is missing, fails or hangs. */
  static String gdal(String... command) throws IOException, InterruptedException {
    Path exe = Path.of("/usr/bin", command[0]);
    if (!Files.isExecutable(exe)) {
      fail("GDAL's " + command[0] + " is required for this test (apt-get install gdal-bin)");
    }
    return run(120, command);
  }

  static String run(int timeoutSeconds, String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C.UTF-8");
    Process p = pb.start();
    byte[] out;
    try (var in = p.getInputStream()) {
      out = in.readAllBytes(); // the tools write little; reading first avoids a full pipe
    }
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      fail(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + text);
    }
    return text;
  }

  /** "Feature Count: n" of the first layer, as ogrinfo sees it. */
  static long ogrCount(Path file) throws IOException, InterruptedException {
    String info = gdal("ogrinfo", "-ro", "-al", "-so", file.toString());
    Matcher m = Pattern.compile("Feature Count: (\\d+)").matcher(info);
    assertThat(m.find()).as("ogrinfo output:\n%s", info).isTrue();
    return Long.parseLong(m.group(1));
  }

  /**
   * This JVM's class path with its directories (target/classes, target/test-classes) copied, so a
   * build running beside the test cannot recompile them away under the child JVM.
   */
  private static String snapshotClassPath(Path into) throws IOException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> out = new ArrayList<>();
    int n = 0;
    for (String entry : cp.split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (!Files.isDirectory(p)) {
        out.add(entry);
        continue;
      }
      Path copy = into.resolve("dir" + n++);
      try (var walk = Files.walk(p)) {
        for (Path f : walk.toList()) {
          Path target = copy.resolve(p.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(target);
          } else if (Files.exists(f)) {
            Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      } catch (java.nio.file.NoSuchFileException | java.io.UncheckedIOException ignored) {
        // a file a concurrent build removed meanwhile; the loaded classes are what matter
      }
      out.add(copy.toString());
    }
    return String.join(java.io.File.pathSeparator, out);
  }

  /** Zips files under the given entry names (in order). */
  static Path zip(Path zip, Map<String, Path> entries) throws IOException {
    return zip(zip, entries, StandardCharsets.UTF_8);
  }

  static Path zip(Path zip, Map<String, Path> entries, Charset names) throws IOException {
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip), names)) {
      for (Map.Entry<String, Path> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        Files.copy(e.getValue(), z);
        z.closeEntry();
      }
    }
    return zip;
  }

  /** Zips every file of a Shapefile layer ("dir/name.*") under its own name. */
  static Path zipLayer(Path dir, String name, Path zip, String... skipExtensions) throws IOException {
    Map<String, Path> entries = new LinkedHashMap<>();
    try (var files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        String n = p.getFileName().toString();
        String ext = n.substring(n.lastIndexOf('.') + 1);
        if (n.startsWith(name + ".") && !Arrays.asList(skipExtensions).contains(ext)) {
          entries.put(n, p);
        }
      }
    }
    return zip(zip, entries);
  }

  static void zipBytes(Path zip, Map<String, byte[]> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
  }

  static List<SourceRecord> readAll(RecordReader reader) throws IOException {
    List<SourceRecord> out = new ArrayList<>();
    try (reader) {
      for (Optional<SourceRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
        out.add(r.get());
      }
    }
    return out;
  }

  /**
   * Reads the file with RecordReaders in a fresh JVM whose heap is {@code heapMb} MiB: it can only
   * succeed if the reader streams. Returns the record count the child printed.
   */
  static long countInSmallHeap(Path file, String format, int heapMb) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = snapshotClassPath(file.getParent().resolve("classpath-" + heapMb));
    String out = run(300, java, "-Xmx" + heapMb + "m", "-XX:+ExitOnOutOfMemoryError", "-cp", cp,
        BoundedMemoryMain.class.getName(), file.toString(), format);
    Matcher m = Pattern.compile("records=(\\d+)").matcher(out);
    assertThat(m.find()).as("child output:\n%s", out).isTrue();
    return Long.parseLong(m.group(1));
  }
}
