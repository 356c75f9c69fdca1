package linli.registry.transfer.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import linli.registry.crs.CoordinateSystem;
import linli.registry.transfer.ImportFileException;

/**
 * Names the CRS of a WKT definition (a Shapefile .prj, a GeoPackage SRS definition) as
 * {@code EPSG:nnnn}. An EPSG authority on the outermost object wins. Without one (ArcGIS and GDAL
 * write ESRI WKT without authorities) the CRSs Qingdao data comes in are recognised by name and
 * parameters: WGS 84 (4326), CGCS2000 (4490), the CGCS2000 Gauss-Kruger zones (4491–4554, e.g.
 * 3-degree zone 40 = 4528 and CM 120E = 4549 around Qingdao) and Web Mercator (3857). Anything else
 * is refused rather than guessed: a wrong CRS silently puts every facility in the wrong place.
 */
public final class PrjCrs {
  private static final Set<String> GEOGRAPHIC = Set.of("GEOGCS", "GEOGCRS", "GEODCRS", "GEOGRAPHICCRS", "GEODETICCRS");
  private static final Set<String> PROJECTED = Set.of("PROJCS", "PROJCRS", "PROJECTEDCRS");

  private PrjCrs() {}

  /**
   * @param wkt WKT1 (OGC or ESRI flavour) or WKT2
   * @param where for the error message, e.g. "in .prj"
   * @return "EPSG:nnnn", or null for a blank definition
   * @throws ImportFileException "unknown CRS in .prj: ..." when not recognised
   */
  public static String epsg(String wkt, String where) {
    if (wkt == null || wkt.isBlank()) {
      return null;
    }
    String code;
    try {
      code = identify(new Parser(wkt.strip()).node());
    } catch (IllegalArgumentException e) {
      code = null;
    }
    if (code == null) {
      String shown = wkt.strip().replaceAll("\\s+", " ");
      throw new ImportFileException("unknown CRS " + where + ": " + shown.substring(0, Math.min(80, shown.length())));
    }
    return code;
  }

  private static String identify(Node root) {
    for (Node child : root.nodes()) {
      if ((child.keyword.equals("AUTHORITY") || child.keyword.equals("ID")) && child.args.size() >= 2
          && "EPSG".equalsIgnoreCase(child.text(0))) {
        String id = child.text(1).strip();
        if (id.matches("\\d{1,9}")) {
          return "EPSG:" + Integer.parseInt(id);
        }
      }
    }
    if (GEOGRAPHIC.contains(root.keyword)) {
      return geographic(root);
    }
    if (PROJECTED.contains(root.keyword)) {
      return projected(root);
    }
    return null;
  }

  private static String geographic(Node geog) {
    Node datum = geog.child("DATUM", "TRF", "GEODETICDATUM");
    String names = norm(geog.text(0)) + " " + (datum == null ? "" : norm(datum.text(0)));
    if (names.contains("WGS84") || names.contains("WGS1984")) {
      return "EPSG:4326";
    }
    if (names.contains("CGCS2000") || names.contains("CHINA2000")
        || names.contains("CHINAGEODETICCOORDINATESYSTEM2000")) {
      return "EPSG:4490";
    }
    return null;
  }

  private static String projected(Node proj) {
    for (CoordinateSystem c : CoordinateSystem.offered(CoordinateSystem.Use.IMPORT)) {
      if (!c.isGeographic() && c.isNamed(proj.text(0))) {
        return c.code();
      }
    }
    Node base = proj.child("GEOGCS", "BASEGEOGCRS", "BASEGEODCRS");
    String baseCrs = base == null ? null : identifyBase(base);
    Node conversion = proj.child("CONVERSION");
    Node holder = conversion != null ? conversion : proj;
    Node method = holder.child("PROJECTION", "METHOD");
    String projection = method == null ? "" : norm(method.text(0));
    Map<String, Double> p = new HashMap<>();
    for (Node n : holder.nodes()) {
      if (n.keyword.equals("PARAMETER") && n.args.size() >= 2) {
        try {
          p.put(norm(n.text(0)), Double.parseDouble(n.text(1)));
        } catch (NumberFormatException ignored) {
          // not a number: not a parameter we look at
        }
      }
    }
    double cm = param(p, Double.NaN, "CENTRALMERIDIAN", "LONGITUDEOFNATURALORIGIN", "LONGITUDEOFORIGIN");
    double fe = param(p, 0, "FALSEEASTING");
    double fn = param(p, 0, "FALSENORTHING");
    double k = param(p, 1, "SCALEFACTOR", "SCALEFACTORATNATURALORIGIN");
    double lat0 = param(p, 0, "LATITUDEOFORIGIN", "LATITUDEOFNATURALORIGIN");
    if ("EPSG:4490".equals(baseCrs) && (projection.equals("TRANSVERSEMERCATOR") || projection.equals("GAUSSKRUGER"))
        && fn == 0 && k == 1 && lat0 == 0) {
      // A 6-degree zone by central meridian has the parameters of the 3-degree one: either is right.
      return CoordinateSystem.gaussKruger(cm, fe).map(CoordinateSystem::code).orElse(null);
    }
    if ("EPSG:4326".equals(baseCrs) && (projection.equals("MERCATORAUXILIARYSPHERE")
        || projection.equals("POPULARVISUALISATIONPSEUDOMERCATOR"))
        && (Double.isNaN(cm) || cm == 0) && fe == 0 && fn == 0) {
      return "EPSG:3857";
    }
    return null;
  }

  private static String identifyBase(Node base) {
    String code = identify(base);
    return code != null ? code : geographic(base);
  }

  private static double param(Map<String, Double> p, double fallback, String... names) {
    for (String n : names) {
      Double v = p.get(n);
      if (v != null) {
        return v;
      }
    }
    return fallback;
  }

  /** Upper case letters and digits only: "CGCS2000_3_Degree_GK_CM_120E" and "CGCS2000 / 3-degree GK CM 120E" meet. */
  private static String norm(String s) {
    return s == null ? "" : s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
  }

  /** KEYWORD[arg, ...] where an arg is a quoted string, a bare token or a nested node. */
  private record Node(String keyword, List<Object> args) {
    String text(int i) {
      return i < args.size() && !(args.get(i) instanceof Node) ? (String) args.get(i) : null;
    }

    List<Node> nodes() {
      List<Node> out = new ArrayList<>();
      for (Object a : args) {
        if (a instanceof Node n) {
          out.add(n);
        }
      }
      return out;
    }

    Node child(String... keywords) {
      for (Node n : nodes()) {
        for (String k : keywords) {
          if (n.keyword.equals(k)) {
            return n;
          }
        }
      }
      return null;
    }
  }

  private static final class Parser {
    private final String s;
    private int i;
    private int depth;

    Parser(String s) {
      this.s = s;
    }

    Node node() {
      if (++depth > 64) {
        throw new IllegalArgumentException("nested too deep");
      }
      skipSpace();
      int start = i;
      while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
        i++;
      }
      String keyword = s.substring(start, i).toUpperCase(Locale.ROOT);
      skipSpace();
      if (keyword.isEmpty() || i >= s.length() || (s.charAt(i) != '[' && s.charAt(i) != '(')) {
        throw new IllegalArgumentException("expected KEYWORD[ at " + i);
      }
      char close = s.charAt(i) == '[' ? ']' : ')';
      i++;
      List<Object> args = new ArrayList<>();
      while (true) {
        skipSpace();
        if (i >= s.length()) {
          throw new IllegalArgumentException("unterminated");
        }
        char c = s.charAt(i);
        if (c == close) {
          i++;
          break;
        }
        if (c == ',') {
          i++;
          continue;
        }
        if (c == '"') {
          StringBuilder b = new StringBuilder();
          i++;
          while (true) {
            if (i >= s.length()) {
              throw new IllegalArgumentException("unterminated string");
            }
            char q = s.charAt(i++);
            if (q == '"') {
              if (i < s.length() && s.charAt(i) == '"') { // WKT2 escapes a quote by doubling it
                b.append('"');
                i++;
                continue;
              }
              break;
            }
            b.append(q);
          }
          args.add(b.toString());
        } else {
          int t = i;
          while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != close && s.charAt(i) != '['
              && s.charAt(i) != '(' && !Character.isWhitespace(s.charAt(i))) {
            i++;
          }
          skipSpace();
          if (i < s.length() && (s.charAt(i) == '[' || s.charAt(i) == '(')) {
            i = t;
            args.add(node());
          } else {
            args.add(s.substring(t, i).strip());
          }
        }
      }
      depth--;
      return new Node(keyword, args);
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
  }
}
