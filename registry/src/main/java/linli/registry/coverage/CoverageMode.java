package linli.registry.coverage;

import java.util.Locale;
import java.util.Optional;

/** How walking distance is measured (shared API.md, "Walking distance"). */
public enum CoverageMode {
  /** Shortest distance on the ground (the CGCS2000 ellipsoid). */
  STRAIGHT,
  /** Access leg + shortest path along walkable roads + egress leg. */
  NETWORK;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CoverageMode> parse(String code) {
    for (CoverageMode m : values()) {
      if (m.code().equals(code)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
