package linli.web;

/** How log lines are written ({@code LINLI_LOG_FORMAT}): plain text for people, one JSON object a line for machines. */
public enum LogFormat {
  TEXT, JSON;

  static LogFormat parse(String value) {
    String v = value == null || value.isBlank() ? "text" : value.strip().toLowerCase();
    return switch (v) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("LINLI_LOG_FORMAT must be text or json, was '" + value + "'");
    };
  }
}
