package linli.registry.coverage.straight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A category patched after edits holds what it would hold read afresh, and knows where each facility went. */
class CategoryFacilitiesTest {
  @Test
  void aPatchReplacesExactlyTheTouchedFacilitiesAndRenumbersTheRest() {
    Random random = new Random(11);
    CategoryFacilities facilities = of(random, LongStream.rangeClosed(1, 400).filter(id -> id % 7 != 0).toArray());
    for (int round = 0; round < 30; round++) {
      Map<Long, String> expected = byId(facilities);
      // Touched: some held (moved, closed, gone), some not held (new here, or of another category).
      long[] touched = LongStream.concat(random.longs(1 + random.nextInt(20), 1, 400),
          random.longs(random.nextInt(3), 400, 500)).sorted().distinct().toArray();
      List<Long> nowIds = new ArrayList<>();
      for (long id : touched) {
        expected.remove(id);
        if (random.nextInt(3) > 0) { // still (or now) of the category
          nowIds.add(id);
        }
      }
      CategoryFacilities now = of(random, nowIds.stream().mapToLong(Long::longValue).toArray());
      expected.putAll(byId(now));
      CategoryFacilities patched = facilities.patched(touched, ids(now), lons(now), lats(now), statuses(now));
      assertThat(byId(patched)).as("round %d", round).isEqualTo(expected);
      int[] renumbered = patched.renumbering(facilities);
      for (int j = 0; j < facilities.size(); j++) {
        int k = renumbered[j];
        long id = facilities.id(j);
        if (expected.containsKey(id)) {
          assertThat(patched.id(k)).isEqualTo(id);
        } else {
          assertThat(k).isEqualTo(-1);
        }
      }
      assertThat(patched.renumbering(patched)).as("not patched from itself").isNull();
      facilities = patched;
    }
  }

  private static CategoryFacilities of(Random random, long[] ids) {
    double[] lons = new double[ids.length];
    double[] lats = new double[ids.length];
    String[] statuses = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      lons[i] = 120.3 + random.nextDouble() * 0.1;
      lats[i] = 36.1 + random.nextDouble() * 0.1;
      statuses[i] = random.nextInt(4) == 0 ? "closed" : "open";
    }
    return new CategoryFacilities(ids, lons, lats, statuses);
  }

  private static Map<Long, String> byId(CategoryFacilities f) {
    Map<Long, String> out = new TreeMap<>();
    for (int i = 0; i < f.size(); i++) {
      assertThat(out.put(f.id(i), f.lon(i) + " " + f.lat(i) + " " + f.status(i))).isNull();
    }
    return out;
  }

  private static long[] ids(CategoryFacilities f) {
    return LongStream.range(0, f.size()).map(i -> f.id((int) i)).toArray();
  }

  private static double[] lons(CategoryFacilities f) {
    return java.util.stream.IntStream.range(0, f.size()).mapToDouble(f::lon).toArray();
  }

  private static double[] lats(CategoryFacilities f) {
    return java.util.stream.IntStream.range(0, f.size()).mapToDouble(f::lat).toArray();
  }

  private static String[] statuses(CategoryFacilities f) {
    return java.util.stream.IntStream.range(0, f.size()).mapToObj(f::status).toArray(String[]::new);
  }
}
