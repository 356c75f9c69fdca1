package linli.registry.coverage.straight;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live (not deleted) facilities of one category as loaded at one registry revision, every
 * status; the grid for a set of statuses is built on first use (about 1 ms per 10,000 points) and
 * kept with them. Immutable once loaded.
 */
public final class CategoryFacilities {
  private final long[] ids;
  private final double[] lons;
  private final double[] lats;
  private final String[] statuses;
  private final Map<Set<String>, NearestIndex> byStatuses = new ConcurrentHashMap<>();

  public CategoryFacilities(long[] ids, double[] lons, double[] lats, String[] statuses) {
    this.ids = ids;
    this.lons = lons;
    this.lats = lats;
    this.statuses = statuses;
  }

  public int size() {
    return ids.length;
  }

  public long id(int i) {
    return ids[i];
  }

  public double lon(int i) {
    return lons[i];
  }

  public double lat(int i) {
    return lats[i];
  }

  public String status(int i) {
    return statuses[i];
  }

  /** The grid of the facilities whose status is one of {@code counted}. */
  public NearestIndex index(List<String> counted) {
    Set<String> key = new TreeSet<>(counted);
    return byStatuses.computeIfAbsent(key, k -> new NearestIndex(lons, lats, i -> k.contains(statuses[i])));
  }
}
