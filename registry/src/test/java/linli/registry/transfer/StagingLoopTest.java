package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import linli.registry.Violation;
import org.junit.jupiter.api.Test;

/** The one staging loop, with a profile made in the test and COPY text written to a string. */
class StagingLoopTest {
  /**
   * Stages "name" as (row, name) and "copies" of them; rejects a row without a name while mapping
   * and a row named "late" only when staging (as the facility profile rejects a point outside the area).
   */
  private static final class NamesProfile implements ImportProfile<String[]> {
    private final int columns;

    NamesProfile(int columns) {
      this.columns = columns;
    }

    @Override
    public String createStage() {
      return "CREATE TEMP TABLE names_stage (row bigint, name text, more text)";
    }

    @Override
    public String stageName() {
      return "names_stage";
    }

    @Override
    public List<String> copyColumns() {
      return List.of("row", "name", "more").subList(0, columns);
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("name", "name", "名称", "name", "copies", "copies");
    }

    @Override
    public MappedRow<String[]> map(SourceRecord record) {
      RecordFields f = RecordFields.of(record, headers());
      if (!f.has("name")) {
        f.reject("name", "is required");
      }
      Integer copies = f.count("copies");
      return f.isClean() ? MappedRow.staged(new String[] {Long.toString(f.row()), f.get("name"),
          Integer.toString(copies == null ? 1 : copies)}) : MappedRow.rejected(f.violations());
    }

    @Override
    public List<Violation> stage(String[] mapped, StageRows out) throws IOException {
      if (mapped[1].equals("late")) {
        return List.of(new Violation(Long.parseLong(mapped[0]), "name", "is refused when staged"));
      }
      for (int i = 0; i < Integer.parseInt(mapped[2]); i++) {
        out.row(Long.parseLong(mapped[0]), mapped[1]);
      }
      return List.of();
    }
  }

  /** Progress as reported: (read, valid) pairs. */
  private static final class Progress implements ImportProgress {
    final List<long[]> calls = new ArrayList<>();

    @Override
    public void rows(long read, long valid) {
      calls.add(new long[] {read, valid});
    }
  }

  @Test
  void goodRowsAreCopiedInFileOrderAndBadOnesRejectedWithRowAndField() throws Exception {
    ListReader reader = ListReader.table(
        new String[] {" Name ", "copies", "unknown"},
        new String[] {"甲", "", "x"},
        new String[] {"  ", "1", "x"},
        new String[] {"tab\there\\and\nnew\rline", "2", "x"},
        new String[] {"late", "1", "x"},
        new String[] {"乙", "-1", "x"},
        new String[] {"丙", "two", "x"});
    StringWriter out = new StringWriter();
    RejectedRows rejected = new RejectedRows();
    Progress progress = new Progress();

    StagingLoop.Counts counts = StagingLoop.run(reader, new NamesProfile(2), out, rejected, progress);

    // COPY text: tab-separated, escaped, the two copies of row 3 both, nothing of the rejected rows.
    assertThat(out.toString()).isEqualTo("1\t甲\n3\ttab\\there\\\\and\\nnew\\rline\n3\ttab\\there\\\\and\\nnew\\rline\n");
    assertThat(rejected.list()).containsExactly(
        new Violation(2L, "name", "is required"),
        new Violation(4L, "name", "is refused when staged"),
        new Violation(5L, "copies", "must not be negative"),
        new Violation(6L, "copies", "'two' is not a whole number"));
    assertThat(rejected.count()).isEqualTo(4);
    assertThat(counts).isEqualTo(new StagingLoop.Counts(6, 2));
    assertThat(progress.calls).hasSize(1);
    assertThat(progress.calls.get(0)).containsExactly(6, 2);
  }

  @Test
  void progressIsReportedEvery16384RecordsAndAtTheEnd() throws Exception {
    String[][] table = new String[40_001][];
    table[0] = new String[] {"name"};
    for (int i = 1; i < table.length; i++) {
      table[i] = new String[] {i % 4 == 0 ? "" : "n" + i};
    }
    Progress progress = new Progress();
    StringWriter out = new StringWriter();

    StagingLoop.run(ListReader.table(table), new NamesProfile(2), out, new RejectedRows(), progress);

    assertThat(progress.calls).extracting(c -> c[0] + "/" + c[1])
        .containsExactly("16384/12288", "32768/24576", "40000/30000");
    assertThat(out.toString().lines()).hasSize(30_000);
  }

  @Test
  void theCopyNamesTheStageAndItsColumns() {
    assertThat(StagingLoop.copy(new NamesProfile(2))).isEqualTo("COPY names_stage (row, name) FROM STDIN");
  }

  @Test
  void aStagedRowOfTheWrongLengthIsAMistakeOfTheProfile() {
    ListReader reader = ListReader.table(new String[] {"name"}, new String[] {"甲"});
    assertThatThrownBy(() -> StagingLoop.run(reader, new NamesProfile(3), new StringWriter(), new RejectedRows(),
        ImportProgress.NONE)).isInstanceOf(IllegalStateException.class)
        .hasMessage("a staged row has 2 values for 3 columns");
  }

  @Test
  void aFileThatStopsBeingReadableStopsTheLoopAfterTheRowsBeforeIt() {
    RecordReader failing = new RecordReader() {
      private long row;

      @Override
      public Optional<SourceRecord> next() {
        if (++row == 3) {
          throw new ImportFileException("row 3 cannot be read");
        }
        Map<String, String> a = new LinkedHashMap<>();
        a.put("name", "n" + row);
        return Optional.of(new SourceRecord(row, a, null, List.of()));
      }

      @Override
      public void close() {}
    };
    StringWriter out = new StringWriter();
    assertThatThrownBy(() -> StagingLoop.run(failing, new NamesProfile(2), out, new RejectedRows(), ImportProgress.NONE))
        .isInstanceOf(ImportFileException.class).hasMessage("row 3 cannot be read");
    assertThat(out.toString()).isEqualTo("1\tn1\n2\tn2\n");
  }

  @Test
  void whatTheReaderFoundWrongRejectsTheRowBeforeTheProfileLooks() throws Exception {
    SourceRecord unreadable = new SourceRecord(1, Map.of("name", "甲"), null,
        List.of(new Violation(1L, "geometry", "cannot be read")));
    RecordReader reader = new ListReader(List.of(unreadable), null);
    RejectedRows rejected = new RejectedRows();
    StringWriter out = new StringWriter();

    StagingLoop.run(reader, new NamesProfile(2), out, rejected, ImportProgress.NONE);

    assertThat(rejected.list()).containsExactly(new Violation(1L, "geometry", "cannot be read"));
    assertThat(out.toString()).isEmpty();
  }
}
