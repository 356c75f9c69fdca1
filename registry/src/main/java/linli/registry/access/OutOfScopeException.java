package linli.registry.access;

/** The token may write, but not this facility (another category or district). Nothing was written. */
public final class OutOfScopeException extends RuntimeException {
  public OutOfScopeException(String message) {
    super(message);
  }
}
