package linli.web.report;

import java.awt.Color;
import java.io.IOException;
import linli.registry.report.DistrictMap;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Draws a {@link DistrictMap} into a box of the page, as vectors: communities filled by coverage
 * (the web map's colours), the district's boundary over them, the facilities as dots, a scale bar.
 * North is up (Web Mercator), so no arrow is needed.
 */
final class MapDrawing {
  static final Color COVERED = new Color(0x2c, 0x7b, 0xb6);
  static final Color UNCOVERED = new Color(0xf0, 0x7f, 0x1b);
  static final Color BOUNDARY = new Color(0x11, 0x11, 0x11);
  static final Color FACILITY = new Color(0x6a, 0x1b, 0x9a);
  private static final Color FRAME = new Color(0xc8, 0xcd, 0xd0);

  private final PDPageContentStream content;
  private final double scale;
  private final double originX;
  private final double originY;
  private final Envelope extent;

  /** Fits {@code extent} (Mercator metres) into the box at (x, y) of w × h points, centred, with a 4 % margin. */
  private MapDrawing(PDPageContentStream content, Envelope extent, float x, float y, float w, float h) {
    this.content = content;
    this.extent = extent;
    double width = Math.max(extent.getWidth(), 1);
    double height = Math.max(extent.getHeight(), 1);
    this.scale = Math.min(w * 0.92 / width, h * 0.92 / height);
    this.originX = x + (w - width * scale) / 2 - extent.getMinX() * scale;
    this.originY = y + (h - height * scale) / 2 - extent.getMinY() * scale;
  }

  /** Draws the map into the box; returns false (drawing only the frame) when it has nothing to show. */
  static boolean draw(PdfPages pages, DistrictMap map, float x, float y, float w, float h) throws IOException {
    PDPageContentStream content = pages.content();
    content.setStrokingColor(FRAME);
    content.setLineWidth(0.6f);
    content.addRect(x, y, w, h);
    content.stroke();
    Envelope extent = map.extent();
    if (extent == null) {
      return false;
    }
    MapDrawing d = new MapDrawing(content, extent, x, y, w, h);
    content.saveGraphicsState();
    content.addRect(x, y, w, h);
    content.clip();
    for (DistrictMap.Area area : map.communities()) {
      d.path(area.polygon());
      content.setNonStrokingColor(area.covered() ? COVERED : UNCOVERED);
      content.fillEvenOdd();
      d.path(area.polygon());
      content.setStrokingColor(Color.WHITE);
      content.setLineWidth(0.5f);
      content.stroke();
    }
    if (map.boundary() != null) {
      d.path(map.boundary());
      content.setStrokingColor(BOUNDARY);
      content.setLineWidth(1.4f);
      content.stroke();
    }
    for (DistrictMap.Site site : map.facilities()) {
      d.dot(site.point().getCoordinate(), 3.2f);
    }
    content.restoreGraphicsState();
    d.scaleBar(pages, x + 8, y + 8, w / 4);
    return true;
  }

  private float px(double mx) {
    return (float) (originX + mx * scale);
  }

  private float py(double my) {
    return (float) (originY + my * scale);
  }

  /** The geometry's rings as one path (holes included: filled even-odd). */
  private void path(Geometry g) throws IOException {
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      if (part instanceof Polygon p) {
        ring(p.getExteriorRing());
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
          ring(p.getInteriorRingN(h));
        }
      } else if (part instanceof LineString l) {
        ring(l);
      }
    }
  }

  private void ring(LineString ring) throws IOException {
    Coordinate[] cs = ring.getCoordinates();
    if (cs.length == 0) {
      return;
    }
    content.moveTo(px(cs[0].x), py(cs[0].y));
    for (int i = 1; i < cs.length; i++) {
      content.lineTo(px(cs[i].x), py(cs[i].y));
    }
    content.closePath();
  }

  /** A filled dot with a white edge: four Bézier quarters. */
  private void dot(Coordinate c, float r) throws IOException {
    float cx = px(c.x);
    float cy = py(c.y);
    float k = 0.5523f * r;
    content.moveTo(cx + r, cy);
    content.curveTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    content.curveTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    content.curveTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    content.curveTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    content.closePath();
    content.setNonStrokingColor(FACILITY);
    content.setStrokingColor(Color.WHITE);
    content.setLineWidth(0.7f);
    content.fillAndStroke();
  }

  /** A bar of a round ground length (1, 2 or 5 × 10ⁿ m) no longer than {@code room} points. */
  private void scaleBar(PdfPages pages, float x, float y, float room) throws IOException {
    double groundPerPoint = DistrictMap.groundMetresPerUnit(extent) / scale;
    double metres = niceLength(room * groundPerPoint);
    float length = (float) (metres / groundPerPoint);
    content.setStrokingColor(BOUNDARY);
    content.setLineWidth(1.2f);
    content.moveTo(x, y + 4);
    content.lineTo(x, y);
    content.lineTo(x + length, y);
    content.lineTo(x + length, y + 4);
    content.stroke();
    String label = metres >= 1000 ? trim(metres / 1000) + " km" : trim(metres) + " m";
    pages.text(label, x + length + 4, y, 8, BOUNDARY);
  }

  /** The largest 1, 2 or 5 × 10ⁿ not above {@code most}. */
  static double niceLength(double most) {
    double power = Math.pow(10, Math.floor(Math.log10(most)));
    for (double step : new double[] {5, 2, 1}) {
      if (step * power <= most) {
        return step * power;
      }
    }
    return power;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
