package org.aigov.observatory.incidents;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aigov.observatory.kernel.Daemons;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.WebhookQueues;

/**
 * The early-warning loop: each round polls the configured feeds that are due, re-clusters when records (or topics)
 * changed since the last clustering run, scans for spikes when the incidents or subscriptions changed since the last
 * scan, and delivers the webhooks that are due. A round does nothing it need not: what the last clustering run and
 * scan saw is kept as a fingerprint of the store. Several servers on one database share the work through a lease: one
 * of them runs the rounds, another takes over when its lease lapses, or at once when its holder was a process of this
 * host that has ended.
 */
public final class Monitor implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Monitor.class);

  public static final class Options {
    /** Time between rounds. */
    public Duration every = Duration.ofSeconds(30);
    /**
     * At least this long between the end of one clustering run and the start of the next; and at least
     * {@link #gapPerRun} times as long as this monitor's last run took, so a large store (over a minute per run at 10^6
     * records) is re-clustered for at most a third of the time, not back to back.
     */
    public Duration clusterGap = Duration.ofSeconds(60);
    /** See {@link #clusterGap}; 0 = the floor alone (tests). */
    public int gapPerRun = 2;
    /** How long a round's lease lasts; another node takes over this long after the holder stopped renewing it. */
    public Duration lease = Duration.ofMinutes(10);
    /** Feeds polled per round at most (the rest are due at the next round). */
    public int feedsPerRound = 20;
    /**
     * Feeds fetched at once, each on a thread of its own: a feed that hangs for its whole timeout holds one of them. As
     * many again fetch the feeds that are failing now, so that those hold up only each other.
     */
    public int fetchThreads = 4;
    /**
     * How long a round waits for its feeds' fetches before clustering, scanning and delivering: a fetch not done by then
     * goes on, and what it brings is ingested by a later round (a single round, {@code monitor --once}, waits for all).
     */
    public Duration feedWait = Duration.ofSeconds(5);
    public Spikes.Options spikes = new Spikes.Options();
    public Alerts.DeliveryOptions delivery = new Alerts.DeliveryOptions();
    public Clusterer.Options cluster = new Clusterer.Options();
    /**
     * Send webhooks on a pool of their own and do not wait for them (the server's loop): a receiver that hangs then holds
     * one delivery thread, not the round. Off, a round waits for its deliveries and reports their outcome (CLI, tests).
     */
    public boolean backgroundDelivery = false;
    /** Country names for the alerts' Chinese explanations (the registry's, wired by the server and the CLI). */
    public FacetLabels.Names names = FacetLabels.Names.NONE;
  }

  private final Db db;
  private final Ingest ingest;
  private final Options o;
  private final String holder;
  private Thread thread;
  private Thread deliveryTimer;
  /** Until when this process held the lease at its last round; null while another holds it. */
  private volatile Instant leadingUntil;
  private volatile boolean stopping;
  private final WebhookQueues.Dispatcher<Long> dispatcher;
  /** Fetches started by a round and not yet ingested, by feed id, in the order they started. */
  private final Map<Long, Pending> fetching = new LinkedHashMap<>();
  /** Fetch threads: [0] for feeds whose last poll worked, [1] for feeds failing now (see {@link #fetchers(boolean)}). */
  private final java.util.concurrent.ExecutorService[] fetchers = new java.util.concurrent.ExecutorService[2];

  private record Pending(Feeds.Feed feed, java.util.concurrent.Future<Feeds.Fetch> fetch) {}
  /** The monitors of this process by store, so the status API can tell whether this server's loop runs or waits. */
  private static final Map<Db, java.util.Set<Monitor>> LOCAL = new java.util.concurrent.ConcurrentHashMap<>();

  /** Another holder's lease this monitor waits for (null: it holds the lease, or has not tried yet). */
  record Waiting(String holder, Instant until) {}

  private volatile Waiting waiting;
  /** The holder last logged as waited for: the wait is logged once, not at every round. */
  private String loggedWait;
  /** How long this monitor's last clustering run took (a run by another process or node is not timed: the floor applies). */
  volatile Duration lastRun = Duration.ZERO;

  public Monitor(Db db, Classifier classifier, Options options) {
    this.db = db;
    this.ingest = new Ingest(db, classifier, Progress.silent());
    this.ingest.lockWait = Duration.ofSeconds(2); // a round does not wait long for a command's ingest: the feed is polled again soon
    this.o = options;
    // host/pid/start/uuid: a holder of this host whose process is gone is known dead (see deadOnThisHost)
    ProcessHandle me = ProcessHandle.current();
    this.holder = HOST + "/" + me.pid() + "/" + me.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "/" + UUID.randomUUID();
    this.dispatcher = options.backgroundDelivery ? new WebhookQueues.Dispatcher<>("alert-webhooks", options.delivery.backgroundThreads) : null;
    LOCAL.computeIfAbsent(db, k -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(this);
  }

  /**
   * The host part of a holder: the host name, and on Linux a short hash of the boot id and the pid namespace, so that two
   * containers or machines that share a host name (the same hostname set on replicas, network_mode host) are not taken
   * for one host whose processes this one can see. Where /proc cannot be read, the host name alone.
   */
  static final String HOST;

  /** This machine's host name, looked up once (the lookup may ask DNS); null when it cannot be had. Also names an ingest's holder. */
  static final String HOST_NAME;

  static {
    HOST_NAME = hostName();
    HOST = hostKey();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return null;
    }
  }

  private static String hostKey() {
    String host = HOST_NAME == null ? "node" : HOST_NAME;
    host = host.replace('/', '_');
    if (host.length() > 110) host = host.substring(0, 110);
    try {
      String ns = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/random/boot_id")).trim() + "|"
          + java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/pid"));
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(ns.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return host + "~" + java.util.HexFormat.of().formatHex(d, 0, 4);
    } catch (Exception | Error e) { // not Linux, or /proc hidden
      return host;
    }
  }

  /** One round. Each step's failure is logged and recorded, and the next step still runs. */
  public Map<String, Object> tick() {
    Map<String, Object> r = new LinkedHashMap<>();
    Instant now = Instant.now();
    if (!acquire(now)) {
      leadingUntil = null;
      r.put("leader", false);
      Waiting w = waiting;
      if (w != null) r.put("waiting_for_lease", Map.of("holder", w.holder(), "until", w.until().toString()));
      return r;
    }
    r.put("leader", true);
    leadingUntil = now.plus(o.lease);
    StringBuilder errors = new StringBuilder();
    long added = 0;
    int polled = 0;
    try {
      List<Feeds.Feed> due = Feeds.due(db, now, o.feedsPerRound + fetching.size());
      due = due.stream().filter(f -> !fetching.containsKey(f.id())).limit(Math.max(0, o.feedsPerRound - fetching.size())).toList();
      // a command's ingest into this store (minutes for a large file): the feeds stay due for the next round, unfetched
      if (!due.isEmpty() && ingest.busy()) {
        r.put("feeds_waiting", "another ingest is running into this store");
        due = List.of();
      }
      for (Feeds.Feed f : due) {
        if (stopping) break;
        fetching.put(f.id(), new Pending(f, fetchers(f.failures() > 0).submit(() -> Feeds.fetch(ingest, f))));
      }
      // fetched side by side, ingested one by one (the ingest lock takes one writer); one that hangs waits for a later round
      long deadline = System.nanoTime() + o.feedWait.toNanos();
      for (var it = fetching.values().iterator(); it.hasNext() && !stopping; ) {
        Pending p = it.next();
        Feeds.Fetch got;
        try {
          got = p.fetch().get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          continue;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
          got = new Feeds.Fetch(null, new java.io.IOException(String.valueOf(e.getCause() == null ? e : e.getCause())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        it.remove();
        Feeds.Polled done = Feeds.record(db, ingest, p.feed(), got);
        polled++;
        added += done.added();
        if (done.status().equals("error")) LOG.warn("feed {} ({}): {}", p.feed().id(), p.feed().url(), done.error());
      }
    } catch (RuntimeException e) {
      note(errors, "feeds", e);
    }
    r.put("feeds_polled", polled);
    r.put("items_added", added);
    if (!fetching.isEmpty()) r.put("feeds_fetching", fetching.size());
    try {
      String fp = fingerprint(db);
      State s = state();
      // to the microsecond, as the store keeps it, so the round and the status API say the same time
      Instant notBefore = s.lastCluster == null ? null
          : s.lastCluster.plus(gap(o.clusterGap, lastRun, o.gapPerRun)).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      boolean changed = !fp.equals(s.clusteredFp);
      if (changed && (notBefore == null || !notBefore.isAfter(Instant.now())) && !stopping) {
        renew();
        long t0 = System.nanoTime();
        Clusterer.Stats st = new Clusterer(o.cluster, Progress.silent()).run(db);
        lastRun = Duration.ofNanos(System.nanoTime() - t0);
        r.put("clustered", st.toString());
      } else if (changed && notBefore != null) {
        r.put("cluster_due_at", notBefore.toString());
        if (!notBefore.equals(s.clusterDue())) exec("UPDATE incident_monitor SET cluster_due_at = ? WHERE name = 'monitor'", notBefore);
      }
    } catch (RuntimeException e) {
      note(errors, "cluster", e);
    }
    try {
      State s = state();
      String scanFp = s.clusteredFp + "|" + subscriptionsFp(db) + "|" + o.spikes.method + ":" + o.spikes.alpha + ":" + o.spikes.window;
      if (s.clusteredFp != null && !scanFp.equals(s.scannedFp) && !stopping) {
        List<Map<String, Object>> created = Alerts.scan(db, o.spikes, o.names);
        r.put("alerts_created", created.size());
        exec("UPDATE incident_monitor SET scanned_fp = ?, last_scan_at = ? WHERE name = 'monitor'", scanFp, Instant.now());
      }
    } catch (RuntimeException e) {
      note(errors, "scan", e);
    }
    try {
      if (!stopping) {
        if (dispatcher != null) {
          int started = Alerts.dispatch(db, o.delivery, dispatcher);
          if (started > 0) r.put("delivery_queues_started", started);
        } else {
          Map<String, Integer> d = Alerts.deliver(db, o.delivery);
          if (d.values().stream().anyMatch(v -> v > 0)) r.put("deliveries", d);
        }
      }
    } catch (RuntimeException e) {
      note(errors, "deliver", e);
    }
    String err = errors.length() == 0 ? null : errors.length() > 1990 ? errors.substring(0, 1990) : errors.toString();
    if (err != null) r.put("errors", err);
    exec("UPDATE incident_monitor SET last_tick_at = ?, last_error = ? WHERE name = 'monitor'", Instant.now(), err);
    return r;
  }

  /**
   * Feeds failing now are fetched on threads of their own: feeds that hang each held a shared thread for their whole
   * timeout, and a healthy feed queued behind four of them waited 30 s a wave (an outside QA pass saw 44 s). A feed that
   * starts hanging can still hold a healthy feed's thread once; after that first failure it waits among the failing.
   */
  private synchronized java.util.concurrent.ExecutorService fetchers(boolean failing) {
    int lane = failing ? 1 : 0;
    if (fetchers[lane] == null)
      fetchers[lane] = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, o.fetchThreads), Daemons.named(failing ? "feed-fetch-failing" : "feed-fetch"));
    return fetchers[lane];
  }

  /** The wait after a clustering run that took {@code lastRun}: the floor, or {@code perRun} times the run if longer. */
  static Duration gap(Duration floor, Duration lastRun, int perRun) {
    Duration scaled = lastRun.multipliedBy(perRun);
    return scaled.compareTo(floor) > 0 ? scaled : floor;
  }

  private static void note(StringBuilder errors, String step, RuntimeException e) {
    LOG.warn("monitor {} step failed", step, e);
    if (errors.length() > 0) errors.append("; ");
    errors.append(step).append(": ").append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  /** Starts the rounds on a daemon thread. */
  public synchronized Monitor start() {
    if (thread != null) return this;
    stopping = false;
    thread = Daemons.start("incident-monitor", () -> {
      while (!stopping) {
        try {
          Map<String, Object> r = tick();
          if (r.size() > 3 || !Integer.valueOf(0).equals(r.getOrDefault("feeds_polled", 0))) LOG.info("monitor round: {}", r);
        } catch (RuntimeException e) {
          LOG.warn("monitor round failed", e);
        }
        try {
          Thread.sleep(o.every.toMillis());
        } catch (InterruptedException e) {
          break;
        }
      }
    });
    if (dispatcher != null) deliveryTimer = Daemons.start("alert-delivery-timer", this::deliverBetweenRounds);
    return this;
  }

  /**
   * Sends deliveries when their back-off ends rather than at the next round, which a long clustering run or a slow
   * poll can hold back: an outside QA pass saw 30 s between attempts with OBS_WEBHOOK_MAX_BACKOFF=20s and 10 s rounds.
   * Only while this process holds the lease; the claims keep a delivery from being sent twice at once either way. The
   * cost is one indexed query a second.
   */
  private void deliverBetweenRounds() {
    while (!stopping) {
      // at most a second: a delivery the round queued or a send that failed since is seen without a signal between threads
      long waitMs = Math.min(o.every.toMillis(), 1_000);
      try {
        Instant next = Alerts.nextDue(db, Instant.now());
        if (next != null) waitMs = Math.min(waitMs, Math.max(200, Duration.between(Instant.now(), next).toMillis() + 20));
      } catch (RuntimeException e) {
        LOG.debug("next delivery time not read: {}", e.getMessage());
      }
      try {
        Thread.sleep(waitMs);
      } catch (InterruptedException e) {
        return;
      }
      Instant lead = leadingUntil;
      if (stopping || lead == null || lead.isBefore(Instant.now())) continue;
      try {
        Alerts.dispatch(db, o.delivery, dispatcher);
      } catch (RuntimeException e) {
        LOG.warn("webhook delivery between rounds failed: {}", e.getMessage());
      }
    }
  }

  /**
   * Stops after the current step and gives up the lease, so another node can take over at once. The lease is given up
   * first as well as last: at a server's shutdown the embedded store closes itself in a hook of its own, often before a
   * round in progress has ended, and a lease left behind held off every server on the store for its ten minutes.
   */
  @Override
  public synchronized void close() {
    stopping = true;
    java.util.Set<Monitor> mine = LOCAL.get(db);
    if (mine != null) mine.remove(this);
    release();
    if (deliveryTimer != null) {
      deliveryTimer.interrupt();
      deliveryTimer = null;
    }
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
    if (dispatcher != null) dispatcher.close(); // a send cut off here is sent again: its claim lapses
    for (var pool : fetchers) if (pool != null) pool.shutdownNow(); // a fetch cut off here leaves its feed due: the next round fetches it again
    release();
  }

  private void release() {
    try {
      db.tx(c -> Sql.update(c, "UPDATE incident_monitor SET holder = NULL, lease_until = NULL WHERE name = 'monitor' AND holder = ?", holder));
    } catch (RuntimeException e) {
      LOG.debug("lease not released: {}", e.getMessage());
    }
  }

  // ------------------------------------------------------------------ lease and state

  private boolean acquire(Instant now) {
    if (stopping) return false; // closing: a round still running must not take back the lease close() gave up
    if (db.tx(c -> Sql.update(c, "UPDATE incident_monitor SET holder = ?, lease_until = ? WHERE name = 'monitor'"
        + " AND (holder IS NULL OR holder = ? OR lease_until IS NULL OR lease_until < ?)", holder, now.plus(o.lease), holder, now)) == 1) {
      Waiting w = waiting;
      if (w != null) LOG.info("monitor: the lease held by {} has lapsed or was given up; this process runs the rounds", w.holder());
      waiting = null;
      loggedWait = null;
      return true;
    }
    // A server killed on this host (kill -9, or a stop whose release lost the race with H2's own shutdown hook) leaves its
    // lease behind. Its process being gone, the lease is taken at once rather than after it lapses, on either store: a
    // holder of another host (another host name, boot or pid namespace) is never judged, its processes cannot be seen.
    Map<String, Object> row = db.read(c -> Sql.one(c, "SELECT holder, lease_until FROM incident_monitor WHERE name = 'monitor'"));
    String held = row == null ? null : (String) row.get("holder");
    if (held == null) return false; // given up between the two statements: the next round takes it
    if (deadOnThisHost(held, holder)) {
      boolean taken = db.tx(c -> Sql.update(c, "UPDATE incident_monitor SET holder = ?, lease_until = ? WHERE name = 'monitor' AND holder = ?",
          holder, now.plus(o.lease), held)) == 1;
      if (taken) {
        LOG.info("took over the monitor's lease from {}, whose process has ended", held);
        waiting = null;
        loggedWait = null;
        return true;
      }
      return false;
    }
    Instant until = instant(row.get("lease_until"));
    if (until == null) return false;
    waiting = new Waiting(held, until);
    if (!held.equals(loggedWait)) { // once per holder: the holder renews its lease every round
      LOG.info("monitor: waiting for the lease held by {} until {} (renewed while its holder runs rounds)", held, until);
      loggedWait = held;
    }
    return false;
  }

  private static Instant instant(Object v) { // Sql.one gives timestamps as ISO text in UTC
    return v == null ? null : java.time.OffsetDateTime.parse(v.toString()).toInstant();
  }

  /** Whether {@code held} names a process of this host ({@code mine}'s host) that has ended (or whose pid is now another's). */
  static boolean deadOnThisHost(String held, String mine) {
    String[] h = held.split("/"), m = mine.split("/");
    if (h.length != 4 || m.length != 4 || !h[0].equals(m[0])) return false;
    long pid, start;
    try {
      pid = Long.parseLong(h[1]);
      start = Long.parseLong(h[2]);
    } catch (NumberFormatException e) {
      return false;
    }
    java.util.Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) return true;
    java.util.Optional<Instant> began = p.get().info().startInstant();
    return start != 0 && began.isPresent() && Math.abs(began.get().toEpochMilli() - start) > 2_000;
  }

  private void renew() {
    acquire(Instant.now());
  }

  private record State(String clusteredFp, String scannedFp, Instant lastCluster, Instant clusterDue) {}

  private State state() {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT clustered_fp, scanned_fp, last_cluster_at, cluster_due_at FROM incident_monitor WHERE name = 'monitor'");
           ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return new State(null, null, null, null);
        Timestamp t = rs.getTimestamp(3), due = rs.getTimestamp(4);
        return new State(rs.getString(1), rs.getString(2), t == null ? null : t.toInstant(), due == null ? null : due.toInstant());
      }
    });
  }

  /** Runs an update on the monitor row; arguments are Instants or Strings (null: SQL NULL). */
  private void exec(String sql, Object... args) {
    db.tx(c -> Sql.update(c, sql, args));
  }

  /**
   * What clustering depends on: the records (never deleted, so the highest id and the latest update), the topics and
   * the editors' decisions. Cheap: each part is an index look-up or a small table.
   */
  static String fingerprint(Db db) {
    return db.read(Monitor::fingerprint);
  }

  static String fingerprint(Connection c) throws SQLException {
    StringBuilder sb = new StringBuilder();
    // anonymous reports count once accepted: an unreviewed flood must not set off a clustering run every minute
    String counted = PublicReports.counted("");
    append(c, sb, "SELECT id FROM incident_records WHERE " + counted + " ORDER BY id DESC LIMIT 1");
    append(c, sb, "SELECT updated_at FROM incident_records WHERE " + counted + " ORDER BY updated_at DESC LIMIT 1");
    append(c, sb, "SELECT MAX(reviewed_at) FROM incident_reviews"); // e.g. an accepted report rejected again
    append(c, sb, "SELECT MAX(id) FROM incident_topic_changes"); // every create, change and delete of a topic
    append(c, sb, "SELECT MAX(id) FROM incident_decisions");
    return sb.toString();
  }

  private static String subscriptionsFp(Db db) {
    return db.read(c -> {
      StringBuilder sb = new StringBuilder();
      append(c, sb, "SELECT COUNT(*) FROM incident_subscriptions WHERE active = TRUE");
      append(c, sb, "SELECT MAX(id) FROM incident_subscriptions");
      return sb.toString();
    });
  }

  private static void append(Connection c, StringBuilder sb, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      Object v = rs.next() ? rs.getObject(1) : null;
      if (v instanceof Timestamp t) v = t.toInstant();
      else if (v instanceof java.time.OffsetDateTime t) v = t.toInstant();
      sb.append(v).append(';');
    }
  }

  /** Called by every clustering run with the fingerprint taken at its start (records added meanwhile make it stale). */
  static void clustered(Db db, String fingerprint, String summary) {
    db.tx(c -> Sql.update(c, "UPDATE incident_monitor SET clustered_fp = ?, last_cluster_at = ?, last_cluster = ?, cluster_due_at = NULL WHERE name = 'monitor'",
        fingerprint.length() > 400 ? fingerprint.substring(0, 400) : fingerprint, Instant.now(),
        summary == null ? null : summary.length() > 1990 ? summary.substring(0, 1990) : summary));
  }

  /**
   * For GET /api/incidents/monitor: when the loop last ran and what it did, and its state: "running" (this process holds
   * the lease, or another process does that is not known dead), "waiting_for_lease" (this process's loop waits for another
   * holder's lease, which it cannot tell alive: another host's), "stopped" (no lease, or one left by an ended process).
   */
  public static Map<String, Object> status(Db db) {
    java.util.Set<Monitor> local = LOCAL.getOrDefault(db, java.util.Set.of());
    return db.read(c -> {
      Map<String, Object> m = new LinkedHashMap<>();
      Timestamp due = null;
      try (PreparedStatement ps = c.prepareStatement("SELECT lease_until, last_tick_at, last_cluster_at, last_cluster, last_scan_at, last_error, cluster_due_at, holder FROM incident_monitor WHERE name = 'monitor'");
           ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          Timestamp lease = rs.getTimestamp(1);
          String held = rs.getString(8);
          String state;
          if (held == null || lease == null || !lease.toInstant().isAfter(Instant.now())) state = "stopped";
          else if (local.stream().anyMatch(x -> x.holder.equals(held))) state = "running";
          else if (deadOnThisHost(held, HOST + "/0/0/status")) state = "stopped"; // this host's loop takes it at its next round
          else if (!local.isEmpty()) state = "waiting_for_lease";
          else state = "running"; // e.g. a server without a loop (--monitor-every 0) beside `monitor`
          m.put("running", state.equals("running"));
          m.put("state", state);
          if (state.equals("waiting_for_lease")) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("holder", held);
            w.put("until", Feeds.instant(lease));
            m.put("waiting_for_lease", w);
          }
          m.put("last_round_at", Feeds.instant(rs.getTimestamp(2)));
          m.put("last_cluster_at", Feeds.instant(rs.getTimestamp(3)));
          m.put("last_cluster", rs.getString(4));
          m.put("last_scan_at", Feeds.instant(rs.getTimestamp(5)));
          m.put("last_error", rs.getString(6));
          due = rs.getTimestamp(7);
        }
      }
      boolean waiting = !fingerprint(c).equals(clusteredFp(c));
      m.put("records_waiting_for_clustering", waiting);
      // set by a round that found records waiting and must let the last run's wait pass; cleared by every run
      m.put("cluster_due_at", waiting ? Feeds.instant(due) : null);
      m.put("pending_deliveries", ((Number) Sql.value(c, "SELECT COUNT(*) FROM incident_deliveries d JOIN incident_subscriptions s ON s.id = d.subscription_id"
          + " WHERE d.status = 'pending' AND s.active = TRUE")).longValue());
      m.put("active_feeds", ((Number) Sql.value(c, "SELECT COUNT(*) FROM incident_feeds WHERE active = TRUE")).longValue());
      return m;
    });
  }

  private static String clusteredFp(Connection c) throws SQLException {
    return (String) Sql.value(c, "SELECT clustered_fp FROM incident_monitor WHERE name = 'monitor'");
  }
}
