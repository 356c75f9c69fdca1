package linli.data;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import linli.registry.city.CityData;

/** Prints what {@link QingdaoDemo#generate(long)} produces (used for docs/DATA.md). */
public final class DemoSummary {
  private DemoSummary() {}

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : QingdaoDemo.DEFAULT_SEED;
    long t0 = System.nanoTime();
    CityData city = QingdaoDemo.generate(seed);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("seed %d generated in %d ms%n", seed, ms);
    System.out.printf(
        "districts %d, streets %d, communities %d, facilities %d, roads %d%n",
        city.districts().size(), city.streets().size(), city.communities().size(),
        city.facilities().size(), city.roads().size());
    System.out.println(summary(city));
  }

  static String summary(CityData city) {
    StringBuilder sb = new StringBuilder();
    Map<String, Integer> byCat = FacilityPlanter.countByCategory(city.facilities());
    Map<String, Integer> communitiesWith = new TreeMap<>();
    Map<String, Set<String>> seen = new TreeMap<>();
    city.facilities()
        .forEach(f -> seen.computeIfAbsent(f.category(), k -> new TreeSet<>()).add(f.communityCode()));
    seen.forEach((k, v) -> communitiesWith.put(k, v.size()));
    int n = city.communities().size();
    sb.append("| category | facilities | communities with one |\n");
    byCat.forEach(
        (k, v) -> {
          int with = communitiesWith.getOrDefault(k, 0);
          sb.append(String.format("| %s | %d | %d (%.0f%%) |%n", k, v, with, 100.0 * with / n));
        });
    Map<String, Integer> status = new TreeMap<>();
    city.facilities().forEach(f -> status.merge(f.status(), 1, Integer::sum));
    sb.append("status ").append(status).append('\n');
    Map<String, Integer> highway = new TreeMap<>();
    city.roads().forEach(r -> highway.merge(r.highway(), 1, Integer::sum));
    sb.append("roads ").append(highway).append('\n');
    long smart = city.communities().stream().filter(CityData.Community::smart).count();
    long refs = city.communities().stream().filter(c -> c.refPoint() != null).count();
    long under =
        city.communities().stream()
            .filter(c -> (long) c.workers() * 10_000 < (long) c.population() * PopulationModel.WORKERS_PER_10K)
            .count();
    long pop = city.communities().stream().mapToLong(CityData.Community::population).sum();
    long workers = city.communities().stream().mapToLong(CityData.Community::workers).sum();
    sb.append(String.format(
        "population %d, workers %d, below 18/10k %d, smart %d, refPoint %d%n",
        pop, workers, under, smart, refs));
    return sb.toString();
  }
}
