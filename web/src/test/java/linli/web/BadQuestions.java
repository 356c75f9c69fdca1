package linli.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The same bad coverage questions, asked at every door that takes one (GET /api/coverage and
 * /api/coverage/communities, the what-if body, the communities tiles, the communities export):
 * each door must answer 400 naming the same field with the same words.
 */
final class BadQuestions {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One mistake: the parameter set to {@code value}, and the error every door must give. */
  record Case(String parameter, String value, String field, String message) {
    /** The question as query parameters: a good one with this mistake in it. */
    String query() {
      Map<String, String> values = new LinkedHashMap<>(Map.of("category", "emergency_shelter", "distance", "500"));
      values.put(parameter, value);
      return values.entrySet().stream()
          .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
          .collect(Collectors.joining("&"));
    }

    /** The question as the what-if body, where the distance is distance_m and a number is a JSON number. */
    String body() {
      ObjectNode body = JSON.createObjectNode().put("category", "emergency_shelter").put("distance_m", 500);
      if (parameter.equals("distance")) {
        try {
          body.set("distance_m", JSON.readTree(value));
        } catch (Exception notJson) {
          body.put("distance_m", value);
        }
      } else {
        body.put(parameter, value);
      }
      return body.toString();
    }
  }

  static final List<Case> CASES = List.of(
      new Case("distance", "-5", "distance", "must be between 1 and 50000 metres, was -5"),
      new Case("distance", "abc", "distance", "'abc' is not a number of metres"),
      new Case("mode", "walk", "mode", "'walk' is not one of straight, network"),
      new Case("status", "open, bogus", "status", "'bogus' is not one of planned, building, open, closed"),
      new Case("category", "nope", "category", "unknown category 'nope' (see /api/categories)"));

  private BadQuestions() {}

  /**
   * What is wrong with the answer at this door, when it is not the 400 problem of {@code c} naming
   * {@code field}; null when it is. The doors collect these so one run lists every difference.
   */
  static String mismatch(Case c, String door, int status, String body, String field) throws Exception {
    JsonNode errors = status == 400 ? JSON.readTree(body).path("errors") : null;
    if (errors != null && errors.size() == 1 && errors.at("/0/field").asText().equals(field)
        && errors.at("/0/message").asText().equals(c.message())) {
      return null;
    }
    return door + ": expected 400 " + field + ": " + c.message() + ", got " + status + " " + body;
  }
}
