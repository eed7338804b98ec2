package org.aigov.observatory.incidents;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Principal;
import org.aigov.observatory.kernel.PublicUrl;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.WebhookQueues;
import org.aigov.observatory.kernel.WebhookTargets;
import org.aigov.observatory.kernel.Xml;
import org.aigov.observatory.kernel.Text;

/**
 * Alerts: spike detection over the series that subscribers and topics ask for, stored once per
 * (series, period); a durable outbox row per (subscription, alert); webhook delivery with an
 * HMAC-SHA256 signature, exponential back-off and a delivery log. Each subscriber is delivered in
 * its own task, and a failing subscriber only delays its own queue.
 */
public final class Alerts {
  public static final String SIGNATURE_HEADER = "X-Observatory-Signature";
  /** Unix seconds of the send; signed with the body in {@link #TIMESTAMPED_SIGNATURE_HEADER} so a captured delivery cannot be replayed later. */
  public static final String TIMESTAMP_HEADER = "X-Observatory-Timestamp";
  public static final String TIMESTAMPED_SIGNATURE_HEADER = "X-Observatory-Timestamped-Signature";

  public static final class DeliveryOptions {
    public Duration baseDelay = Duration.ofSeconds(30);
    public Duration maxDelay = WebhookQueues.maxBackoff();
    /** Attempts before a delivery the receiver refuses is given up ({@link #refused}); a receiver that is down is waited for. */
    public int maxAttempts = 12;
    public Duration timeout = Duration.ofSeconds(10);
    /** Receivers sent at once by a round that waits for them (commands): each one that hangs holds a thread for its timeout. */
    public int threads = 16;
    /** Threads of a background dispatcher (the monitor's): receivers sent at once, each held at most twice the timeout. */
    public int backgroundThreads = 16;
  }

  private Alerts() {}

  /**
   * {@link #normalizeSeries}, and every value in it known: a subscription, a feed or an alert list of a series that can
   * never count (a misspelt topic, an unknown country or risk domain) is refused, not an empty answer for ever.
   */
  public static String knownSeries(Db db, String spec) {
    return knownSeries(db, spec, false);
  }

  /** As {@link #knownSeries}, to read a series' alerts: a deleted topic's series stays readable, as its alerts stay. */
  public static String readableSeries(Db db, String spec) {
    return knownSeries(db, spec, true);
  }

  private static String knownSeries(Db db, String spec, boolean deletedTopic) {
    String key = normalizeSeries(spec);
    Map<String, String> filters = key == null ? Map.of() : queryOf(key).filters;
    // a country code that is neither ISO 3166 nor one the monitors' data uses would be a series that never counts
    FacetLabels.requireCountry(db, filters.get("country"), "series");
    // sources, sectors and harm types are open (a series may wait for its first incident); layers and domains are not
    Trends.requireVocabulary(db, filters::get, "series");
    String topic = filters.get("topic");
    if (topic != null && db.read(c -> Sql.value(c, "SELECT 1 FROM incident_topics WHERE id = ?", topic)) == null) {
      boolean deleted = db.read(c -> Sql.value(c, "SELECT MIN(id) FROM incident_topic_changes WHERE topic_id = ?", topic)) != null;
      // a deleted topic is known, not unknown: its alerts stay readable, but nothing new is counted for it (outside QA)
      if (deleted && !deletedTopic)
        throw ApiException.badRequest("series", "topic '" + topic + "' was deleted: its alerts stay readable, but no new one would be raised; GET /api/incidents/topics lists the topics");
      if (!deleted) throw ApiException.badRequest("series", "unknown topic '" + topic + "'; GET /api/incidents/topics lists them");
    }
    return key;
  }

  /**
   * Canonical series key from "granularity=month;topic=military" or a query string like "topic=military&granularity=month".
   * A key with ';' is split on ';' only, since facet values may hold '&' ("4. Malicious Actors & Misuse").
   */
  public static String normalizeSeries(String spec) {
    if (spec == null || spec.isBlank()) return null;
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String part : spec.split(spec.contains(";") ? ";" : "&")) {
      if (part.isBlank()) continue;
      int eq = part.indexOf('=');
      if (eq <= 0) throw ApiException.badRequest("series", "expected facet=value pairs separated by ';' (or '&'), got '" + part + "'");
      String k = part.substring(0, eq).strip();
      // "topic=a;topic=b" would keep one of the two without a word
      if (params.put(k, List.of(part.substring(eq + 1).strip())) != null) throw ApiException.badRequest("series", "facet '" + k + "' is given twice");
    }
    // ";;" named no pair at all, and had read as the default series (all incidents by month)
    if (params.isEmpty()) throw ApiException.badRequest("series", "expected facet=value pairs separated by ';' (or '&'), got '" + spec + "'");
    for (String k : params.keySet()) {
      if (!k.equals("granularity") && !k.equals("standardize") && !Trends.FACETS.contains(k))
        throw ApiException.badRequest("series", "unknown facet '" + k + "'; expected granularity, standardize or one of " + Trends.FACETS);
    }
    String st = params.containsKey("standardize") ? params.get("standardize").get(0) : null;
    if (st != null && !st.equalsIgnoreCase("true") && !st.equalsIgnoreCase("false"))
      throw ApiException.badRequest("series", "standardize: expected true or false, got '" + st + "'");
    Trends.Query q;
    try {
      q = Trends.Query.parse(params);
    } catch (ApiException e) { // the client sent one field, series: name it, with the part at fault in the detail
      throw e.field == null || e.field.equals("series") ? e : ApiException.badRequest("series", e.getMessage());
    }
    // all incidents are 100 % of all incidents in every period: such a series would never say anything
    if (q.standardize && q.filters.isEmpty()) throw ApiException.badRequest("series", "standardize=true needs a topic or a facet: the share of all incidents in all incidents is always 100 %");
    String key = q.seriesKey();
    if (key.length() > MAX_SERIES_KEY) throw ApiException.badRequest("series", "at most " + MAX_SERIES_KEY + " characters once normalized, got " + key.length());
    return key;
  }

  /** The stored series key's column width (incident_subscriptions, incident_alerts). */
  static final int MAX_SERIES_KEY = 400;

  static Trends.Query queryOf(String seriesKey) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String part : seriesKey.split(";")) {
      int eq = part.indexOf('=');
      params.put(part.substring(0, eq), List.of(part.substring(eq + 1)));
    }
    return Trends.Query.parse(params);
  }

  /** One scan at a time in a process: the monitor and an editor's POST /alerts/scan would race to store the same alert. */
  private static final java.util.concurrent.locks.ReentrantLock SCANNING = new java.util.concurrent.locks.ReentrantLock();

  /** {@link #scan(Db, Spikes.Options, FacetLabels.Names)} naming countries by code (a store without a registry). */
  public static List<Map<String, Object>> scan(Db db, Spikes.Options opt) {
    return scan(db, opt, FacetLabels.Names.NONE);
  }

  /**
   * Runs detection over every subscribed series and every topic; stores new alerts and queues deliveries. An alert is
   * stored once, with its explanation, so {@code names} (the registry's country names) must be wired by every scanner.
   */
  public static List<Map<String, Object>> scan(Db db, Spikes.Options opt, FacetLabels.Names names) {
    SCANNING.lock();
    try {
      return scanOnce(db, opt, names);
    } finally {
      SCANNING.unlock();
    }
  }

  /** The series' filters in English for its alerts' explanation, by the same names as the Chinese and the page. */
  static String enFilters(Db db, Trends.Query q, FacetLabels.Names names) {
    if (q.filters.isEmpty()) return "";
    return TrendChart.filterList(q, false, FacetLabels.forText(db, q, List.of(), names));
  }

  /** A series by its names for a reader: "Topic: Military AI (per month)", "主题：军事人工智能（每月）", not its key. */
  static String seriesName(Db db, String key, FacetLabels.Names names, boolean zh) {
    Trends.Query q = queryOf(key);
    String f = zh ? zhFilters(db, q, names) : enFilters(db, q, names);
    String per = switch (q.granularity) {
      case "year" -> zh ? "每年" : "per year";
      case "week" -> zh ? "每周" : "per week";
      case "day" -> zh ? "每日" : "per day";
      default -> zh ? "每月" : "per month";
    };
    return (f.isEmpty() ? (zh ? "全部事件" : "All incidents") : f) + (q.standardize ? (zh ? "，占全部事件的比例" : ", share of all incidents") : "")
        + (zh ? "（" + per + "）" : " (" + per + ")");
  }

  /** The series' filters in Chinese for its alerts' explanation: topics, domains, sectors and harm types by name. */
  static String zhFilters(Db db, Trends.Query q, FacetLabels.Names names) {
    if (q.filters.isEmpty()) return "";
    return TrendChart.filterList(q, true, FacetLabels.forText(db, q, List.of(), names));
  }

  private static List<Map<String, Object>> scanOnce(Db db, Spikes.Options opt, FacetLabels.Names names) {
    Set<String> series = new LinkedHashSet<>();
    series.add("granularity=month");
    db.read(c -> {
      for (Topics.Topic t : Topics.all(c)) series.add("granularity=month;topic=" + t.id());
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT series_key FROM incident_subscriptions WHERE active = TRUE AND series_key IS NOT NULL");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) series.add(rs.getString(1));
      }
      return null;
    });
    List<Map<String, Object>> created = new ArrayList<>();
    for (String key : series) {
      Trends.Query q = queryOf(key);
      // a stored series is scanned as it is, unchecked: one a newer check refuses counts nothing, it must not stop every scan
      Trends.Result r = Trends.query(Trends.index(db), q);
      if (r.series().isEmpty()) continue;
      // a share series is tested by its share, whatever the scan's test for counts
      List<Spikes.Spike> spikes = Spikes.detect(r.periods(), r.series().get(0).counts(), r.total(), enFilters(db, q, names), zhFilters(db, q, names),
          q.granularity, q.standardize ? opt.withMethod("share") : opt);
      for (Spikes.Spike s : spikes) {
        // a spike before the series' two newest periods is history found now, not news (see V4_18)
        boolean backfill = r.periods().indexOf(s.period()) < r.periods().size() - 2;
        Map<String, Object> a = db.tx(c -> store(c, key, q.granularity, s, backfill));
        if (a != null) created.add(a);
      }
    }
    return created;
  }

  private static Map<String, Object> store(Connection c, String key, String granularity, Spikes.Spike s, boolean backfill) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM incident_alerts WHERE series_key = ? AND granularity = ? AND period = ?")) {
      ps.setString(1, key);
      ps.setString(2, granularity);
      ps.setString(3, s.period());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) return null;
      }
    }
    long id;
    Timestamp now = Timestamp.from(Instant.now());
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_alerts (series_key, granularity, period, count_value, baseline, probability, method, explanation, created_at, backfill)"
        + " VALUES (?,?,?,?,?,?,?,?,?,?)", new String[] {"id"})) {
      ps.setString(1, key);
      ps.setString(2, granularity);
      ps.setString(3, s.period());
      ps.setLong(4, s.count());
      ps.setDouble(5, s.baseline());
      ps.setDouble(6, s.probability());
      ps.setString(7, s.method());
      ps.setString(8, s.explanationEn() + "\n" + s.explanationZh());
      ps.setTimestamp(9, now);
      ps.setBoolean(10, backfill);
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        id = rs.getLong(1);
      }
    }
    // durable outbox: one pending delivery per matching webhook subscription, in the same transaction
    try (PreparedStatement subs = c.prepareStatement("SELECT id FROM incident_subscriptions WHERE active = TRUE AND webhook_url IS NOT NULL AND (series_key IS NULL OR series_key = ?)");
         PreparedStatement ins = c.prepareStatement("INSERT INTO incident_deliveries (subscription_id, alert_id, status, attempts, next_attempt_at, created_at) VALUES (?,?,'pending',0,?,?)")) {
      subs.setString(1, key);
      try (ResultSet rs = subs.executeQuery()) {
        while (rs.next()) {
          ins.setLong(1, rs.getLong(1));
          ins.setLong(2, id);
          ins.setTimestamp(3, now);
          ins.setTimestamp(4, now);
          ins.executeUpdate();
        }
      }
    }
    return alertJson(id, key, granularity, s.period(), s.count(), s.baseline(), s.probability(), s.method(),
        s.explanationEn() + "\n" + s.explanationZh(), now.toInstant(), backfill);
  }

  /**
   * Adds {@code topic_name} ({"en", "zh"}) to each alert of a topic's series: the page names a topic from the topics
   * list, which a deleted topic has left while its alerts stay.
   */
  static List<Map<String, Object>> withTopicNames(Db db, List<Map<String, Object>> alerts) {
    Map<Map<String, Object>, String> topicOf = new java.util.IdentityHashMap<>();
    for (Map<String, Object> a : alerts) {
      String topic = queryOf((String) a.get("series")).filters.get("topic");
      if (topic != null) topicOf.put(a, topic);
    }
    if (topicOf.isEmpty()) return alerts;
    Map<String, String[]> names = FacetLabels.topicNames(db, new LinkedHashSet<>(topicOf.values()));
    topicOf.forEach((a, topic) -> {
      String[] n = names.get(topic);
      if (n != null) a.put("topic_name", Text.enZh(n[0], n[1] != null ? n[1] : n[0]));
    });
    return alerts;
  }

  static Map<String, Object> alertJson(long id, String key, String granularity, String period, long count, double baseline, double p,
      String method, String explanation, Instant created, boolean backfill) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("series", key);
    m.put("granularity", granularity);
    m.put("period", period);
    m.put("count", count);
    m.put("baseline", Math.round(baseline * 1000) / 1000.0);
    m.put("probability", p);
    m.put("method", method);
    String[] ex = explanation.split("\n", 2);
    m.put("explanation", Text.enZh(ex[0], ex.length > 1 ? ex[1] : ex[0]));
    m.put("created_at", created.toString());
    // raised for a period older than the series' two newest: history found now (a new series or topic, late data), not news
    m.put("backfill", backfill);
    return m;
  }

  public static Map<String, Object> alert(Db db, long id) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, series_key, granularity, period, count_value, baseline, probability, method, explanation, created_at, backfill FROM incident_alerts WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return null;
          return alertJson(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getDouble(6),
              rs.getDouble(7), rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant(), rs.getBoolean(11));
        }
      }
    });
  }

  public static List<Map<String, Object>> list(Db db, String seriesKey, int limit) {
    return list(db, seriesKey, limit, false);
  }

  /**
   * {@code byPeriod}: the newest period first (then the newest found), not the newest found first: a backfill scan
   * finds 2022's alerts after last month's, and a reader looks for what happened last. Periods of different granularity
   * are ordered by their first day ("2024-W10" starts on 4 March 2024).
   */
  public static List<Map<String, Object>> list(Db db, String seriesKey, int limit, boolean byPeriod) {
    return list(db, seriesKey, limit, byPeriod, Long.MAX_VALUE);
  }

  /** As above, only alerts with an id below {@code before} (an Atom feed's next page). */
  static List<Map<String, Object>> list(Db db, String seriesKey, int limit, boolean byPeriod, long before) {
    List<Map<String, Object>> all = db.read(c -> {
      List<Map<String, Object>> out = new ArrayList<>();
      String sql = "SELECT id, series_key, granularity, period, count_value, baseline, probability, method, explanation, created_at, backfill FROM incident_alerts"
          + " WHERE id < ?" + (seriesKey == null ? "" : " AND series_key = ?") + " ORDER BY id DESC" + (byPeriod ? "" : " LIMIT ?");
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        ps.setLong(i++, before);
        if (seriesKey != null) ps.setString(i++, seriesKey);
        if (!byPeriod) ps.setInt(i, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(alertJson(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getDouble(6),
                rs.getDouble(7), rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant(), rs.getBoolean(11)));
          }
        }
      }
      return out;
    });
    if (!byPeriod) return all;
    // alerts are few (one per spike of a watched series): sorted here, where a week's first day is known
    List<Map<String, Object>> sorted = new ArrayList<>(all);
    sorted.sort(java.util.Comparator.comparing((Map<String, Object> a) -> periodStart((String) a.get("period"))).reversed()
        .thenComparing(a -> -((Number) a.get("id")).longValue()));
    return sorted.subList(0, Math.min(limit, sorted.size()));
  }

  /** A period's first day: "2024" → 2024-01-01, "2024-03" → 2024-03-01, "2024-W10" → its Monday, "2024-03-05"; else the earliest day. */
  static java.time.LocalDate periodStart(String period) {
    try {
      if (period.matches("\\d{4}")) return java.time.LocalDate.of(Integer.parseInt(period), 1, 1);
      if (period.matches("\\d{4}-\\d{2}")) return java.time.LocalDate.parse(period + "-01");
      if (period.matches("\\d{4}-W\\d{2}")) return java.time.LocalDate.parse(period + "-1", java.time.format.DateTimeFormatter.ISO_WEEK_DATE);
      return java.time.LocalDate.parse(period);
    } catch (RuntimeException e) {
      return java.time.LocalDate.MIN;
    }
  }

  // ------------------------------------------------------------------ subscriptions

  /** How many active subscriptions one principal other than an editor may hold: each is a scan and a delivery per alert. */
  public static final int MAX_SUBSCRIPTIONS_PER_USER = 20;

  /** As {@link #subscribe(Db, String, String, String, String)}, within the caller's quota unless an editor. */
  public static Map<String, Object> subscribe(Db db, String name, String series, String webhookUrl, Principal by) {
    if (!by.canWriteRegistry()) {
      long mine = ((Number) db.read(c -> Sql.value(c, "SELECT COUNT(*) FROM incident_subscriptions WHERE active = TRUE AND created_by = ?", by.id()))).longValue();
      if (mine >= MAX_SUBSCRIPTIONS_PER_USER) throw ApiException.conflict("you have " + mine + " active subscriptions, the most one user may hold; stop one first");
    }
    return subscribe(db, name, series, webhookUrl, by.id());
  }

  public static Map<String, Object> subscribe(Db db, String name, String series, String webhookUrl, String by) {
    if (name == null || name.isBlank()) throw ApiException.badRequest("name", "required");
    if (name.strip().length() > 300) throw ApiException.badRequest("name", "at most 300 characters, found " + name.strip().length());
    if (org.aigov.observatory.kernel.Xml.hasForbidden(name)) throw ApiException.badRequest("name", "contains a control character");
    org.aigov.observatory.kernel.Xml.requireVisible("name", name);
    String key = knownSeries(db, series);
    if (webhookUrl != null) {
      WebhookTargets.check("webhook_url", webhookUrl); // an http(s) URL written as one, to a public host
    }
    String secret = webhookUrl == null ? null : Hashing.randomToken(24);
    return db.tx(c -> {
      // a second click on "Subscribe" made a second subscription that sent every alert twice: the same account, series
      // and delivery (the same webhook, or none: the Atom feed) is one subscription; another webhook for it is not a repeat
      Map<String, Object> same = Sql.one(c, "SELECT id, name FROM incident_subscriptions WHERE active = TRUE AND created_by = ?"
          + (key == null ? " AND series_key IS NULL" : " AND series_key = ?") + (webhookUrl == null ? " AND webhook_url IS NULL" : " AND webhook_url = ?")
          + " ORDER BY id LIMIT 1", java.util.stream.Stream.of(by, key, webhookUrl).filter(java.util.Objects::nonNull).toArray());
      if (same != null && webhookUrl == null) {
        throw ApiException.conflict("you already subscribe to this series: subscription " + same.get("id") + " (" + same.get("name") + "); stop it first to subscribe again");
      }
      if (same != null) {
        throw ApiException.conflict("you already subscribe to this series with this webhook: subscription " + same.get("id") + " (" + same.get("name")
            + "); stop it first to subscribe again");
      }
      long id;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_subscriptions (name, series_key, webhook_url, secret, active, created_by, created_at) VALUES (?,?,?,?,TRUE,?,?)",
          new String[] {"id"})) {
        ps.setString(1, name.strip());
        ps.setString(2, key);
        ps.setString(3, webhookUrl);
        ps.setString(4, secret);
        ps.setString(5, by);
        ps.setTimestamp(6, Timestamp.from(Instant.now()));
        ps.executeUpdate();
        try (ResultSet rs = ps.getGeneratedKeys()) {
          rs.next();
          id = rs.getLong(1);
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("name", name.strip());
      m.put("series", key);
      m.put("webhook_url", webhookUrl);
      if (secret != null) m.put("secret", secret); // shown once: the receiver verifies signatures with it
      m.put("feed", PublicUrl.link("/api/incidents/subscriptions/" + id + "/feed.atom"));
      return m;
    });
  }

  /** Every subscription (the operator's view). */
  public static List<Map<String, Object>> subscriptions(Db db) {
    return subscriptions(db, null);
  }

  /**
   * The subscriptions a caller may see: an editor sees all, anyone else their own. A webhook URL often carries its
   * receiver's secret (a chat hook's path does), so it is never shown to another subscriber.
   */
  public static List<Map<String, Object>> subscriptions(Db db, Principal viewer) {
    String only = viewer == null || viewer.canWriteRegistry() ? null : viewer.id();
    return db.read(c -> {
      List<Map<String, Object>> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.name, s.series_key, s.webhook_url, s.active, s.created_at,"
          + " (SELECT COUNT(*) FROM incident_deliveries d WHERE d.subscription_id = s.id AND d.status = 'pending'),"
          + " (SELECT COUNT(*) FROM incident_deliveries d WHERE d.subscription_id = s.id AND d.status = 'delivered'),"
          + " (SELECT COUNT(*) FROM incident_deliveries d WHERE d.subscription_id = s.id AND d.status = 'failed'), s.created_by,"
          + " (SELECT COUNT(*) FROM incident_deliveries d WHERE d.subscription_id = s.id AND d.status = 'cancelled')"
          + " FROM incident_subscriptions s" + (only == null ? "" : " WHERE s.created_by = ?") + " ORDER BY s.id")) {
        if (only != null) ps.setString(1, only);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", rs.getLong(1));
            m.put("name", rs.getString(2));
            m.put("series", rs.getString(3));
            m.put("webhook_url", rs.getString(4));
            m.put("active", rs.getBoolean(5));
            m.put("created_at", rs.getTimestamp(6).toInstant().toString());
            m.put("pending", rs.getLong(7));
            m.put("delivered", rs.getLong(8));
            m.put("failed", rs.getLong(9));
            m.put("cancelled", rs.getLong(11)); // a stopped subscription's waiting deliveries: said, not left out
            m.put("created_by", rs.getString(10));
            out.add(m);
          }
        }
      }
      return out;
    });
  }

  /**
   * 404 unless the subscription exists and the caller made it or is an editor: another user is told no more than about a
   * subscription that does not exist (a 403 would confirm that the id is someone's subscription).
   */
  public static void mayManage(Db db, long subscription, Principal p) {
    Map<String, Object> s = db.read(c -> Sql.one(c, "SELECT created_by FROM incident_subscriptions WHERE id = ?", subscription));
    if (s == null || (!p.canWriteRegistry() && !p.id().equals(s.get("created_by")))) throw ApiException.notFound("subscription " + subscription);
  }

  /** The subscription a delivery belongs to, or 404. */
  public static long subscriptionOf(Db db, long delivery) {
    Object s = db.read(c -> Sql.value(c, "SELECT subscription_id FROM incident_deliveries WHERE id = ?", delivery));
    if (s == null) throw ApiException.notFound("delivery " + delivery);
    return ((Number) s).longValue();
  }

  public static void deactivate(Db db, long id) {
    int n = db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE incident_subscriptions SET active = FALSE WHERE id = ?")) {
        ps.setLong(1, id);
        int changed = ps.executeUpdate();
        // its queue goes with it: a pending delivery of a deleted subscription was listed as pending for good
        Sql.update(c, "UPDATE incident_deliveries SET status = 'cancelled', claimed_until = NULL WHERE subscription_id = ? AND status = 'pending'", id);
        return changed;
      }
    });
    if (n == 0) throw ApiException.notFound("subscription " + id);
  }

  public static List<Map<String, Object>> deliveryLog(Db db, long subscription, int limit) {
    return db.read(c -> {
      List<Map<String, Object>> out = new ArrayList<>();
      // the subscription's oldest waiting delivery holds the ones behind it (alerts go out in order): say so, since their
      // own next_attempt_at has passed and reads as overdue. One the receiver refused holds nothing
      Map<String, Object> head = Sql.one(c, "SELECT id, alert_id FROM incident_deliveries WHERE subscription_id = ? AND status = 'pending' AND refused = FALSE"
          + " ORDER BY id LIMIT 1", subscription);
      long headId = head == null ? Long.MAX_VALUE : ((Number) head.get("id")).longValue();
      try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.alert_id, d.status, d.attempts, d.next_attempt_at, d.delivered_at, d.last_error,"
          + " l.attempt, l.at, l.http_status, l.error, l.duration_ms, d.claimed_until FROM incident_deliveries d"
          + " LEFT JOIN incident_delivery_log l ON l.delivery_id = d.id"
          + " WHERE d.subscription_id = ? ORDER BY d.id DESC, l.id DESC LIMIT ?")) {
        ps.setLong(1, subscription);
        ps.setInt(2, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("delivery_id", rs.getLong(1));
            m.put("alert_id", rs.getLong(2));
            m.put("status", rs.getString(3));
            m.put("attempts", rs.getInt(4));
            // only a waiting delivery has a next attempt (a cancelled one had shown a time in the future)
            if ("pending".equals(m.get("status"))) m.put("next_attempt_at", rs.getTimestamp(5).toInstant().toString());
            // a claim is cleared when its attempt is logged: one still set is a send in flight, or, once past, one whose
            // process stopped mid-send (no outcome logged; the receiver may have it, and gets it again with this id)
            Timestamp claim = rs.getTimestamp(13);
            if (claim != null && "pending".equals(m.get("status"))) {
              if (claim.toInstant().isAfter(Instant.now())) m.put("sending_until", claim.toInstant().toString());
              else m.put("send_interrupted", true);
            }
            if ("pending".equals(m.get("status")) && rs.getLong(1) > headId) {
              m.remove("next_attempt_at"); // it goes when the one ahead goes: its own time has passed and says nothing
              m.put("waiting_behind", headId);
              m.put("waiting_behind_alert", ((Number) head.get("alert_id")).longValue());
            }
            Timestamp del = rs.getTimestamp(6);
            if (del != null) m.put("delivered_at", del.toInstant().toString());
            int attempt = rs.getInt(8);
            if (!rs.wasNull()) {
              m.put("attempt", attempt);
              m.put("at", rs.getTimestamp(9).toInstant().toString());
              int st = rs.getInt(10);
              if (!rs.wasNull()) m.put("http_status", st);
              if (rs.getString(11) != null) m.put("error", rs.getString(11));
              m.put("duration_ms", rs.getLong(12));
            }
            out.add(m);
          }
        }
      }
      return out;
    });
  }

  // ------------------------------------------------------------------ delivery

  static String sign(String secret, byte[] body) {
    return "sha256=" + WebhookQueues.hmacSha256Hex(secret, body);
  }

  record Due(long delivery, long subscription, String url, String secret, int attempts, long alert, String owner) {}

  /**
   * What a subscriber's queue shares threads with: its receiver's host, and the account that made it. One analyst's 20
   * subscriptions to hanging receivers (on 20 ports, or 20 host names) held 16 threads and delayed everyone's alerts; now
   * one account's queues hold at most {@link WebhookQueues#PER_KEY}. The operator's own (made by the command) are not capped.
   */
  private static List<String> limits(List<Due> queue) {
    Due d = queue.get(0);
    String host = "host " + WebhookQueues.hostOf(d.url());
    return d.owner() != null && d.owner().startsWith("acct:") ? List.of("owner " + d.owner(), host) : List.of(host);
  }

  /** Delivers every due outbox entry once and waits for them; returns counts {delivered, retried, failed}. */
  public static Map<String, Integer> deliver(Db db, DeliveryOptions o) {
    Map<Long, List<Due>> bySub = dueQueues(db);
    if (bySub.isEmpty()) return Map.of("delivered", 0, "retried", 0, "failed", 0);
    int[] counts = WebhookQueues.perReceiver(bySub.values(), o.threads, Alerts::limits, queue -> deliverQueue(db, queue, o));
    Map<String, Integer> out = new LinkedHashMap<>();
    out.put("delivered", counts[0]);
    out.put("retried", counts[1]);
    out.put("failed", counts[2]);
    return out;
  }

  /** Hands the due queues of subscribers with nothing in flight to {@code dispatcher} and returns at once; how many started. */
  public static int dispatch(Db db, DeliveryOptions o, WebhookQueues.Dispatcher<Long> dispatcher) {
    Map<Long, List<Due>> bySub = dueQueues(db);
    if (bySub.isEmpty()) return 0;
    return dispatcher.dispatch(bySub, Alerts::limits, queue -> deliverQueue(db, queue, o));
  }

  /** The earliest time after {@code now} at which a pending delivery to an active subscription falls due; null if none. */
  static Instant nextDue(Db db, Instant now) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT MIN(d.next_attempt_at) FROM incident_deliveries d JOIN incident_subscriptions s"
          + " ON s.id = d.subscription_id WHERE d.status = 'pending' AND d.next_attempt_at > ? AND s.active = TRUE")) {
        ps.setTimestamp(1, Timestamp.from(now));
        try (ResultSet rs = ps.executeQuery()) {
          Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
          return t == null ? null : t.toInstant();
        }
      }
    });
  }

  /** Each active subscription's due deliveries, oldest first. */
  static Map<Long, List<Due>> dueQueues(Db db) {
    Map<Long, List<Due>> bySub = new LinkedHashMap<>();
    db.read(c -> {
      // an alert waits while an earlier one of its subscription waits out its back-off: each subscriber gets its alerts in
      // order. Not behind one the receiver refused (it answered: it is up), which would hold them for its 12 attempts
      try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.subscription_id, s.webhook_url, s.secret, d.attempts, d.alert_id, s.created_by FROM incident_deliveries d"
          + " JOIN incident_subscriptions s ON s.id = d.subscription_id WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND s.active = TRUE"
          + " AND NOT EXISTS (SELECT 1 FROM incident_deliveries e WHERE e.subscription_id = d.subscription_id AND e.status = 'pending'"
          + " AND e.id < d.id AND e.next_attempt_at > ? AND e.refused = FALSE) ORDER BY d.id")) {
        Timestamp now = Timestamp.from(Instant.now());
        ps.setTimestamp(1, now);
        ps.setTimestamp(2, now);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            bySub.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>())
                .add(new Due(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getLong(6), rs.getString(7)));
          }
        }
      }
      return null;
    });
    // receivers whose head delivery has not failed before go first: those retrying (often down or hanging) take the threads last
    Map<Long, List<Due>> ordered = new LinkedHashMap<>();
    for (boolean retrying : new boolean[] {false, true})
      bySub.forEach((sub, q) -> {
        if ((q.get(0).attempts() > 0) == retrying) ordered.put(sub, q);
      });
    return ordered;
  }

  /** One subscriber's queue, in order; stops at the first failure so later alerts keep their order. */
  private static int[] deliverQueue(Db db, List<Due> queue, DeliveryOptions o) {
    int[] counts = new int[3];
    for (Due d : queue) {
      int done = claim(db, d, o); // the attempts made, with one a stopped sender left unlogged
      if (done < 0) break; // another worker (a second server, a command) is sending it: leave the queue to it
      Map<String, Object> alert = alert(db, d.alert());
      if (alert == null) continue;
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("event", "incident.alert");
      body.put("delivery_id", d.delivery());
      body.put("subscription_id", d.subscription());
      body.put("alert", alert);
      byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
      long t0 = System.nanoTime();
      Instant sent = Instant.now(); // the log's "at": when the attempt was sent, as a cut-off one's is (it was when it ended)
      Integer status = null;
      String error = null;
      try {
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        status = WebhookTargets.post(d.url(), Map.of(SIGNATURE_HEADER, sign(d.secret(), bytes), TIMESTAMP_HEADER, ts,
            TIMESTAMPED_SIGNATURE_HEADER, WebhookQueues.timestampedSignature(d.secret(), ts, bytes), "X-Observatory-Delivery", Long.toString(d.delivery())),
            bytes, o.timeout.multipliedBy(2));
        if (status / 100 != 2) error = "HTTP " + status;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = "interrupted";
      } catch (Exception e) {
        error = WebhookQueues.describe(e);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      int attempt = done + 1;
      boolean ok = error == null;
      Integer st = status;
      String err = error == null ? null : error.length() > 1990 ? error.substring(0, 1990) : error;
      String outcome = db.tx(c -> {
        try (PreparedStatement log = c.prepareStatement("INSERT INTO incident_delivery_log (delivery_id, attempt, at, http_status, error, duration_ms) VALUES (?,?,?,?,?,?)")) {
          log.setLong(1, d.delivery());
          log.setInt(2, attempt);
          log.setTimestamp(3, Timestamp.from(sent));
          if (st == null) log.setNull(4, java.sql.Types.INTEGER);
          else log.setInt(4, st);
          log.setString(5, err);
          log.setLong(6, ms);
          log.executeUpdate();
        }
        // given up after maxAttempts refusals, whatever number of attempts found the receiver down before them
        long refusals = ok || !refused(st) ? 0 : ((Number) Sql.value(c, "SELECT COUNT(*) FROM incident_delivery_log WHERE delivery_id = ? AND "
            + WebhookQueues.refusedSql("http_status"), d.delivery())).longValue();
        String newStatus = ok ? "delivered" : refusals >= o.maxAttempts ? "failed" : "pending";
        long delayMs = WebhookQueues.backoff(o.baseDelay, o.maxDelay, attempt).toMillis();
        // a subscription deleted while this was being sent keeps its deliveries cancelled, unless this one got through
        try (PreparedStatement up = c.prepareStatement("UPDATE incident_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, delivered_at = ?,"
            + " claimed_until = NULL, refused = ? WHERE id = ? AND (status = 'pending' OR " + ok + ")")) {
          up.setString(1, newStatus);
          up.setInt(2, attempt);
          up.setTimestamp(3, Timestamp.from(Instant.now().plusMillis(ok ? 0 : delayMs)));
          up.setString(4, err);
          up.setTimestamp(5, ok ? Timestamp.from(Instant.now()) : null);
          up.setBoolean(6, !ok && refused(st));
          up.setLong(7, d.delivery());
          if (up.executeUpdate() == 0) { // cancelled meanwhile: it stays so, but counts the attempt its log now shows
            try (PreparedStatement count = c.prepareStatement("UPDATE incident_deliveries SET attempts = ?, last_error = ?, claimed_until = NULL WHERE id = ?")) {
              count.setInt(1, attempt);
              count.setString(2, err);
              count.setLong(3, d.delivery());
              count.executeUpdate();
            }
            return "cancelled";
          }
        }
        return newStatus;
      });
      if (ok) counts[0]++;
      else {
        if (outcome.equals("failed")) counts[2]++;
        else if (!outcome.equals("cancelled")) counts[1]++; // cancelled: its subscription was deleted while it was sent
        if (!refused(st)) break; // down: keep this subscriber's order, the rest waits for the next round
        // refused: the receiver is up and said no to this one; the alerts behind it go on (this one retries on its own)
      }
    }
    return counts;
  }

  /** See {@link WebhookQueues#refused}: only a receiver that answers and refuses is given up on. */
  static boolean refused(Integer status) {
    return WebhookQueues.refused(status);
  }

  /**
   * Takes a due delivery for this worker by moving its next attempt past the time a send can take; only one worker's
   * update matches. If the worker dies mid-send the delivery is due again then (at least once, never twice at once).
   */
  private static int claim(Db db, Due d, DeliveryOptions o) {
    return db.tx(c -> {
      Instant now = Instant.now();
      Duration window = o.timeout.multipliedBy(2).plusSeconds(60);
      Timestamp until = Timestamp.from(now.plus(window));
      Timestamp before;
      try (PreparedStatement q = c.prepareStatement("SELECT claimed_until FROM incident_deliveries WHERE id = ?")) {
        q.setLong(1, d.delivery());
        try (ResultSet rs = q.executeQuery()) {
          before = rs.next() ? rs.getTimestamp(1) : null;
        }
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE incident_deliveries SET next_attempt_at = ?, claimed_until = ? WHERE id = ? AND status = 'pending'"
          + " AND attempts = ? AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)")) {
        ps.setTimestamp(1, until);
        ps.setTimestamp(2, until);
        ps.setLong(3, d.delivery());
        ps.setInt(4, d.attempts());
        ps.setTimestamp(5, Timestamp.from(now));
        ps.setTimestamp(6, Timestamp.from(now));
        if (ps.executeUpdate() != 1) return -1;
      }
      if (before == null) return d.attempts();
      // a claim left set: the process that sent it stopped before it could log the outcome. That send is an attempt (the
      // receiver may have it): logged and counted, so the log keeps it after this resend succeeds (an outside QA pass)
      // logged at the time it was claimed (its claim's end less the window), not now: the restart can come minutes later
      int cut = d.attempts() + 1;
      Instant sent = before.toInstant().minus(window);
      Sql.update(c, "INSERT INTO incident_delivery_log (delivery_id, attempt, at, error, duration_ms) VALUES (?,?,?,?,?)",
          d.delivery(), cut, Timestamp.from(sent.isAfter(now) ? now : sent), SEND_CUT_OFF, 0L);
      Sql.update(c, "UPDATE incident_deliveries SET attempts = ? WHERE id = ?", cut, d.delivery());
      return cut;
    });
  }

  /** The log's error for a send whose process stopped mid-way (found when the delivery is next claimed). */
  static final String SEND_CUT_OFF = "no outcome: the process sending it stopped during the send (it may have arrived)";

  /**
   * Puts a failed or waiting delivery back in the queue, due at once (after the subscriber is fixed). A delivered one is not sent again (409): the receiver has it. The attempt
   * count goes on, so the log numbers every attempt once; a failed delivery gets one more attempt before it fails again.
   */
  public static void retry(Db db, long delivery) {
    Instant now = Instant.now();
    // only for a subscription still active, in the same statement, so a retry racing a deletion queues nothing either
    int n = db.tx(c -> Sql.update(c, "UPDATE incident_deliveries SET status = 'pending', next_attempt_at = ? WHERE id = ? AND status <> 'delivered'"
        + " AND (claimed_until IS NULL OR claimed_until <= ?) AND subscription_id IN (SELECT id FROM incident_subscriptions WHERE active = TRUE)",
        now, delivery, now));
    if (n == 1) return;
    Map<String, Object> d = db.read(c -> Sql.one(c, "SELECT d.status, d.subscription_id, s.active FROM incident_deliveries d"
        + " LEFT JOIN incident_subscriptions s ON s.id = d.subscription_id WHERE d.id = ?", delivery));
    if (d == null) throw ApiException.notFound("delivery " + delivery);
    Object status = d.get("status");
    // 409 as for a delivered one: the delivery exists, but there is no receiver to send it to any more
    if (!"delivered".equals(status) && !Boolean.TRUE.equals(d.get("active")))
      throw ApiException.conflict("delivery " + delivery + " belongs to subscription " + d.get("subscription_id") + ", which was deleted; nothing is queued");
    if (!"delivered".equals(status)) // a second send now would reach the receiver twice at once
      throw ApiException.conflict("delivery " + delivery + " is being sent now; its log shows the outcome");
    throw ApiException.conflict("delivery " + delivery + " was delivered; there is nothing to retry");
  }

  // ------------------------------------------------------------------ Atom

  /** A series key as part of a URN: bytes outside RFC 3986's unreserved, sub-delims, ":", "@" and "/" percent-encoded. */
  static String urnPart(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char ch = (char) (b & 0xff);
      if (ch < 0x80 && (Character.isLetterOrDigit(ch) || "-._~!$&'()*+,;=:@/".indexOf(ch) >= 0)) out.append(ch);
      else out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
    }
    return out.toString();
  }

  /** {@code selfUrl} with its {@code before} parameter set to {@code id} (others kept). */
  static String pageUrl(String selfUrl, long id) {
    int q = selfUrl.indexOf('?');
    String base = q < 0 ? selfUrl : selfUrl.substring(0, q);
    StringBuilder out = new StringBuilder(base).append('?');
    if (q >= 0)
      for (String part : selfUrl.substring(q + 1).split("&"))
        if (!part.isEmpty() && !part.startsWith("before=")) out.append(part).append('&');
    return out.append("before=").append(id).toString();
  }

  /**
   * An entry's title in both languages, English first: Atom allows one title per entry, and a feed reader shows only
   * the title in its list, to readers of either language.
   */
  static String entryTitle(Map<String, Object> a, boolean share, String series, String seriesZh) {
    double p = (Double) a.get("probability");
    // below double precision's reach the stored p is 0: "p = 0.00" read as certainty; the explanation says "< 1e-15"
    String pText = p < 1e-15 ? "p < 1e-15" : String.format(Locale.ROOT, "p = %.3g", p);
    long count = (Long) a.get("count");
    double baseline = (Double) a.get("baseline");
    Object period = a.get("period");
    String en = String.format(Locale.ROOT, share ? "Spike: %s, %s: %d incidents (%.2f expected at the baseline share, %s)"
        : "Spike: %s, %s: %d incidents (baseline %.2f, %s)", series, period, count, baseline, pText);
    String zh = String.format(Locale.ROOT, share ? "异常峰值：%s，%s：%d 起事件（按基线占比预期 %.2f 起，%s）"
        : "异常峰值：%s，%s：%d 起事件（基线 %.2f，%s）", seriesZh, Spikes.zhPeriod(period == null ? null : period.toString()), count, baseline, pText);
    return en + " / " + zh;
  }

  /** Alerts one Atom page holds. */
  static final int ATOM_PAGE = 50;

  /** Atom 1.0 feed of the newest alerts (all, or one series). */
  public static String atom(Db db, String seriesKey, String selfUrl, String title, FacetLabels.Names names) {
    return atom(db, seriesKey, seriesKey == null ? "all" : seriesKey, selfUrl, title, names, Long.MAX_VALUE);
  }

  /**
   * {@code feedKey}: what makes the feed's id unique (a series, or a subscription's own feed, which may share its series
   * with others); {@code before}: a later page, the alerts with lower ids. A full page links the next (RFC 5005 paging),
   * so a reader away while more than a page of alerts was raised can fetch the rest (it had lost them from the feed).
   */
  static String atom(Db db, String seriesKey, String feedKey, String selfUrl, String title, FacetLabels.Names names, long before) {
    List<Map<String, Object>> alerts = list(db, seriesKey, ATOM_PAGE + 1, false, before);
    boolean more = alerts.size() > ATOM_PAGE;
    if (more) alerts = alerts.subList(0, ATOM_PAGE);
    Map<String, String> named = new java.util.HashMap<>(), namedZh = new java.util.HashMap<>(); // a feed's alerts share a few series
    String updated = alerts.isEmpty() ? "1970-01-01T00:00:00Z" : (String) alerts.get(0).get("created_at");
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    sb.append("  <id>urn:aigov-observatory:incident-alerts:").append(Xml.text(urnPart(feedKey))).append("</id>\n");
    sb.append("  <title>").append(Xml.text(title)).append("</title>\n");
    sb.append("  <updated>").append(updated).append("</updated>\n");
    sb.append("  <link rel=\"self\" href=\"").append(Xml.text(selfUrl)).append("\"/>\n");
    if (more) sb.append("  <link rel=\"next\" href=\"").append(Xml.text(pageUrl(selfUrl, ((Number) alerts.get(alerts.size() - 1).get("id")).longValue())))
        .append("\"/>\n");
    sb.append("  <author><name>AI Governance Observatory</name></author>\n");
    for (Map<String, Object> a : alerts) {
      @SuppressWarnings("unchecked")
      Map<String, String> ex = (Map<String, String>) a.get("explanation");
      sb.append("  <entry>\n");
      sb.append("    <id>urn:aigov-observatory:incident-alert:").append(a.get("id")).append("</id>\n");
      // a share test's baseline is the count its baseline share expects of the period's incidents: the title says so
      boolean share = "share".equals(a.get("method"));
      String key = (String) a.get("series");
      String series = named.computeIfAbsent(key, k -> seriesName(db, k, names, false));
      String seriesZh = namedZh.computeIfAbsent(key, k -> seriesName(db, k, names, true));
      sb.append("    <title>").append(Xml.text(entryTitle(a, share, series, seriesZh))).append("</title>\n");
      sb.append("    <updated>").append(a.get("created_at")).append("</updated>\n");
      sb.append("    <link href=\"").append(Xml.text(PublicUrl.link("/api/incidents/alerts?id=" + a.get("id"), selfUrl))).append("\"/>\n");
      if (Boolean.TRUE.equals(a.get("backfill"))) sb.append("    <category scheme=\"urn:aigov-observatory:alert\" term=\"backfill\" label=\"history, not news / 历史补报\"/>\n");
      sb.append("    <summary xml:lang=\"en\">").append(Xml.text(ex.get("en"))).append("</summary>\n");
      sb.append("    <content type=\"text\" xml:lang=\"zh\">").append(Xml.text(ex.get("zh"))).append("</content>\n");
      sb.append("  </entry>\n");
    }
    return sb.append("</feed>\n").toString();
  }
}
