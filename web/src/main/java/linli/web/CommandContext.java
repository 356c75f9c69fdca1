package linli.web;

import java.nio.file.Path;
import java.util.Map;

/**
 * What every command reads besides its arguments: the environment (settings) and the directory the
 * user ran the command in. The launcher changes into the project folder before starting Java, so
 * it passes the caller's directory as {@code LINLI_CALLER_DIR}; without it, the working directory.
 */
record CommandContext(Map<String, String> env, Path callerDir) {
  static CommandContext of(Map<String, String> env) {
    String caller = env.get("LINLI_CALLER_DIR");
    Path dir = caller == null || caller.isBlank() ? Path.of("") : Path.of(caller.strip());
    return new CommandContext(env, dir.toAbsolutePath().normalize());
  }

  LinliConfig config() {
    try {
      return LinliConfig.from(env);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(e.getMessage());
    }
  }

  /** A file named on the command line: relative names are the caller's. */
  Path file(String name) {
    return callerDir.resolve(name).normalize();
  }
}
