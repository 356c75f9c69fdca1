package linli.registry.indicator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;

/** Computes the measurable targets of the year's plan from the registry (shared DOMAIN.md). */
public final class IndicatorCalculator {
  private static final NamedSql INDICATORS = NamedSql.parse(SqlResource.load(IndicatorCalculator.class, "indicators.sql"));
  private static final NamedSql INDICATORS_AS_OF =
      NamedSql.parse(SqlResource.load(IndicatorCalculator.class, "indicators_as_of.sql"));

  private final DataSource dataSource;

  public IndicatorCalculator(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public List<Indicator> forYear(int year) throws SQLException {
    return forYear(year, null);
  }

  /** The indicators as the registry stood at {@code asOf} (null: now), from the history. */
  public List<Indicator> forYear(int year, Instant asOf) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = asOf == null ? INDICATORS.prepare(c, Map.of("year", year))
            : INDICATORS_AS_OF.prepare(c, Map.of("year", year, "as_of", OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC)));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long districts = rs.getLong("districts");
      long shelters = rs.getLong("shelters");
      return List.of(
          Indicator.atLeast("workers_per_10k", "1", "Community workers per 10,000 urban residents (city)", 18,
              number(rs, "workers_per_10k"), "workers per 10,000"),
          Indicator.atLeast("rural_care_stations_new", "2", "Rural elderly care stations opened in " + year, 100,
              number(rs, "rural_care_stations_new"), "stations"),
          Indicator.atLeast("urban_care_stations_improved", "2",
              "Urban elderly care stations opened or updated in " + year, 100,
              number(rs, "urban_care_stations_improved"), "stations"),
          Indicator.atLeast("community_hospital_per_district", "6",
              "Districts with at least one open community hospital", districts == 0 ? 1 : districts,
              districts == 0 ? null : number(rs, "districts_with_hospital"), "districts"),
          Indicator.atLeast("health_institutions_new", "6", "Grassroots health institutions opened in " + year, 15,
              number(rs, "health_institutions_new"), "institutions"),
          Indicator.atLeast("fitness_new", "9", "Fitness venues opened in " + year, 300, number(rs, "fitness_new"),
              "venues"),
          Indicator.atLeast("science_sites_new", "10", "Communities with a science site opened in " + year, 9,
              number(rs, "science_sites_new"), "communities"),
          Indicator.atLeast("police_colocation_rate", "11",
              "Police offices within 50 m of their committee office", 80, number(rs, "police_colocation_rate"), "%"),
          Indicator.atLeast("shelter_database", "13", "Emergency shelters registered with their capacity", 100,
              shelters == 0 ? null : number(rs, "shelters_with_capacity"), "%"),
          Indicator.atLeast("smart_communities", "14", "Smart communities", 150, number(rs, "smart_communities"),
              "communities"));
    }
  }

  private static Double number(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }
}
