package linli.web;

/** A command that could not do its work: "linli: MESSAGE" on stderr and exit code 1. */
final class CommandFailure extends RuntimeException {
  CommandFailure(String message) {
    super(message, null, false, false);
  }
}
