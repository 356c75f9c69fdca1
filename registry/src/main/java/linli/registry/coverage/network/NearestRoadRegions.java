package linli.registry.coverage.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.operation.overlayng.CoverageUnion;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Where each of some edges is the nearest road: for every given edge, the points nearer to it than to
 * any other edge of the graph, approximated by the Voronoi cells of points sampled every {@code step}
 * metres along all edges near a centre (at the middles of n equal parts of each edge, n = ⌈length /
 * step⌉), the cells of one edge's samples united.
 *
 * <p>How far off: a point D metres from an edge lies within √(D² + (step/2)²) of one of its samples,
 * so the samples overstate its distance to each road by at most step/2 (and by at most step²/(8D) when
 * D is large). A point is given to a road that is not its nearest only where its distances to the two
 * differ by less than that, i.e. within about step/2 of the border between their regions (step/4
 * between two parallel roads facing each other).
 *
 * <p>Drawn in an equirectangular frame about the centre (the ellipsoid's radii at its latitude), whose
 * scale drifts by under 6e-4 within 5 km: that moves a border between two roads by under 6e-4 of
 * their distance apart. The regions come back in lon/lat degrees.
 */
public final class NearestRoadRegions {
  private NearestRoadRegions() {}

  /**
   * The region of each edge in {@code edges}, in lon/lat; edges of the graph within {@code radius}
   * metres of the centre (by their bounding boxes) are sampled, and the regions are clipped to the
   * square of half-side {@code clip} about the centre.
   */
  public static Map<Integer, Geometry> of(RoadGraph g, double lon0, double lat0, double radius, double clip,
      double step, Set<Integer> edges, GeometryFactory factory) {
    double kx = Geodesy.metresPerDegreeLon(lat0);
    double ky = Geodesy.metresPerDegreeLat(lat0);
    Map<Coordinate, Integer> edgeOfSample = new HashMap<>();
    List<Coordinate> sites = new ArrayList<>();
    for (int e = 0; e < g.edgeCount(); e++) {
      double x1 = (g.lon[g.edgeFrom[e]] - lon0) * kx, y1 = (g.lat[g.edgeFrom[e]] - lat0) * ky;
      double x2 = (g.lon[g.edgeTo[e]] - lon0) * kx, y2 = (g.lat[g.edgeTo[e]] - lat0) * ky;
      if (Math.max(x1, x2) < -radius || Math.min(x1, x2) > radius || Math.max(y1, y2) < -radius
          || Math.min(y1, y2) > radius) {
        continue;
      }
      int n = Math.max(1, (int) Math.ceil(Math.hypot(x2 - x1, y2 - y1) / step));
      for (int k = 0; k < n; k++) {
        double t = (k + 0.5) / n;
        Coordinate c = new Coordinate(x1 + t * (x2 - x1), y1 + t * (y2 - y1));
        // Two roads through one spot keep the first; the spot is on both, either answer is right.
        if (edgeOfSample.putIfAbsent(c, e) == null) {
          sites.add(c);
        }
      }
    }
    Map<Integer, List<Geometry>> cells = new LinkedHashMap<>();
    if (sites.size() >= 2) {
      VoronoiDiagramBuilder voronoi = new VoronoiDiagramBuilder();
      voronoi.setSites(sites);
      voronoi.setClipEnvelope(new Envelope(-clip, clip, -clip, clip));
      Geometry diagram = voronoi.getDiagram(factory);
      for (int i = 0; i < diagram.getNumGeometries(); i++) {
        Geometry cell = diagram.getGeometryN(i);
        Integer e = edgeOfSample.get((Coordinate) cell.getUserData());
        if (e != null && edges.contains(e)) {
          cells.computeIfAbsent(e, x -> new ArrayList<>()).add(cell);
        }
      }
    } else if (sites.size() == 1 && edges.contains(edgeOfSample.get(sites.get(0)))) {
      // One sample: its road is nearest everywhere.
      cells.put(edgeOfSample.get(sites.get(0)), List.of(factory.toGeometry(new Envelope(-clip, clip, -clip, clip))));
    }
    Map<Integer, Geometry> regions = new LinkedHashMap<>();
    for (Map.Entry<Integer, List<Geometry>> entry : cells.entrySet()) {
      // The cells of one diagram share their edges exactly: a coverage union (edges cancelled, no
      // noding) is exact and much faster than an overlay.
      regions.put(entry.getKey(), CoverageUnion.union(factory.buildGeometry(entry.getValue())));
    }
    // Neighbouring cells share their vertices' Coordinate objects: back to lon/lat on copies, once
    // every union is done.
    ToLonLat toLonLat = new ToLonLat(lon0, lat0, kx, ky);
    regions.replaceAll((e, region) -> {
      Geometry copy = region.copy();
      copy.apply(toLonLat);
      copy.geometryChanged();
      return copy;
    });
    return regions;
  }

  /** Frame metres back to lon/lat degrees, in place. */
  private record ToLonLat(double lon0, double lat0, double kx, double ky) implements CoordinateSequenceFilter {
    @Override
    public void filter(CoordinateSequence seq, int i) {
      seq.setOrdinate(i, 0, lon0 + seq.getX(i) / kx);
      seq.setOrdinate(i, 1, lat0 + seq.getY(i) / ky);
    }

    @Override
    public boolean isDone() {
      return false;
    }

    @Override
    public boolean isGeometryChanged() {
      return true;
    }
  }
}
