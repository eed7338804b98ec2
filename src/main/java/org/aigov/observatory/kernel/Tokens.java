package org.aigov.observatory.kernel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * API tokens: 256-bit random secrets shown once and stored only as SHA-256 hashes (a fast hash is
 * enough for high-entropy secrets; passwords use a memory-hard function elsewhere).
 */
public final class Tokens {
  private static final String PREFIX = "obs_";
  private final Db db;

  public Tokens(Db db) {
    this.db = db;
  }

  /** Creates a token and returns the secret; only its hash is kept. */
  public String create(String name, String role, String party, Instant expires) {
    String secret = PREFIX + Hashing.randomToken(32);
    db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO api_tokens (token_hash, name, role, party, created_at, expires_at) VALUES (?,?,?,?,?,?)")) {
        ps.setString(1, Hashing.sha256Hex(secret));
        ps.setString(2, name);
        ps.setString(3, role);
        ps.setString(4, party);
        ps.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
        ps.setObject(6, expires == null ? null : expires.atOffset(ZoneOffset.UTC));
        ps.executeUpdate();
      }
      return null;
    });
    return secret;
  }

  /** The admin token made at first start: returns the secret once, or empty if an admin token exists. */
  public Optional<String> ensureAdmin() {
    boolean exists = db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM api_tokens WHERE role='admin' AND revoked_at IS NULL");
          ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    });
    return exists ? Optional.empty() : Optional.of(create("admin (first start)", "admin", null, null));
  }

  public record Rotated(int revoked, String token) {}

  /** Revokes every admin token and makes a new one: the way out when the first start's token, which never expires, leaks. */
  public Rotated rotateAdmin() {
    int revoked = db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE api_tokens SET revoked_at=? WHERE role='admin' AND revoked_at IS NULL")) {
        ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
        return ps.executeUpdate();
      }
    });
    return new Rotated(revoked, create("admin (rotated)", "admin", null, null));
  }

  /** The principal for a presented secret, or empty when unknown, revoked or expired. */
  public Optional<Principal> verify(String secret) {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) return Optional.empty();
    String hash = Hashing.sha256Hex(secret);
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT name, role, party, expires_at, revoked_at, scopes FROM api_tokens WHERE token_hash=?")) {
        ps.setString(1, hash);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next() || rs.getObject(5) != null) return Optional.empty();
          OffsetDateTime exp = rs.getObject(4, OffsetDateTime.class);
          if (exp != null && exp.toInstant().isBefore(Instant.now())) return Optional.empty();
          String sc = rs.getString(6); // an account's token carries its scopes; the operator's has none (the whole role)
          java.util.Set<String> scopes = sc == null || sc.isBlank() ? null : java.util.Set.of(sc.split(","));
          return Optional.of(new Principal("token:" + hash.substring(0, 12), rs.getString(2), rs.getString(3), scopes));
        }
      }
    });
  }

  public boolean revoke(String secret) {
    String hash = Hashing.sha256Hex(secret);
    return db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE api_tokens SET revoked_at=? WHERE token_hash=? AND revoked_at IS NULL")) {
        ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
        ps.setString(2, hash);
        return ps.executeUpdate() == 1;
      }
    });
  }
}
