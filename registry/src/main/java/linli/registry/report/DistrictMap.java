package linli.registry.report;

import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * What the district report's map shows, in Web Mercator metres (EPSG:3857): the district's boundary
 * (null when it has neither a boundary nor communities), its communities coloured by whether the
 * chosen category covers them, and the facilities of that category the answer counted, near enough
 * to matter.
 */
public record DistrictMap(Geometry boundary, List<Area> communities, List<Site> facilities) {
  public DistrictMap {
    communities = List.copyOf(communities);
    facilities = List.copyOf(facilities);
  }

  /** A community's polygon and whether the chosen category covers it. */
  public record Area(String code, Geometry polygon, boolean covered) {}

  /** A facility's place. */
  public record Site(long id, Point point) {}

  /** The box to draw: the boundary's, else the communities'; null when there is nothing to draw. */
  public Envelope extent() {
    Envelope box = new Envelope();
    if (boundary != null) {
      box.expandToInclude(boundary.getEnvelopeInternal());
    } else {
      communities.forEach(a -> box.expandToInclude(a.polygon().getEnvelopeInternal()));
    }
    return box.isNull() ? null : box;
  }

  /**
   * Ground metres per Web Mercator metre at the middle of {@code box}: Mercator stretches distances
   * by sec(latitude), so a scale bar must shrink by cos(latitude).
   */
  public static double groundMetresPerUnit(Envelope box) {
    double y = box.centre().y;
    double lat = Math.toDegrees(2 * Math.atan(Math.exp(y / 6378137.0)) - Math.PI / 2);
    return Math.cos(Math.toRadians(lat));
  }
}
