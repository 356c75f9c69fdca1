package linli.registry.coverage.network;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import linli.registry.coverage.RoadGraphCache;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Timing harness (a main, not a test): a category's kept search followed through a chain of
 * facility edits (moves of up to ~150 m, adds near a facility, removals) on a real database's road
 * graph, {@link DistanceField#changed} against main's {@link BaselineDistanceField#changed} on the
 * same edits, the two taking turns which goes first. Per edit kind: milliseconds and bytes
 * allocated by the calling thread ({@code com.sun.management.ThreadMXBean}) for {@code changed}
 * alone (joining the new facility, {@code Sources.only}, is the same for both and left out). At the
 * end both chains' distances are checked against a fresh search. Run by scripts/bench-field-edit.sh.
 *
 * <p>Arguments: JDBC URL, user, password, category (default fitness_venue), edits (default 300),
 * warm-up edits not counted (default 40).
 */
public final class FieldEditBenchmark {
  public static void main(String[] args) throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(args[0]);
    ds.setUser(args[1]);
    ds.setPassword(args[2]);
    String category = args.length > 3 ? args[3] : "fitness_venue";
    int edits = args.length > 4 ? Integer.parseInt(args[4]) : 300;
    int warmUp = args.length > 5 ? Integer.parseInt(args[5]) : 40;
    long t0 = System.nanoTime();
    RoadGraph graph = new RoadGraphCache().get(ds);
    List<double[]> points = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT ST_X(geom), ST_Y(geom) FROM facility"
            + " WHERE category = ? AND status = 'open' AND NOT deleted ORDER BY id")) {
      ps.setString(1, category);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          points.add(new double[] {rs.getDouble(1), rs.getDouble(2)});
        }
      }
    }
    System.out.printf("graph %,d nodes, %,d edges; %s: %,d open facilities (read in %.1f s)%n", graph.nodeCount(),
        graph.edgeCount(), category, points.size(), (System.nanoTime() - t0) / 1e9);
    WalkingDistance.Sources sources = WalkingDistance.sources(graph, points.toArray(double[][]::new), 1000);
    // The whole search (a category's first network question), three times each, taking turns.
    BaselineDistanceField base = null;
    DistanceField field = null;
    StringBuilder whole = new StringBuilder("whole search, ms, in turns (main, paged):");
    for (int round = 0; round < 3; round++) {
      long s0 = System.nanoTime();
      base = BaselineDistanceField.of(sources);
      long s1 = System.nanoTime();
      field = DistanceField.of(sources);
      long s2 = System.nanoTime();
      whole.append(String.format(" (%.0f, %.0f)", (s1 - s0) / 1e6, (s2 - s1) / 1e6));
    }
    System.out.println(whole);

    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    Random random = new Random(16);
    String[] kinds = {"move", "add", "remove"};
    List<List<double[]>> figures = new ArrayList<>(); // per kind: {main ms, main bytes, paged ms, paged bytes, pages}
    for (int k = 0; k < kinds.length; k++) {
      figures.add(new ArrayList<>());
    }
    for (int edit = 0; edit < warmUp + edits; edit++) {
      int n = sources.size();
      int kind = edit % 3;
      int[] kept;
      double[][] added;
      int r = random.nextInt(n);
      double[] p = points.get(r);
      if (kind == 0) { // a facility moved up to ~150 m
        kept = IntStream.range(0, n).filter(k -> k != r).toArray();
        added = new double[][] {{p[0] + (random.nextDouble() - 0.5) * 0.003, p[1] + (random.nextDouble() - 0.5) * 0.003}};
      } else if (kind == 1) { // a facility opened up to ~500 m from another
        kept = IntStream.range(0, n).toArray();
        added = new double[][] {{p[0] + (random.nextDouble() - 0.5) * 0.01, p[1] + (random.nextDouble() - 0.5) * 0.01}};
      } else { // a facility closed
        kept = IntStream.range(0, n).filter(k -> k != r).toArray();
        added = new double[0][];
      }
      WalkingDistance.Sources after = sources.only(kept, added);
      after.joins.byEdge(); // as the registry's join leaves it
      long[] baseCost = new long[2];
      long[] fieldCost = new long[2];
      BaselineDistanceField nextBase;
      DistanceField nextField;
      BaselineDistanceField base0 = base;
      DistanceField field0 = field;
      if (edit % 2 == 0) {
        nextBase = timed(mx, thread, baseCost, () -> baseChanged(base0, after, kept));
        nextField = timed(mx, thread, fieldCost, () -> field0.changed(after, kept));
      } else {
        nextField = timed(mx, thread, fieldCost, () -> field0.changed(after, kept));
        nextBase = timed(mx, thread, baseCost, () -> baseChanged(base0, after, kept));
      }
      if (edit >= warmUp) {
        figures.get(kind).add(new double[] {baseCost[0] / 1e6, baseCost[1], fieldCost[0] / 1e6, fieldCost[1],
            nextField.pagesNotIn(field)});
      }
      base = nextBase;
      field = nextField;
      sources = after;
      List<double[]> afterPoints = new ArrayList<>(kept.length + added.length);
      for (int k : kept) {
        afterPoints.add(points.get(k));
      }
      afterPoints.addAll(Arrays.asList(added));
      points = afterPoints;
    }
    System.out.printf("%d edits after %d warm-up ones; per edit, changed() alone:%n", edits, warmUp);
    System.out.printf("%-7s %5s | %-32s | %-32s | %s%n", "kind", "edits", "main: ms median / p90 / max, MB",
        "paged: ms median / p90 / max, MB", "pages copied (of " + 2 * ((graph.nodeCount() + 4095) / 4096) + ") median / max");
    for (int k = 0; k < kinds.length; k++) {
      List<double[]> f = figures.get(k);
      System.out.printf("%-7s %5d | %6.2f / %6.2f / %6.2f, %6.2f | %6.2f / %6.2f / %6.2f, %6.2f | %.0f / %.0f%n",
          kinds[k], f.size(), pct(f, 0, 50), pct(f, 0, 90), pct(f, 0, 100), mean(f, 1) / 1e6,
          pct(f, 2, 50), pct(f, 2, 90), pct(f, 2, 100), mean(f, 3) / 1e6, pct(f, 4, 50), pct(f, 4, 100));
    }
    // Both chains against a fresh search, at a joined point near every 10th facility.
    List<double[]> last = points;
    double[][] targetPoints = IntStream.range(0, last.size()).filter(i -> i % 10 == 0)
        .mapToObj(i -> new double[] {last.get(i)[0] + 0.001, last.get(i)[1] - 0.001}).toArray(double[][]::new);
    WalkingDistance.Targets targets = WalkingDistance.targets(graph, targetPoints, 1000);
    double[] fresh = DistanceField.of(sources).distances(targets);
    double[] a = base.distances(targets);
    double[] b = field.distances(targets);
    int differ = 0;
    for (int j = 0; j < fresh.length; j++) {
      differ += close(a[j], fresh[j]) && close(b[j], fresh[j]) ? 0 : 1;
    }
    System.out.printf("after the chain, %,d targets: %d differ from a fresh search%n", fresh.length, differ);
    if (differ > 0) {
      System.exit(1);
    }
  }

  private static BaselineDistanceField baseChanged(BaselineDistanceField base, WalkingDistance.Sources after, int[] kept) {
    return base.changed(after, kept);
  }

  private static boolean close(double x, double y) {
    return Double.isNaN(y) ? Double.isNaN(x) : Math.abs(x - y) <= 1e-9 * Math.max(1, y);
  }

  private static <T> T timed(com.sun.management.ThreadMXBean mx, long thread, long[] cost,
      java.util.function.Supplier<T> work) {
    long b0 = mx.getThreadAllocatedBytes(thread);
    long t0 = System.nanoTime();
    T out = work.get();
    cost[0] = System.nanoTime() - t0;
    cost[1] = mx.getThreadAllocatedBytes(thread) - b0;
    return out;
  }

  private static double pct(List<double[]> rows, int column, int percent) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[Math.min(v.length - 1, (int) Math.ceil(percent / 100.0 * v.length) - 1)];
  }

  private static double mean(List<double[]> rows, int column) {
    return rows.stream().mapToDouble(r -> r[column]).average().orElse(Double.NaN);
  }
}
