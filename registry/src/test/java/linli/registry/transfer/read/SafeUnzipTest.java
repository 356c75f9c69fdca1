package linli.registry.transfer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import linli.registry.transfer.ImportFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeUnzipTest {
  @TempDir
  Path dir;

  @Test
  void extractsFindsTheShapefileInASubFolderAndMatchesSidecarsIgnoringCase() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("export/", new byte[0]);
    entries.put("export/ROADS.SHP", bytes("shp"));
    entries.put("export/roads.Shx", bytes("shx"));
    entries.put("export/Roads.dbf", bytes("dbf"));
    entries.put("export/roads.PRJ", bytes("prj"));
    entries.put("export/readme.txt", bytes("hi"));
    entries.put("__MACOSX/export/._ROADS.SHP", bytes("apple double"));
    entries.put("export/.DS_Store", bytes("finder"));
    Path zip = dir.resolve("roads.zip");
    TestFiles.zipBytes(zip, entries);
    Path extractedTo;
    try (SafeUnzip u = SafeUnzip.extract(zip, SafeUnzip.Limits.DEFAULT, dir)) {
      extractedTo = u.dir();
      assertThat(extractedTo.getParent()).isEqualTo(dir);
      assertThat(u.files()).hasSize(5);
      SafeUnzip.ShapefileParts p = u.shapefile();
      assertThat(p.name()).isEqualTo("ROADS");
      assertThat(p.shp().getFileName()).hasToString("ROADS.SHP");
      assertThat(Files.readString(p.dbf())).isEqualTo("dbf");
      assertThat(p.shx().getFileName()).hasToString("roads.Shx");
      assertThat(p.prj().getFileName()).hasToString("roads.PRJ");
      assertThat(p.cpg()).isNull();
      assertThat(p.shp().getParent().getFileName()).hasToString("export");
    }
    assertThat(extractedTo).doesNotExist();
  }

  @Test
  void refusesPathTraversal() throws Exception {
    for (String name : new String[] {"../evil.txt", "a/../../evil.txt", "..\\evil.txt", "/tmp/evil.txt", "C:/evil.txt"}) {
      Path zip = dir.resolve("evil.zip");
      TestFiles.zipBytes(zip, Map.of("ok.txt", bytes("fine"), name, bytes("pwned")));
      assertThatThrownBy(() -> SafeUnzip.extract(zip, SafeUnzip.Limits.DEFAULT, dir)).as(name)
          .isInstanceOf(ImportFileException.class).hasMessageContaining("refused");
    }
    assertThat(dir.getParent().resolve("evil.txt")).doesNotExist();
    assertThat(Path.of(System.getProperty("java.io.tmpdir"), "evil.txt")).doesNotExist();
    assertThat(leftoverTempDirs()).isZero();
  }

  @Test
  void refusesAZipBomb() throws Exception {
    Path zip = dir.resolve("bomb.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("bomb.shp"));
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < 50; i++) {
        z.write(zeros); // 50 MiB of zeros pack to about 50 KiB
      }
      z.closeEntry();
    }
    assertThat(Files.size(zip)).isLessThan(200 * 1024);
    assertThatThrownBy(() -> SafeUnzip.extract(zip, SafeUnzip.Limits.DEFAULT, dir))
        .isInstanceOf(ImportFileException.class)
        .hasMessageContaining("'bomb.shp' expands more than 200 times").hasMessageContaining("zip bomb");
    assertThat(leftoverTempDirs()).isZero();
  }

  @Test
  void capsEntryCountAndTotalSize() throws Exception {
    Map<String, byte[]> many = new LinkedHashMap<>();
    for (int i = 0; i < 11; i++) {
      many.put("f" + i + ".txt", bytes("x"));
    }
    Path zip = dir.resolve("many.zip");
    TestFiles.zipBytes(zip, many);
    SafeUnzip.Limits ten = new SafeUnzip.Limits(10, 1L << 30, 200, 1 << 20);
    assertThatThrownBy(() -> SafeUnzip.extract(zip, ten))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("11 entries; at most 10");

    byte[] random = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(random); // incompressible: only the total size cap can stop it
    Path big = dir.resolve("big.zip");
    TestFiles.zipBytes(big, Map.of("a.bin", random));
    SafeUnzip.Limits twoMiB = new SafeUnzip.Limits(1000, 2 * 1024 * 1024, 200, 1 << 20);
    assertThatThrownBy(() -> SafeUnzip.extract(big, twoMiB))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("more than 2 MiB");
    try (SafeUnzip u = SafeUnzip.extract(big)) {
      assertThat(Files.readAllBytes(u.files().get(0))).isEqualTo(random);
    }
  }

  @Test
  void aTruncatedZipIsReportedAsIncomplete() throws Exception {
    byte[] random = new byte[200_000];
    new Random(1).nextBytes(random);
    Path zip = dir.resolve("whole.zip");
    TestFiles.zipBytes(zip, Map.of("a.shp", random, "a.dbf", random));
    byte[] bytes = Files.readAllBytes(zip);
    Path cut = Files.write(dir.resolve("cut.zip"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
    assertThatThrownBy(() -> SafeUnzip.extract(cut))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("incomplete or damaged");
  }

  @Test
  void shapefileLookupErrorsAreClear() throws Exception {
    Path none = dir.resolve("none.zip");
    TestFiles.zipBytes(none, Map.of("roads.dbf", bytes("d")));
    try (SafeUnzip u = SafeUnzip.extract(none)) {
      assertThatThrownBy(u::shapefile).hasMessage("the zip has no .shp file");
    }
    Path two = dir.resolve("two.zip");
    TestFiles.zipBytes(two, new LinkedHashMap<>(Map.of("a.shp", bytes("1"), "b/c.shp", bytes("2"))));
    try (SafeUnzip u = SafeUnzip.extract(two)) {
      assertThatThrownBy(u::shapefile).hasMessageContaining("2 .shp files").hasMessageContaining("one layer per zip");
    }
    Path noDbf = dir.resolve("nodbf.zip");
    TestFiles.zipBytes(noDbf, Map.of("roads.shp", bytes("s"), "roads.shx", bytes("x"), "other.dbf", bytes("d")));
    try (SafeUnzip u = SafeUnzip.extract(noDbf)) {
      assertThatThrownBy(u::shapefile).hasMessageStartingWith("the zip has no .dbf for roads.shp");
    }
  }

  @Test
  void understandsGbkEntryNamesFromChineseWindows() throws Exception {
    Path zip = dir.resolve("gbk.zip");
    Charset gbk = Charset.forName("GBK");
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out, gbk)) {
      for (String ext : new String[] {"shp", "shx", "dbf"}) {
        z.putNextEntry(new ZipEntry("应急避难场所." + ext)); // no UTF-8 flag, as Explorer writes them
        z.write(bytes(ext));
        z.closeEntry();
      }
    }
    assertThat(new String(Files.readAllBytes(zip), StandardCharsets.ISO_8859_1))
        .contains(new String("应急避难场所".getBytes(gbk), StandardCharsets.ISO_8859_1));
    try (SafeUnzip u = SafeUnzip.extract(zip)) {
      assertThat(u.shapefile().name()).isEqualTo("应急避难场所");
    }
    assertThat(SafeUnzip.entryNames(zip)).contains("应急避难场所.dbf");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Directories failed extractions left behind in this test's temp dir (there must be none). */
  private long leftoverTempDirs() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("linli-unzip-")).count();
    }
  }
}
