package linli.web;

import java.util.Optional;

/** A facility's ETag is its version number, quoted: {@code "3"}. */
final class ETags {
  private ETags() {}

  static String of(int version) {
    return "\"" + version + "\"";
  }

  /** The version an If-Match value names; weak validators (W/) are accepted as their value. */
  static Optional<Integer> version(String header) {
    String v = header.strip();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    try {
      return Optional.of(Integer.parseInt(v));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
