package linli.registry.facility;

/** Someone changed the facility since the client read it: its version is no longer the expected one. */
public final class VersionConflictException extends RuntimeException {
  private final int currentVersion;

  public VersionConflictException(long id, int expected, int current) {
    super("facility " + id + " is at version " + current + ", not " + expected + ": read it again and reapply your change");
    this.currentVersion = current;
  }

  public int currentVersion() {
    return currentVersion;
  }
}
