package linli.registry.ogc.cql;

/**
 * A filter the caller got wrong: bad syntax, an unknown property, a type mismatch. The message is
 * meant for the API user as is (the HTTP layer answers 400 with it); positions in it are 1-based
 * character positions in the filter text.
 */
public final class CqlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CqlException(String message) {
    super(message);
  }
}
