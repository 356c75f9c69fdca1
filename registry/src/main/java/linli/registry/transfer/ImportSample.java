package linli.registry.transfer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import linli.registry.coverage.network.Geodesy;
import linli.registry.crs.CoordinateSystem;

/**
 * The file as the row mapper saw it, so the page can show it before a commit and word each message
 * with the clerk's own column: each header that was read as a field (header → field; a header not
 * listed went to {@code extra}), the first rows as read, and the first point with how far each
 * Chinese web map's offset would move it (the page asks where the coordinates came from).
 */
public record ImportSample(Map<String, String> columns, List<Row> preview, FirstPoint firstPoint) {
  public static final int PREVIEW_ROWS = 5;
  public static final ImportSample NONE = new ImportSample(Map.of(), List.of(), null);

  public ImportSample {
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    preview = List.copyOf(preview);
  }

  /** One row as read: its number as the user's tool shows it and its values by the file's headers. */
  public record Row(long row, Map<String, String> values) {
    public Row {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  /**
   * The first point with longitude/latitude numbers, as written in the file, and the metres GCJ-02
   * (AMap, Tencent) and BD-09 (Baidu) would each move it by, by their CRS ids.
   */
  public record FirstPoint(long row, double x, double y, Map<String, Double> offsetsM) {
    public FirstPoint {
      offsetsM = Map.copyOf(offsetsM);
    }

    static FirstPoint at(long row, double x, double y) {
      Map<String, Double> offsets = new LinkedHashMap<>();
      for (CoordinateSystem offset : List.of(CoordinateSystem.GCJ02, CoordinateSystem.BD09)) {
        double[] wgs84 = offset.offsetToWgs84(x, y);
        offsets.put(offset.code(), Math.round(Geodesy.distance(x, y, wgs84[0], wgs84[1]) * 10) / 10.0);
      }
      return new FirstPoint(row, x, y, offsets);
    }
  }

  /**
   * Gathers a sample while rows are mapped, by one thread at a time. A file read twice (the direct
   * path starting over) adds nothing the second time.
   */
  static final class Collector {
    private final Map<String, String> columns = new LinkedHashMap<>();
    private final List<Row> preview = new ArrayList<>();
    private FirstPoint firstPoint;

    void column(String header, String field) {
      columns.putIfAbsent(header, field);
    }

    void row(SourceRecord record) {
      if (preview.size() < PREVIEW_ROWS && preview.stream().noneMatch(r -> r.row() == record.row())) {
        preview.add(new Row(record.row(), record.attributes()));
      }
    }

    void point(long row, double x, double y) {
      if (firstPoint == null && Double.isFinite(x) && Double.isFinite(y) && Math.abs(x) <= 180 && Math.abs(y) <= 90) {
        firstPoint = FirstPoint.at(row, x, y);
      }
    }

    ImportSample sample() {
      return new ImportSample(columns, preview, firstPoint);
    }
  }
}
