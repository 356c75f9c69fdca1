package linli.registry.transfer.write;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import linli.registry.coverage.CoverageMode;
import linli.registry.crs.CoordinateSystem;

/**
 * The name a download is saved under, made from what it holds, so that a folder of exports explains
 * itself: the layer, its filter or coverage question, the district, the CRS and text encoding when
 * not the default, and the day it was taken, e.g. {@code facilities_emergency_shelter_2026-12-03.gpkg},
 * {@code communities_emergency_shelter_500m_network_市南区_2026-12-03.geojson},
 * {@code unserved_communities_emergency_shelter_500m_2026-12-03.geojson}. {@code utf8} may hold
 * Chinese (a district asked for by name) and goes into RFC 6266's {@code filename*}; {@code ascii}
 * is the fallback {@code filename=} for clients that read only that one: the district by its code.
 */
public record ExportFileName(String utf8, String ascii) {
  /** A district as the file name shows it: its name in the UTF-8 name, its code in the ASCII one. */
  public record District(String code, String name) {}

  /**
   * @param query    the export (its CRS as requested: null or the format's default adds nothing)
   * @param district the query's district, resolved (null when none)
   * @param day      the day of the export (Asia/Shanghai for the registry's users)
   */
  public static ExportFileName of(ExportQuery query, ExportFormat format, District district, LocalDate day) {
    List<String> parts = new ArrayList<>();
    if (query.covered() != null) {
      parts.add(query.covered() ? "served" : "unserved");
    }
    parts.add(query.layer().id().replace('-', '_'));
    if (query.category() != null) {
      parts.add(query.category());
    }
    if (query.status() != null) {
      parts.add(String.join("+", query.status()));
    }
    if (query.coverage() != null) {
      parts.add(query.coverage().category());
      parts.add(metres(query.coverage().distanceM()) + "m");
      if (query.coverage().mode() != CoverageMode.STRAIGHT) {
        parts.add(query.coverage().mode().code());
      }
    }
    if (query.lifeCircles() != null) {
      parts.add("life_circles");
      if (query.coverage() == null && query.lifeCircles().mode() != CoverageMode.STRAIGHT) {
        parts.add(query.lifeCircles().mode().code());
      }
    }
    String crs = crsPart(query.crs(), format);
    String encoding = query.encoding() == null ? null : query.encoding().name().toUpperCase(Locale.ROOT);
    String end = "_" + day + (crs == null ? "" : "_" + crs) + (encoding == null ? "" : "_" + encoding)
        + "." + format.extension();
    String head = safe(String.join("_", parts));
    if (district == null) {
      return new ExportFileName(head + end, ascii(head) + end);
    }
    return new ExportFileName(head + "_" + safe(district.name()) + end, ascii(head) + "_" + ascii(district.code()) + end);
  }

  /** The CRS when it is not what the format is written in by default. */
  private static String crsPart(CoordinateSystem requested, ExportFormat format) {
    CoordinateSystem written = format.resolveCrs(requested);
    if (written.equals(format.resolveCrs(null))) {
      return null;
    }
    return written.isOffset() ? written.code() : "EPSG" + written.srid();
  }

  private static String metres(double distance) {
    return distance == Math.rint(distance) ? Long.toString((long) distance) : Double.toString(distance);
  }

  /** No path separators, quotes or control characters, whatever a name in the registry holds. */
  private static String safe(String s) {
    return s.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}\\s]+", "_");
  }

  /** The ASCII fallback: printable ASCII only, anything else dropped. */
  private static String ascii(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
      if (b >= 0x21 && b < 0x7f && b != '?' && b != '"' && b != '\\' && b != '%') {
        out.append((char) b);
      }
    }
    return out.toString();
  }
}
