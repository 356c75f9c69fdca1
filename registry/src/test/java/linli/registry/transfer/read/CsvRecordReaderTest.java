package linli.registry.transfer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRecordReaderTest {
  private static final String CSV = "名称,地址,经度,纬度,容纳人数,启用日期\r\n"
      + "八大关应急避难场所,\"青岛市市南区, 香港西路\",120.3512,36.0543,1200,2019-05-01\r\n"
      + "\"五四广场\"\"北区\"\"\",\"多行\n地址\",120.3845,36.0620,,2020-10-01\r\n"
      + "\r\n"
      + "李村公园,李沧区书院路,120.4301,36.1551,800,\r\n";

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"UTF-8", "UTF-8+BOM", "GBK"})
  void readsChineseHeadersAndValuesInEachEncoding(String encoding) throws Exception {
    Path file = write(encoding);
    try (CsvRecordReader reader = new CsvRecordReader(file, null)) {
      assertThat(reader.header()).containsExactly("名称", "地址", "经度", "纬度", "容纳人数", "启用日期");
      assertThat(reader.encoding()).isEqualTo(encoding.equals("GBK") ? "GB18030" : "UTF-8");
      List<SourceRecord> rows = TestFiles.readAll(reader);
      assertThat(rows).hasSize(3);
      assertThat(rows.get(0).row()).as("Excel's row: the header is row 1").isEqualTo(2);
      assertThat(rows.get(0).attributes()).containsExactly(
          Map.entry("名称", "八大关应急避难场所"), Map.entry("地址", "青岛市市南区, 香港西路"),
          Map.entry("经度", "120.3512"), Map.entry("纬度", "36.0543"), Map.entry("容纳人数", "1200"),
          Map.entry("启用日期", "2019-05-01"));
      assertThat(rows.get(1).attributes()).containsEntry("名称", "五四广场\"北区\"")
          .containsEntry("地址", "多行\n地址").doesNotContainKey("容纳人数");
      // The multi-line address is one row in Excel; the blank line is a row there, though not a record.
      assertThat(rows.get(2).row()).isEqualTo(5);
      assertThat(rows.get(2).attributes()).containsEntry("名称", "李村公园").doesNotContainKey("启用日期");
      assertThat(rows).allSatisfy(r -> {
        assertThat(r.geometry()).isNull();
        assertThat(r.problems()).isEmpty();
      });
    }
  }

  @Test
  void anExplicitEncodingWins() throws Exception {
    Path file = write("GBK");
    assertThatThrownBy(() -> new CsvRecordReader(file, "UTF-8"))
        .isInstanceOf(ImportFileException.class)
        .hasMessage("the header row is not valid UTF-8 text: the file is in another encoding (choose UTF-8 or GBK)");
    List<SourceRecord> asGbk = TestFiles.readAll(new CsvRecordReader(file, "gbk"));
    assertThat(asGbk.get(0).attributes()).containsEntry("名称", "八大关应急避难场所");
  }

  @Test
  void raggedRowsAreReportedOnTheirRow() throws Exception {
    Path file = dir.resolve("ragged.csv");
    Files.writeString(file, "名称,经度,纬度\n甲,120.1,36.1\n乙,120.2\n丙,120.3,36.3,多余\n丁,120.4,36.4,\n");
    List<SourceRecord> rows = TestFiles.readAll(new CsvRecordReader(file, null));
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).problems()).isEmpty();
    assertThat(rows.get(1).attributes()).containsOnly(Map.entry("名称", "乙"), Map.entry("经度", "120.2"));
    assertThat(rows.get(1).problems()).singleElement().satisfies(v -> {
      assertThat(v.row()).isEqualTo(3L);
      assertThat(v.message()).isEqualTo("the row has 2 values but the header has 3 columns");
    });
    assertThat(rows.get(2).problems()).singleElement()
        .satisfies(v -> assertThat(v.message()).contains("4 values").contains("extra values were ignored"));
    assertThat(rows.get(3).problems()).as("a trailing empty value is harmless").isEmpty();
  }

  @Test
  void tabSeparatedTextIsRecognised() throws Exception {
    Path file = dir.resolve("tabs.txt");
    Files.writeString(file, "名称\t地址\n甲\t市南区, 香港中路\n");
    assertThat(TestFiles.readAll(new CsvRecordReader(file, null)).get(0).attributes())
        .containsExactly(Map.entry("名称", "甲"), Map.entry("地址", "市南区, 香港中路"));
    // Excel's "Unicode text": UTF-16LE with a BOM, tab separated
    Path unicode = Files.write(dir.resolve("unicode.txt"),
        "\uFEFF名称\t地址\r\n乙\t崂山区\r\n".getBytes(StandardCharsets.UTF_16LE));
    try (CsvRecordReader r = new CsvRecordReader(unicode, null)) {
      assertThat(r.encoding()).isEqualTo("UTF-16LE");
      assertThat(r.header()).containsExactly("名称", "地址");
      assertThat(r.next()).get().satisfies(rec -> assertThat(rec.attributes()).containsEntry("地址", "崂山区"));
    }
  }

  @Test
  void headerProblemsFailTheFile() throws Exception {
    Path empty = Files.write(dir.resolve("empty.csv"), new byte[0]);
    assertThatThrownBy(() -> new CsvRecordReader(empty, null))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("no header row");
    Path twice = Files.writeString(dir.resolve("twice.csv"), "名称,地址,名称\na,b,c\n");
    assertThatThrownBy(() -> new CsvRecordReader(twice, null))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("'名称' twice (columns 1 and 3)");
    Path headerOnly = Files.writeString(dir.resolve("header.csv"), "名称,,地址\n");
    try (CsvRecordReader r = new CsvRecordReader(headerOnly, null)) {
      assertThat(r.header()).containsExactly("名称", "column 2", "地址");
      assertThat(r.next()).isEmpty();
    }
  }

  @Test
  void anUnclosedQuoteIsAFileError() throws Exception {
    Path file = Files.writeString(dir.resolve("quote.csv"), "名称,地址\n甲,\"市南区\n乙,崂山区\n");
    assertThatThrownBy(() -> TestFiles.readAll(new CsvRecordReader(file, null)))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("malformed");
  }

  @Test
  void gbkAfterTheDetectionWindowIsFlaggedNotSilentlyGarbled() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("名称,编号\n".getBytes(StandardCharsets.UTF_8));
    int n = 0;
    while (b.size() < EncodingDetector.PREFIX_BYTES + 100) {
      b.writeBytes(("row" + n + "," + n++ + "\n").getBytes(StandardCharsets.UTF_8));
    }
    b.writeBytes("应急,1\n".getBytes(Charset.forName("GBK")));
    Path file = Files.write(dir.resolve("late.csv"), b.toByteArray());
    List<SourceRecord> rows = TestFiles.readAll(new CsvRecordReader(file, null));
    SourceRecord last = rows.get(rows.size() - 1);
    assertThat(last.problems()).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("名称");
      assertThat(v.message()).contains("not valid UTF-8");
    });
  }

  @Test
  void oneUtf8LineInAGbkFileIsNamedUnlessGbkIsGiven() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("名称,地址\n八大关,市南区\n".getBytes(Charset.forName("GBK")));
    b.writeBytes("五四广场,东海西路\n".getBytes(StandardCharsets.UTF_8));
    b.writeBytes("李村公园,李沧区\n".getBytes(Charset.forName("GBK")));
    Path file = Files.write(dir.resolve("mixed.csv"), b.toByteArray());
    try (CsvRecordReader reader = new CsvRecordReader(file, null)) {
      assertThat(reader.encoding()).isEqualTo("GB18030");
      List<SourceRecord> rows = TestFiles.readAll(reader);
      assertThat(rows.get(0).problems()).isEmpty();
      assertThat(rows.get(0).attributes()).containsEntry("名称", "八大关");
      assertThat(rows.get(1).problems()).extracting(v -> v.row(), v -> v.field()).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple(3L, "名称"), org.assertj.core.groups.Tuple.tuple(3L, "地址"));
      assertThat(rows.get(1).problems().get(0).message()).contains("UTF-8 text while the file is GBK");
      assertThat(rows.get(2).problems()).isEmpty();
    }
    // The user says GBK: taken as written, no guessing.
    try (CsvRecordReader reader = new CsvRecordReader(file, "GBK")) {
      assertThat(TestFiles.readAll(reader)).allSatisfy(r -> assertThat(r.problems()).isEmpty());
    }
    // Real GBK text of every row of the sample file is never mistaken for UTF-8.
    try (CsvRecordReader reader = new CsvRecordReader(write("GBK"), null)) {
      assertThat(TestFiles.readAll(reader)).allSatisfy(r -> assertThat(r.problems()).isEmpty());
    }
  }

  private Path write(String encoding) throws Exception {
    byte[] bytes = switch (encoding) {
      case "UTF-8" -> CSV.getBytes(StandardCharsets.UTF_8);
      case "UTF-8+BOM" -> ("\uFEFF" + CSV).getBytes(StandardCharsets.UTF_8);
      case "GBK" -> CSV.getBytes(Charset.forName("GBK"));
      default -> throw new IllegalArgumentException(encoding);
    };
    return Files.write(dir.resolve(encoding + ".csv"), bytes);
  }
}
