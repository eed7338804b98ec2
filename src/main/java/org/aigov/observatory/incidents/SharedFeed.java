package org.aigov.observatory.incidents;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.PublicUrl;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.Xml;

/**
 * The newest source records as an Atom feed, for other monitors to poll: the seed's joint early-warning mechanism has
 * monitors share what they see. Another observatory subscribes with {@code feeds add …/api/incidents/records.atom}; the
 * fields its linkage needs (deployers, developers, systems, harmed parties, countries, a date known only to the year)
 * travel in elements of {@link #NS}, which {@link FeedSource} reads and any other Atom reader skips.
 */
public final class SharedFeed {
  private SharedFeed() {}

  /** Namespace of the extension elements. */
  public static final String NS = "urn:aigov-observatory:feed:1";
  /** Characters of a record's text per entry: enough to classify and link it, and 200 entries stay a few MB. */
  static final int MAX_TEXT = 20_000;
  static final int MAX_LIMIT = 200;
  /** Fewer records of a source than this and its page is read through the source's index (tests lower it). */
  static int rareSource = 5000;
  /** Entry ids: this prefix, the record's source and its id there ({@code …:aiid:51}), which a receiving clusterer reads. */
  static final String RECORD_ID = "urn:aigov-observatory:record:";

  /**
   * Filters: the incident facets of {@code GET /api/incidents} (topic, source, country, sector, risk_domain, risk_layer,
   * harm_type, from, to) and {@code record_source} (the record's own source, e.g. {@code feed}; anonymous reports, source
   * {@code public}, only when asked for by name); newest record first.
   */
  public static String atom(Db db, Map<String, List<String>> params, int limit, String selfUrl) {
    return atom(db, params, limit, selfUrl, Long.MAX_VALUE);
  }

  /**
   * {@code before}: a later page, the records with lower ids. A full page links the next (RFC 5005 paging), so a peer
   * that was away while more than a page of records arrived can read back to what it has ({@link Feeds}, which follows).
   */
  public static String atom(Db db, Map<String, List<String>> params, int limit, String selfUrl, long before) {
    if (limit < 1 || limit > MAX_LIMIT) throw ApiException.badRequest("limit", "expected 1.." + MAX_LIMIT);
    Trends.requireKnown(db, k -> Trends.Query.first(params, k));
    IncidentQueries.Filter f = IncidentQueries.filter(params);
    StringBuilder where = new StringBuilder(f.where()).append(" AND ").append(PublicReports.counted("r"));
    List<Object> args = new ArrayList<>(f.args());
    String given = Trends.Query.first(params, "record_source");
    String own = given == null ? null : given.strip().toLowerCase(java.util.Locale.ROOT); // sources are stored in lower case: PUBLIC read as none (outside QA)
    if (own != null) {
      if (own.length() > 64) throw ApiException.badRequest("record_source", "at most 64 characters");
      // a common source as an expression, not the (source, source_id) index: H2 drove the query by that index, read every
      // record of it and sorted them (17 s a page at 300,000 records); newest first by the primary key, it stops at the
      // page. A rare one (or none) by that index: the primary key would read the whole store looking for its few records.
      long some = db.read(c -> ((Number) Sql.value(c, "SELECT COUNT(*) FROM (SELECT 1 FROM incident_records WHERE source = ? LIMIT "
          + rareSource + ") x", own)).longValue());
      where.append(some < rareSource ? " AND r.source = ?" : " AND CONCAT(r.source, '') = ?");
      args.add(own);
    } else {
      // anonymous reports are not relayed unless asked for: one open form must not feed every peer
      where.append(" AND r.source <> 'public'");
    }
    if (before != Long.MAX_VALUE) {
      where.append(" AND r.id < ?");
      args.add(before);
    }
    Instant[] newest = {Instant.EPOCH};
    long[] last = {0};
    boolean[] more = {false};
    List<String> entries = db.read(c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT r.source, r.source_id, r.url, r.title, r.body, r.language, r.pub_date, r.date_text,"
          + " r.outlet, r.authors, r.deployers, r.developers, r.systems, r.harmed, r.countries, r.risk_domain, r.updated_at, m.incident_id, i.topics, r.id"
          + " FROM incident_records r LEFT JOIN incident_members m ON m.record_id = r.id LEFT JOIN incidents i ON i.id = m.incident_id"
          + where + " ORDER BY r.id DESC LIMIT ?")) {
        int k = 1;
        for (Object a : args) ps.setObject(k++, a);
        ps.setInt(k, limit + 1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (out.size() == limit) { // one more than the page: there is a next page, from the last one shown
              more[0] = true;
              break;
            }
            last[0] = rs.getLong(20);
            Instant u = rs.getTimestamp(17).toInstant().truncatedTo(ChronoUnit.SECONDS);
            if (u.isAfter(newest[0])) newest[0] = u;
            out.add(entry(rs, u, selfUrl));
          }
        }
      }
      return out;
    });
    // records taken back after they may have been shared (a report an editor rejected after accepting it, a peer's record
    // its feed withdrew): RFC 6721 tombstones on the newest page, so peers withdraw their copies (outside QA, 2026-12-07)
    List<String> gone = before != Long.MAX_VALUE ? List.of() : db.read(c -> Sql.rows(c, "SELECT r.source, r.source_id, v.reviewed_at FROM incident_reviews v"
        + " JOIN incident_records r ON r.id = v.record_id WHERE v.status IN ('" + PublicReports.REJECTED + "', '" + PublicReports.WITHDRAWN + "')"
        + (own != null ? " AND r.source = ?" : " AND r.source <> 'public'") + " ORDER BY v.reviewed_at DESC, v.record_id DESC LIMIT " + TOMBSTONES,
        own != null ? new Object[] {own} : new Object[0]).stream().map(m -> {
          Object at = m.get("reviewed_at");
          return "  <at:deleted-entry ref=\"" + Xml.text(entryId((String) m.get("source"), (String) m.get("source_id"))) + "\""
              + (at == null ? "" : " when=\"" + at + "\"") + "/>\n";
        }).toList());
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:obs=\"")
        .append(NS).append("\" xmlns:at=\"").append(TOMBSTONE_NS).append("\">\n");
    sb.append("  <id>urn:aigov-observatory:records:").append(Xml.text(selfUrl.replaceFirst("^[a-z]+://[^/]*", ""))).append("</id>\n");
    sb.append("  <title>Incident reports seen by the AI Governance Observatory / 人工智能治理观察站收录的事件报道</title>\n");
    sb.append("  <updated>").append(newest[0]).append("</updated>\n");
    sb.append("  <link rel=\"self\" href=\"").append(Xml.text(selfUrl)).append("\"/>\n");
    if (more[0]) sb.append("  <link rel=\"next\" href=\"").append(Xml.text(Alerts.pageUrl(selfUrl, last[0]))).append("\"/>\n");
    sb.append("  <author><name>AI Governance Observatory</name></author>\n");
    for (String e : entries) sb.append(e);
    for (String g : gone) sb.append(g);
    return sb.append("</feed>\n").toString();
  }

  /** RFC 6721's namespace: {@code <at:deleted-entry ref="entry id" when="…"/>}. */
  static final String TOMBSTONE_NS = "http://purl.org/atompub/tombstones/1.0";
  /** The most tombstones a newest page carries (a peer polls it often; older withdrawals it has had). */
  static final int TOMBSTONES = 100;

  /** A record's entry id as this feed publishes it (and its tombstone names it). */
  static String entryId(String source, String sourceId) {
    return RECORD_ID + source + ':' + iriPart(UrlSecrets.redact(sourceId));
  }

  /**
   * A source id as the last part of an entry's id, a valid IRI: only what an IRI may not hold is percent-encoded (a space,
   * controls, {@code <>"{}|\\^`}, as UTF-8 bytes), so every id that was already valid, '%' and non-ASCII letters included,
   * stays as published (a feed item's id holds a space: "https://example.org g10").
   */
  static String iriPart(String s) {
    if (s == null) return "";
    StringBuilder out = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      boolean bad = cp <= 0x20 || cp >= 0x7F && cp <= 0x9F || "<>\"{}|\\^`".indexOf(cp) >= 0 || Character.isSurrogate(s.charAt(i)) && n == 1;
      if (bad && out == null) out = new StringBuilder(s.substring(0, i));
      if (bad) {
        for (byte b : s.substring(i, i + n).getBytes(java.nio.charset.StandardCharsets.UTF_8)) out.append('%').append(String.format(java.util.Locale.ROOT, "%02X", b & 0xff));
      } else if (out != null) out.appendCodePoint(cp);
      i += n;
    }
    return out == null ? s : out.toString();
  }

  private static String entry(ResultSet rs, Instant updated, String selfUrl) throws java.sql.SQLException {
    String source = rs.getString(1);
    String lang = rs.getString(6);
    StringBuilder e = new StringBuilder("  <entry").append(lang == null ? "" : " xml:lang=\"" + Xml.text(lang) + "\"").append(">\n");
    e.append("    <id>").append(Xml.text(entryId(source, rs.getString(2)))).append("</id>\n");
    String title = rs.getString(4);
    e.append("    <title>").append(Xml.text(title == null ? "(untitled / 无标题)" : title)).append("</title>\n");
    String url = rs.getString(3);
    if (url != null) e.append("    <link rel=\"alternate\" href=\"").append(Xml.text(url)).append("\"/>\n");
    long incident = rs.getLong(18);
    if (!rs.wasNull()) e.append("    <link rel=\"related\" href=\"").append(Xml.text(PublicUrl.link("/api/incidents/" + incident, selfUrl))).append("\"/>\n");
    java.sql.Date d = rs.getDate(7);
    String precision = Clusterer.precision(source, rs.getString(8));
    if (d != null && Clusterer.DAY.equals(precision)) e.append("    <published>").append(d.toLocalDate()).append("T00:00:00Z</published>\n");
    e.append("    <updated>").append(updated).append("</updated>\n");
    for (String a : RecordWriter.split(rs.getString(10))) e.append("    <author><name>").append(Xml.text(a)).append("</name></author>\n");
    String outlet = UrlSecrets.redact(rs.getString(9));
    // the outlet only: the ingest channel ("jsonl", "api") in its place was stored as the outlet by a peer reading the feed
    if (outlet != null && !outlet.isBlank()) e.append("    <source><title>").append(Xml.text(outlet)).append("</title></source>\n");
    String domain = rs.getString(16);
    if (domain != null) e.append("    <category scheme=\"urn:aigov-observatory:mit-risk-domain\" term=\"").append(Xml.text(domain)).append("\"/>\n");
    for (String t : RecordWriter.split(rs.getString(19))) e.append("    <category scheme=\"urn:aigov-observatory:topic\" term=\"").append(Xml.text(t)).append("\"/>\n");
    String body = rs.getString(5);
    if (body != null) e.append("    <summary>").append(Xml.text(body.length() > MAX_TEXT ? body.substring(0, MAX_TEXT) : body)).append("</summary>\n");
    if (d != null) e.append("    <obs:date>").append(Clusterer.shown(d.toLocalDate(), precision)).append("</obs:date>\n");
    ext(e, "deployer", rs.getString(11));
    ext(e, "developer", rs.getString(12));
    ext(e, "system", rs.getString(13));
    ext(e, "harmed", rs.getString(14));
    ext(e, "country", rs.getString(15));
    return e.append("  </entry>\n").toString();
  }

  private static void ext(StringBuilder e, String name, String joined) {
    for (String v : RecordWriter.split(joined)) e.append("    <obs:").append(name).append('>').append(Xml.text(v)).append("</obs:").append(name).append(">\n");
  }

}
