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

  /**
   * These facilities after an edit of the facilities {@code touched} (ids, ascending): those not
   * touched stay, in their order, followed by the touched ones that are now of this category and
   * live, given by {@code ids}, {@code lons}, {@code lats} and {@code statuses}. The grids are built
   * again when asked.
   */
  public CategoryFacilities patched(long[] touched, long[] ids, double[] lons, double[] lats, String[] statuses) {
    int n = 0;
    int[] kept = new int[this.ids.length];
    for (int i = 0; i < this.ids.length; i++) {
      if (java.util.Arrays.binarySearch(touched, this.ids[i]) < 0) {
        kept[n++] = i;
      }
    }
    int size = n + ids.length;
    long[] newIds = new long[size];
    double[] newLons = new double[size];
    double[] newLats = new double[size];
    String[] newStatuses = new String[size];
    for (int k = 0; k < n; k++) {
      int i = kept[k];
      newIds[k] = this.ids[i];
      newLons[k] = this.lons[i];
      newLats[k] = this.lats[i];
      newStatuses[k] = this.statuses[i];
    }
    System.arraycopy(ids, 0, newIds, n, ids.length);
    System.arraycopy(lons, 0, newLons, n, ids.length);
    System.arraycopy(lats, 0, newLats, n, ids.length);
    System.arraycopy(statuses, 0, newStatuses, n, ids.length);
    return new CategoryFacilities(newIds, newLons, newLats, newStatuses);
  }

  /** The grid of the facilities whose status is one of {@code counted}. */
  public NearestIndex index(List<String> counted) {
    Set<String> key = new TreeSet<>(counted);
    return byStatuses.computeIfAbsent(key, k -> new NearestIndex(lons, lats, i -> k.contains(statuses[i])));
  }
}
