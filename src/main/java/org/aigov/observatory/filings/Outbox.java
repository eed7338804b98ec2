package org.aigov.observatory.filings;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.WebhookTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhooks from a durable outbox: the publishing transaction writes one row per matching webhook,
 * so a crash after commit loses nothing; a deliverer posts due rows, signed with HMAC-SHA256, and
 * retries failures with exponential back-off. Each row's delivery id travels in a header so a
 * receiver can drop repeats (delivery is at-least-once).
 */
public final class Outbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  public static final int MAX_ATTEMPTS = 12;
  private final Db db;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Duration baseDelay;
  private ScheduledExecutorService timer;

  public Outbox(Db db, Duration baseDelay) {
    this.db = db;
    this.baseDelay = baseDelay;
  }

  public record WebhookInput(String url, String party, String filing_type) {}

  public Map<String, Object> register(WebhookInput in, String actor) {
    if (in.url() == null || !in.url().matches("^https?://\\S{1,1990}$")) throw ApiException.badRequest("url", "required: an http(s) URL");
    WebhookTargets.check("url", in.url());
    if (in.filing_type() != null && !Forms.TYPES.contains(in.filing_type())) throw ApiException.badRequest("filing_type", "one of " + Forms.TYPES);
    String secret = "whsec_" + Hashing.randomToken(24);
    return db.tx(c -> {
      long id = Sql.insertKey(c, "INSERT INTO filing_webhooks (url, secret, party, filing_type, created_at) VALUES (?,?,?,?,?)", in.url(), secret,
          in.party(), in.filing_type(), Sql.now());
      Accounts.audit(c, "webhook_registered", actor, in.url(), null, "webhook " + id);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("url", in.url());
      m.put("secret", secret);
      return m;
    });
  }

  public List<Map<String, Object>> webhooks() {
    return db.read(c -> Sql.rows(c, "SELECT id, url, party, filing_type, active, created_at FROM filing_webhooks ORDER BY id"));
  }

  public List<Map<String, Object>> deliveries(int limit) {
    return db.read(c -> Sql.rows(c, "SELECT delivery_id, webhook_id, attempts, next_attempt_at, delivered_at, last_error, created_at FROM filing_outbox "
        + "ORDER BY created_at DESC LIMIT " + limit));
  }

  /** Called inside the publishing transaction. */
  static void enqueue(Connection c, Filings.Filing f) throws SQLException {
    List<Map<String, Object>> hooks = Sql.rows(c, "SELECT id FROM filing_webhooks WHERE active=TRUE AND (party IS NULL OR party=?) "
        + "AND (filing_type IS NULL OR filing_type=?)", f.party(), f.type());
    if (hooks.isEmpty()) return;
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("event", "filing.published");
    ev.put("filing", f.id());
    ev.put("type", f.type());
    ev.put("party", f.party());
    ev.put("title", f.title());
    ev.put("version", f.version());
    ev.put("published_at", f.publishedAt());
    ev.put("registry_ids", f.registryIds());
    for (Map<String, Object> h : hooks) {
      String id = UUID.randomUUID().toString();
      Map<String, Object> e = new LinkedHashMap<>(ev);
      e.put("delivery_id", id);
      Sql.update(c, "INSERT INTO filing_outbox (delivery_id, webhook_id, event, attempts, next_attempt_at, created_at) VALUES (?,?,?,?,?,?)", id,
          h.get("id"), Json.write(e), 0, Sql.now(), Sql.now());
    }
  }

  /** Delivers every due row once; returns how many succeeded. */
  public int deliverDue() {
    List<Map<String, Object>> due = db.read(c -> Sql.rows(c, "SELECT o.delivery_id, o.event, o.attempts, w.url, w.secret FROM filing_outbox o "
        + "JOIN filing_webhooks w ON w.id=o.webhook_id WHERE o.delivered_at IS NULL AND o.attempts<? AND o.next_attempt_at<=? "
        + "ORDER BY o.created_at LIMIT 100", MAX_ATTEMPTS, Sql.now()));
    int ok = 0;
    for (Map<String, Object> r : due) {
      String id = (String) r.get("delivery_id");
      String body = (String) r.get("event");
      String ts = String.valueOf(System.currentTimeMillis() / 1000);
      String error = null;
      try {
        HttpRequest req = HttpRequest.newBuilder(WebhookTargets.forDelivery((String) r.get("url"))).timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json").header("X-Filings-Delivery", id).header("X-Filings-Timestamp", ts)
            .header("X-Filings-Signature", "sha256=" + sign((String) r.get("secret"), ts + "." + body))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        int status = WebhookTargets.send(http, req, Duration.ofSeconds(20));
        if (status / 100 != 2) error = "HTTP " + status;
      } catch (Exception e) {
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      int attempts = ((Number) r.get("attempts")).intValue() + 1;
      if (error == null) {
        ok++;
        db.tx(c -> Sql.update(c, "UPDATE filing_outbox SET attempts=?, delivered_at=?, last_error=NULL WHERE delivery_id=?", attempts, Sql.now(), id));
      } else {
        OffsetDateTime next = Sql.now().plus(backoff(attempts));
        String err = error.length() > 2000 ? error.substring(0, 2000) : error;
        db.tx(c -> Sql.update(c, "UPDATE filing_outbox SET attempts=?, next_attempt_at=?, last_error=? WHERE delivery_id=?", attempts, next, err, id));
      }
    }
    return ok;
  }

  /** base × 2^(attempts-1), capped at one hour. */
  Duration backoff(int attempts) {
    long ms = baseDelay.toMillis() << Math.min(20, attempts - 1);
    return Duration.ofMillis(Math.min(ms, 3_600_000L));
  }

  public static String sign(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts the background deliverer (daemon). */
  public synchronized void start(Duration every) {
    if (timer != null) return;
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "filings-outbox");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        deliverDue();
      } catch (RuntimeException e) {
        LOG.warn("webhook delivery round failed: {}", e.getMessage());
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (timer != null) timer.shutdownNow();
    timer = null;
  }
}
