package linli.registry.lifecircle;

import java.util.List;

/**
 * One level of community life circle (社区生活圈): a community's circle of this level is complete when a
 * facility of every one of {@code categories} lies within {@code distanceM} of it.
 */
public record LifeCircle(int level, String nameZh, double distanceM, List<String> categories, String standard) {
  /** The levels GB 50180-2018 names, in minutes of walking. */
  public static final List<Integer> LEVELS = List.of(5, 10, 15);

  public LifeCircle {
    categories = List.copyOf(categories);
  }
}
