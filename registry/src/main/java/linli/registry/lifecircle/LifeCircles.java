package linli.registry.lifecircle;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageQuestion;

/** What the HTTP layer and the CLI ask of life circles: the definitions, per community, by area. */
public final class LifeCircles {
  private final LifeCircleStore store;
  private final LifeCircleAnalyzer analyzer;
  private final LifeCircleGeoJson geoJson;

  public LifeCircles(DataSource dataSource, CoverageAnalyzer coverage) {
    this.store = new LifeCircleStore(dataSource);
    this.analyzer = new LifeCircleAnalyzer(coverage);
    this.geoJson = new LifeCircleGeoJson(dataSource);
  }

  public LifeCircleStore store() {
    return store;
  }

  public List<LifeCircle> definitions() throws SQLException {
    return store.all();
  }

  public Optional<LifeCircle> definition(int level) throws SQLException {
    return store.find(level);
  }

  /** Every community's circles of every level. */
  public List<CommunityCircles> communities(CoverageQuestion.Scope scope) throws SQLException {
    return analyzer.communities(store.all(), scope);
  }

  /** Every community's circle of one level. */
  public List<CommunityCircles> communities(LifeCircle level, CoverageQuestion.Scope scope) throws SQLException {
    return analyzer.communities(List.of(level), scope);
  }

  /** GeoJSON of every level's circles ({@code level} null) or of one. */
  public String communitiesGeoJson(Integer level, CoverageQuestion.Scope scope) throws SQLException {
    if (level == null) {
      return geoJson.write(communities(scope), null);
    }
    return geoJson.write(communities(store.find(level).orElseThrow(), scope), level);
  }

  public LifeCircleSummary summary(CoverageQuestion.Scope scope) throws SQLException {
    List<LifeCircle> levels = store.all();
    return LifeCircleSummary.of(scope.mode().code(), analyzer.table(levels, scope));
  }
}
