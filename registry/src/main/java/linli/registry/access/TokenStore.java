package linli.registry.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * API tokens: created (the token is returned once and only its SHA-256 is stored), listed,
 * revoked, and looked up by the token a request presents. Every change goes to the audit log.
 */
public final class TokenStore {
  private final DataSource dataSource;
  private final SecureRandom random = new SecureRandom();

  public TokenStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A token as listed: never the token itself. */
  public record TokenInfo(long id, String name, String role, List<String> categories, List<String> districts,
      OffsetDateTime createdAt, String createdBy, OffsetDateTime revokedAt) {}

  public record Created(TokenInfo info, String token) {}

  public Created create(String name, Role role, List<String> categories, List<String> districts, String by)
      throws SQLException {
    byte[] secret = new byte[24];
    random.nextBytes(secret);
    String token = "lnl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO api_token (name, role, categories, districts, token_hash, created_by)
          VALUES (?, ?, ?, ?, ?, ?)
          RETURNING id, name, role, categories, districts, created_at, created_by, revoked_at""")) {
        ps.setString(1, name);
        ps.setString(2, role.code());
        ps.setArray(3, categories == null ? null : c.createArrayOf("text", categories.toArray()));
        ps.setArray(4, districts == null ? null : c.createArrayOf("text", districts.toArray()));
        ps.setString(5, hash(token));
        ps.setString(6, by);
        TokenInfo info;
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          info = info(rs);
        }
        audit(c, by, "token.create", "token " + info.id(), null, describe(info));
        c.commit();
        return new Created(info, token);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  public List<TokenInfo> list() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, name, role, categories, districts, created_at, created_by, revoked_at FROM api_token ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      List<TokenInfo> out = new ArrayList<>();
      while (rs.next()) {
        out.add(info(rs));
      }
      return out;
    }
  }

  /** Revokes the token; false when there is no such live token. */
  public boolean revoke(long id, String by) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE api_token SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL"
              + " RETURNING id, name, role, categories, districts, created_at, created_by, revoked_at")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            c.rollback();
            return false;
          }
          audit(c, by, "token.revoke", "token " + id, null, describe(info(rs)));
        }
        c.commit();
        return true;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** A live token's database id and the principal it stands for. */
  public record Holder(long id, Principal principal) {}

  /** The principal a live token stands for. */
  public Optional<Principal> principal(String token) throws SQLException {
    return holder(token).map(Holder::principal);
  }

  /** The live token presented, with its id (rate limits and logs name a token by it, never by the secret). */
  public Optional<Holder> holder(String token) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, name, role, categories, districts FROM api_token WHERE token_hash = ? AND revoked_at IS NULL")) {
      ps.setString(1, hash(token));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Holder(rs.getLong(1), new Principal(rs.getString(2),
            Role.parse(rs.getString(3)).orElseThrow(), list(rs.getArray(4)), list(rs.getArray(5)))));
      }
    }
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TokenInfo info(ResultSet rs) throws SQLException {
    return new TokenInfo(rs.getLong(1), rs.getString(2), rs.getString(3), list(rs.getArray(4)), list(rs.getArray(5)),
        rs.getObject(6, OffsetDateTime.class), rs.getString(7), rs.getObject(8, OffsetDateTime.class));
  }

  private static List<String> list(Array array) throws SQLException {
    return array == null ? null : List.of((String[]) array.getArray());
  }

  private static String describe(TokenInfo t) {
    return "{\"id\": " + t.id() + ", \"name\": \"" + t.name().replace("\\", "\\\\").replace("\"", "\\\"")
        + "\", \"role\": \"" + t.role() + "\"}";
  }

  static void audit(Connection c, String actor, String action, String target, String before, String after)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO audit_log (actor, action, target, before, after) VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))")) {
      ps.setString(1, actor);
      ps.setString(2, action);
      ps.setString(3, target);
      ps.setString(4, before);
      ps.setString(5, after);
      ps.executeUpdate();
    }
  }
}
