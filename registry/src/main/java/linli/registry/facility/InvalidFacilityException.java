package linli.registry.facility;

import java.util.List;
import linli.registry.Violation;

/** The draft breaks the registry's rules; nothing was written. */
public final class InvalidFacilityException extends RuntimeException {
  private final List<Violation> violations;

  public InvalidFacilityException(List<Violation> violations) {
    super(violations.size() + " invalid field(s): " + violations.get(0).field() + ": " + violations.get(0).message());
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
