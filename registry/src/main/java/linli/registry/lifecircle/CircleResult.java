package linli.registry.lifecircle;

import java.util.List;

/**
 * One community's circle of one level: the required categories within reach and those missing (both
 * in the definition's order), complete when none is missing, and the score, the share of required
 * categories within reach (4 decimals).
 */
public record CircleResult(int level, List<String> reachable, List<String> missing, boolean complete, double score) {
  public CircleResult {
    reachable = List.copyOf(reachable);
    missing = List.copyOf(missing);
  }
}
