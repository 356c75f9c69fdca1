package linli.registry.coverage.straight;

import java.lang.ref.WeakReference;
import java.util.Arrays;
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
  /** What these were patched from (weakly: a chain of edits must not keep every older set alive), or null. */
  private final WeakReference<CategoryFacilities> patchedFrom;
  /** Facility k &lt; keptFrom.length here is facility keptFrom[k] of {@link #patchedFrom}. */
  private final int[] keptFrom;

  public CategoryFacilities(long[] ids, double[] lons, double[] lats, String[] statuses) {
    this(ids, lons, lats, statuses, null, null);
  }

  private CategoryFacilities(long[] ids, double[] lons, double[] lats, String[] statuses,
      CategoryFacilities patchedFrom, int[] keptFrom) {
    this.ids = ids;
    this.lons = lons;
    this.lats = lats;
    this.statuses = statuses;
    this.patchedFrom = patchedFrom == null ? null : new WeakReference<>(patchedFrom);
    this.keptFrom = keptFrom;
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
      if (Arrays.binarySearch(touched, this.ids[i]) < 0) {
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
    return new CategoryFacilities(newIds, newLons, newLats, newStatuses, this, Arrays.copyOf(kept, n));
  }

  /**
   * When these were {@link #patched} from {@code older}: for each facility of {@code older} its index
   * here (by id), -1 where it is here no more; else null (then ids must be matched).
   */
  public int[] renumbering(CategoryFacilities older) {
    if (patchedFrom == null || patchedFrom.get() != older) {
      return null;
    }
    int[] out = new int[older.size()];
    Arrays.fill(out, -1);
    for (int k = 0; k < keptFrom.length; k++) {
      out[keptFrom[k]] = k;
    }
    // The touched facilities that are still here come after the kept ones: few, matched by id.
    Map<Long, Integer> touched = new java.util.HashMap<>();
    for (int k = keptFrom.length; k < ids.length; k++) {
      touched.put(ids[k], k);
    }
    for (int j = 0; j < out.length && !touched.isEmpty(); j++) {
      if (out[j] < 0) {
        out[j] = touched.getOrDefault(older.ids[j], -1);
      }
    }
    return out;
  }

  /** The grid of the facilities whose status is one of {@code counted}. */
  public NearestIndex index(List<String> counted) {
    Set<String> key = new TreeSet<>(counted);
    return byStatuses.computeIfAbsent(key, k -> {
      boolean[] counts = new boolean[statuses.length]; // the grid asks three times per facility
      for (int i = 0; i < counts.length; i++) {
        counts[i] = k.contains(statuses[i]);
      }
      return new NearestIndex(lons, lats, i -> counts[i]);
    });
  }
}
