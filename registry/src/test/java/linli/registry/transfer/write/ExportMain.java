package linli.registry.transfer.write;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import linli.registry.crs.CoordinateSystem;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Child-JVM entry point for {@link ExportLargeIT}: exports a layer in a format into a counting
 * stream (or a file) and prints the feature and byte counts. Run with a small heap, it can only
 * succeed if the export streams. {@code control} instead reads the whole query without a cursor
 * (what a non-streaming exporter would do) and should run out of memory in the same heap.
 */
public final class ExportMain {
  private ExportMain() {}

  public static void main(String[] args) throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(args[0]);
    if (args[2].equals("control")) {
      List<Object[]> all = new ArrayList<>();
      try (Connection c = ds.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(ExportSql.of(ExportQuery.all(ExportLayer.valueOf(args[1].toUpperCase()))
              .withCrs(CoordinateSystem.CGCS2000)).jdbcSql().replace("?", "NULL").replace("CAST(NULL AS integer)", "4490"))) {
        while (rs.next()) {
          Object[] row = new Object[rs.getMetaData().getColumnCount()];
          for (int i = 0; i < row.length; i++) {
            row[i] = rs.getObject(i + 1);
          }
          all.add(row);
        }
      }
      System.out.println("features=" + all.size() + " bytes=0");
      return;
    }
    long[] bytes = {0};
    OutputStream counting = new OutputStream() {
      @Override
      public void write(int b) {
        bytes[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        bytes[0] += len;
      }
    };
    long features;
    if (args.length > 3) {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[3])))) {
        features = new LayerExporter(ds).export(ExportQuery.all(ExportLayer.valueOf(args[1].toUpperCase())), args[2],
            new TeeStream(out, counting));
      }
    } else {
      features = new LayerExporter(ds).export(ExportQuery.all(ExportLayer.valueOf(args[1].toUpperCase())), args[2],
          counting);
    }
    System.out.println("features=" + features + " bytes=" + bytes[0] + " maxHeapMiB="
        + Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  private static final class TeeStream extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    TeeStream(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
    }
  }
}
