package linli.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import linli.registry.access.Principal;
import linli.registry.access.Role;
import linli.registry.access.TokenStore;

/**
 * Who may do what. Reads are open unless {@code LINLI_PUBLIC_READ=false}; writes need a token whose
 * role allows them: {@code LINLI_ADMIN_TOKEN} (admin) or one made with {@code ./linli token create}
 * (stored hashed; viewer, editor within its categories and districts, admin). No token: 401; a token
 * that does not allow it: 403. Each token's writes (POST, PUT, PATCH, DELETE) are rate limited: 429.
 */
final class Auth {
  /** Request attribute: who made the request ({@code token:ID} or {@code admin-env}), never the token itself. */
  static final String PRINCIPAL_ID = "linli.principal";
  /** Request attribute, set when the request was let through as a write (and charged for it). */
  private static final String WRITE = "linli.write";
  /** The principal id of {@code LINLI_ADMIN_TOKEN}, which has no row in the token table. */
  static final String ENV_ADMIN_ID = "admin-env";
  /** Request attribute: the bearer token's holder once looked up (empty: not a valid token). */
  private static final String HOLDER = "linli.holder";

  private final String adminToken;
  private final boolean publicRead;
  private final TokenStore tokens;
  private final WriteRateLimiter writes;

  Auth(String adminToken, boolean publicRead, TokenStore tokens) {
    this(adminToken, publicRead, tokens, WriteRateLimiter.off());
  }

  Auth(String adminToken, boolean publicRead, TokenStore tokens, WriteRateLimiter writes) {
    this.adminToken = adminToken;
    this.publicRead = publicRead;
    this.tokens = tokens;
    this.writes = writes;
  }

  /** Fails unless the request may read; the principal when a valid token came with it. */
  void requireReader(Context ctx) {
    if (!publicRead) {
      principal(ctx);
    }
  }

  /** The writer (an editor or admin); the store checks an editor's scope per facility. */
  Principal requireWriter(Context ctx) {
    Principal p = principal(ctx);
    if (!p.canWrite()) {
      throw forbidden("token '" + p.name() + "' is a " + p.role().code() + " and may not write");
    }
    limitWrites(ctx);
    return p;
  }

  /** A writer whose scope is the whole registry (bulk imports). */
  Principal requireUnrestrictedWriter(Context ctx) {
    Principal p = requireWriter(ctx);
    if (!p.unrestricted()) {
      throw forbidden("token '" + p.name() + "' is limited to some categories or districts; bulk imports need an"
          + " unrestricted editor or an admin");
    }
    return p;
  }

  Principal requireAdmin(Context ctx) {
    Principal p = principal(ctx);
    if (p.role() != Role.ADMIN) {
      throw forbidden("this needs an admin token");
    }
    limitWrites(ctx);
    return p;
  }

  /** Any valid token, whatever its role (e.g. a viewer token for a metrics scraper). */
  Principal requireAnyToken(Context ctx) {
    return principal(ctx);
  }

  /** Charges a write to the principal's bucket (shared by every instance); reads (admin listings) are not charged. */
  private void limitWrites(Context ctx) {
    String method = ctx.method().name();
    if (!(method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE"))) {
      return;
    }
    ctx.attribute(WRITE, Boolean.TRUE);
    long waitNanos;
    try {
      waitNanos = writes.acquire(ctx.attribute(PRINCIPAL_ID));
    } catch (SQLException e) {
      throw new Problem(503, "Service unavailable", "the write rate cannot be checked while the database is"
          + " unreachable", List.of());
    }
    if (waitNanos > 0) {
      long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
      ctx.header("Retry-After", Long.toString(seconds));
      WriteRate rate = writes.rate();
      throw new Problem(429, "Too many requests", "this token may write " + rate.perMinute() + " times a minute"
          + " (bursts of " + rate.burst() + "); try again in " + seconds + " s", List.of());
    }
  }

  /** Whether the request went through as a write: the one definition the rate limit and the change feed share. */
  static boolean isWrite(Context ctx) {
    return Boolean.TRUE.equals(ctx.attribute(WRITE));
  }

  private Principal principal(Context ctx) {
    String token = bearerToken(ctx.header("Authorization"));
    if (token == null) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new Problem(401, "Unauthorized", "this needs an Authorization: Bearer token", List.of());
    }
    Optional<Holder> found;
    try {
      found = holder(ctx, token);
    } catch (SQLException e) {
      throw new Problem(503, "Service unavailable", "tokens cannot be checked while the database is unreachable",
          List.of());
    }
    Holder holder = found.orElseThrow(() -> {
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      return new Problem(401, "Unauthorized", "the token is not valid (unknown or revoked)", List.of());
    });
    ctx.attribute(PRINCIPAL_ID, holder.id());
    return holder.principal();
  }

  /**
   * The principal id ({@code token:ID} or {@code admin-env}) of the request's bearer token when it is
   * valid; empty without a token or for one unknown or revoked. Read-your-writes routing asks this
   * before the handler runs, so that only a token that authenticates costs it a look-up of its writes.
   */
  Optional<String> validTokenHolder(Context ctx) throws SQLException {
    String token = bearerToken(ctx.header("Authorization"));
    return token == null ? Optional.empty() : holder(ctx, token).map(Holder::id);
  }

  /** Who a token is: a valid token's principal and its id. */
  private record Holder(String id, Principal principal) {}

  /**
   * The token's holder, looked up once per request (routing and the handler both ask); a failed
   * look-up is not remembered, so the handler's own attempt answers 503.
   */
  private Optional<Holder> holder(Context ctx, String token) throws SQLException {
    Optional<Holder> known = ctx.attribute(HOLDER);
    if (known != null) {
      return known;
    }
    Optional<Holder> found;
    if (adminToken != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        adminToken.getBytes(StandardCharsets.UTF_8))) {
      found = Optional.of(new Holder(ENV_ADMIN_ID, Principal.admin("admin")));
    } else {
      found = tokens.holder(token).map(h -> new Holder("token:" + h.id(), h.principal()));
    }
    ctx.attribute(HOLDER, found);
    return found;
  }

  /** The bearer token of an Authorization header ("bearer" in any case, spaces around the token ignored); null without one. */
  static String bearerToken(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || authorization.substring(7).isBlank()) {
      return null;
    }
    return authorization.substring(7).strip();
  }

  private static Problem forbidden(String detail) {
    return new Problem(403, "Forbidden", detail, List.of());
  }
}
