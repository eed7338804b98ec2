package org.aigov.observatory.incidents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.WebhookTargets;

/**
 * Feeds an operator configured for the monitor to poll (RSS 2.0 or Atom over http(s)). A feed that fails is polled
 * again later and later (its interval doubled per failure, at most a day) and never holds up the others.
 */
public final class Feeds {
  public static final int MIN_INTERVAL = 60, MAX_INTERVAL = 7 * 24 * 3600, DEFAULT_INTERVAL = 900;
  static final Duration MAX_BACKOFF = Duration.ofHours(24);

  private Feeds() {}

  /**
   * A feed as due. {@code nextPage}: the older page it is catching up from, or null; {@code headPollAt}: when its own URL is
   * due (null: now), so that its newest page is not held back while it catches up.
   */
  record Feed(long id, String url, String name, int intervalSeconds, String etag, String lastModified, String contentHash, int failures,
      String nextPage, int catchUpPages, Instant headPollAt) {
    /** The page this round reads: the feed's own URL when that is due, else the older page it is catching up from. */
    String pageToRead(Instant now) {
      return nextPage == null || headPollAt == null || !headPollAt.isAfter(now) ? null : nextPage;
    }
  }

  /** Older pages a monitor reads behind a feed's newest at most, then stops catching up (a feed may make pages without end). */
  static final int MAX_CATCH_UP_PAGES = 100;

  /** Adds a feed (or re-activates the same URL with the new name and interval); bad input → 400 naming the field. */
  public static Map<String, Object> add(Db db, String url, String name, Integer intervalSeconds, String by) {
    String u = url == null ? null : url.strip();
    String why = WebhookTargets.problem(u);
    if (why != null) throw ApiException.badRequest("url", why);
    int every = intervalSeconds == null ? DEFAULT_INTERVAL : intervalSeconds;
    if (every < MIN_INTERVAL || every > MAX_INTERVAL) {
      throw ApiException.badRequest("interval_seconds", "expected " + MIN_INTERVAL + " to " + MAX_INTERVAL + " seconds, got " + every);
    }
    if (name != null && name.length() > 300) throw ApiException.badRequest("name", "at most 300 characters");
    if (name != null && org.aigov.observatory.kernel.Xml.hasForbidden(name)) throw ApiException.badRequest("name", "contains a control character");
    org.aigov.observatory.kernel.Xml.requireVisible("name", name);
    String n = name == null || name.isBlank() ? (u.length() > 300 ? u.substring(0, 300) : u) : name.strip();
    boolean[] added = new boolean[1];
    long id = db.tx(c -> {
      Instant now = Instant.now();
      // adding a known URL again changes what is given and keeps the rest: a bare re-add had reset its name and interval
      // a removed feed added back starts from its newest page, not from where an old catching up stopped
      if (Sql.update(c, "UPDATE incident_feeds SET name = COALESCE(?, name), interval_seconds = COALESCE(?, interval_seconds), active = TRUE,"
          + " next_poll_at = ?, head_poll_at = ?, next_page = CASE WHEN active THEN next_page END, catch_up_pages = CASE WHEN active THEN catch_up_pages ELSE 0 END"
          + " WHERE url = ?", name == null || name.isBlank() ? null : n, intervalSeconds, now, now, u) == 0) {
        Sql.update(c, "INSERT INTO incident_feeds (url, name, interval_seconds, active, next_poll_at, created_by, created_at) VALUES (?,?,?,TRUE,?,?,?)",
            u, n, every, now, by, now);
        added[0] = true;
      }
      return ((Number) Sql.value(c, "SELECT id FROM incident_feeds WHERE url = ?", u)).longValue();
    });
    Map<String, Object> out = new java.util.LinkedHashMap<>(get(db, id));
    out.put("outcome", added[0] ? "added" : "updated"); // adding a known URL updates that feed (201 vs 200 in the API)
    return out;
  }

  public static List<Map<String, Object>> list(Db db) {
    return db.read(c -> query(c, "SELECT " + COLUMNS + " FROM incident_feeds ORDER BY id", null));
  }

  public static Map<String, Object> get(Db db, long id) {
    List<Map<String, Object>> l = db.read(c -> query(c, "SELECT " + COLUMNS + " FROM incident_feeds WHERE id = ?", id));
    if (l.isEmpty()) throw ApiException.notFound("feed " + id);
    return l.get(0);
  }

  /** Stops polling a feed; what it brought in stays. */
  public static void deactivate(Db db, long id) {
    if (db.tx(c -> Sql.update(c, "UPDATE incident_feeds SET active = FALSE WHERE id = ?", id)) == 0) throw ApiException.notFound("feed " + id);
  }

  /** Makes a feed due now (the monitor polls its own URL at its next round, also while it catches up). */
  public static void pollSoon(Db db, long id) {
    Instant now = Instant.now();
    int n = db.tx(c -> Sql.update(c, "UPDATE incident_feeds SET next_poll_at = ?, head_poll_at = ? WHERE id = ? AND active = TRUE", now, now, id));
    if (n == 0) throw ApiException.notFound("active feed " + id);
  }

  /** The records a feed's polls added, newest first, each with the incident it was merged into (null until clustered). */
  public static Map<String, Object> items(Db db, long id, int limit) {
    if (limit < 1 || limit > 200) throw ApiException.badRequest("limit", "expected 1..200");
    get(db, id); // 404 for an unknown feed
    return db.read(c -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("feed_id", id);
      out.put("total", ((Number) Sql.value(c, "SELECT COUNT(*) FROM incident_feed_items WHERE feed_id = ?", id)).longValue());
      List<Map<String, Object>> items = Sql.rows(c, "SELECT r.id, r.title, r.url, r.outlet, CAST(r.pub_date AS VARCHAR(10)) AS date, r.date_text, r.language,"
          + " r.risk_domain, r.ingested_at, m.incident_id FROM incident_feed_items f JOIN incident_records r ON r.id = f.record_id"
          + " LEFT JOIN incident_members m ON m.record_id = r.id WHERE f.feed_id = ? ORDER BY f.record_id DESC LIMIT ?", id, limit);
      // a shared record dated by its year only (obs:date 2025) is not 1 January: the precision says so, as the records API does
      for (Map<String, Object> m : items)
        m.put("date_precision", m.get("date") == null ? null : Clusterer.precision("feed", (String) m.get("date_text")));
      out.put("items", items);
      return out;
    });
  }

  private static final String COLUMNS = "id, url, name, interval_seconds, active, next_poll_at, last_polled_at, last_status, last_error,"
      + " consecutive_failures, items_added, created_by, created_at, next_page, head_poll_at, catch_up_pages";

  private static List<Map<String, Object>> query(Connection c, String sql, Long id) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (id != null) ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", rs.getLong(1));
          m.put("url", rs.getString(2));
          m.put("name", rs.getString(3));
          m.put("interval_seconds", rs.getInt(4));
          m.put("active", rs.getBoolean(5));
          m.put("next_poll_at", instant(rs.getTimestamp(6)));
          m.put("last_polled_at", instant(rs.getTimestamp(7)));
          m.put("last_status", rs.getString(8));
          m.put("last_error", rs.getString(9));
          m.put("consecutive_failures", rs.getInt(10));
          m.put("items_added", rs.getLong(11));
          m.put("created_by", rs.getString(12));
          m.put("created_at", instant(rs.getTimestamp(13)));
          m.put("next_page", rs.getString(14)); // catching up through a paged feed: the page read at the next round
          // when its own URL is polled next; while it catches up, next_poll_at is the next older page's
          m.put("head_poll_at", instant(rs.getTimestamp(15) == null ? rs.getTimestamp(6) : rs.getTimestamp(15)));
          m.put("catch_up_pages", rs.getInt(16)); // older pages read so far in this catching up (at most MAX_CATCH_UP_PAGES)
          out.add(m);
        }
      }
    }
    return out;
  }

  static String instant(Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }

  /** Active feeds whose time has come, oldest due first. */
  static List<Feed> due(Db db, Instant now, int limit) {
    return db.read(c -> {
      List<Feed> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, url, name, interval_seconds, etag, last_modified, content_hash, consecutive_failures, next_page, catch_up_pages, head_poll_at FROM incident_feeds"
          + " WHERE active = TRUE AND next_poll_at <= ? ORDER BY next_poll_at, id")) {
        ps.setTimestamp(1, Timestamp.from(now));
        ps.setMaxRows(limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Feed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8),
                rs.getString(9), rs.getInt(10), rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant()));
          }
        }
      }
      return out;
    });
  }

  /** What one poll did. {@code status}: ok, not-modified, error, or busy (another ingest held the store; nothing recorded). */
  record Polled(String status, long added, String error) {}

  /** Polls one feed now and records the outcome on it; never throws for a feed's own failure. */
  static Polled poll(Db db, Ingest ingest, Feed f) {
    return record(db, ingest, f, fetch(ingest, f));
  }

  /**
   * A feed's document as fetched, or why it could not be (the network part of a poll, which may take its whole timeout);
   * {@code page}: a later page of a paged feed that was fetched instead of the feed's own URL, or null.
   */
  record Fetch(FeedFetcher.Fetched got, Exception failure, String page) {
    Fetch(FeedFetcher.Fetched got, Exception failure) {
      this(got, failure, null);
    }
  }

  /** The feed's URL, or the page the monitor is catching up from ({@link Feed#pageToRead}), which has no validators. */
  static Fetch fetch(Ingest ingest, Feed f) {
    String page = f.pageToRead(Instant.now());
    try {
      return new Fetch(page != null ? ingest.fetcher.fetch(page, null, null, true, f.url()) : ingest.fetcher.fetch(f.url(), f.etag(), f.lastModified(), true),
          null, page);
    } catch (Exception e) {
      return new Fetch(null, e, page);
    }
  }

  /**
   * Where a paged feed's reading goes on at the next round: the next page of {@code r} while its page held only records
   * new here ({@code rel="next"}, RFC 5005; a peer's records.atom that was away while more than a page arrived); null
   * once a page holds a record this feed brought before, names no next page, or points to another site. A feed read for
   * the first time is read from its newest page only, not through its archive.
   */
  static Next nextPage(Feed f, String page, Ingest.Report r) {
    if (r.inserted == 0 || r.unchanged + r.updated > 0 || page == null && f.contentHash() == null) return Next.NONE;
    String why = notFollowed(f.url(), r, page == null ? java.util.Set.of() : java.util.Set.of(page));
    return why == null ? new Next(r.nextPage, null) : new Next(null, why);
  }

  /** The page to read next, or null; {@code skipped}: why a next link was not followed although its page was all new. */
  record Next(String page, String skipped) {
    static final Next NONE = new Next(null, null);
  }

  /**
   * Why the next link of page {@code r} of the feed at {@code feedUrl} is not followed, or null when it is or there is
   * none; {@code read}: the pages read so far. The command and the monitor say the same.
   */
  static String notFollowed(String feedUrl, Ingest.Report r, java.util.Set<String> read) {
    String next = r.nextPage;
    if (next == null) return r.unusableNextPage == null ? null : "the next page is not followed (not an http(s) link: " + r.unusableNextPage + ")";
    if (next.length() > 4000) return "the next page is not followed (a link over 4,000 characters)";
    if (read.contains(next)) return "the next page is not followed (a page already read)";
    try {
      if (new java.net.URI(next).getRawUserInfo() != null)
        return "the next page is not followed (its link carries a user:password@: " + FeedSource.withoutCredentials(next) + ")";
    } catch (java.net.URISyntaxException e) {
      return "the next page is not followed (a malformed link)";
    }
    return sameSite(feedUrl, next) ? null : "the next page is not followed (on another site: " + FeedSource.withoutCredentials(next) + ")";
  }

  /** Same scheme, host and port: a page elsewhere is not fetched on a feed's behalf (the operator chose the feed's site). */
  static boolean sameSite(String a, String b) {
    try {
      java.net.URI x = new java.net.URI(a), y = new java.net.URI(b);
      return x.getScheme() != null && x.getScheme().equalsIgnoreCase(y.getScheme()) && x.getHost() != null && x.getHost().equalsIgnoreCase(y.getHost())
          && port(x) == port(y) && y.getRawUserInfo() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static int port(java.net.URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /**
   * What a poll's items went through, for the feed's {@code last_error}: the first three messages by name, rejections
   * before warnings, and how many more (a truncated document is often the last, and must not go unseen). Warnings alone
   * are said too (a record kept as another feed brought it was silent), and are not called rejections (they were).
   */
  static String itemProblems(Ingest.Report r, boolean nothingRead) {
    List<String> ordered = new java.util.ArrayList<>(r.messages.size());
    for (String m : r.messages) if (m.startsWith("error at ")) ordered.add(m);
    for (String m : r.messages) if (!m.startsWith("error at ")) ordered.add(m);
    String head = nothingRead ? "" : r.errors > 0 && r.warnings > 0 ? r.errors + " item(s) rejected, " + r.warnings + " warning(s): "
        : r.errors > 0 ? r.errors + " item(s) rejected: " : r.warnings + " warning(s): ";
    return head + String.join("; ", ordered.stream().limit(3).toList()) + (ordered.size() > 3 ? "; and " + (ordered.size() - 3) + " more" : "");
  }

  /** Ingests what {@link #fetch} brought and records the outcome on the feed. */
  static Polled record(Db db, Ingest ingest, Feed f, Fetch fetched) {
    String status;
    long added = 0;
    String error = null, etag = f.etag(), lastModified = f.lastModified(), hash = f.contentHash();
    String page = fetched.page();
    // a later page that fails ends the catching up: the feed's own URL is polled next (a page that stays broken must not
    // stop the feed), and the error is shown on the feed
    String next = null;
    try {
      if (fetched.failure() != null) throw fetched.failure();
      FeedFetcher.Fetched got = fetched.got();
      String bodyHash = got.notModified() ? null : java.util.HexFormat.of().formatHex(Hashing.sha256(got.body()));
      if (page == null && (got.notModified() || bodyHash.equals(f.contentHash()))) { // the same document again (servers without validators)
        status = "not-modified";
      } else {
        Ingest.Report r = page == null ? ingest.feedBody(f.url(), got.body(), f.id(), got.contentType())
            : ingest.feedPage(f.url(), page, got.body(), f.id(), got.contentType());
        added = r.inserted;
        // a document of which nothing could be read (not a feed, a DOCTYPE, broken at its first item) is the feed failing,
        // with back-off, not a healthy feed with rejected items; its validators and hash are not kept, so it is read again
        boolean nothingRead = r.nothingRead();
        status = nothingRead ? "error" : "ok";
        if (r.errors > 0 || r.warnings > 0) error = itemProblems(r, nothingRead);
        if (!nothingRead && page == null) { // a page's validators are not the feed's
          hash = bodyHash;
          etag = got.etag();
          lastModified = got.lastModified();
        }
        if (!nothingRead) {
          Next n = nextPage(f, page, r);
          next = n.page();
          // older records the feed names are left unread: the operator must see so, not a clean "ok"
          if (n.skipped() != null) error = (error == null ? "" : error + "; ") + "older pages not read: " + n.skipped();
        }
      }
    } catch (IngestLock.Busy e) { // a command's ingest into this store: not the feed failing; polled again soon
      db.tx(c -> Sql.update(c, "UPDATE incident_feeds SET next_poll_at = ? WHERE id = ?",
          Instant.now().plusSeconds(Math.min(60, f.intervalSeconds())), f.id()));
      return new Polled("busy", 0, e.getMessage());
    } catch (Exception e) { // a feed's failure is recorded on it; the other feeds go on
      status = "error";
      error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    boolean onPage = page != null;
    if (onPage && status.equals("error")) {
      // an older page is not the feed: its newest page is polled at its own time, without a back-off
      status = "ok";
      error = "catching up through older pages stopped: " + error;
    }
    int pages;
    if (!onPage && f.nextPage() != null) { // the newest page, polled while catching up: the catching up goes on where it was
      next = f.nextPage();
      pages = f.catchUpPages();
    } else {
      pages = next == null ? 0 : f.catchUpPages() + 1;
      if (pages > MAX_CATCH_UP_PAGES) {
        next = null;
        pages = 0;
        error = "catching up stopped after " + MAX_CATCH_UP_PAGES + " older pages (the cap); older items are not read";
      }
    }
    boolean failed = status.equals("error");
    int failures = onPage ? f.failures() : failed ? f.failures() + 1 : 0; // back-off counts the feed's own URL only
    Instant now = Instant.now();
    // a server that asks to be left alone for a while (429 or 503 with Retry-After) is, up to the back-off's cap
    long asked = fetched.failure() instanceof FeedFetcher.Refused no ? no.retryAfterSeconds : 0;
    Instant headAt = onPage ? (f.headPollAt() == null ? now : f.headPollAt())
        : now.plusSeconds(failed ? Math.min(MAX_BACKOFF.toSeconds(), Math.max(asked, (long) f.intervalSeconds() << Math.min(10, failures))) : f.intervalSeconds());
    Instant nextAt = next != null ? now : headAt; // catching up: the next page at the next round
    String err = error == null ? null : error.length() > 1990 ? error.substring(0, 1990) : error;
    String st = status, et = etag, lm = lastModified, ch = hash, np = next;
    int cp = pages;
    boolean same = status.equals("not-modified");
    db.tx(c -> {
      // the same document again keeps what its reading said (its rejected items), not a failed fetch's error since;
      // an older page read well keeps what the feed's own URL said last
      return Sql.update(c, "UPDATE incident_feeds SET last_polled_at = ?, next_poll_at = ?, head_poll_at = ?,"
          + " last_status = CASE WHEN ? THEN COALESCE(last_status, ?) ELSE ? END,"
          + " last_error = CASE WHEN ? THEN (CASE WHEN last_status IN ('ok', 'not-modified') THEN last_error END) WHEN ? THEN COALESCE(?, last_error) ELSE ? END,"
          + " consecutive_failures = ?, etag = ?, last_modified = ?, content_hash = ?, next_page = ?, catch_up_pages = ? WHERE id = ?",
          now, nextAt, headAt, onPage, st, st, same, onPage, err, err, failures, et, lm, ch, np, cp, f.id());
    });
    return new Polled(status, added, same ? null : err);
  }
}
