package linli.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.Property;
import linli.registry.catalog.PropertyValues;
import linli.registry.facility.FacilityDraft;

/**
 * Turns a GeoJSON Feature from a client into a {@link FacilityDraft}, naming every field that is
 * not what the contract says. Unknown properties are not lost: they go into {@code extra}.
 */
final class FeatureParser {
  /** The catalogue's facility properties: any other property of the body goes into {@code extra}. */
  private static final Set<String> KNOWN = Catalog.FACILITIES.properties().stream().map(Property::name)
      .collect(Collectors.toUnmodifiableSet());

  private final ObjectMapper json;

  FeatureParser(ObjectMapper json) {
    this.json = json;
  }

  FacilityDraft parse(String body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new Problem(400, "Invalid request", "the body is not JSON: " + e.getOriginalMessage(),
          List.of(new Problem.FieldError(null, "body", "is not valid JSON")));
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    if (root == null || !root.isObject() || !"Feature".equals(root.path("type").asText())) {
      throw invalid(List.of(new Problem.FieldError(null, "type", "the body must be a GeoJSON Feature")));
    }
    double[] lonLat = point(root.get("geometry"), errors);
    JsonNode props = root.path("properties");
    if (!props.isObject()) {
      errors.add(new Problem.FieldError(null, "properties", "must be an object"));
      props = json.createObjectNode();
    }
    ObjectNode extra = json.createObjectNode();
    JsonNode givenExtra = props.get("extra");
    if (givenExtra != null && !givenExtra.isNull()) {
      if (givenExtra.isObject()) {
        extra.setAll((ObjectNode) givenExtra);
      } else {
        errors.add(new Problem.FieldError(null, "extra", "must be a JSON object"));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!KNOWN.contains(field.getKey())) {
        extra.set(field.getKey(), field.getValue());
      }
    }
    // The catalogue's properties written as given, each read by its type (the registry's rules check the rest).
    PropertyValues.Builder values = PropertyValues.of(Catalog.FACILITIES);
    for (Property p : Catalog.FACILITIES.written()) {
      values.put(p, switch (p.type()) {
        case INTEGER -> integer(props, p.name(), errors);
        case REAL -> number(props, p.name(), errors);
        case DATE -> date(props, p.name(), errors);
        case TEXT -> text(props, p.name(), errors);
        default -> throw new IllegalStateException(p.name() + ": the API does not read " + p.type() + " yet");
      });
    }
    FacilityDraft draft = new FacilityDraft(text(props, "category", errors), text(props, "status", errors),
        values.build(), text(props, "community_code", errors), text(props, "source", errors),
        text(props, "source_id", errors), extra.toString(), lonLat[0], lonLat[1]);
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return draft;
  }

  private static Problem invalid(List<Problem.FieldError> errors) {
    return new Problem(400, "Invalid facility",
        errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid", errors);
  }

  private static double[] point(JsonNode geometry, List<Problem.FieldError> errors) {
    if (geometry == null || geometry.isNull()) {
      errors.add(new Problem.FieldError(null, "geometry", "is required: a GeoJSON Point [lon, lat]"));
      return new double[] {Double.NaN, Double.NaN};
    }
    if (!"Point".equals(geometry.path("type").asText())) {
      errors.add(new Problem.FieldError(null, "geometry", "must be a Point, was "
          + (geometry.has("type") ? geometry.get("type").asText() : "without a type")));
      return new double[] {Double.NaN, Double.NaN};
    }
    JsonNode c = geometry.path("coordinates");
    if (!c.isArray() || c.size() < 2 || c.size() > 3 || !c.get(0).isNumber() || !c.get(1).isNumber()) {
      errors.add(new Problem.FieldError(null, "geometry", "coordinates must be [lon, lat] numbers"));
      return new double[] {Double.NaN, Double.NaN};
    }
    return new double[] {c.get(0).asDouble(), c.get(1).asDouble()};
  }

  private static String text(JsonNode props, String field, List<Problem.FieldError> errors) {
    JsonNode v = props.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      errors.add(new Problem.FieldError(null, field, "must be a string"));
      return null;
    }
    String s = v.asText().strip();
    if (s.indexOf('\u0000') >= 0) {
      errors.add(new Problem.FieldError(null, field, "contains a NUL character"));
      return null;
    }
    return s.isEmpty() ? null : s;
  }

  private static Integer integer(JsonNode props, String field, List<Problem.FieldError> errors) {
    JsonNode v = props.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      errors.add(new Problem.FieldError(null, field, "must be a whole number"));
      return null;
    }
    return v.asInt();
  }

  private static Double number(JsonNode props, String field, List<Problem.FieldError> errors) {
    JsonNode v = props.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      errors.add(new Problem.FieldError(null, field, "must be a number"));
      return null;
    }
    return v.asDouble();
  }

  private static LocalDate date(JsonNode props, String field, List<Problem.FieldError> errors) {
    String s = text(props, field, errors);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      errors.add(new Problem.FieldError(null, field, "'" + s + "' is not a date (YYYY-MM-DD)"));
      return null;
    }
  }
}
