package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import linli.registry.crs.CoordinateSystem;
import org.junit.jupiter.api.Test;

class MappedRecordsTest {
  private final FacilityRowMapper mapper = new FacilityRowMapper(new FacilityRowMapper.Settings(
      Map.of("police_office", "police_office"), null, CoordinateSystem.CGCS2000));

  /** {@code n} records named by their row; the row {@code failAt} (if any) cannot be read. */
  private static RecordReader records(int n, int failAt) {
    return new RecordReader() {
      private int row;

      @Override
      public Optional<SourceRecord> next() {
        if (row == n) {
          return Optional.empty();
        }
        if (++row == failAt) {
          throw new ImportFileException("unreadable record " + row);
        }
        Map<String, String> a = new LinkedHashMap<>();
        a.put("name", "警务室" + row);
        a.put("category", "police_office");
        a.put("lon", "120.3");
        a.put("lat", "36.1");
        return Optional.of(new SourceRecord(row, a, null, List.of()));
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void everyRecordComesOutOnceAndInFileOrder() throws Exception {
    List<Long> rows = new ArrayList<>();
    try (MappedRecords<FacilityRowMapper.Result> records = MappedRecords.start(records(10_000, -1), mapper::map)) {
      for (var r = records.next(); r.isPresent(); r = records.next()) {
        rows.add(r.get().staged().row());
        assertThat(r.get().staged().values().get("name")).isEqualTo("警务室" + r.get().staged().row());
      }
      assertThat(records.next()).isEmpty();
    }
    assertThat(rows).hasSize(10_000);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i)).isEqualTo(i + 1L);
    }
  }

  @Test
  void whatStopsTheReadingComesAfterTheRecordsBeforeIt() throws Exception {
    try (MappedRecords<FacilityRowMapper.Result> records = MappedRecords.start(records(5_000, 3_000), mapper::map)) {
      for (int i = 1; i < 3_000; i++) {
        assertThat(records.next()).isPresent();
      }
      assertThatThrownBy(records::next).isInstanceOf(ImportFileException.class).hasMessage("unreadable record 3000");
    }
  }

  @Test
  void closingEarlyStopsTheReadingThread() throws Exception {
    MappedRecords<FacilityRowMapper.Result> records = MappedRecords.start(records(1_000_000, -1), mapper::map);
    assertThat(records.next()).isPresent();
    records.close();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("linli-import-reader"));
  }
}
