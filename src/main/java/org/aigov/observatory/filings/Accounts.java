package org.aigov.observatory.filings;

import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.Principal;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.Text;

/** Reporting parties, accounts, sessions, API tokens and the security audit trail. */
public final class Accounts {
  public static final Set<String> ROLES = Set.of("admin", "reviewer", "reporter", "analyst");
  public static final Set<String> PARTY_KINDS = Set.of("jurisdiction", "organisation", "company", "secretariat");
  public static final Set<String> SCOPES = Set.of("read", "submit", "review", "admin");
  static final Duration SESSION_TTL = Duration.ofHours(8);

  private final Db db;
  final Throttle throttle;
  private final org.aigov.observatory.kernel.PerMinute throttledAudits;

  public Accounts(Db db, Throttle throttle) {
    this.db = db;
    this.throttle = throttle.storedIn(db); // one count for every server on the store, kept across restarts
    this.throttledAudits = org.aigov.observatory.kernel.PerMinute.stored("login_throttled_audit", 1, db);
  }

  public Db db() {
    return db;
  }

  // ---- parties

  public record PartyInput(String id, String kind, Text name, String jurisdiction, String registry_actor) {}

  /**
   * As below, first checking what the party names in the registry: a jurisdiction code the registry uses ("ZZ" was
   * stored) and a registry_actor that is an actor record (publication names it as the issuer, and silently left out
   * one that did not exist). The API and the party-add command come this way.
   */
  public Map<String, Object> createParty(PartyInput in, String actor, org.aigov.observatory.registry.Registry registry) {
    String j = in.jurisdiction() == null || in.jurisdiction().isBlank() ? null
        : org.aigov.observatory.registry.Registry.knownJurisdictions(List.of(in.jurisdiction().strip()), registry.listAll(null), "jurisdiction").get(0);
    if (in.registry_actor() != null) {
      var e = registry.find(in.registry_actor()).orElseThrow(() -> ApiException.badRequest("registry_actor", "no registry record '" + in.registry_actor() + "'"));
      if (!"actor".equals(e.kind)) throw ApiException.badRequest("registry_actor", "registry record '" + e.id + "' is a " + e.kind + ", not an actor");
    }
    return createParty(new PartyInput(in.id(), in.kind(), in.name(), j, in.registry_actor()), actor);
  }

  public Map<String, Object> createParty(PartyInput in, String actor) {
    if (in.id() == null || !in.id().matches("^[a-z0-9][a-z0-9_\\-]{0,63}$"))
      throw ApiException.badRequest("id", "required; lower-case letters, digits, '-' or '_' (max 64)");
    if (in.kind() == null || !PARTY_KINDS.contains(in.kind())) throw ApiException.badRequest("kind", "one of " + PARTY_KINDS);
    if (in.name() == null || Text.of(in.name().zh(), in.name().en()).isEmpty()) throw ApiException.badRequest("name", "required: name.zh, name.en or both");
    return db.tx(c -> {
      if (Sql.one(c, "SELECT id FROM filing_parties WHERE id=?", in.id()) != null) throw ApiException.conflict("party " + in.id() + " exists");
      Text n = Text.of(in.name().zh(), in.name().en());
      Sql.update(c, "INSERT INTO filing_parties (id, kind, name_zh, name_en, jurisdiction, registry_actor, created_at) VALUES (?,?,?,?,?,?,?)",
          in.id(), in.kind(), n.zh(), n.en(), in.jurisdiction() == null ? null : in.jurisdiction().toUpperCase(Locale.ROOT),
          in.registry_actor(), Sql.now());
      audit(c, "party_created", actor, in.id(), null, in.kind());
      return Sql.one(c, "SELECT * FROM filing_parties WHERE id=?", in.id());
    });
  }

  public List<Map<String, Object>> parties() {
    return db.read(c -> Sql.rows(c, "SELECT id, kind, name_zh, name_en, jurisdiction, registry_actor FROM filing_parties ORDER BY id"));
  }

  public Map<String, Object> party(Connection c, String id) throws java.sql.SQLException {
    return Sql.one(c, "SELECT * FROM filing_parties WHERE id=?", id);
  }

  // ---- accounts

  public record AccountInput(String email, String display_name, String role, String party, String password) {}

  public Map<String, Object> createAccount(AccountInput in, String actor) {
    String email = normEmail(in.email());
    if (email == null || !email.matches("^[^@\\s]{1,64}@[^@\\s]{1,255}$")) throw ApiException.badRequest("email", "required: a valid e-mail address");
    // an invisible character (U+200B, soft hyphen…) survives NFKC and makes a second account that looks like the first
    email.codePoints().filter(cp -> Character.getType(cp) == Character.FORMAT || Character.isISOControl(cp) || Character.isSpaceChar(cp))
        .findFirst().ifPresent(cp -> {
          throw ApiException.badRequest("email", String.format("contains the invisible character U+%04X", cp));
        });
    if (in.display_name() != null && in.display_name().length() > 200) throw ApiException.badRequest("display_name", "at most 200 characters");
    checkRoleParty(in.role(), in.party());
    if (in.password() == null || in.password().length() < 12) throw ApiException.badRequest("password", "at least 12 characters");
    if (in.password().length() > 1000) throw ApiException.badRequest("password", "at most 1000 characters");
    String weak = Passwords.weakness(in.password(), email);
    if (weak != null) throw ApiException.badRequest("password", weak);
    String hash = Passwords.hash(in.password());
    return db.tx(c -> {
      if (in.party() != null && party(c, in.party()) == null) throw ApiException.unprocessable("party", "no party '" + in.party() + "'");
      if (Sql.one(c, "SELECT id FROM filing_accounts WHERE email=?", email) != null) throw ApiException.conflict("an account with this e-mail exists");
      long id = Sql.insertKey(c, "INSERT INTO filing_accounts (email, display_name, role, party, password_hash, created_at) VALUES (?,?,?,?,?,?)",
          email, in.display_name(), in.role(), in.party(), hash, Sql.now());
      audit(c, "account_created", actor, email, null, "role=" + in.role() + " party=" + in.party());
      return account(c, id);
    });
  }

  static void checkRoleParty(String role, String party) {
    if (role == null || !ROLES.contains(role)) throw ApiException.badRequest("role", "one of " + new java.util.TreeSet<>(ROLES));
    if ("reporter".equals(role) && party == null) throw ApiException.badRequest("party", "required for a reporter");
  }

  Map<String, Object> account(Connection c, long id) throws java.sql.SQLException {
    return Sql.one(c, "SELECT id, email, display_name, role, party, disabled, created_at FROM filing_accounts WHERE id=?", id);
  }

  public List<Map<String, Object>> accounts() {
    return db.read(c -> Sql.rows(c, "SELECT id, email, display_name, role, party, disabled, created_at FROM filing_accounts ORDER BY id"));
  }

  public record RoleInput(String role, String party) {}

  /** Changes role/party; the account's sessions end and its tokens take the new role. */
  public Map<String, Object> changeRole(long id, RoleInput in, String actor) {
    checkRoleParty(in.role(), in.party());
    return db.tx(c -> {
      Map<String, Object> a = account(c, id);
      if (a == null) throw ApiException.notFound("account " + id);
      if (in.party() != null && party(c, in.party()) == null) throw ApiException.unprocessable("party", "no party '" + in.party() + "'");
      Sql.update(c, "UPDATE filing_accounts SET role=?, party=? WHERE id=?", in.role(), in.party(), id);
      Sql.update(c, "DELETE FROM filing_sessions WHERE account_id=?", id);
      Sql.update(c, "UPDATE api_tokens SET role=?, party=? WHERE token_hash IN (SELECT token_hash FROM filing_tokens WHERE account_id=?)",
          in.role(), in.party(), id);
      forgetTokens();
      audit(c, "role_changed", actor, (String) a.get("email"), null,
          a.get("role") + "/" + a.get("party") + " -> " + in.role() + "/" + in.party());
      return account(c, id);
    });
  }

  public record DisabledInput(Boolean disabled) {}

  /** Disables (or re-enables) an account: its sessions end at once and its tokens stop working; nothing it filed is removed. */
  public Map<String, Object> setDisabled(long id, DisabledInput in, String actor) {
    if (in == null || in.disabled() == null) throw ApiException.badRequest("disabled", "required: true or false");
    if (actor != null && actor.equals("acct:" + id) && in.disabled()) throw ApiException.unprocessable("disabled", "an admin cannot disable their own account");
    return db.tx(c -> {
      Map<String, Object> a = account(c, id);
      if (a == null) throw ApiException.notFound("account " + id);
      Sql.update(c, "UPDATE filing_accounts SET disabled=? WHERE id=?", in.disabled(), id);
      Sql.update(c, "DELETE FROM filing_sessions WHERE account_id=?", id);
      forgetTokens();
      audit(c, in.disabled() ? "account_disabled" : "account_enabled", actor, (String) a.get("email"), null, null);
      return account(c, id);
    });
  }

  /**
   * The one form of an e-mail that is stored, compared and counted by the throttle: NFKC first, so a full-width
   * "ｒｅｐ@example.org" is rep@example.org (it had made a second account that looked the same in the history).
   */
  public static String normEmail(String e) {
    return e == null ? null : java.text.Normalizer.normalize(e, java.text.Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
  }

  // ---- login and sessions

  public record Session(String secret, String csrf, Principal principal) {}

  /**
   * Checks a password. Unknown accounts cost one Argon2 run too, and every failure (unknown
   * account, wrong password, disabled account, throttled) answers the same.
   */
  public Session login(String email, String password, String ip, String previousSession) {
    String key = normEmail(email == null ? "" : email);
    long wait = throttle.begin(key, ip); // counted now, before the slow hash: parallel guesses share the allowance
    if (wait > 0) {
      // once a minute per account and address, and once per address for all e-mails that name no account: a flood with a
      // new e-mail each time wrote a row each; the accounts are few and not the guesser's to choose
      boolean known = db.read(c -> Sql.value(c, "SELECT 1 FROM filing_accounts WHERE email=?", key)) != null;
      if (throttledAudits.retryAfter((known ? key : "") + "\n" + ip) == 0)
        audit("login_throttled", null, key, ip, "retry after " + wait + "s (further refusals " + (known ? "for this account " : "for e-mails of no account ")
            + "from this address this minute not recorded)");
      throw new ApiException(429, "Too Many Requests", null, "too many failed sign-ins; retry after " + wait + " s").with("retry_after", wait);
    }
    Map<String, Object> a = db.read(c -> Sql.one(c, "SELECT id, password_hash, role, party, disabled FROM filing_accounts WHERE email=?", key));
    boolean ok = Passwords.verify(password == null ? "" : password, a == null ? Passwords.DUMMY : (String) a.get("password_hash"));
    if (a == null || !ok || Boolean.TRUE.equals(a.get("disabled"))) {
      audit("login_failed", null, key, ip, null);
      throw ApiException.unauthorized("e-mail or password is wrong");
    }
    throttle.succeeded(key, ip);
    long id = ((Number) a.get("id")).longValue();
    String secret = Hashing.randomToken(32);
    String csrf = Hashing.randomToken(24);
    db.tx(c -> {
      // a fresh id at every login: a session id planted before login is worthless (no fixation)
      if (previousSession != null) Sql.update(c, "DELETE FROM filing_sessions WHERE id_hash=?", Hashing.sha256Hex(previousSession));
      Sql.update(c, "DELETE FROM filing_sessions WHERE expires_at < ?", Sql.now()); // expired sessions go at the next login
      Sql.update(c, "INSERT INTO filing_sessions (id_hash, account_id, csrf, created_at, expires_at) VALUES (?,?,?,?,?)",
          Hashing.sha256Hex(secret), id, csrf, Sql.now(), Sql.now().plus(SESSION_TTL));
      audit(c, "login", "acct:" + id, key, ip, null);
      return null;
    });
    return new Session(secret, csrf, new Principal("acct:" + id, (String) a.get("role"), (String) a.get("party")));
  }

  public Session session(String secret) {
    if (secret == null || secret.length() > 200) return null;
    return db.read(c -> {
      Map<String, Object> r = Sql.one(c, "SELECT s.account_id, s.csrf, s.expires_at, a.role, a.party, a.disabled FROM filing_sessions s "
          + "JOIN filing_accounts a ON a.id=s.account_id WHERE s.id_hash=?", Hashing.sha256Hex(secret));
      if (r == null || Boolean.TRUE.equals(r.get("disabled"))) return null;
      if (OffsetDateTime.parse((String) r.get("expires_at")).isBefore(Sql.now())) return null;
      return new Session(secret, (String) r.get("csrf"), new Principal("acct:" + r.get("account_id"), (String) r.get("role"), (String) r.get("party")));
    });
  }

  public void logout(String secret, String actor, String ip) {
    db.tx(c -> {
      // only a session that ended is an event: any cookie at all had written a row, unauthenticated and without limit
      if (Sql.update(c, "DELETE FROM filing_sessions WHERE id_hash=?", Hashing.sha256Hex(secret)) > 0) audit(c, "logout", actor, null, ip, null);
      return null;
    });
  }

  // ---- API tokens

  public record TokenInput(String name, List<String> scopes,
      @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = WholeDays.class) Integer expires_in_days) {
    /** The scopes asked for; none given means read only, an empty list is refused (it had silently meant read). */
    public List<String> scopesOrRead() {
      if (scopes != null && scopes.isEmpty()) throw ApiException.badRequest("scopes", "choose at least one of " + new java.util.TreeSet<>(SCOPES));
      return scopes == null ? List.of("read") : scopes;
    }
  }

  static final int MIN_TOKEN_DAYS = 1, MAX_TOKEN_DAYS = 365;

  /** expires_in_days as given: Jackson read 1.5 as 1 (a shorter token than asked for) and 1e10 as a malformed body. */
  static final class WholeDays extends com.fasterxml.jackson.databind.deser.std.StdDeserializer<Integer> {
    WholeDays() {
      super(Integer.class);
    }

    @Override
    public Integer deserialize(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext c) throws java.io.IOException {
      if (!p.currentToken().isNumeric()) return (Integer) c.handleUnexpectedToken(Integer.class, p);
      java.math.BigDecimal v = p.getDecimalValue();
      if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT
          || v.compareTo(java.math.BigDecimal.valueOf(MIN_TOKEN_DAYS)) < 0 || v.compareTo(java.math.BigDecimal.valueOf(MAX_TOKEN_DAYS)) > 0)
        throw wholeDays(p.getText());
      return v.intValue();
    }
  }

  static ApiException wholeDays(Object given) {
    return ApiException.badRequest("expires_in_days", "must be a whole number from " + MIN_TOKEN_DAYS + " to " + MAX_TOKEN_DAYS + ", got " + given);
  }

  /** Issues a token for an account; the secret is returned once and only its SHA-256 is kept. */
  public Map<String, Object> issueToken(long accountId, TokenInput in, String actor) {
    return issueToken(accountId, in, actor, null);
  }

  /** As above; {@code ip} is the requester's address, kept in the audit row as a sign-in's is. */
  public Map<String, Object> issueToken(long accountId, TokenInput in, String actor, String ip) {
    if (in.name() == null || in.name().isBlank() || in.name().length() > 100) throw ApiException.badRequest("name", "required, at most 100 characters");
    List<String> scopes = in.scopesOrRead();
    for (String s : scopes) if (!SCOPES.contains(s)) throw ApiException.badRequest("scopes", "unknown scope '" + s + "'; allowed " + new java.util.TreeSet<>(SCOPES));
    int days = in.expires_in_days() == null ? 90 : in.expires_in_days();
    if (days < MIN_TOKEN_DAYS || days > MAX_TOKEN_DAYS) throw wholeDays(days);
    String secret = "obs_" + Hashing.randomToken(32);
    String hash = Hashing.sha256Hex(secret);
    OffsetDateTime exp = Sql.now().plusDays(days).truncatedTo(java.time.temporal.ChronoUnit.MICROS); // answered as the token list reads it
    return db.tx(c -> {
      Map<String, Object> a = account(c, accountId);
      if (a == null) throw ApiException.notFound("account " + accountId);
      for (String s : scopes) if (!scopeAllowed((String) a.get("role"), s))
        throw ApiException.badRequest("scopes", "role " + a.get("role") + " cannot hold scope '" + s + "'");
      String sc = String.join(",", new java.util.TreeSet<>(scopes));
      Sql.update(c, "INSERT INTO api_tokens (token_hash, name, role, party, scopes, created_at, expires_at) VALUES (?,?,?,?,?,?,?)",
          hash, "acct:" + accountId + ":" + in.name(), a.get("role"), a.get("party"), sc, Sql.now(), exp);
      long id = Sql.insertKey(c, "INSERT INTO filing_tokens (token_hash, account_id, name, scopes, created_at, expires_at) VALUES (?,?,?,?,?,?)",
          hash, accountId, in.name(), sc, Sql.now(), exp);
      audit(c, "token_issued", actor, (String) a.get("email"), ip, "token " + id + " scopes=" + sc);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", id);
      out.put("token", secret);
      out.put("scopes", List.of(sc.split(",")));
      out.put("expires_at", exp.toString());
      return out;
    });
  }

  static boolean scopeAllowed(String role, String scope) {
    return switch (scope) {
      case "read" -> true;
      case "submit" -> "reporter".equals(role) || "admin".equals(role);
      case "review" -> "reviewer".equals(role) || "admin".equals(role);
      case "admin" -> "admin".equals(role);
      default -> false;
    };
  }

  public List<Map<String, Object>> tokens(long accountId) {
    // revoked here or in the kernel's table (admin-token revokes every admin token, the admins' own ones included)
    return db.read(c -> Sql.rows(c, "SELECT t.id, t.name, t.scopes, t.created_at, t.expires_at, COALESCE(t.revoked_at, k.revoked_at) AS revoked_at"
        + " FROM filing_tokens t LEFT JOIN api_tokens k ON k.token_hash = t.token_hash WHERE t.account_id=? ORDER BY t.id", accountId));
  }

  /** Revokes a token of {@code ownerId} (or any account's when {@code admin}); 404 otherwise. */
  public void revokeToken(long tokenId, Long ownerId, boolean admin, String actor, String ip) {
    db.tx(c -> {
      Map<String, Object> t = Sql.one(c, "SELECT token_hash, account_id FROM filing_tokens WHERE id=?", tokenId);
      if (t == null || (!admin && (ownerId == null || ((Number) t.get("account_id")).longValue() != ownerId))) throw ApiException.notFound("token " + tokenId);
      Sql.update(c, "UPDATE filing_tokens SET revoked_at=? WHERE id=? AND revoked_at IS NULL", Sql.now(), tokenId);
      Sql.update(c, "UPDATE api_tokens SET revoked_at=? WHERE token_hash=? AND revoked_at IS NULL", Sql.now(), t.get("token_hash"));
      forgetTokens();
      audit(c, "token_revoked", actor, "token " + tokenId, ip, null);
      return null;
    });
  }

  /** Account principal and scopes for a bearer token issued here, or null for other kernel tokens. */
  public record TokenInfo(long id, Principal principal) {}

  /**
   * Cached for a few seconds: revocation and expiry are still enforced on every request by the
   * kernel's token check (revoking marks both tables), and role changes here clear the cache.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, Object[]> tokenCache = new java.util.concurrent.ConcurrentHashMap<>();
  static final long TOKEN_CACHE_MS = 5_000;

  public TokenInfo tokenInfo(String secret) {
    String hash = Hashing.sha256Hex(secret);
    long now = System.currentTimeMillis();
    Object[] hit = tokenCache.get(hash);
    if (hit != null && now - (Long) hit[0] < TOKEN_CACHE_MS) return (TokenInfo) hit[1];
    TokenInfo t = lookupToken(hash);
    if (tokenCache.size() > 10_000) tokenCache.clear();
    tokenCache.put(hash, new Object[] {now, t});
    return t;
  }

  void forgetTokens() {
    tokenCache.clear();
  }

  private TokenInfo lookupToken(String hash) {
    return db.read(c -> {
      Map<String, Object> r = Sql.one(c, "SELECT t.id, t.account_id, t.scopes, a.role, a.party, a.disabled FROM filing_tokens t "
          + "JOIN filing_accounts a ON a.id=t.account_id WHERE t.token_hash=? AND t.revoked_at IS NULL", hash);
      if (r == null) return null;
      if (Boolean.TRUE.equals(r.get("disabled"))) throw ApiException.unauthorized("invalid, expired or revoked token");
      // the principal carries the token's scopes, for every module's routes (the registry, the log, incidents, filings)
      return new TokenInfo(((Number) r.get("id")).longValue(), new Principal("acct:" + r.get("account_id"), (String) r.get("role"), (String) r.get("party"),
          Set.of(((String) r.get("scopes")).split(","))));
    });
  }

  // ---- audit

  public static void audit(Connection c, String event, String actor, String subject, String ip, String detail) throws java.sql.SQLException {
    Sql.update(c, "INSERT INTO filing_audit (at, event, actor, subject, ip, detail) VALUES (?,?,?,?,?,?)", Sql.now(), event, actor,
        trunc(subject, 320), trunc(ip, 64), trunc(detail, 4000));
  }

  public void audit(String event, String actor, String subject, String ip, String detail) {
    db.tx(c -> {
      audit(c, event, actor, subject, ip, detail);
      return null;
    });
  }

  public List<Map<String, Object>> auditTrail(long afterSeq, int limit) {
    return db.read(c -> Sql.rows(c, "SELECT seq, at, event, actor, subject, ip, detail FROM filing_audit WHERE seq>? ORDER BY seq LIMIT " + limit, afterSeq));
  }

  private static String trunc(String s, int n) {
    return s == null || s.length() <= n ? s : s.substring(0, n);
  }

  static long accountId(Principal p) {
    return p.id().startsWith("acct:") ? Long.parseLong(p.id().substring(5)) : -1;
  }

  static List<String> list(String csv) {
    return csv == null ? List.of() : new ArrayList<>(List.of(csv.split(",")));
  }

  static OffsetDateTime utc(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC);
  }
}
