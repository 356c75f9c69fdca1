package linli.registry.coverage.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.operation.distance.DistanceOp;

/**
 * Independent, deliberately naive oracle for {@link WalkingDistance}: hash-map adjacency, every point
 * checked against every edge with JTS {@link DistanceOp}, GeographicLib (Karney) for every length,
 * local-frame scales derived numerically from GeographicLib rather than from curvature formulas, and a
 * plain java.util.PriorityQueue Dijkstra from each source separately.
 */
final class BruteForceNetwork {
  static final Geodesic GRS80 = new Geodesic(6378137, 1 / 298.257222101);
  private static final GeometryFactory GF = new GeometryFactory();

  /** Ground distance in metres with GeographicLib. */
  static double ground(double lon1, double lat1, double lon2, double lat2) {
    return GRS80.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.DISTANCE).s12;
  }

  record Edge(int u, int v, double length) {}

  record Join(int edge, double footLon, double footLat, double leg, double toU, double toV) {}

  final List<double[]> nodes = new ArrayList<>();
  final List<Edge> edges = new ArrayList<>();
  private final Map<Integer, List<Edge>> adjacency = new HashMap<>();

  BruteForceNetwork(List<LineString> roads) {
    Map<List<Long>, Integer> ids = new HashMap<>();
    for (LineString road : roads) {
      Integer previous = null;
      for (Coordinate c : road.getCoordinates()) {
        List<Long> key = List.of(Math.round(c.x * 1e7), Math.round(c.y * 1e7));
        Integer id = ids.computeIfAbsent(key, k -> {
          nodes.add(new double[] {k.get(0) / 1e7, k.get(1) / 1e7});
          return nodes.size() - 1;
        });
        if (previous != null && !previous.equals(id)) {
          double[] a = nodes.get(previous);
          double[] b = nodes.get(id);
          Edge e = new Edge(previous, id, ground(a[0], a[1], b[0], b[1]));
          edges.add(e);
          adjacency.computeIfAbsent(e.u, k -> new ArrayList<>()).add(e);
          adjacency.computeIfAbsent(e.v, k -> new ArrayList<>()).add(e);
        }
        previous = id;
      }
    }
  }

  /** Nearest point on the nearest edge, found in an equirectangular frame about the point; null if the leg is too long. */
  Join join(double lon, double lat, double maxLeg) {
    double kx = ground(0, lat, 1e-3, lat) / 1e-3;
    double ky = ground(0, lat - 5e-4, 0, lat + 5e-4) / 1e-3;
    var point = GF.createPoint(new Coordinate(0, 0));
    int best = -1;
    double bestDistance = Double.POSITIVE_INFINITY;
    Coordinate bestFoot = null;
    for (int e = 0; e < edges.size(); e++) {
      double[] a = nodes.get(edges.get(e).u);
      double[] b = nodes.get(edges.get(e).v);
      LineString segment = GF.createLineString(new Coordinate[] {
          new Coordinate((a[0] - lon) * kx, (a[1] - lat) * ky), new Coordinate((b[0] - lon) * kx, (b[1] - lat) * ky)});
      DistanceOp op = new DistanceOp(point, segment);
      if (op.distance() < bestDistance) {
        bestDistance = op.distance();
        best = e;
        bestFoot = op.nearestPoints()[1];
      }
    }
    if (best < 0) {
      return null;
    }
    Edge e = edges.get(best);
    double[] a = nodes.get(e.u);
    double[] b = nodes.get(e.v);
    // Snap exact endpoints back so a point on a vertex is not moved by the frame round trip.
    double footLon = bestFoot.x == (a[0] - lon) * kx ? a[0] : bestFoot.x == (b[0] - lon) * kx ? b[0] : lon + bestFoot.x / kx;
    double footLat = bestFoot.y == (a[1] - lat) * ky ? a[1] : bestFoot.y == (b[1] - lat) * ky ? b[1] : lat + bestFoot.y / ky;
    double leg = ground(lon, lat, footLon, footLat);
    if (leg > maxLeg) {
      return null;
    }
    return new Join(best, footLon, footLat, leg, ground(a[0], a[1], footLon, footLat), ground(footLon, footLat, b[0], b[1]));
  }

  /** Sources joined and searched once (one Dijkstra each), then any number of targets evaluated. */
  final class Prepared {
    private final List<Join> joins = new ArrayList<>();
    private final List<double[]> distances = new ArrayList<>();
    private final double maxLeg;

    Prepared(double[][] sources, double maxLeg) {
      this.maxLeg = maxLeg;
      for (double[] s : sources) {
        Join j = join(s[0], s[1], maxLeg);
        if (j != null) {
          joins.add(j);
          distances.add(dijkstra(j));
        }
      }
    }

    double distance(double lon, double lat) {
      Join t = join(lon, lat, maxLeg);
      if (t == null) {
        return Double.NaN;
      }
      Edge te = edges.get(t.edge);
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < joins.size(); i++) {
        Join s = joins.get(i);
        double[] d = distances.get(i);
        best = Math.min(best, d[te.u] + t.toU + t.leg);
        best = Math.min(best, d[te.v] + t.toV + t.leg);
        if (s.edge == t.edge) {
          best = Math.min(best, s.leg + ground(s.footLon, s.footLat, t.footLon, t.footLat) + t.leg);
        }
      }
      return Double.isInfinite(best) ? Double.NaN : best;
    }

    double[] distances(double[][] targets) {
      double[] out = new double[targets.length];
      for (int i = 0; i < targets.length; i++) {
        out[i] = distance(targets[i][0], targets[i][1]);
      }
      return out;
    }
  }

  double[] dijkstra(Join source) {
    double[] dist = new double[nodes.size()];
    java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
    PriorityQueue<double[]> queue = new PriorityQueue<>((x, y) -> Double.compare(x[0], y[0]));
    Edge e = edges.get(source.edge);
    queue.add(new double[] {source.leg + source.toU, e.u});
    queue.add(new double[] {source.leg + source.toV, e.v});
    while (!queue.isEmpty()) {
      double[] top = queue.poll();
      int node = (int) top[1];
      if (top[0] >= dist[node]) {
        continue;
      }
      dist[node] = top[0];
      for (Edge next : adjacency.getOrDefault(node, List.of())) {
        int other = next.u == node ? next.v : next.u;
        if (top[0] + next.length < dist[other]) {
          queue.add(new double[] {top[0] + next.length, other});
        }
      }
    }
    return dist;
  }
}
