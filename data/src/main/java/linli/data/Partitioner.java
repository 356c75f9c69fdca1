package linli.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Splits a region into one piece per seed: the seed's Voronoi cell intersected with the region.
 * The cells tile the plane, so the pieces cover the region without overlapping, and each piece
 * contains its seed, so none is empty.
 */
final class Partitioner {
  private static final GeometryFactory LOCAL = new GeometryFactory();

  private Partitioner() {}

  /** Pieces in the same order as {@code seeds}; every seed must lie inside {@code region}. */
  static List<MultiPolygon> partition(MultiPolygon region, List<Coordinate> seeds) {
    if (seeds.size() == 1) {
      return List.of((MultiPolygon) region.copy());
    }
    // Voronoi in locally isotropic coordinates (x = lon·cos φ), else cells stretch north–south.
    List<Coordinate> local = new ArrayList<>(seeds.size());
    Map<Coordinate, Integer> index = new HashMap<>(); // lookup only, never iterated
    for (int i = 0; i < seeds.size(); i++) {
      Coordinate c = new Coordinate(seeds.get(i).x * Geo.COS_LAT, seeds.get(i).y);
      local.add(c);
      if (index.put(c, i) != null) {
        throw new IllegalArgumentException("duplicate seed " + seeds.get(i));
      }
    }
    Envelope clip = new Envelope();
    Envelope env = region.getEnvelopeInternal();
    clip.expandToInclude(env.getMinX() * Geo.COS_LAT, env.getMinY());
    clip.expandToInclude(env.getMaxX() * Geo.COS_LAT, env.getMaxY());
    clip.expandBy(Math.max(clip.getWidth(), clip.getHeight()) * 0.1 + 1e-3);

    VoronoiDiagramBuilder vb = new VoronoiDiagramBuilder();
    vb.setSites(local);
    vb.setClipEnvelope(clip);
    Geometry cells = vb.getDiagram(LOCAL);

    MultiPolygon[] out = new MultiPolygon[seeds.size()];
    for (int i = 0; i < cells.getNumGeometries(); i++) {
      Polygon cell = (Polygon) cells.getGeometryN(i);
      Integer idx = index.get((Coordinate) cell.getUserData());
      if (idx == null) {
        throw new IllegalStateException("Voronoi cell without a known site");
      }
      Polygon back = toLonLat(cell);
      // Canonical vertex order, so the overlay result never depends on where the builder
      // happened to start the ring.
      back.normalize();
      Geometry piece = OverlayNGRobust.overlay(back, region, OverlayNG.INTERSECTION);
      out[idx] = Geo.multiPolygon(piece);
    }
    for (int i = 0; i < out.length; i++) {
      if (out[i] == null || out[i].isEmpty()) {
        throw new IllegalStateException("empty partition piece for seed " + seeds.get(i));
      }
    }
    return List.of(out);
  }

  private static Polygon toLonLat(Polygon cell) {
    Coordinate[] cs = cell.getExteriorRing().getCoordinates();
    Coordinate[] back = new Coordinate[cs.length];
    for (int i = 0; i < cs.length; i++) {
      back[i] = new Coordinate(cs[i].x / Geo.COS_LAT, cs[i].y);
    }
    return Geo.GF.createPolygon(back);
  }
}
