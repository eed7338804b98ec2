package org.aigov.observatory.incidents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Sql;

/** Read side: list/search incidents, one incident, its source records with provenance. */
public final class IncidentQueries {
  private IncidentQueries() {}

  static final String COLS = "i.id, i.title, i.first_date, i.record_count, i.sources, i.risk_domain, i.risk_layers, i.harm_types, i.sectors, i.countries, i.topics,"
      + " i.date_precision";

  static Map<String, Object> incident(ResultSet rs) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", rs.getLong(1));
    m.put("title", rs.getString(2));
    java.sql.Date d = rs.getDate(3);
    m.put("date", d == null ? null : d.toLocalDate().toString());
    m.put("record_count", rs.getInt(4));
    m.put("sources", RecordWriter.split(rs.getString(5)));
    m.put("risk_domain", rs.getString(6));
    m.put("risk_layers", RecordWriter.split(rs.getString(7)));
    m.put("harm_types", RecordWriter.split(rs.getString(8)));
    m.put("sectors", RecordWriter.split(rs.getString(9)));
    m.put("countries", RecordWriter.split(rs.getString(10)));
    m.put("topics", RecordWriter.split(rs.getString(11)));
    // "year" or "month" when only that is known (stored as its first day); NULL in rows written before V4_9 means a day
    String precision = rs.getString(12);
    m.put("date_precision", d == null ? null : Clusterer.YEAR.equals(precision) || Clusterer.MONTH.equals(precision) ? precision : Clusterer.DAY);
    return m;
  }

  /** Record hits a text query considers; their incidents are then filtered by facet and paged. */
  static final int MAX_RECORD_HITS = 5000;

  /** Incident ids per SQL statement when a text query's incidents are filtered (bind-parameter limits). */
  private static final int ID_CHUNK = 500;

  /**
   * Filters: q (full text of every source record, English and Chinese; see {@link IncidentSearch}), topic, source,
   * country, sector, risk_domain, risk_layer, harm_type, from, to; sort = relevance (with q) or date.
   */
  public static Map<String, Object> list(Db db, IncidentSearch search, Map<String, List<String>> params, int limit, int offset) {
    if (limit < 1 || limit > 1000) throw ApiException.badRequest("limit", "expected 1..1000");
    if (offset < 0) throw ApiException.badRequest("offset", "expected ≥ 0");
    String sort = Trends.Query.first(params, "sort");
    if (sort != null && !sort.equals("relevance") && !sort.equals("date")) throw ApiException.badRequest("sort", "expected relevance or date");
    Trends.requireKnown(db, k -> Trends.Query.first(params, k));
    Filter f = filter(params);
    String where = f.where();
    List<Object> args = f.args();
    String q = Trends.Query.first(params, "q");
    if (q != null) return searched(db, search, q, "date".equals(sort), f, limit, offset);
    return db.read(c -> {
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM incidents i" + where)) {
        for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      List<Map<String, Object>> items = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLS + " FROM incidents i" + where + " ORDER BY i.first_date DESC NULLS LAST, i.id DESC LIMIT ? OFFSET ?")) {
        int k = 1;
        for (Object a : args) ps.setObject(k++, a);
        ps.setInt(k++, limit);
        ps.setInt(k, offset);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) items.add(incident(rs));
        }
      }
      Map<String, Object> out = page(items, total, limit, offset);
      long partial = yearOnlyOverlapping(c, f, null);
      if (partial >= 0) out.put(YEAR_ONLY_NOT_LISTED, partial);
      return out;
    });
  }

  /** Incidents dated only by a year that a from/to range cuts through: not listed, since they may lie outside it. */
  static final String YEAR_ONLY_NOT_LISTED = "year_precision_not_listed";

  /**
   * An SQL condition on incidents aliased {@code i} (starting " WHERE 1=1") and its bind values; with a date range, also
   * the condition for the incidents dated only by a year that overlaps the range without lying inside it ({@code
   * yearOnlyWhere}, else null): they may or may not be in the range, so they are not listed but counted.
   */
  record Filter(String where, List<Object> args, String yearOnlyWhere, List<Object> yearOnlyArgs) {}

  /** The incident facets every listing shares: topic, source, country, sector, risk_layer, harm_type, risk_domain, from, to. */
  static Filter filter(Map<String, List<String>> params) {
    StringBuilder where = new StringBuilder(" WHERE 1=1");
    List<Object> args = new ArrayList<>();
    String[][] facets = {{"topic", "i.topics"}, {"source", "i.sources"}, {"country", "i.countries"}, {"sector", "i.sectors"}, {"risk_layer", "i.risk_layers"}, {"harm_type", "i.harm_types"}};
    for (String[] f : facets) {
      String v = Trends.Query.first(params, f[0]);
      if (v == null) continue;
      // as itself, as trends count it, or by any spelling of its canonical value ("Instutional trust loss")
      java.util.Set<String> spellings = FacetLabels.spellings(f[0], v);
      java.util.StringJoiner any = new java.util.StringJoiner(" OR ", " AND (", ")");
      for (String sp : spellings) {
        any.add("('; ' || LOWER(" + f[1] + ") || ';') LIKE ? ESCAPE '\\'");
        args.add("%; " + Sql.likeLiteral(sp) + ";%");
      }
      where.append(any);
    }
    String dom = Trends.Query.first(params, "risk_domain");
    if (dom != null && dom.matches("\\d{1,2}")) { // by its number, as trends take it: "4" is "4. Malicious Actors and Misuse"
      where.append(" AND i.risk_domain LIKE ? ESCAPE '\\'");
      args.add(dom + ".%");
    } else if (dom != null) { // or by its whole label
      where.append(" AND LOWER(i.risk_domain) = ?");
      args.add(dom.toLowerCase(Locale.ROOT));
    }
    java.time.LocalDate from = Trends.Query.date(Trends.Query.first(params, "from"), "from");
    java.time.LocalDate to = Trends.Query.date(Trends.Query.first(params, "to"), "to");
    Trends.Query.ordered(from, to);
    if (from == null && to == null) return new Filter(where.toString(), args, null, null);
    // An incident dated only by its year (month) is stored on 1 January (the 1st): it is in the range when its whole
    // year (month) is, and one the range cuts through may or may not be in it, so it is counted apart, not listed
    String byFacets = where.toString();
    List<Object> yo = new ArrayList<>(args);
    java.util.StringJoiner partial = new java.util.StringJoiner(" OR ", " AND (", ")");
    if (to != null) {
      where.append(" AND i.first_date <= ?");
      args.add(java.sql.Date.valueOf(to));
    }
    if (from != null) {
      where.append(" AND i.first_date >= ?");
      args.add(java.sql.Date.valueOf(from));
    }
    for (java.time.Period unit : List.of(java.time.Period.ofYears(1), java.time.Period.ofMonths(1))) {
      String precision = unit.getYears() == 1 ? Clusterer.YEAR : Clusterer.MONTH;
      StringBuilder overlap = new StringBuilder("(i.date_precision = '" + precision + "'");
      List<String> inside = new ArrayList<>();
      List<Object> insideArgs = new ArrayList<>();
      if (from != null) {
        inside.add("i.first_date >= ?");
        insideArgs.add(java.sql.Date.valueOf(from));
        overlap.append(" AND i.first_date >= ?"); // its last day is not before from
        yo.add(java.sql.Date.valueOf(from.minus(unit).plusDays(1)));
      }
      if (to != null) {
        java.sql.Date lastStartInside = java.sql.Date.valueOf(to.plusDays(1).minus(unit)); // its last day is not after to
        where.append(" AND (i.date_precision IS NULL OR i.date_precision <> '" + precision + "' OR i.first_date <= ?)");
        args.add(lastStartInside);
        inside.add("i.first_date <= ?");
        insideArgs.add(lastStartInside);
        overlap.append(" AND i.first_date <= ?");
        yo.add(java.sql.Date.valueOf(to));
      }
      yo.addAll(insideArgs);
      partial.add(overlap + " AND NOT (" + String.join(" AND ", inside) + "))");
    }
    return new Filter(where.toString(), args, byFacets + partial, yo);
  }

  /** How many incidents dated only by a year the filter's range cuts through, or -1 without a range. */
  private static long yearOnlyOverlapping(Connection c, Filter f, List<Long> ids) throws SQLException {
    if (f.yearOnlyWhere() == null) return -1;
    String sql = "SELECT COUNT(*) FROM incidents i" + f.yearOnlyWhere() + (ids == null ? "" : " AND i.id IN (" + marks(ids.size()) + ")");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int k = 1;
      for (Object a : f.yearOnlyArgs()) ps.setObject(k++, a);
      if (ids != null) for (Long id : ids) ps.setLong(k++, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A text query: records ranked by Lucene, grouped into their incidents (an incident scores as its best record). */
  private static Map<String, Object> searched(Db db, IncidentSearch search, String q, boolean byDate, Filter f, int limit, int offset) {
    String where = f.where();
    List<Object> args = f.args();
    if (q.length() > 1000) throw ApiException.badRequest("q", "at most 1000 characters");
    if (search == null) throw new IllegalStateException("no search index configured");
    IncidentSearch.Hits found = search.find(db, q, MAX_RECORD_HITS);
    Map<Long, Float> records = found.scores();
    List<Long> ids = new ArrayList<>(records.keySet());
    Map<Long, Float> score = new java.util.HashMap<>();
    // relevance: best record's score, then the newer incident id; by date: newest first
    java.util.Comparator<Long> byScore = java.util.Comparator.comparing((Long id) -> score.get(id)).thenComparing(id -> id).reversed();
    // without facet filters the ranking needs no incident row, so only the page's rows are read
    boolean pageFirst = args.isEmpty() && !byDate;
    List<Map<String, Object>> hits = new ArrayList<>();
    long[] total = {0}, partial = {f.yearOnlyWhere() == null ? -1 : 0};
    db.read(c -> {
      for (int from = 0; from < ids.size(); from += ID_CHUNK) {
        List<Long> part = ids.subList(from, Math.min(ids.size(), from + ID_CHUNK));
        try (PreparedStatement ps = c.prepareStatement("SELECT record_id, incident_id FROM incident_members WHERE record_id IN (" + marks(part.size()) + ")")) {
          for (int k = 0; k < part.size(); k++) ps.setLong(k + 1, part.get(k));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) score.merge(rs.getLong(2), records.get(rs.getLong(1)), Math::max);
          }
        }
      }
      List<Long> incidents = new ArrayList<>(score.keySet());
      if (pageFirst) {
        incidents.sort(byScore);
        total[0] = incidents.size();
        incidents = new ArrayList<>(incidents.subList(Math.min(offset, incidents.size()), (int) Math.min(incidents.size(), (long) offset + limit)));
      }
      for (int from = 0; from < incidents.size(); from += ID_CHUNK) {
        List<Long> part = incidents.subList(from, Math.min(incidents.size(), from + ID_CHUNK));
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLS + " FROM incidents i" + where + " AND i.id IN (" + marks(part.size()) + ")")) {
          int k = 1;
          for (Object a : args) ps.setObject(k++, a);
          for (Long id : part) ps.setLong(k++, id);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) hits.add(incident(rs));
          }
        }
        if (partial[0] >= 0) partial[0] += yearOnlyOverlapping(c, f, part);
      }
      return null;
    });
    java.util.Comparator<Map<String, Object>> newest = java.util.Comparator.comparing((Map<String, Object> m) -> (String) m.get("date"),
        java.util.Comparator.nullsFirst(java.util.Comparator.<String>naturalOrder())).thenComparing(m -> (Long) m.get("id")).reversed();
    hits.sort(byDate ? newest : java.util.Comparator.comparing((Map<String, Object> m) -> (Long) m.get("id"), byScore));
    for (Map<String, Object> h : hits) h.put("score", Math.round(score.get((Long) h.get("id")) * 1000) / 1000.0);
    Map<String, Object> out;
    if (pageFirst) {
      out = page(hits, total[0], limit, offset);
    } else {
      List<Map<String, Object>> items = offset >= hits.size() ? List.of() : hits.subList(offset, (int) Math.min(hits.size(), (long) offset + limit));
      out = page(new ArrayList<>(items), hits.size(), limit, offset);
    }
    if (partial[0] >= 0) out.put(YEAR_ONLY_NOT_LISTED, partial[0]);
    if (records.size() >= MAX_RECORD_HITS) out.put("truncated", true); // the best MAX_RECORD_HITS records only
    if (found.fallback() != null) out.put(found.fallback(), true); // "relaxed" or "fuzzy", as the registry's search says it
    return out;
  }

  private static String marks(int n) {
    return String.join(",", java.util.Collections.nCopies(n, "?"));
  }

  private static Map<String, Object> page(List<Map<String, Object>> items, long total, int limit, int offset) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", total);
    out.put("limit", limit);
    out.put("offset", offset);
    out.put("items", items);
    return out;
  }

  public static Map<String, Object> get(Db db, long id) {
    Map<String, Object> inc = db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLS + " FROM incidents i WHERE i.id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? incident(rs) : null;
        }
      }
    });
    if (inc == null) throw notFound(db, id);
    inc.put("records", records(db, id));
    return inc;
  }

  /**
   * An incident's id is its smallest record's, so when that record now sits in another incident (an editor merged it, or
   * a re-run joined it to an older one) the 404 names where it went: shared links then lead on instead of dead-ending.
   */
  static ApiException notFound(Db db, long id) {
    Long into = db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT incident_id FROM incident_members WHERE record_id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : null;
        }
      }
    });
    if (into == null || into == id) return ApiException.notFound("incident " + id);
    return new ApiException(404, "Not Found", null, "incident " + id + " not found: its record " + id + " is now in incident " + into).with("merged_into", into);
  }

  public static List<Map<String, Object>> records(Db db, long incident) {
    List<Map<String, Object>> out = db.read(c -> {
      List<Map<String, Object>> list = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.source, r.source_id, r.url, r.title, r.language, r.pub_date, r.date_text, r.outlet,"
          + " r.authors, r.deployers, r.developers, r.systems, r.countries, r.risk_domain, r.risk_domain_label, r.risk_layers, r.ingested_at,"
          + " m.via, m.score, r.body, r.risk_domain_confidence FROM incident_members m JOIN incident_records r ON r.id = m.record_id"
          + " WHERE m.incident_id = ? ORDER BY r.id")) {
        ps.setLong(1, incident);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", rs.getLong(1));
            m.put("source", rs.getString(2));
            m.put("source_id", UrlSecrets.redact(rs.getString(3))); // a feed item's id holds its feed's URL
            m.put("url", rs.getString(4));
            m.put("title", rs.getString(5));
            m.put("language", rs.getString(6));
            java.sql.Date d = rs.getDate(7);
            m.put("date", d == null ? null : d.toLocalDate().toString());
            // the one rule for "known only to the year or month" (AIAAIC, a bare year or year-month given), so pages and exports need none of their own
            m.put("date_precision", d == null ? null : Clusterer.precision(rs.getString(2), rs.getString(8)));
            m.put("date_text", rs.getString(8));
            m.put("outlet", UrlSecrets.redact(rs.getString(9)));
            m.put("authors", RecordWriter.split(rs.getString(10)));
            m.put("deployers", RecordWriter.split(rs.getString(11)));
            m.put("developers", RecordWriter.split(rs.getString(12)));
            m.put("systems", RecordWriter.split(rs.getString(13)));
            m.put("countries", RecordWriter.split(rs.getString(14)));
            m.put("risk_domain", rs.getString(15));
            float conf = rs.getFloat(22);
            if (!rs.wasNull()) m.put("risk_domain_confidence", Math.round(conf * 1000) / 1000.0);
            m.put("risk_domain_label", rs.getString(16));
            m.put("risk_layers", RecordWriter.split(rs.getString(17)));
            m.put("ingested_at", rs.getTimestamp(18).toInstant().toString());
            m.put("linked_by", rs.getString(19));
            double sc = rs.getDouble(20);
            if (!rs.wasNull()) m.put("link_score", sc);
            String body = rs.getString(21);
            if (body != null) m.put("text", body.length() > 2000 ? body.substring(0, 2000) + "…" : body);
            list.add(m);
          }
        }
      }
      return list;
    });
    return out;
  }
}
