package linli.registry.coverage.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.LineString;

/**
 * Immutable walkable road graph, built once from road geometries (lon/lat degrees, CGCS2000 ~ WGS84)
 * and shared by any number of concurrent queries.
 *
 * <p>Noding: two lines connect only where they share a vertex, i.e. coordinates equal after rounding
 * to 1e-7 degrees (~1 cm). Nodes sit exactly on that lattice, so data already stored at 1e-7 precision
 * (OSM, most imports) is used unchanged and a point given at a vertex's coordinates joins with leg 0.
 * Crossing lines without a shared vertex (bridges, tunnels) do not connect. Each consecutive pair of
 * distinct vertices is an undirected edge whose length is its geodesic length on GRS80 ({@link
 * Geodesy}); vertices that collapse onto one lattice node are skipped, duplicate edges are kept.
 *
 * <p>Storage is primitive arrays only: node coordinates, edge endpoints and lengths, a compressed
 * sparse row adjacency (each edge appears once from each end), a connected-component label per node
 * (so "no path" is known without searching) and an {@link EdgeGrid} for attaching points.
 */
public final class RoadGraph {
  final double[] lon;
  final double[] lat;
  final int[] edgeFrom;
  final int[] edgeTo;
  final double[] edgeLength;
  /** Adjacency of node n: indices adjStart[n] .. adjStart[n+1]-1 of adjNode / adjLength. */
  final int[] adjStart;
  final int[] adjNode;
  final double[] adjLength;
  /** The edge of each adjacency entry, to find what lies along the edges leaving a node. */
  final int[] adjEdge;
  final int[] component;
  final int componentCount;
  private final EdgeGrid grid;
  /** Distance arrays reused between searches ({@link SearchSpace}). */
  final java.util.concurrent.ConcurrentLinkedQueue<SearchSpace> searchSpaces =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private RoadGraph(double[] lon, double[] lat, int[] from, int[] to, double[] length) {
    this.lon = lon;
    this.lat = lat;
    this.edgeFrom = from;
    this.edgeTo = to;
    this.edgeLength = length;
    int n = lon.length;
    int m = from.length;
    adjStart = new int[n + 1];
    for (int e = 0; e < m; e++) {
      adjStart[from[e] + 1]++;
      adjStart[to[e] + 1]++;
    }
    for (int i = 0; i < n; i++) {
      adjStart[i + 1] += adjStart[i];
    }
    adjNode = new int[2 * m];
    adjLength = new double[2 * m];
    adjEdge = new int[2 * m];
    int[] fill = Arrays.copyOf(adjStart, n);
    for (int e = 0; e < m; e++) {
      int a = fill[from[e]]++;
      adjNode[a] = to[e];
      adjLength[a] = length[e];
      adjEdge[a] = e;
      int b = fill[to[e]]++;
      adjNode[b] = from[e];
      adjLength[b] = length[e];
      adjEdge[b] = e;
    }
    component = new int[n];
    componentCount = labelComponents();
    grid = new EdgeGrid(lon, lat, from, to, m);
  }

  /** Builds the graph; lines may be in any order. Throws IllegalArgumentException on non-finite or out-of-range coordinates. */
  public static RoadGraph build(List<LineString> walkableRoads) {
    Objects.requireNonNull(walkableRoads, "walkableRoads");
    int maxEdges = 0;
    int vertices = 0;
    for (LineString road : walkableRoads) {
      maxEdges += Math.max(0, road.getNumPoints() - 1);
      vertices += road.getNumPoints();
    }
    LatticeNodes nodes = new LatticeNodes(vertices);
    int[] from = new int[maxEdges];
    int[] to = new int[maxEdges];
    int m = 0;
    for (LineString road : walkableRoads) {
      CoordinateSequence seq = road.getCoordinateSequence();
      long previous = 0;
      for (int i = 0; i < seq.size(); i++) {
        long key = latticeKey(seq.getX(i), seq.getY(i));
        if (i > 0 && key != previous) {
          from[m] = nodes.idOf(previous);
          to[m] = nodes.idOf(key);
          m++;
        }
        previous = key;
      }
    }
    int n = nodes.size();
    double[] firstSeenLon = new double[n];
    double[] firstSeenLat = new double[n];
    nodes.coordinates(firstSeenLon, firstSeenLat);
    // Nodes numbered along a Z-order curve of their position rather than in the order the roads
    // came: a search then finds a node's neighbours near it in every per-node array (the road
    // table's order scatters them, and a relaxation becomes a cache miss).
    int[] renumbered = zOrder(firstSeenLon, firstSeenLat);
    double[] lon = new double[n];
    double[] lat = new double[n];
    for (int i = 0; i < n; i++) {
      lon[renumbered[i]] = firstSeenLon[i];
      lat[renumbered[i]] = firstSeenLat[i];
    }
    int[] edgeFrom = new int[m];
    int[] edgeTo = new int[m];
    for (int e = 0; e < m; e++) {
      edgeFrom[e] = renumbered[from[e]];
      edgeTo[e] = renumbered[to[e]];
    }
    double[] length = new double[m];
    // Edges are independent; Vincenty on 300k edges is the costliest step of the build.
    java.util.stream.IntStream.range(0, m).parallel().forEach(e ->
        length[e] = Geodesy.distance(lon[edgeFrom[e]], lat[edgeFrom[e]], lon[edgeTo[e]], lat[edgeTo[e]]));
    return new RoadGraph(lon, lat, edgeFrom, edgeTo, length);
  }

  /** The new number of each node: its rank along a Z-order (Morton) curve over the nodes' extent. */
  static int[] zOrder(double[] lon, double[] lat) {
    int n = lon.length;
    double x0 = Double.POSITIVE_INFINITY, y0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      x0 = Math.min(x0, lon[i]);
      x1 = Math.max(x1, lon[i]);
      y0 = Math.min(y0, lat[i]);
      y1 = Math.max(y1, lat[i]);
    }
    // 16 bits a side (cells of about 10 m across a province), the node's index in the low 32 bits.
    double sx = x1 > x0 ? 65_535 / (x1 - x0) : 0;
    double sy = y1 > y0 ? 65_535 / (y1 - y0) : 0;
    long[] keyed = new long[n];
    for (int i = 0; i < n; i++) {
      long morton = interleave((int) ((lon[i] - x0) * sx)) | (interleave((int) ((lat[i] - y0) * sy)) << 1);
      keyed[i] = ((morton << 32) | i) ^ Long.MIN_VALUE; // sign bit flipped: signed order is unsigned order
    }
    Arrays.sort(keyed);
    int[] rank = new int[n];
    for (int r = 0; r < n; r++) {
      rank[(int) keyed[r]] = r;
    }
    return rank;
  }

  /** The 16 low bits of v spread to the even bit positions 0, 2, ..., 30. */
  private static long interleave(int v) {
    long x = v & 0xFFFFL;
    x = (x | (x << 8)) & 0x00FF00FFL;
    x = (x | (x << 4)) & 0x0F0F0F0FL;
    x = (x | (x << 2)) & 0x33333333L;
    x = (x | (x << 1)) & 0x55555555L;
    return x;
  }

  public int nodeCount() {
    return lon.length;
  }

  public int edgeCount() {
    return edgeFrom.length;
  }

  /**
   * Where a point joins the network: the nearest point on the nearest edge, if the straight leg to it is
   * at most maxLegMetres long on the ground; empty otherwise (and for an empty graph).
   *
   * <p>"Nearest" is decided in an equirectangular frame about the point (ellipsoidal radii at its
   * latitude; being affine in lon/lat it keeps edges straight, and it is accurate to ~1e-4 relative
   * within 1 km); the leg and the split of the edge are then measured geodesically. Meant for legs up
   * to a few kilometres; longitude wrap-around at +-180 is not handled.
   */
  public Optional<Attachment> attach(double lon, double lat, double maxLegMetres) {
    if (!(maxLegMetres >= 0)) {
      throw new IllegalArgumentException("maxLegMetres must be >= 0: " + maxLegMetres);
    }
    requireLonLat(lon, lat);
    double kx = Geodesy.metresPerDegreeLon(lat);
    double ky = Geodesy.metresPerDegreeLat(lat);
    // The frame's distances differ from geodesic ones by far less than 1 % + 1 m at these ranges, so
    // searching that far cannot miss an edge whose geodesic leg is within the limit.
    double[] t = new double[1];
    int e = grid.nearest(lon, lat, kx, ky, maxLegMetres * 1.01 + 1, t);
    if (e < 0) {
      return Optional.empty();
    }
    int u = edgeFrom[e];
    int v = edgeTo[e];
    // The frame is affine in lon/lat, so the foot has the same parameter t in degrees.
    double footLon = t[0] == 1 ? this.lon[v] : this.lon[u] + t[0] * (this.lon[v] - this.lon[u]);
    double footLat = t[0] == 1 ? this.lat[v] : this.lat[u] + t[0] * (this.lat[v] - this.lat[u]);
    double leg = Geodesy.distance(lon, lat, footLon, footLat);
    if (leg > maxLegMetres) {
      return Optional.empty();
    }
    double fraction = t[0];
    if (fraction > 0 && fraction < 1) {
      // Split by ground length, not by t: the frame's scale drifts along long diagonal edges (~1e-4).
      double toU = Geodesy.distance(this.lon[u], this.lat[u], footLon, footLat);
      double toV = Geodesy.distance(footLon, footLat, this.lon[v], this.lat[v]);
      fraction = toU / (toU + toV);
    }
    return Optional.of(new Attachment(e, fraction, leg));
  }

  /**
   * The nodes within {@code metres} on the ground of at least one of the points, as {lon, lat} rows in
   * node order. Points are bucketed in a {@link PointGrid}, so each node is measured only against the
   * points of its own and the eight neighbouring cells.
   */
  public double[][] nodesNear(double[][] points, double metres) {
    if (points.length == 0 || lon.length == 0) {
      return new double[0][];
    }
    for (double[] p : points) {
      requireLonLat(p[0], p[1]);
    }
    PointGrid grid = new PointGrid(points, metres);
    List<double[]> out = new ArrayList<>();
    for (int n = 0; n < lon.length; n++) {
      double x = lon[n];
      double y = lat[n];
      if (grid.anyNear(x, y, i -> !Geodesy.surelyFartherThan(x, y, points[i][0], points[i][1], metres)
          && Geodesy.distance(x, y, points[i][0], points[i][1]) <= metres)) {
        out.add(new double[] {x, y});
      }
    }
    return out.toArray(double[][]::new);
  }

  /** Ground length of an edge in metres. */
  double edgeLength(int edge) {
    return edgeLength[edge];
  }

  static void requireLonLat(double lon, double lat) {
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      throw new IllegalArgumentException("not a lon/lat position: " + lon + ", " + lat);
    }
  }

  /** Packs the 1e-7 degree lattice position into one long (both fit in 32 bits: |1.8e9| < 2^31). */
  private static long latticeKey(double lon, double lat) {
    requireLonLat(lon, lat);
    return (Math.round(lon * 1e7) << 32) | (Math.round(lat * 1e7) & 0xffffffffL);
  }

  private int labelComponents() {
    Arrays.fill(component, -1);
    int[] stack = new int[lon.length];
    int count = 0;
    for (int seed = 0; seed < lon.length; seed++) {
      if (component[seed] >= 0) {
        continue;
      }
      int top = 0;
      stack[top++] = seed;
      component[seed] = count;
      while (top > 0) {
        int node = stack[--top];
        for (int a = adjStart[node]; a < adjStart[node + 1]; a++) {
          if (component[adjNode[a]] < 0) {
            component[adjNode[a]] = count;
            stack[top++] = adjNode[a];
          }
        }
      }
      count++;
    }
    return count;
  }

  /** Open-addressing map from lattice key to node id; ids are handed out in first-seen order. */
  private static final class LatticeNodes {
    private final long[] keys;
    private final int[] ids;
    private long[] byId;
    private int size;

    /** @param maxKeys upper bound on distinct keys; the table is kept at most half full. */
    LatticeNodes(int maxKeys) {
      int capacity = Integer.highestOneBit(Math.max(maxKeys, 8)) * 4;
      keys = new long[capacity];
      ids = new int[capacity];
      Arrays.fill(ids, -1);
      byId = new long[1024];
    }

    int idOf(long key) {
      int mask = keys.length - 1;
      // Fibonacci hashing spreads the structured lattice keys over the table.
      int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
      while (ids[slot] >= 0) {
        if (keys[slot] == key) {
          return ids[slot];
        }
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      ids[slot] = size;
      if (size == byId.length) {
        byId = Arrays.copyOf(byId, size * 2);
      }
      byId[size] = key;
      return size++;
    }

    int size() {
      return size;
    }

    /** Lattice coordinates as doubles: integer / 1e7 is correctly rounded, i.e. the same double as the decimal. */
    void coordinates(double[] lon, double[] lat) {
      for (int i = 0; i < size; i++) {
        lon[i] = (byId[i] >> 32) / 1e7;
        lat[i] = ((int) byId[i]) / 1e7;
      }
    }
  }
}
