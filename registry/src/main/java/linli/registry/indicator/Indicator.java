package linli.registry.indicator;

/**
 * A plan target and where it stands: {@code value} against {@code target} in {@code unit}; {@code met}
 * is null when the registry has nothing to measure it by (value null).
 */
public record Indicator(String id, String action, String title, double target, Double value, String unit, Boolean met) {
  static Indicator atLeast(String id, String action, String title, double target, Double value, String unit) {
    Double rounded = value == null ? null : Math.round(value * 100) / 100.0;
    return new Indicator(id, action, title, target, rounded, unit, value == null ? null : value >= target);
  }
}
