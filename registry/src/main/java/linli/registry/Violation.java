package linli.registry;

/**
 * One thing wrong with input, as data rather than an exception: which row (bulk input; null for a
 * single object), which field, and why, in words a bureau's clerk can act on.
 */
public record Violation(Long row, String field, String message) {
  public static Violation of(String field, String message) {
    return new Violation(null, field, message);
  }
}
