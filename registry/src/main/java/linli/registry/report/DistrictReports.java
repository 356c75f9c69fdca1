package linli.registry.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.category.Category;
import linli.registry.category.CategoryStore;
import linli.registry.coverage.CommunityCoverage;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageChanges;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.coverage.CoverageReport;
import linli.registry.lifecircle.LifeCircleSummary;
import linli.registry.lifecircle.LifeCircles;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * Makes a {@link DistrictReport}. Every number comes from an engine the API answers from
 * ({@link CoverageAnalyzer} for coverage and change, {@link LifeCircles} for the circles), asked
 * the same questions as {@code /api/coverage?district=}, so its cache serves both and the printed
 * report cannot disagree with the map; only the map's geometry is read here.
 */
public final class DistrictReports {
  private static final NamedSql MAP = NamedSql.parse(SqlResource.load(DistrictReports.class, "district_map.sql"));

  private final DataSource dataSource;
  private final CategoryStore categories;
  private final CoverageAnalyzer coverage;
  private final LifeCircles lifeCircles;

  public DistrictReports(DataSource dataSource, CategoryStore categories, CoverageAnalyzer coverage,
      LifeCircles lifeCircles) {
    this.dataSource = dataSource;
    this.categories = categories;
    this.coverage = coverage;
    this.lifeCircles = lifeCircles;
  }

  public DistrictReport make(DistrictReportQuestion.Question question) throws SQLException {
    CoverageQuery chosen = question.query();
    List<DistrictReport.CategoryCoverage> lines = new ArrayList<>();
    Category category = null;
    for (Category c : categories.all()) {
      boolean isChosen = c.code().equals(chosen.category());
      CoverageQuery q = isChosen ? chosen
          : new CoverageQuery(c.code(), c.defaultDistanceM(), chosen.mode(), chosen.district(), chosen.statuses());
      CoverageReport r = coverage.report(q);
      lines.add(new DistrictReport.CategoryCoverage(c, q.distanceM(), r.communities(), r.population()));
      if (isChosen) {
        category = c;
      }
    }
    if (category == null) {
      throw new IllegalArgumentException("unknown category " + chosen.category());
    }
    List<CommunityCoverage> communities = coverage.communities(chosen);
    List<DistrictReport.Unserved> unserved = communities.stream()
        .filter(c -> !c.covered())
        .sorted(Comparator.comparingLong(CommunityCoverage::population).reversed()
            .thenComparing(CommunityCoverage::code))
        .map(c -> new DistrictReport.Unserved(c.code(), c.name(), c.street(), c.population(), c.nearestM()))
        .toList();

    CoverageQuestion.Scope scope = new CoverageQuestion.Scope(chosen.mode(), chosen.district(), chosen.statuses());
    LifeCircleSummary circles = lifeCircles.summary(scope);
    DistrictReport.LifeCircles shares =
        new DistrictReport.LifeCircles(circles.levels(), circles.city(), circles.mostMissing());

    CoverageChanges changes = coverage.changes(chosen.at(question.since()), chosen.at(question.at()));
    return new DistrictReport(question.district().code(), question.district().name(), category, chosen.distanceM(),
        chosen.mode().code(), chosen.statuses(), question.since(), question.at(), lines, shares, changes, unserved,
        map(chosen, communities));
  }

  /** The map's geometry, the communities coloured by the chosen category's answer. */
  private DistrictMap map(CoverageQuery chosen, List<CommunityCoverage> answer) throws SQLException {
    Map<String, Boolean> covered = new HashMap<>();
    answer.forEach(c -> covered.put(c.code(), c.covered()));
    Map<String, Object> values = new HashMap<>();
    values.put("district", chosen.district());
    values.put("category", chosen.category());
    values.put("statuses", chosen.statuses().toArray(String[]::new));
    values.put("distance", chosen.distanceM());
    Geometry boundary = null;
    List<DistrictMap.Area> areas = new ArrayList<>();
    List<DistrictMap.Site> sites = new ArrayList<>();
    WKBReader wkb = new WKBReader();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = MAP.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Geometry g = wkb.read(rs.getBytes("wkb"));
        String key = rs.getString("key");
        switch (rs.getString("kind")) {
          case "district" -> boundary = g;
          case "community" -> areas.add(new DistrictMap.Area(key, g, covered.getOrDefault(key, false)));
          case "facility" -> sites.add(new DistrictMap.Site(Long.parseLong(key), (Point) g));
          default -> throw new IllegalStateException("district_map.sql returned " + rs.getString("kind"));
        }
      }
    } catch (ParseException e) {
      throw new IllegalStateException("PostGIS wrote unreadable WKB", e);
    }
    return new DistrictMap(boundary, areas, sites);
  }
}
