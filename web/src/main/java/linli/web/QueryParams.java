package linli.web;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/** Reads query parameters; a malformed one becomes a 400 problem that names it. */
final class QueryParams {
  private final Context ctx;

  QueryParams(Context ctx) {
    this.ctx = ctx;
  }

  /** The trimmed value, or null when absent or blank. */
  String text(String name) {
    String value = ctx.queryParam(name);
    if (value != null && value.indexOf('\u0000') >= 0) {
      throw Problem.invalid(name, "contains a NUL character"); // PostgreSQL text cannot hold one
    }
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The values of {@code names} by name, each as {@link #text} reads it (null when absent). */
  Map<String, String> texts(String... names) {
    Map<String, String> values = new HashMap<>();
    for (String name : names) {
      values.put(name, text(name));
    }
    return values;
  }

  String required(String name) {
    String value = text(name);
    if (value == null) {
      throw Problem.invalid(name, "is required");
    }
    return value;
  }

  Double number(String name, double min, double max) {
    String value = text(name);
    if (value == null) {
      return null;
    }
    double parsed;
    try {
      parsed = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw Problem.invalid(name, "'" + value + "' is not a number");
    }
    if (!(parsed >= min && parsed <= max)) {
      throw Problem.invalid(name, "must be between " + fmt(min) + " and " + fmt(max) + ", was " + value);
    }
    return parsed;
  }

  int integer(String name, int defaultValue, int min, int max) {
    Double value = number(name, min, max);
    if (value == null) {
      return defaultValue;
    }
    if (value != Math.rint(value)) {
      throw Problem.invalid(name, "must be a whole number");
    }
    return value.intValue();
  }

  /** minLon,minLat,maxLon,maxLat in degrees. */
  double[] bbox(String name) {
    String value = text(name);
    if (value == null) {
      return null;
    }
    String[] parts = value.split(",");
    if (parts.length != 4) {
      throw Problem.invalid(name, "needs four numbers: minLon,minLat,maxLon,maxLat");
    }
    double[] box = new double[4];
    try {
      for (int i = 0; i < 4; i++) {
        box[i] = Double.parseDouble(parts[i].strip());
      }
    } catch (NumberFormatException e) {
      throw Problem.invalid(name, "'" + value + "' is not four numbers");
    }
    if (box[0] > box[2] || box[1] > box[3] || box[0] < -180 || box[2] > 180 || box[1] < -90 || box[3] > 90) {
      throw Problem.invalid(name, "must be minLon,minLat,maxLon,maxLat within -180..180 and -90..90");
    }
    return box;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
