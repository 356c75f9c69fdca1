package linli.registry.coverage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;

/**
 * Where {@code k} new facilities would cover the most residents: greedy maximal covering over
 * candidate sites (uncovered communities' anchors and road vertices near them). Each pick's gain is
 * exact: the population of the still-uncovered communities it reaches, which PostGIS decides in a
 * straight line, and a bounded search on the road graph decides along the network ({@link
 * NetworkCandidates}), with the same arithmetic as network coverage.
 */
public final class SiteSuggester {
  private static final NamedSql CANDIDATES = NamedSql.parse(SqlResource.load(SiteSuggester.class, "suggest_candidates.sql"));
  public static final int MAX_K = 50;

  private final DataSource dataSource;
  private final CoverageAnalyzer coverage;
  private final NetworkCandidates network;

  public SiteSuggester(DataSource dataSource, CoverageAnalyzer coverage) {
    this.dataSource = dataSource;
    this.coverage = coverage;
    this.network = new NetworkCandidates(coverage.network());
  }

  public record Site(double lon, double lat, long gainPopulation, List<String> newlyCovered) {}

  public record Suggestion(List<Site> sites, long populationCoveredAfter) {}

  /** A place a new site could go, and the uncovered communities it would reach. */
  record Candidate(double lon, double lat, List<String> codes) {}

  public Suggestion suggest(CoverageQuery query, int k) throws SQLException {
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be 1.." + MAX_K);
    }
    List<CommunityCoverage> communities = coverage.communities(query);
    Map<String, Long> uncovered = new HashMap<>();
    long covered = 0;
    for (CommunityCoverage c : communities) {
      if (c.covered()) {
        covered += c.population();
      } else {
        uncovered.put(c.code(), c.population());
      }
    }
    List<Candidate> candidates = uncovered.isEmpty() ? List.of()
        : query.mode() == CoverageMode.NETWORK ? network.candidates(query, uncovered.keySet())
        : candidates(query, uncovered.keySet());
    List<Site> sites = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (int i = 0; i < k; i++) {
      Candidate best = null;
      long bestGain = 0;
      for (Candidate c : candidates) {
        long gain = 0;
        for (String code : c.codes()) {
          if (!taken.contains(code)) {
            gain += uncovered.get(code);
          }
        }
        if (gain > bestGain) {
          best = c;
          bestGain = gain;
        }
      }
      if (best == null) {
        break; // nobody left that a new site could reach
      }
      List<String> won = best.codes().stream().filter(code -> !taken.contains(code)).toList();
      taken.addAll(won);
      covered += bestGain;
      sites.add(new Site(best.lon(), best.lat(), bestGain, won));
    }
    return new Suggestion(sites, covered);
  }

  private List<Candidate> candidates(CoverageQuery query, Set<String> uncoveredCodes) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("codes", uncoveredCodes.stream().sorted().toArray(String[]::new));
    values.put("distance", query.distanceM());
    List<Candidate> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = CANDIDATES.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Array codes = rs.getArray("codes");
        out.add(new Candidate(rs.getDouble("lon"), rs.getDouble("lat"), List.of((String[]) codes.getArray())));
      }
    }
    return out;
  }
}
