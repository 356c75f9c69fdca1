package linli.registry.transfer.write;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.crs.CoordinateSystem;
import linli.registry.facility.FacilityRules;

/**
 * What to export. Every filter is optional (null: no filter). {@code crs} null means the format's
 * default (see {@link ExportFormat#resolveCrs}). {@code district} is a 6-digit district code or a
 * district name; a facility is in a district when its community is. {@code category} and
 * {@code status} (any of the statuses listed) filter facilities; the shelter template takes
 * {@code status} only (default: open). {@code coverage}, for communities only, adds the attributes
 * covered and nearest_m as the coverage engine answers that question; {@code lifeCircles}, for
 * communities only, adds each level's life circle (complete, score, missing categories) as
 * {@link linli.registry.lifecircle.LifeCircles} answers for that scope. {@code encoding} is the text
 * encoding of a Shapefile's DBF or of a CSV (null: UTF-8; other formats are always UTF-8). {@code covered}, with a coverage
 * question, keeps only the communities it answers so (false: the unserved ones; null: all). Deleted
 * facilities are never exported.
 */
public record ExportQuery(ExportLayer layer, CoordinateSystem crs, String category, String district,
    List<String> status, CoverageQuery coverage, Charset encoding, CoverageQuestion.Scope lifeCircles, Boolean covered) {
  public ExportQuery {
    Objects.requireNonNull(layer, "layer");
    category = blankToNull(category);
    district = blankToNull(district);
    status = status == null || status.isEmpty() ? null : List.copyOf(status);
    if (category != null && layer != ExportLayer.FACILITIES) {
      throw new IllegalArgumentException("category filters facilities only");
    }
    if (status != null && layer != ExportLayer.FACILITIES && layer != ExportLayer.SHELTERS_PROVINCE) {
      throw new IllegalArgumentException("status filters facilities and shelters only");
    }
    if (coverage != null && layer != ExportLayer.COMMUNITIES) {
      throw new IllegalArgumentException("coverage attributes are for communities only");
    }
    if (covered != null && coverage == null) {
      throw new IllegalArgumentException("covered keeps the communities the coverage question answers so: ask one");
    }
    if (lifeCircles != null && layer != ExportLayer.COMMUNITIES) {
      throw new IllegalArgumentException("life-circle attributes are for communities only");
    }
    if (district != null && layer == ExportLayer.ROADS) {
      throw new IllegalArgumentException("roads belong to no district: district does not filter roads");
    }
    if (status != null) {
      for (String s : status) {
        if (!FacilityRules.STATUSES.contains(s)) {
          throw new IllegalArgumentException("'" + s + "' is not one of " + String.join(", ", FacilityRules.STATUSES));
        }
      }
    }
  }

  public ExportQuery(ExportLayer layer, CoordinateSystem crs, String category, String district, List<String> status) {
    this(layer, crs, category, district, status, null, null);
  }

  public ExportQuery(ExportLayer layer, CoordinateSystem crs, String category, String district, List<String> status,
      CoverageQuery coverage, Charset encoding) {
    this(layer, crs, category, district, status, coverage, encoding, null, null);
  }

  /** Everything in a layer, in the format's default CRS. */
  public static ExportQuery all(ExportLayer layer) {
    return new ExportQuery(layer, null, null, null, null);
  }

  public ExportQuery withCrs(CoordinateSystem newCrs) {
    return new ExportQuery(layer, newCrs, category, district, status, coverage, encoding, lifeCircles, covered);
  }

  public ExportQuery withCoverage(CoverageQuery question) {
    return new ExportQuery(layer, crs, category, district, status, question, encoding, lifeCircles, covered);
  }

  public ExportQuery withEncoding(Charset charset) {
    return new ExportQuery(layer, crs, category, district, status, coverage, charset, lifeCircles, covered);
  }

  /** Communities with each level's life circle in {@code scope} (mode and statuses; the district is the export's). */
  public ExportQuery withLifeCircles(CoverageQuestion.Scope scope) {
    return new ExportQuery(layer, crs, category, district, status, coverage, encoding, scope, covered);
  }

  /** Only the communities the coverage question answers {@code covered} (true or false) for. */
  public ExportQuery withCovered(Boolean wanted) {
    return new ExportQuery(layer, crs, category, district, status, coverage, encoding, lifeCircles, wanted);
  }

  /** The text encoding of a Shapefile's DBF or a CSV: {@link #encoding} or UTF-8. */
  public Charset textEncoding() {
    return encoding == null ? StandardCharsets.UTF_8 : encoding;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
