package linli.registry.coverage.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

/**
 * Timing harness (a main, not a test, so the suite stays fast): a 390 x 390 jittered street grid
 * (~100 m blocks, ~1 % of edges dropped, ~300k edges) around Qingdao, then multi-source queries with
 * 10,000 sources and 6,000 targets. Run after {@code mvn -o -pl registry test-compile}:
 * {@code java -cp registry/target/classes:registry/target/test-classes:<jts-core.jar> linli.registry.coverage.network.NetworkBenchmark}
 */
public final class NetworkBenchmark {
  static final double LON0 = 120.30;
  static final double LAT0 = 36.05;

  public static void main(String[] args) {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 390;
    Random random = new Random(42);
    List<LineString> roads = jitteredGrid(size, 100, 0.01, random);
    for (int round = 1; round <= 5; round++) {
      System.gc();
      long heap0 = usedHeap();
      long t0 = System.nanoTime();
      RoadGraph graph = RoadGraph.build(roads);
      long t1 = System.nanoTime();
      System.gc();
      System.out.printf("round %d: build %d nodes, %d edges in %.0f ms (graph retains ~%.0f MB)%n", round,
          graph.nodeCount(), graph.edgeCount(), (t1 - t0) / 1e6, (usedHeap() - heap0) / 1e6);
      double[][] sources = randomPoints(10_000, size, 100, random);
      double[][] targets = randomPoints(6_000, size, 100, random);
      long a0 = System.nanoTime();
      for (double[] p : sources) {
        graph.attach(p[0], p[1], 1000);
      }
      System.out.printf("  attach 10000 points, one thread: %.0f ms%n", (System.nanoTime() - a0) / 1e6);
      for (double cutoff : new double[] {Double.POSITIVE_INFINITY, 1000}) {
        long q0 = System.nanoTime();
        double[] d = WalkingDistance.nearest(graph, sources, targets, 1000, cutoff);
        long q1 = System.nanoTime();
        double max = 0;
        int finite = 0;
        for (double v : d) {
          if (Double.isFinite(v)) {
            finite++;
            max = Math.max(max, v);
          }
        }
        System.out.printf("  query 10000 sources x 6000 targets, cutoff %s: %.0f ms (%d finite, max %.1f m)%n",
            cutoff, (q1 - q0) / 1e6, finite, max);
      }
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Rows and columns as polylines through jittered nodes, broken where an edge is dropped. */
  static List<LineString> jitteredGrid(int size, double spacing, double dropRate, Random random) {
    GeometryFactory gf = new GeometryFactory();
    double kx = Geodesy.metresPerDegreeLon(LAT0);
    double ky = Geodesy.metresPerDegreeLat(LAT0);
    Coordinate[][] node = new Coordinate[size][size];
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < size; j++) {
        double x = (i * spacing + (random.nextDouble() - 0.5) * 0.4 * spacing) / kx;
        double y = (j * spacing + (random.nextDouble() - 0.5) * 0.4 * spacing) / ky;
        node[i][j] = new Coordinate(LON0 + x, LAT0 + y);
      }
    }
    List<LineString> roads = new ArrayList<>();
    for (int dir = 0; dir < 2; dir++) {
      for (int a = 0; a < size; a++) {
        List<Coordinate> run = new ArrayList<>();
        for (int b = 0; b < size; b++) {
          Coordinate c = dir == 0 ? node[b][a] : node[a][b];
          if (!run.isEmpty() && random.nextDouble() < dropRate) {
            flush(gf, run, roads);
          }
          run.add(c);
        }
        flush(gf, run, roads);
      }
    }
    return roads;
  }

  private static void flush(GeometryFactory gf, List<Coordinate> run, List<LineString> roads) {
    if (run.size() >= 2) {
      roads.add(gf.createLineString(run.toArray(new Coordinate[0])));
    }
    run.clear();
  }

  static double[][] randomPoints(int n, int size, double spacing, Random random) {
    double kx = Geodesy.metresPerDegreeLon(LAT0);
    double ky = Geodesy.metresPerDegreeLat(LAT0);
    double[][] p = new double[n][];
    for (int i = 0; i < n; i++) {
      p[i] = new double[] {LON0 + random.nextDouble() * size * spacing / kx,
          LAT0 + random.nextDouble() * size * spacing / ky};
    }
    return p;
  }
}
