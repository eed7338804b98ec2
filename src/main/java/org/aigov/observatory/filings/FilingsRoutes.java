package org.aigov.observatory.filings;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Auth;
import org.aigov.observatory.kernel.ClientAddress;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.Http;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Principal;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.Tokens;
import org.aigov.observatory.registry.Registry;

/** The filings API under /api/filings, plus session-cookie sign-in with CSRF protection. */
public final class FilingsRoutes implements HttpModule {
  public static final String COOKIE = "obs_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** Knobs; {@link #defaults()} suits production. */
  public record Config(boolean secureCookie, Throttle throttle, int writesPerMinute, Duration webhookBaseDelay, Duration deliverEvery) {
    public static Config defaults() {
      return new Config(SECURE_COOKIE.get(), Throttle.standard(), 600, Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    /** {@code OBS_SECURE_COOKIE}: true unless set false; anything else stops the start ("maybe" had meant true). */
    public static final org.aigov.observatory.kernel.Setting<Boolean> SECURE_COOKIE =
        new org.aigov.observatory.kernel.Setting<>("obs.secureCookie", "OBS_SECURE_COOKIE", Config::secureCookie);

    static Boolean secureCookie(String v) {
      if (v == null || v.isBlank()) return true;
      return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default -> throw new IllegalArgumentException("OBS_SECURE_COOKIE: expected true or false, got '" + v.strip() + "'");
      };
    }
  }

  public final Accounts accounts;
  public final Filings filings;
  public final Outbox outbox;
  private final Db db;
  private final Config cfg;
  private final Tokens kernelTokens;
  private final org.aigov.observatory.kernel.PerMinute writes;
  private final ConcurrentHashMap<Long, Long> tokenUseAudited = new ConcurrentHashMap<>();

  public FilingsRoutes(Db db, Registry registry) {
    this(db, registry, Config.defaults());
  }

  public FilingsRoutes(Db db, Registry registry, Config cfg) {
    this.db = db;
    this.cfg = cfg;
    this.writes = org.aigov.observatory.kernel.PerMinute.stored("filing_writes", cfg.writesPerMinute(), db); // one count for every server on the store
    this.accounts = new Accounts(db, cfg.throttle());
    this.filings = new Filings(db, registry);
    if (Commitment.logUnlogged(db, registry) > 0) registry.refreshSearch(); // filings published before their content was logged
    this.outbox = new Outbox(db, cfg.webhookBaseDelay());
    this.kernelTokens = new Tokens(db);
  }

  @Override
  public void routes(Javalin app) {
    app.before(this::authenticate);
    app.exception(FormErrors.class, (e, ctx) -> {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("type", "about:blank");
      p.put("title", e.title);
      p.put("status", e.status);
      p.put("detail", e.getMessage());
      p.put("field", e.field);
      p.put("instance", ctx.path());
      String accept = ctx.header("Accept-Language");
      String detailLang = org.aigov.observatory.kernel.ProblemText.localize(p, accept);
      boolean zh = "zh".equals(org.aigov.observatory.kernel.ProblemText.language(accept));
      // each field's message in Chinese when asked for and a rule covers it, the English kept beside it
      p.put("errors", !zh ? e.errors : e.errors.stream().map(x -> {
        String t = org.aigov.observatory.kernel.ProblemText.zh(x.message());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", x.field());
        m.put("message", t != null ? t : x.message());
        if (t != null) m.put("message_en", x.message());
        return m;
      }).toList());
      if (detailLang.equals("zh")) ctx.header("Content-Language", "zh");
      ctx.header("Vary", "Accept-Language");
      ctx.status(e.status).contentType("application/problem+json; charset=utf-8").result(Json.write(p));
    });
    if (cfg.deliverEvery() != null) {
      // with the server, not with the routes: an app built and never started (a test, a route listing) sends nothing
      app.events(ev -> {
        ev.serverStarted(() -> outbox.start(cfg.deliverEvery()));
        ev.serverStopping(outbox::close);
      });
    }

    // sign-in
    app.post("/api/filings/login", this::login);
    app.post("/api/filings/logout", ctx -> {
      String s = ctx.cookie(COOKIE);
      if (s != null) accounts.logout(s, Auth.of(ctx).id(), ClientAddress.of(ctx));
      ctx.header("Set-Cookie", cookie("", 0));
      ctx.status(204);
    });
    app.get("/api/filings/me", ctx -> {
      Principal p = Auth.of(ctx);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", p.id());
      m.put("role", p.role());
      m.put("party", p.party());
      Accounts.Session s = ctx.attribute("filings.session");
      if (s != null) m.put("csrf", s.csrf());
      ctx.json(m);
    });

    // parties and accounts
    app.get("/api/filings/parties", ctx -> ctx.json(accounts.parties()));
    app.post("/api/filings/parties", ctx -> {
      Principal p = admin(ctx);
      ctx.status(201).json(accounts.createParty(Http.json(ctx, Accounts.PartyInput.class), p.id(), filings.registry()));
    });
    app.get("/api/filings/accounts", ctx -> {
      admin(ctx);
      ctx.json(accounts.accounts());
    });
    app.post("/api/filings/accounts", ctx -> {
      Principal p = admin(ctx);
      ctx.status(201).json(accounts.createAccount(Http.json(ctx, Accounts.AccountInput.class), p.id()));
    });
    app.put("/api/filings/accounts/{id}/role", ctx -> {
      Principal p = admin(ctx);
      ctx.json(accounts.changeRole(longParam(ctx, "id"), Http.json(ctx, Accounts.RoleInput.class), p.id()));
    });
    app.put("/api/filings/accounts/{id}/disabled", ctx -> {
      Principal p = admin(ctx);
      ctx.json(accounts.setDisabled(longParam(ctx, "id"), Http.json(ctx, Accounts.DisabledInput.class), p.id()));
    });
    app.post("/api/filings/accounts/{id}/tokens", ctx -> {
      Principal p = admin(ctx);
      ctx.status(201).json(accounts.issueToken(longParam(ctx, "id"), Http.json(ctx, Accounts.TokenInput.class), p.id(), ClientAddress.of(ctx)));
    });

    // own API tokens
    app.get("/api/filings/tokens", ctx -> ctx.json(accounts.tokens(ownAccount(ctx))));
    app.post("/api/filings/tokens", ctx -> {
      long id = ownAccount(ctx);
      writeGuard(ctx);
      Accounts.TokenInput in = Http.json(ctx, Accounts.TokenInput.class);
      // a token mints only what it holds itself: a read-only token had minted itself an admin one
      String role = Auth.of(ctx).role();
      List<String> asked = in.scopesOrRead();
      // (a scope the role cannot hold at all is issueToken's 400 on "scopes")
      withinOwnScopes(ctx, asked.stream().filter(x -> Accounts.SCOPES.contains(x) && Accounts.scopeAllowed(role, x)).toList());
      ctx.status(201).json(accounts.issueToken(id, in, Auth.of(ctx).id(), ClientAddress.of(ctx)));
    });
    app.delete("/api/filings/tokens/{id}", ctx -> {
      Principal p = signedIn(ctx);
      long tid = longParam(ctx, "id");
      long own = Accounts.accountId(p);
      // nor does it revoke a token that can do more than it can
      for (Map<String, Object> t : own < 0 ? List.<Map<String, Object>>of() : accounts.tokens(own))
        if (((Number) t.get("id")).longValue() == tid) withinOwnScopes(ctx, List.of(((String) t.get("scopes")).split(",")));
      accounts.revokeToken(tid, own < 0 ? null : own, p.isAdmin() && hasScope(ctx, "admin"), p.id(), ClientAddress.of(ctx));
      ctx.status(204);
    });

    // admin: audit and webhooks
    app.get("/api/filings/audit", ctx -> {
      admin(ctx);
      ctx.json(accounts.auditTrail(Http.intParam(ctx, "after", 0, 0, Integer.MAX_VALUE), Http.intParam(ctx, "limit", 200, 1, 1000)));
    });
    app.get("/api/filings/webhooks", ctx -> {
      admin(ctx);
      ctx.json(outbox.webhooks());
    });
    app.post("/api/filings/webhooks", ctx -> {
      Principal p = admin(ctx);
      ctx.status(201).json(outbox.register(Http.json(ctx, Outbox.WebhookInput.class), p.id()));
    });
    app.get("/api/filings/webhooks/deliveries", ctx -> {
      admin(ctx);
      ctx.json(outbox.deliveries(Http.intParam(ctx, "limit", 100, 1, 1000)));
    });
    app.delete("/api/filings/webhooks/{id}", ctx -> {
      Principal p = admin(ctx);
      outbox.deactivate(longParam(ctx, "id"), p.id());
      ctx.status(204);
    });
    app.post("/api/filings/webhooks/deliveries/{id}/retry", ctx -> {
      Principal p = admin(ctx);
      String id = ctx.pathParam("id");
      if (!id.matches("^[0-9a-f\\-]{36}$")) throw ApiException.badRequest("id", "not a delivery id");
      outbox.retry(id, p.id());
      ctx.status(204);
    });

    // public feed
    app.get("/api/filings/feed.atom", ctx -> {
      String party = ctx.queryParam("party"), type = ctx.queryParam("type");
      if (type != null && !Forms.TYPES.contains(type)) throw ApiException.badRequest("type", "one of " + Forms.TYPES);
      if (party != null && !party.matches("^[a-z0-9][a-z0-9_\\-]{0,63}$")) throw ApiException.badRequest("party", "not a party id");
      knownParty(party);
      List<Map<String, Object>> items = filings.list(Principal.PUBLIC, new Filings.Query("published", type, party, 100, null));
      // the self link keeps the feed's own filters (a reader subscribing by it got every filing), and only those
      List<String> filters = new ArrayList<>();
      if (party != null) filters.add("party=" + party);
      if (type != null) filters.add("type=" + type);
      String self = org.aigov.observatory.kernel.PublicUrl.of(ctx).replaceAll("\\?.*$", "") + (filters.isEmpty() ? "" : "?" + String.join("&", filters));
      ctx.contentType("application/atom+xml; charset=utf-8").result(Feed.atom(self, party, type, items));
    });

    // filings
    app.get("/api/filings", ctx -> {
      String state = ctx.queryParam("state"), type = ctx.queryParam("type"), party = ctx.queryParam("party");
      if (state != null && !Filings.STATES.contains(state)) throw ApiException.badRequest("state", "one of " + Filings.STATES);
      if (type != null && !Forms.TYPES.contains(type)) throw ApiException.badRequest("type", "one of " + Forms.TYPES);
      knownParty(party);
      Map<String, Object> out = new LinkedHashMap<>();
      int limit = Http.intParam(ctx, "limit", 50, 1, 500);
      List<Map<String, Object>> items = filings.list(Auth.of(ctx), new Filings.Query(state, type, party, limit, null));
      out.put("items", items);
      ctx.json(out);
    });
    app.post("/api/filings", ctx -> {
      Principal p = signedIn(ctx);
      requireScope(ctx, "submit");
      writeGuard(ctx);
      Filings.NewFiling in = Http.json(ctx, Filings.NewFiling.class);
      idempotent(ctx, p, 201, c -> filings.create(c, p, in).view());
    });
    app.get("/api/filings/{id}", ctx -> {
      Map<String, Object> view = filings.get(Auth.of(ctx), ctx.pathParam("id")).view(Auth.of(ctx));
      ctx.header("ETag", etag(view)).json(view);
    });
    app.put("/api/filings/{id}", ctx -> {
      Principal p = signedIn(ctx);
      filings.get(p, ctx.pathParam("id")); // 404 before anything else for filings the caller cannot see
      requireScope(ctx, "submit");
      writeGuard(ctx);
      Filings.Edit in = Http.json(ctx, Filings.Edit.class);
      String ifMatch = ctx.header("If-Match");
      Map<String, Object> out = db.tx(c -> {
        // If-Match, when sent, is checked against what the caller would read now (it had been ignored: a stale tag wrote)
        if (ifMatch != null) matches(ifMatch, etag(filings.visible(c, p, ctx.pathParam("id"), true).view(p))); // row locked to the edit
        return filings.edit(c, p, ctx.pathParam("id"), in).view();
      });
      ctx.header("ETag", etag(filings.get(p, ctx.pathParam("id")).view(p))).json(out);
    });
    app.get("/api/filings/{id}/history", ctx -> ctx.json(filings.transitions(Auth.of(ctx), ctx.pathParam("id"))));
    app.get("/api/filings/{id}/versions", ctx -> ctx.json(filings.versions(Auth.of(ctx), ctx.pathParam("id"))));
    app.get("/api/filings/{id}/versions/{v}", ctx ->
        ctx.json(filings.version(Auth.of(ctx), ctx.pathParam("id"), versionParam(ctx))));
    app.get("/api/filings/{id}/diff", ctx -> ctx.json(filings.diff(Auth.of(ctx), ctx.pathParam("id"),
        Http.intParam(ctx, "from", 1, 1, Integer.MAX_VALUE), Http.intParam(ctx, "to", 2, 1, Integer.MAX_VALUE))));
    app.post("/api/filings/{id}/share", ctx -> {
      Principal p = signedIn(ctx);
      filings.get(p, ctx.pathParam("id"));
      requireScope(ctx, "submit");
      writeGuard(ctx);
      ShareInput in = Http.json(ctx, ShareInput.class);
      if (in.shared() == null) throw ApiException.badRequest("shared", "required: true or false");
      ctx.json(db.tx(c -> filings.share(c, p, ctx.pathParam("id"), in.shared()).view()));
    });
    app.post("/api/filings/{id}/{action}", ctx -> {
      Principal p = signedIn(ctx);
      String action = ctx.pathParam("action");
      if (!Set.of("submit", "start_review", "return", "publish").contains(action)) throw ApiException.notFound("action " + action);
      filings.get(p, ctx.pathParam("id"));
      requireScope(ctx, "submit".equals(action) ? "submit" : "review");
      writeGuard(ctx);
      String body = Http.body(ctx);
      ActionInput in = body.isBlank() ? new ActionInput(null) : Http.json(ctx, ActionInput.class);
      idempotent(ctx, p, 200, c -> filings.act(c, p, ctx.pathParam("id"), action, in.comment()).view());
      if ("publish".equals(action) && ctx.status().getCode() == 200) filings.registry().refreshSearch();
    });
  }

  public record ShareInput(Boolean shared) {}

  public record ActionInput(String comment) {}

  record LoginInput(String email, String password) {}

  /** A filing's entity tag: a digest of the view its reader is given, so any change to what they read (text, state, sharing) changes it. */
  static String etag(Map<String, Object> view) {
    return "\"" + Hashing.sha256Hex(Json.write(view)).substring(0, 32) + "\"";
  }

  /** An If-Match list (RFC 9110, strong comparison) that holds {@code current} or is *; else 409 (as the registry answers), naming it. */
  static void matches(String ifMatch, String current) {
    String h = ifMatch.trim();
    if (h.equals("*")) return;
    List<String> tags = Http.entityTags(h);
    if (tags.isEmpty())
      throw ApiException.badRequest("If-Match", "not an ETag of this API: " + (h.length() > 100 ? h.substring(0, 100) + "…" : h));
    if (!tags.contains(current))
      throw ApiException.conflict("If-Match", "the filing changed since that tag was read (a weak tag never matches); read it again, its ETag is " + current);
  }

  /**
   * A party filter names a party there is: a misspelt one had answered an empty feed forever, where a webhook for it was
   * refused (outside QA). Parties are public (GET /api/filings/parties).
   */
  private void knownParty(String party) {
    if (party == null) return;
    if (db.read(c -> accounts.party(c, party)) == null)
      throw ApiException.badRequest("party", "no party '" + (party.length() > 64 ? party.substring(0, 64) + "…" : party) + "'; GET /api/filings/parties lists them");
  }

  private void login(Context ctx) {
    // a cross-site HTML form cannot send application/json, so this blocks login CSRF (signing a victim into the attacker's account)
    Http.requireJsonType(ctx);
    LoginInput in = Http.json(ctx, LoginInput.class);
    if (in.email() == null || in.email().length() > 320) throw ApiException.badRequest("email", "required");
    if (in.password() == null || in.password().length() > 1000) throw ApiException.badRequest("password", "required");
    Accounts.Session s = accounts.login(in.email(), in.password(), ClientAddress.of(ctx), ctx.cookie(COOKIE));
    ctx.header("Set-Cookie", cookie(s.secret(), Accounts.SESSION_TTL.toSeconds()));
    ctx.header("Cache-Control", "no-store");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.principal().id());
    m.put("role", s.principal().role());
    m.put("party", s.principal().party());
    m.put("csrf", s.csrf());
    ctx.json(m);
  }

  private String cookie(String value, long maxAge) {
    return COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict" + (cfg.secureCookie() ? "; Secure" : "");
  }

  /** Bearer tokens issued to accounts become that account's principal; otherwise a session cookie signs in. */
  private void authenticate(Context ctx) {
    String auth = ctx.header("Authorization");
    if (auth != null && !auth.isBlank()) {
      if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) throw ApiException.unauthorized("Authorization must be 'Bearer <token>'");
      String secret = auth.substring(7).trim();
      if (ctx.attribute(Auth.ATTR) == null) { // standalone use; the web layer normally verified it already
        Principal p = kernelTokens.verify(secret).orElseThrow(() -> ApiException.unauthorized("invalid, expired or revoked token"));
        ctx.attribute(Auth.ATTR, p);
      }
      Accounts.TokenInfo t = accounts.tokenInfo(secret);
      if (t != null) {
        ctx.attribute(Auth.ATTR, t.principal());
        long now = System.currentTimeMillis();
        Long last = tokenUseAudited.get(t.id());
        if (last == null || now - last > 60_000) { // audit token use at most once a minute per token
          tokenUseAudited.put(t.id(), now);
          accounts.audit("token_used", t.principal().id(), "token " + t.id(), ClientAddress.of(ctx), ctx.method() + " " + ctx.path());
        }
      }
      return;
    }
    if (ctx.attribute(Auth.ATTR) != null) return;
    String sid = ctx.cookie(COOKIE);
    if (sid == null || sid.isEmpty()) return;
    Accounts.Session s = accounts.session(sid);
    if (s == null) return;
    String m = ctx.method().name();
    boolean unsafe = !m.equals("GET") && !m.equals("HEAD") && !m.equals("OPTIONS");
    if (unsafe && !ctx.path().equals("/api/filings/login")) {
      String token = ctx.header(CSRF_HEADER);
      if (token == null || !java.security.MessageDigest.isEqual(token.getBytes(), s.csrf().getBytes())) {
        ctx.attribute(Auth.REFUSED, "missing or wrong " + CSRF_HEADER + " header (required with cookie sign-in)"); // for whoever asks who this is
        return;
      }
    }
    ctx.attribute(Auth.ATTR, s.principal());
    ctx.attribute("filings.session", s);
  }

  private static Principal signedIn(Context ctx) {
    Principal p = Auth.of(ctx);
    Policy.requireSignedIn(p);
    return p;
  }

  private Principal admin(Context ctx) {
    Principal p = Auth.of(ctx);
    Policy.requireAdmin(p);
    requireScope(ctx, "admin");
    return p;
  }

  private static long ownAccount(Context ctx) {
    long id = Accounts.accountId(signedIn(ctx));
    if (id < 0) throw ApiException.badRequest("Authorization", "only accounts hold API tokens; sign in with an account");
    return id;
  }

  private static boolean hasScope(Context ctx, String scope) {
    Set<String> s = Auth.of(ctx).scopes(); // null: a session or an unscoped token, with the whole role
    return s == null || s.contains(scope);
  }

  /** 403 unless the calling token holds every one of {@code scopes} (a session holds all its role allows). */
  private static void withinOwnScopes(Context ctx, java.util.Collection<String> scopes) {
    for (String s : scopes) if (!hasScope(ctx, s)) throw ApiException.forbidden("this token lacks the '" + s + "' scope, so it cannot hand it on or revoke it");
  }

  private static void requireScope(Context ctx, String scope) {
    if (!hasScope(ctx, scope)) throw ApiException.forbidden("this token lacks the '" + scope + "' scope");
  }

  /** A fixed one-minute window per principal. */
  private void writeGuard(Context ctx) {
    long wait = writes.retryAfter(Auth.of(ctx).id());
    if (wait > 0) {
      ctx.header("Retry-After", Long.toString(wait));
      throw new ApiException(429, "Too Many Requests", null, "more than " + cfg.writesPerMinute() + " writes a minute; slow down");
    }
  }

  /** A version number; one past int's range is none, not another version by truncation. */
  private static int versionParam(Context ctx) {
    long v;
    try {
      v = Http.asciiLong(ctx.pathParam("v"));
    } catch (NumberFormatException e) { // as the registry's versions answer: a 400, where it said "v 'abc' not found"
      throw ApiException.badRequest("v", "not a version number: '" + ctx.pathParam("v") + "'");
    }
    if (v < 1 || v > Integer.MAX_VALUE) throw ApiException.badRequest("v", "expected a version number from 1, got " + v);
    return (int) v;
  }

  private static long longParam(Context ctx, String name) {
    try {
      return Http.asciiLong(ctx.pathParam(name));
    } catch (NumberFormatException e) {
      throw ApiException.notFound(name + " '" + ctx.pathParam(name) + "'");
    }
  }

  /**
   * Runs a POST once per Idempotency-Key: the first result is stored in the same transaction as the
   * work, and a retry with the same key and body gets it back instead of repeating the work.
   */
  private void idempotent(Context ctx, Principal p, int status, Db.TxWork<Object> work) {
    String key = ctx.header("Idempotency-Key");
    if (key == null) {
      ctx.status(status).json(db.tx(work));
      return;
    }
    if (key.isBlank() || key.length() > 200) throw ApiException.badRequest("Idempotency-Key", "1 to 200 characters");
    String hash = Hashing.sha256Hex(ctx.method() + " " + ctx.path() + "\n" + Http.body(ctx));
    // optimistic: do the work and record the key in one transaction; a repeat hits the primary key,
    // rolls back and replays the stored answer (saves a look-up on every first attempt)
    try {
      Object result = db.tx(c -> {
        Object r = work.run(c);
        Sql.update(c, "INSERT INTO filing_idempotency (principal_id, idem_key, request_hash, status, response, created_at) VALUES (?,?,?,?,?,?)",
            p.id(), key, hash, status, Json.write(r), Sql.now());
        return r;
      });
      ctx.status(status).json(result);
    } catch (RuntimeException e) {
      // a concurrent twin won (the key's row is taken), or a retry after the first attempt went through: its work is now
      // refused ("cannot submit a filing in state submitted"), and the stored answer is the answer
      if (replay(ctx, p, key, hash)) return;
      throw e;
    }
  }

  private boolean replay(Context ctx, Principal p, String key, String hash) {
    Map<String, Object> r = db.read(c -> Sql.one(c, "SELECT request_hash, status, response FROM filing_idempotency WHERE principal_id=? AND idem_key=?",
        p.id(), key));
    if (r == null) return false;
    if (!hash.equals(r.get("request_hash"))) throw ApiException.unprocessable("Idempotency-Key", "already used for a different request");
    ctx.header("Idempotent-Replayed", "true");
    ctx.status(((Number) r.get("status")).intValue()).contentType("application/json; charset=utf-8").result((String) r.get("response"));
    return true;
  }

}
