package linli.registry.transfer;

/** The file as a whole cannot be imported (unreadable, truncated, missing part, unknown CRS); nothing is written. */
public final class ImportFileException extends RuntimeException {
  public ImportFileException(String message) {
    super(message);
  }

  public ImportFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
