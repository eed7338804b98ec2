package org.aigov.observatory.filings;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Daemons;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.WebhookQueues;
import org.aigov.observatory.kernel.WebhookTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhooks from a durable outbox: the publishing transaction writes one row per matching webhook,
 * so a crash after commit loses nothing; a deliverer posts due rows, signed with HMAC-SHA256, and
 * retries failures with exponential back-off. Each row's delivery id travels in a header so a
 * receiver can drop repeats (delivery is at-least-once). Each webhook is its own queue, sent in
 * order on its own task ({@link WebhookQueues}): a receiver that is slow or down delays only itself
 * and is waited for; only rows a receiver answers and refuses are given up after {@link #MAX_ATTEMPTS}.
 */
public final class Outbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  public static final int MAX_ATTEMPTS = 12;
  private static final int THREADS = 4;
  private final Db db;
  private final Duration baseDelay, maxDelay, timeout;
  private ScheduledExecutorService timer;
  private WebhookQueues.Dispatcher<Long> dispatcher;

  public Outbox(Db db, Duration baseDelay) {
    this(db, baseDelay, WebhookQueues.maxBackoff(), Duration.ofSeconds(10));
  }

  /** {@code timeout}: to connect, and to the response headers; the whole exchange may take twice that. */
  public Outbox(Db db, Duration baseDelay, Duration maxDelay, Duration timeout) {
    this.db = db;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.timeout = timeout;
  }

  public record WebhookInput(String url, String party, String filing_type) {}

  public Map<String, Object> register(WebhookInput in, String actor) {
    if (in.url() == null || !in.url().matches("^https?://\\S{1,1990}$")) throw ApiException.badRequest("url", "required: an http(s) URL");
    WebhookTargets.check("url", in.url());
    if (in.filing_type() != null && !Forms.TYPES.contains(in.filing_type())) throw ApiException.badRequest("filing_type", "one of " + Forms.TYPES);
    if (in.party() != null && in.party().isBlank()) throw ApiException.badRequest("party", "empty; leave it out to hear of every party's filings");
    String secret = "whsec_" + Hashing.randomToken(24);
    return db.tx(c -> {
      // a party that does not exist (or is spelt in another case) never matches: the webhook would wait for nothing
      if (in.party() != null && Sql.one(c, "SELECT id FROM filing_parties WHERE id=?", in.party()) == null)
        throw ApiException.unprocessable("party", "no party '" + (in.party().length() > 64 ? in.party().substring(0, 64) + "…" : in.party()) + "'");
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
    return db.read(c -> Sql.rows(c, "SELECT delivery_id, webhook_id, attempts, next_attempt_at, delivered_at, gave_up_at, last_status, last_error, created_at "
        + "FROM filing_outbox ORDER BY created_at DESC, delivery_id DESC LIMIT " + limit));
  }

  /** Stops deliveries to a webhook; its undelivered rows stay in the outbox, visible, and are not sent. */
  public void deactivate(long id, String actor) {
    db.tx(c -> {
      if (Sql.update(c, "UPDATE filing_webhooks SET active=FALSE WHERE id=?", id) == 0) throw ApiException.notFound("webhook " + id);
      Accounts.audit(c, "webhook_deactivated", actor, null, null, "webhook " + id);
      return null;
    });
  }

  /** Puts a given-up (or waiting) delivery back at the head of its webhook's queue, due now. */
  public void retry(String deliveryId, String actor) {
    db.tx(c -> {
      OffsetDateTime now = Sql.now();
      if (Sql.update(c, "UPDATE filing_outbox SET attempts=0, refusals=0, gave_up_at=NULL, next_attempt_at=? WHERE delivery_id=? AND delivered_at IS NULL"
          + " AND (claimed_until IS NULL OR claimed_until<=?)", now, deliveryId, now) == 0) {
        Object claimed = Sql.value(c, "SELECT claimed_until FROM filing_outbox WHERE delivery_id=? AND delivered_at IS NULL", deliveryId);
        if (claimed != null) throw ApiException.conflict("delivery " + deliveryId + " is being sent now; a second send would reach the receiver twice");
        throw ApiException.notFound("undelivered delivery " + deliveryId);
      }
      Accounts.audit(c, "webhook_delivery_retried", actor, null, null, "delivery " + deliveryId);
      return null;
    });
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

  private record Due(String id, long webhook, String event, int attempts, int refusals, String url, String secret) {}

  // undelivered and not given up; the earlier of two rows of one webhook is the one created first (ties: by id)
  private static final String WAITING = "e.delivered_at IS NULL AND e.gave_up_at IS NULL AND e.webhook_id=o.webhook_id "
      + "AND (e.created_at<o.created_at OR (e.created_at=o.created_at AND e.delivery_id<o.delivery_id))";

  /** Delivers every due row once, each webhook's in order on its own task, and waits; returns how many succeeded. */
  public int deliverDue() {
    Map<Long, List<Due>> byHook = dueQueues();
    if (byHook.isEmpty()) return 0;
    return WebhookQueues.perReceiver(byHook.values(), THREADS, Outbox::limits, this::deliverQueue)[0];
  }

  /** Receivers on one host share its slots, as alert webhooks do: one host that hangs holds a few threads, not all. */
  private static List<String> limits(List<Due> queue) {
    return List.of("host " + WebhookQueues.hostOf(queue.get(0).url()));
  }

  /** Each active webhook's due rows, oldest first. */
  private Map<Long, List<Due>> dueQueues() {
    Map<Long, List<Due>> byHook = new LinkedHashMap<>();
    // a row waits while an earlier row of its webhook waits out its back-off: each receiver gets its events in order
    db.read(c -> Sql.rows(c, "SELECT o.delivery_id, o.webhook_id, o.event, o.attempts, o.refusals, w.url, w.secret FROM filing_outbox o "
        + "JOIN filing_webhooks w ON w.id=o.webhook_id WHERE o.delivered_at IS NULL AND o.gave_up_at IS NULL AND o.next_attempt_at<=? AND w.active=TRUE "
        + "AND NOT EXISTS (SELECT 1 FROM filing_outbox e WHERE " + WAITING + " AND e.next_attempt_at>?) "
        + "ORDER BY o.created_at, o.delivery_id LIMIT 1000", Sql.now(), Sql.now())).forEach(r -> {
          long hook = ((Number) r.get("webhook_id")).longValue();
          byHook.computeIfAbsent(hook, k -> new ArrayList<>()).add(new Due((String) r.get("delivery_id"), hook, (String) r.get("event"),
              ((Number) r.get("attempts")).intValue(), ((Number) r.get("refusals")).intValue(), (String) r.get("url"), (String) r.get("secret")));
        });
    return byHook;
  }

  /** One webhook's due rows in order; stops at the first failure so the rest keep their order. Returns {delivered}. */
  private int[] deliverQueue(List<Due> queue) {
    int ok = 0;
    for (Due d : queue) {
      // claim: push the row's next attempt past a send's length; a second deliverer (another server, a command) then skips it
      OffsetDateTime now = Sql.now();
      OffsetDateTime until = now.plus(timeout.multipliedBy(2)).plusSeconds(60);
      int claimed = db.tx(c -> Sql.update(c, "UPDATE filing_outbox SET next_attempt_at=?, claimed_until=? WHERE delivery_id=? AND attempts=? AND delivered_at IS NULL "
          + "AND gave_up_at IS NULL AND next_attempt_at<=? AND (claimed_until IS NULL OR claimed_until<=?)", until, until, d.id(), d.attempts(), now, now));
      if (claimed != 1) break;
      String ts = String.valueOf(System.currentTimeMillis() / 1000);
      Integer status = null;
      String error = null;
      try {
        status = WebhookTargets.post(d.url(), Map.of("X-Filings-Delivery", d.id(), "X-Filings-Timestamp", ts,
            "X-Filings-Signature", WebhookQueues.timestampedSignature(d.secret(), ts, d.event().getBytes(StandardCharsets.UTF_8))),
            d.event().getBytes(StandardCharsets.UTF_8), timeout.multipliedBy(2));
        if (status / 100 != 2) error = "HTTP " + status;
      } catch (Exception e) {
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        error = WebhookQueues.describe(e);
      }
      int attempts = d.attempts() + 1;
      Integer st = status;
      if (error == null) {
        ok++;
        db.tx(c -> Sql.update(c, "UPDATE filing_outbox SET attempts=?, delivered_at=?, last_status=?, last_error=NULL, claimed_until=NULL WHERE delivery_id=?", attempts,
            Sql.now(), st, d.id()));
        continue;
      }
      // given up after MAX_ATTEMPTS refusals, however many attempts found the receiver down before them
      int refusals = d.refusals() + (WebhookQueues.refused(status) ? 1 : 0);
      boolean giveUp = refusals >= MAX_ATTEMPTS && WebhookQueues.refused(status);
      OffsetDateTime next = Sql.now().plus(WebhookQueues.backoff(baseDelay, maxDelay, attempts));
      String err = error.length() > 2000 ? error.substring(0, 2000) : error;
      db.tx(c -> Sql.update(c, "UPDATE filing_outbox SET attempts=?, refusals=?, next_attempt_at=?, last_status=?, last_error=?, gave_up_at=?, claimed_until=NULL WHERE delivery_id=?",
          attempts, refusals, next, st, err, giveUp ? Sql.now() : null, d.id()));
      if (giveUp) LOG.warn("webhook {} refused delivery {} {} times (last: {}); given up", d.webhook(), d.id(), refusals, err);
      break;
    }
    return new int[] {ok};
  }

  public static String sign(String secret, String payload) {
    return WebhookQueues.hmacSha256Hex(secret, payload.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Starts the background deliverer (daemon): every {@code every} it hands the due queues of webhooks with nothing in
   * flight to a pool and does not wait, so a receiver that hangs holds one thread, not the others' next rounds.
   */
  public synchronized void start(Duration every) {
    if (timer != null) return;
    dispatcher = new WebhookQueues.Dispatcher<>("filings-webhooks", 16);
    timer = Executors.newSingleThreadScheduledExecutor(Daemons.named("filings-outbox"));
    WebhookQueues.Dispatcher<Long> d = dispatcher;
    timer.scheduleWithFixedDelay(() -> {
      try {
        Map<Long, List<Due>> due = dueQueues();
        if (!due.isEmpty()) d.dispatch(due, Outbox::limits, this::deliverQueue);
      } catch (RuntimeException e) {
        LOG.warn("webhook delivery round failed: {}", e.getMessage());
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (timer != null) timer.shutdownNow();
    if (dispatcher != null) dispatcher.close();
    timer = null;
    dispatcher = null;
  }
}
