package linli.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import linli.registry.access.AuditLog;
import linli.registry.access.Principal;
import linli.registry.access.Role;
import linli.registry.access.TokenStore;

/** Admin endpoints: /api/tokens (create, list, revoke) and /api/audit. */
final class AccessHandlers {
  private final TokenStore tokens;
  private final AuditLog audit;
  private final ObjectMapper json;
  private final Auth auth;

  private final PublicUrl publicUrl;

  AccessHandlers(TokenStore tokens, AuditLog audit, ObjectMapper json, Auth auth, PublicUrl publicUrl) {
    this.publicUrl = publicUrl;
    this.tokens = tokens;
    this.audit = audit;
    this.json = json;
    this.auth = auth;
  }

  /** POST /api/tokens {name, role, categories?, districts?} → 201 with the token, shown this once. */
  void create(Context ctx) throws Exception {
    Principal admin = auth.requireAdmin(ctx);
    JsonNode body;
    try {
      body = json.readTree(ctx.body());
    } catch (Exception e) {
      throw Problem.invalid("body", "is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw Problem.invalid("body", "must be a JSON object");
    }
    String name = body.path("name").asText("").strip();
    if (name.isEmpty() || name.length() > 100 || !name.codePoints().allMatch(cp -> cp >= 0x20)) {
      throw Problem.invalid("name", "must be 1 to 100 printable characters");
    }
    String roleText = body.path("role").asText("");
    Role role = Role.parse(roleText).orElseThrow(() -> Problem.invalid("role", "must be viewer, editor or admin"));
    List<String> categories = strings(body, "categories");
    List<String> districts = strings(body, "districts");
    if (districts != null && !districts.stream().allMatch(d -> d.matches("[0-9]{6}"))) {
      throw Problem.invalid("districts", "must be 6-digit district codes");
    }
    TokenStore.Created created = tokens.create(name, role, categories, districts, admin.name());
    ObjectNode out = json.valueToTree(created.info());
    out.put("token", created.token());
    ctx.status(201).header("Location", publicUrl.path("/api/tokens/" + created.info().id())).json(out);
  }

  void list(Context ctx) throws Exception {
    auth.requireAdmin(ctx);
    ctx.json(tokens.list());
  }

  void revoke(Context ctx) throws Exception {
    Principal admin = auth.requireAdmin(ctx);
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw Problem.invalid("id", "is not a token id");
    }
    if (!tokens.revoke(id, admin.name())) {
      throw Problem.notFound("no live token " + id);
    }
    ctx.status(204);
  }

  /** GET /api/audit?since=ISO&actor=name&limit=100 */
  void audit(Context ctx) throws Exception {
    auth.requireAdmin(ctx);
    QueryParams params = new QueryParams(ctx);
    OffsetDateTime since = null;
    if (params.text("since") != null) {
      try {
        since = OffsetDateTime.parse(params.text("since"));
      } catch (DateTimeParseException e) {
        throw Problem.invalid("since", "must be an RFC 3339 date-time such as 2022-06-01T00:00:00Z");
      }
    }
    int limit = params.integer("limit", 100, 1, 10_000);
    ArrayNode out = json.createArrayNode();
    for (AuditLog.Entry e : audit.entries(since, params.text("actor"), limit)) {
      ObjectNode node = out.addObject();
      node.put("at", e.at().toString());
      node.put("actor", e.actor());
      node.put("action", e.action());
      node.put("target", e.target());
      node.set("before", e.before() == null ? null : json.readTree(e.before()));
      node.set("after", e.after() == null ? null : json.readTree(e.after()));
    }
    ctx.json(out);
  }

  private static List<String> strings(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray() || node.isEmpty()) {
      throw Problem.invalid(field, "must be a non-empty list of strings, or absent for no limit");
    }
    List<String> out = new ArrayList<>();
    node.forEach(n -> {
      if (!n.isTextual()) {
        throw Problem.invalid(field, "must be a list of strings");
      }
      out.add(n.asText());
    });
    return out;
  }
}
