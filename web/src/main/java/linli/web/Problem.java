package linli.web;

import java.util.List;
import linli.registry.Violation;

/**
 * An error for the client, rendered as RFC 9457 problem JSON by {@link ProblemMapper}. Handlers
 * throw it; nothing else decides what an error response looks like.
 */
public final class Problem extends RuntimeException {
  /** One thing wrong with the input: which row (imports) and field, and why. */
  public record FieldError(Long row, String field, String message) {}

  private final int status;
  private final String title;
  private final List<FieldError> errors;

  public Problem(int status, String title, String detail, List<FieldError> errors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  /** 400 for one bad query parameter or field. */
  public static Problem invalid(String field, String message) {
    return new Problem(400, "Invalid request", field + ": " + message, List.of(new FieldError(null, field, message)));
  }

  /** 400 for input the registry's rules refused: every violation, the first in the detail. */
  public static Problem invalid(List<Violation> violations) {
    Violation first = violations.get(0);
    return new Problem(400, "Invalid request", first.field() + ": " + first.message(), violations.stream()
        .map(v -> new FieldError(v.row(), v.field(), v.message())).toList());
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "Not found", detail, List.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
