package linli.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Who may do what. Today: reads are open unless {@code LINLI_PUBLIC_READ=false}; writes need
 * {@code Authorization: Bearer <LINLI_ADMIN_TOKEN>}. Roles and per-user tokens come with the
 * trust issue; this class is where they will live.
 */
final class Auth {
  private final String adminToken;
  private final boolean publicRead;

  Auth(String adminToken, boolean publicRead) {
    this.adminToken = adminToken;
    this.publicRead = publicRead;
  }

  /** Fails unless the request may read. */
  void requireReader(Context ctx) {
    if (!publicRead) {
      requireWriter(ctx);
    }
  }

  /** The name recorded as {@code updated_by} for the request's writes; fails unless it may write. */
  String requireWriter(Context ctx) {
    if (adminToken == null) {
      throw new Problem(401, "Unauthorized",
          "writes are disabled: start Linli with LINLI_ADMIN_TOKEN set to allow them", List.of());
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new Problem(401, "Unauthorized", "this needs an Authorization: Bearer token", List.of());
    }
    if (!MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8),
        adminToken.getBytes(StandardCharsets.UTF_8))) {
      throw new Problem(403, "Forbidden", "the token is not allowed to do this", List.of());
    }
    return "admin";
  }
}
