package linli.registry.transfer.read;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.Area;
import org.locationtech.jts.algorithm.PointLocation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

/**
 * Turns the flat ring list of a Shapefile polygon into polygons. The format says outer rings run
 * clockwise and holes counter-clockwise, but not which outer ring a hole belongs to: each hole goes
 * to the smallest outer ring that contains it. A hole inside no outer ring (files written with the
 * wrong orientation) is taken as an outer ring itself rather than dropped.
 */
final class ShapefileRings {
  private ShapefileRings() {}

  /** @param problems receives a note for each ring that had to be skipped */
  static Geometry polygon(List<Coordinate[]> rings, GeometryFactory gf, List<String> problems) {
    List<Ring> shells = new ArrayList<>();
    List<Ring> holes = new ArrayList<>();
    for (Coordinate[] raw : rings) {
      Coordinate[] c = closed(raw);
      if (c.length < 4) {
        problems.add("a polygon ring with fewer than 3 corners was skipped");
        continue;
      }
      double signed = Area.ofRingSigned(c); // JTS: positive = clockwise
      if (signed == 0) {
        problems.add("a polygon ring with no area was skipped");
        continue;
      }
      (signed > 0 ? shells : holes).add(new Ring(c, Math.abs(signed)));
    }
    for (Ring hole : holes) {
      Ring owner = null;
      for (Ring shell : shells) {
        if (shell.envelope.covers(hole.envelope) && (owner == null || shell.area < owner.area) && inside(hole, shell)) {
          owner = shell;
        }
      }
      if (owner == null) {
        Ring promoted = new Ring(hole.coords, hole.area);
        shells.add(promoted);
      } else {
        owner.holes.add(hole);
      }
    }
    if (shells.isEmpty()) {
      return null;
    }
    Polygon[] polygons = new Polygon[shells.size()];
    for (int i = 0; i < polygons.length; i++) {
      Ring s = shells.get(i);
      LinearRing[] h = new LinearRing[s.holes.size()];
      for (int j = 0; j < h.length; j++) {
        h[j] = gf.createLinearRing(s.holes.get(j).coords);
      }
      polygons[i] = gf.createPolygon(gf.createLinearRing(s.coords), h);
    }
    return polygons.length == 1 ? polygons[0] : gf.createMultiPolygon(polygons);
  }

  /** A ring as given, closed if its writer forgot to repeat the first point. */
  static Coordinate[] closed(Coordinate[] c) {
    if (c.length == 0 || c[0].equals2D(c[c.length - 1])) {
      return c;
    }
    Coordinate[] out = new Coordinate[c.length + 1];
    System.arraycopy(c, 0, out, 0, c.length);
    out[c.length] = new Coordinate(c[0]);
    return out;
  }

  /** A hole may touch its shell: decide with the first of its vertices not on the shell's boundary. */
  private static boolean inside(Ring hole, Ring shell) {
    for (Coordinate p : hole.coords) {
      int loc = PointLocation.locateInRing(p, shell.coords);
      if (loc != Location.BOUNDARY) {
        return loc == Location.INTERIOR;
      }
    }
    return true; // every vertex on the boundary: treat as inside
  }

  private static final class Ring {
    final Coordinate[] coords;
    final double area;
    final Envelope envelope;
    final List<Ring> holes = new ArrayList<>();

    Ring(Coordinate[] coords, double area) {
      this.coords = coords;
      this.area = area;
      Envelope e = new Envelope();
      for (Coordinate c : coords) {
        e.expandToInclude(c);
      }
      this.envelope = e;
    }
  }
}
