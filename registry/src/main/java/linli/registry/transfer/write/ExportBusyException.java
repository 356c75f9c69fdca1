package linli.registry.transfer.write;

/** Too many exports are running at once; the caller may try again shortly. Thrown before anything is written. */
public final class ExportBusyException extends RuntimeException {
  public ExportBusyException(String message) {
    super(message);
  }
}
