package linli.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.locationtech.jts.algorithm.InteriorPointArea;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.geom.prep.PreparedGeometry;

/** Shared geometry helpers: the CGCS2000 factory and a local metric approximation for Qingdao. */
final class Geo {
  static final int SRID = 4490;
  static final GeometryFactory GF = new GeometryFactory(new PrecisionModel(), SRID);

  /**
   * Qingdao spans 35.6–37.1°N; one fixed cosine at the city's middle latitude keeps distances
   * within ~2% everywhere, which is plenty for a synthetic layout and keeps the math trivial.
   */
  static final double COS_LAT = Math.cos(Math.toRadians(36.2));

  static final double M_PER_DEG_LAT = 111_320.0;
  static final double M_PER_DEG_LON = M_PER_DEG_LAT * COS_LAT;

  private Geo() {}

  static double metersToLat(double m) {
    return m / M_PER_DEG_LAT;
  }

  static double metersToLon(double m) {
    return m / M_PER_DEG_LON;
  }

  /** Approximate ground distance in metres between two lon/lat coordinates. */
  static double distanceM(Coordinate a, Coordinate b) {
    double dx = (a.x - b.x) * M_PER_DEG_LON;
    double dy = (a.y - b.y) * M_PER_DEG_LAT;
    return Math.sqrt(dx * dx + dy * dy);
  }

  /** Approximate area in km² of a lon/lat geometry. */
  static double areaKm2(Geometry g) {
    return g.getArea() * M_PER_DEG_LAT * M_PER_DEG_LON / 1e6;
  }

  static Point point(Coordinate c) {
    return GF.createPoint(new Coordinate(c.x, c.y));
  }

  /**
   * Keeps only the polygonal parts of an overlay result (intersections can also yield points and
   * lines where cells touch the region) and returns them as a valid SRID-4490 MultiPolygon.
   */
  static MultiPolygon multiPolygon(Geometry g) {
    Geometry polys = polygonsOnly(g);
    if (!polys.isValid()) {
      polys = polygonsOnly(GeometryFixer.fix(polys));
    }
    return (MultiPolygon) polys;
  }

  private static MultiPolygon polygonsOnly(Geometry g) {
    List<Polygon> parts = new ArrayList<>();
    for (Object o : PolygonExtracter.getPolygons(g)) {
      Polygon p = (Polygon) o;
      if (!p.isEmpty() && p.getArea() > 0) {
        parts.add((Polygon) GF.createGeometry(p));
      }
    }
    return GF.createMultiPolygon(parts.toArray(Polygon[]::new));
  }

  /**
   * A point strictly inside the largest part of {@code g}. InteriorPointArea on the whole
   * MultiPolygon would pick the widest section, which can be on an offshore islet.
   */
  static Coordinate interior(Geometry g) {
    Geometry largest = g.getGeometryN(0);
    for (int i = 1; i < g.getNumGeometries(); i++) {
      if (g.getGeometryN(i).getArea() > largest.getArea()) {
        largest = g.getGeometryN(i);
      }
    }
    return InteriorPointArea.getInteriorPoint(largest);
  }

  /**
   * Uniform random point inside the prepared area by rejection from its envelope; null when the
   * area is too small a fraction of its envelope to hit within {@code tries}.
   */
  static Coordinate randomInside(PreparedGeometry area, Random rnd, int tries) {
    Envelope env = area.getGeometry().getEnvelopeInternal();
    for (int i = 0; i < tries; i++) {
      Coordinate c =
          new Coordinate(
              env.getMinX() + rnd.nextDouble() * env.getWidth(),
              env.getMinY() + rnd.nextDouble() * env.getHeight());
      if (area.contains(GF.createPoint(c))) {
        return c;
      }
    }
    return null;
  }

  /** A point within {@code maxM} metres of {@code anchor} (uniform in the disk). */
  static Coordinate jitter(Coordinate anchor, double maxM, Random rnd) {
    double r = maxM * Math.sqrt(rnd.nextDouble());
    double a = rnd.nextDouble() * 2 * Math.PI;
    return new Coordinate(
        anchor.x + metersToLon(r * Math.cos(a)), anchor.y + metersToLat(r * Math.sin(a)));
  }
}
